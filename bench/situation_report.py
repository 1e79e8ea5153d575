"""Benchmark of the situation picture, end to end from the database.

    make bench            (or: .venv-bench/bin/python bench/situation_report.py [--sizes 10000 100000 1000000])

For each N it generates N synthetic incidents with realistic clustering (a mixture of Gaussian clusters
around places in Strängnäs plus a uniform background, evening-heavy times, two years), stores them in a
fresh SQLite database, and times the weekly report's figures (counts, comparisons, weekday × hour,
police trend, hot spots with Gi*). It then compares our grid Gi* with esda's G_Local on the same grid in
the same run, and times the police-feed import of 85k events. Targets (issue 4):
1M incidents → figures < 1 s; Gi* ≥ 10× faster than esda with max |Δz| < 1e-9; 85k events < 5 s.
"""

import argparse
import datetime
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import verdict  # noqa: E402


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn, repeat: int = 3):
    """Best of ``repeat`` wall-clock runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def synthetic_points(n: int, rng: np.random.Generator):
    """Clustered points around Strängnäs: 70 % in 40 clusters (σ 60–250 m), 30 % uniform background."""
    centre_lat, centre_lon = 59.3775, 17.0316
    clusters = rng.normal(0, 1, size=(40, 2)) * [0.02, 0.04] + [centre_lat, centre_lon]
    sizes = rng.dirichlet(np.ones(40) * 0.5)
    in_cluster = int(n * 0.7)
    which = rng.choice(40, size=in_cluster, p=sizes)
    sigma = rng.uniform(0.0006, 0.0022, size=40)[which]
    lat = np.concatenate(
        [
            clusters[which, 0] + rng.normal(0, 1, in_cluster) * sigma,
            rng.uniform(centre_lat - 0.08, centre_lat + 0.08, n - in_cluster),
        ]
    )
    lon = np.concatenate(
        [
            clusters[which, 1] + rng.normal(0, 1, in_cluster) * sigma * 2,
            rng.uniform(centre_lon - 0.15, centre_lon + 0.15, n - in_cluster),
        ]
    )
    return np.round(lat, 6), np.round(lon, 6)


def synthetic_times(n: int, rng: np.random.Generator, first: datetime.datetime, days: int) -> list:
    hour_weights = np.array([2, 2, 1, 1, 0.5, 0.5, 0.5, 1, 2, 2, 2, 2, 3, 3, 3, 4, 5, 6, 8, 10, 12, 12, 10, 6])
    day = rng.integers(0, days, n)
    hour = rng.choice(24, size=n, p=hour_weights / hour_weights.sum())
    minute = rng.integers(0, 60, n)
    seconds = day * 86400 + hour * 3600 + minute * 60
    return [first + datetime.timedelta(seconds=int(s)) for s in seconds]


def load_incidents(n: int, municipality, rng: np.random.Generator) -> float:
    from django.db import connection, transaction

    from incidents.models import Incident, IncidentCategory

    Incident.objects.all().delete()
    categories = list(IncidentCategory.objects.values_list("id", flat=True))
    lat, lon = synthetic_points(n, rng)
    first = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    times = synthetic_times(n, rng, first, 730)
    category = rng.choice(categories, n)
    status = np.where(rng.random(n) < 0.93, "reviewed", "new")
    table = Incident._meta.db_table
    sql = (
        f"INSERT INTO {table} (municipality_id, category_id, occurred_at, latitude, longitude, source, description, "
        "contact_email, contact_language, public_answer, status, created_at, public_ref) "
        "VALUES (%s, %s, %s, %s, %s, 'demo', '', '', 'sv', '', %s, %s, %s)"
    )
    now = datetime.datetime.now(datetime.UTC)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for chunk in range(0, n, 50_000):
            rows = [
                (
                    municipality.pk,
                    int(category[i]),
                    times[i],
                    str(lat[i]),
                    str(lon[i]),
                    str(status[i]),
                    now,
                    f"{i:010d}",
                )
                for i in range(chunk, min(chunk + 50_000, n))
            ]
            cursor.executemany(sql, rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - start


def bench_report(sizes: list[int]) -> list[dict]:
    from accounts.models import Municipality
    from situation.figures import build_figures

    municipality, _ = Municipality.objects.get_or_create(
        code="0486", defaults={"name": "Strängnäs", "slug": "strangnas"}
    )
    rng = np.random.default_rng(42)
    monday = datetime.date(2025, 6, 2)
    results = []
    for n in sizes:
        load_seconds = load_incidents(n, municipality, rng)
        seconds, figures = timed(lambda: build_figures(municipality, monday))
        week_count = sum(row["now"] for row in figures["by_category"])
        results.append(
            {
                "n": n,
                "load_s": load_seconds,
                "figures_s": seconds,
                "week_incidents": week_count,
                "hotspot_cells": len(figures["hotspots"]),
            }
        )
        print(
            f"  N = {n:>9,}: figures {seconds * 1000:8.1f} ms  (week: {week_count:,} incidents, "
            f"{len(figures['hotspots'])} hot-spot cells; insert {load_seconds:.1f} s)",
            flush=True,
        )
    return results


def bench_gi_star(rows: int, cols: int) -> dict:
    from analysis.hotspots import getis_ord_gi_star

    rng = np.random.default_rng(7)
    counts = rng.poisson(rng.gamma(0.5, 4.0, size=(rows, cols))).astype(float)
    ours_s, ours = timed(lambda: getis_ord_gi_star(counts), repeat=5)
    try:
        from esda.getisord import G_Local
        from libpysal.weights import lat2W
    except ImportError:
        print("  esda is not installed: run `make bench` (it installs esda in .venv-bench only)")
        return {"cells": rows * cols, "ours_s": ours_s}
    weights = lat2W(rows, cols, rook=False)  # queen contiguity, row-major ids like numpy's ravel

    def esda_run():
        return G_Local(counts.ravel(), weights, transform="B", star=True, permutations=0).Zs

    esda_s, esda_z = timed(esda_run, repeat=3)
    max_dz = float(np.max(np.abs(esda_z - ours.ravel())))
    return {"cells": rows * cols, "ours_s": ours_s, "esda_s": esda_s, "ratio": esda_s / ours_s, "max_dz": max_dz}


def replicated_feed(target: int) -> list[dict]:
    records = json.loads((SHARED / "polisen_events_sodermanland_2023-2026.json").read_text())
    out = []
    copy = 0
    while len(out) < target:
        for record in records:
            out.append(dict(record, id=record["id"] + copy * 10_000_000))
            if len(out) == target:
                break
        copy += 1
    return out


def bench_police_import() -> list[dict]:
    from incidents.models import PoliceEvent
    from incidents.police_feed import parse_events
    from incidents.services import upsert_police_events

    inputs = {"Södermanland ×35 (85 000)": replicated_feed(85_000)}
    sweden = SHARED / "polisen_events_sweden_2023-2026.json.gz"
    if sweden.exists():
        with gzip.open(sweden, "rb") as f:
            inputs["Sverige 2023–2026 (85 011)"] = json.load(f)
    results = []
    for label, records in inputs.items():
        PoliceEvent.objects.all().delete()
        start = time.perf_counter()
        first = upsert_police_events(parse_events(records))
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        again = upsert_police_events(parse_events(records))
        again_s = time.perf_counter() - start
        results.append(
            {
                "input": label,
                "first_s": first_s,
                "created": first.created,
                "again_s": again_s,
                "unchanged": again.unchanged,
            }
        )
        print(
            f"  {label}: first import {first_s:.2f} s ({first.created:,} new), re-import {again_s:.2f} s "
            f"({again.unchanged:,} unchanged)",
            flush=True,
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--grid", type=int, nargs=2, default=[300, 300], help="rows cols of the Gi* comparison grid")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        print("Weekly situation report figures from the database (best of 3):")
        report = bench_report(args.sizes)
        print(f"Getis-Ord Gi* on a {args.grid[0]} × {args.grid[1]} grid, queen weights, binary, self included:")
        gi = bench_gi_star(*args.grid)
        if "esda_s" in gi:
            print(
                f"  ours {gi['ours_s'] * 1000:.1f} ms, esda G_Local {gi['esda_s'] * 1000:.1f} ms: "
                f"{gi['ratio']:.0f}× faster, max |Δz| = {gi['max_dz']:.2e}"
            )
        print("Police open-events import (parse + upsert, one transaction):")
        police = bench_police_import()
    largest = max(report, key=lambda r: r["n"])
    checks = [(f"{largest['n']:,} incidents → figures {largest['figures_s']:.3f} s < 1 s", largest["figures_s"] < 1)]
    if "esda_s" in gi:
        checks.append(
            (
                f"Gi* {gi['ratio']:.0f}× esda (≥ 10×), max |Δz| {gi['max_dz']:.1e} (< 1e-9)",
                gi["ratio"] >= 10 and gi["max_dz"] < 1e-9,
            )
        )
    slowest = max(p["first_s"] for p in police)
    checks.append((f"85k police events {slowest:.2f} s < 5 s", slowest < 5))
    return 1 if verdict.report("\nSummary against the targets:", checks) else 0


if __name__ == "__main__":
    sys.exit(main())
