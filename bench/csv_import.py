"""Benchmark of a large CSV import while citizens keep reporting (issue 15, target 3).

    .venv/bin/python bench/csv_import.py [--rows 100000] [--backends sqlite postgresql]

A file of N incident rows is imported as the import page does it for a large file (stored, then run by
a worker: every row checked, then written in short transactions, invisible until the one-row update
that marks the job done). Meanwhile the parent process files a citizen report every 100 ms, as the public form does, and
counts those that fail. Targets: N = 100,000 rows in < 10 s; no write transaction longer than about a
second on SQLite, which has one writer at a time (each batch's transaction, commit included, and the
job's end, which makes the rows visible; printed without a target on PostgreSQL, where a writer blocks
no other); 0 failed citizen reports. Prints the longest citizen report and the import's peak
memory. OK or MISSED for each; exits 1 on a miss.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from verdict import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = "postgres://postgres@127.0.0.1:5432/trygg_bench_csv"


def setup(backend: str, tmp: str, migrate: bool) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = POSTGRES if backend == "postgresql" else f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        if backend == "postgresql":
            import psycopg

            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS trygg_bench_csv WITH (FORCE)")
                conn.execute("CREATE DATABASE trygg_bench_csv")
        call_command("migrate", verbosity=0)
        from demo import fieldwork, programme

        programme.load()
        fieldwork.load()


def csv_rows(n: int) -> bytes:
    lines = ["intraffade;kategori;plats;latitud;longitud;organisation;beskrivning"]
    for i in range(n):
        if i % 2:
            lines.append(
                f"2025-06-03 {i % 24:02d}:{i % 60:02d};klotter;Stortorget;;;Strängnäs kommun;Klotter på väggen"
            )
        else:
            lines.append(f"2025-06-04 {i % 24:02d}:{i % 60:02d};skadegorelse;;59.37{i % 90:02d};17.03{i % 70:02d};;")
    return ("\n".join(lines) + "\n").encode()


def child(backend: str, tmp: str, rows: int) -> dict:
    """The worker's side: store the file and run the import, timing each write transaction."""
    setup(backend, tmp, migrate=False)
    from accounts.models import Municipality
    from incidents import imports, services

    municipality = Municipality.objects.get(slug="strangnas")
    job = imports.start(user=None, municipality=municipality, filename="bench.csv", content=csv_rows(rows))
    writes = []

    def timed(function):
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                writes.append(time.perf_counter() - began)

        return wrapper

    # A batch's transaction (its commit included), and the job's end, which makes every row visible.
    services._write_batch = timed(services._write_batch)  # SQLite
    services._write_prepared = timed(services._write_prepared)  # PostgreSQL, on the writer's thread
    imports._finish = timed(imports._finish)
    start = time.perf_counter()
    status = imports.run(job.pk)
    elapsed = time.perf_counter() - start
    job.refresh_from_db()
    return {
        "status": status,
        "imported": job.imported,
        "seconds": elapsed,
        "longest_write_s": max(writes, default=0.0),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def citizens(stop: threading.Event, outcome: dict) -> None:
    """A citizen report every 100 ms through the same service the public form uses."""
    from django.db import OperationalError, connection
    from django.utils import timezone

    from accounts.models import Municipality
    from incidents.models import Incident, IncidentCategory
    from incidents.services import report_incident

    municipality = Municipality.objects.get(slug="strangnas")
    category = IncidentCategory.objects.get(code="klotter")
    while not stop.is_set():
        incident = Incident(
            municipality=municipality,
            category=category,
            occurred_at=timezone.now(),
            latitude=Decimal("59.377600"),
            longitude=Decimal("17.031300"),
            source=Incident.Source.CITIZEN,
        )
        began = time.perf_counter()
        try:
            report_incident(user=None, incident=incident)
            outcome["ok"] += 1
            outcome["longest_wait_s"] = max(outcome["longest_wait_s"], time.perf_counter() - began)
        except OperationalError as error:
            outcome["failed"] += 1
            outcome["last_error"] = str(error)
        time.sleep(0.1)
    connection.close()


def run_backend(backend: str, rows: int) -> dict:
    tmp = tempfile.mkdtemp()
    setup(backend, tmp, migrate=True)
    stop, outcome = threading.Event(), {"ok": 0, "failed": 0, "longest_wait_s": 0.0}
    thread = threading.Thread(target=citizens, args=(stop, outcome))
    thread.start()
    try:
        run = subprocess.run(
            [sys.executable, __file__, "--child", backend, "--tmp", tmp, "--rows", str(rows)],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        stop.set()
        thread.join()
    if run.returncode:
        raise RuntimeError(run.stderr[-3000:])
    return {**json.loads(run.stdout.strip().splitlines()[-1]), **outcome}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--child")
    parser.add_argument("--tmp")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.tmp, args.rows)))
        return 0
    missed = 0
    for backend in args.backends:
        # Each backend in its own process: Django is set up once per process.
        if len(args.backends) > 1:
            run = subprocess.run(
                [sys.executable, __file__, "--rows", str(args.rows), "--backends", backend], check=False
            )
            missed += run.returncode != 0
            continue
        print(f"CSV import of {args.rows:,} rows while a citizen reports every 100 ms:")
        r = run_backend(backend, args.rows)
        gap = f"longest write transaction {r['longest_write_s']:.2f} s"
        checks = [
            (f"{r['imported']:,} rows in {r['seconds']:.1f} s < 10 s", r["seconds"] < 10 and r["status"] == "done"),
            (f"citizen reports {r['ok']} saved, {r['failed']} failed", r["failed"] == 0),
        ]
        if backend == "sqlite":  # one writer at a time: a long write transaction makes everyone else wait
            checks.insert(1, (f"{gap} ≤ 1 s", r["longest_write_s"] <= 1.0))
        missed += report(f"  {backend} (import's peak memory {r['peak_rss_mb']:.0f} MB):", checks)
        if backend == "postgresql":  # row versions: a long write blocks no other writer
            print(f"    {gap} (no target: PostgreSQL lets others write meanwhile)")
        print(f"    longest citizen report during the import {r['longest_wait_s'] * 1000:.0f} ms")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
