"""Benchmark of the police events import (issue 15, target 2), on SQLite and PostgreSQL side by side.

    .venv/bin/python bench/police_import.py [--backends sqlite postgresql]

The national archive (../shared/data/polisen_events_sweden_2023-2026.json.gz, 85,011 events) is imported
end to end as the 15-minute job does it (read, gunzip, json.loads, parse, one-transaction upsert) into an
empty table, then again unchanged. The peer in the same run is plain json.loads of the same bytes.
Targets: import < 1.5 s; import ≤ 4 × json.loads; a re-import that changes nothing no slower than the
first. Prints OK or MISSED for each and exits 1 when one is missed. Each backend runs in its own process
(its own settings and peak memory).
"""

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from verdict import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "data" / "polisen_events_sweden_2023-2026.json.gz"
POSTGRES = "postgres://postgres@127.0.0.1:5432/trygg_bench_police"


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def child(backend: str) -> dict:
    """One backend: set up Django on a fresh database, time, return the figures."""
    sys.path.insert(0, str(ROOT))
    tmp = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = POSTGRES if backend == "postgresql" else f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if backend == "postgresql":
        _recreate_postgres_database()
    call_command("migrate", verbosity=0)
    from django.conf import settings

    from incidents.models import PoliceEvent
    from incidents.police_feed import load_events, read_source
    from incidents.services import upsert_police_events

    data = read_source(str(ARCHIVE), settings.IMPORT_MAX_UNCOMPRESSED_BYTES)
    json_s = best(lambda: json.loads(data))

    def import_once():
        return upsert_police_events(load_events(str(ARCHIVE), settings.IMPORT_MAX_UNCOMPRESSED_BYTES))

    firsts = []
    for _ in range(3):
        PoliceEvent.objects.all().delete()
        start = time.perf_counter()
        result = import_once()
        firsts.append(time.perf_counter() - start)
    again_s = best(import_once)
    assert result.created == PoliceEvent.objects.count() == 85_011
    return {
        "backend": backend,
        "json_s": json_s,
        "first_s": min(firsts),
        "again_s": again_s,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _recreate_postgres_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS trygg_bench_police")
        conn.execute("CREATE DATABASE trygg_bench_police")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    if not ARCHIVE.exists():
        print(f"{ARCHIVE} saknas: kör med ../shared bredvid projektet.")
        return 1
    with gzip.open(ARCHIVE, "rb") as f:
        print(f"Police events import: {len(json.load(f)):,} events from {ARCHIVE.name}, best of 3")
    missed = 0
    for backend in args.backends:
        run = subprocess.run(
            [sys.executable, __file__, "--child", backend], capture_output=True, text=True, check=False
        )
        if run.returncode:
            print(f"  {backend}: failed\n{run.stderr[-2000:]}")
            missed += 1
            continue
        r = json.loads(run.stdout.strip().splitlines()[-1])
        ratio = r["first_s"] / r["json_s"]
        checks = [
            (f"import {r['first_s']:.2f} s < 1.5 s", r["first_s"] < 1.5),
            (f"import / json.loads ({r['json_s']:.2f} s) = {ratio:.1f} ≤ 4", ratio <= 4),
            (f"re-import unchanged {r['again_s']:.2f} s ≤ first", r["again_s"] <= r["first_s"]),
        ]
        missed += report(f"  {backend} (peak memory {r['peak_rss_mb']:.0f} MB):", checks)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
