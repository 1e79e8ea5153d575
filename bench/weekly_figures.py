"""Benchmark: one municipality's weekly figures as the stored history grows (issue 15, target 1).

    .venv/bin/python bench/weekly_figures.py [--backends sqlite postgresql] [--sizes ...]

The week is fixed, the history grows. Strängnäs holds the same 5,000 reviewed-or-new incidents in the
53 weeks the report reads (the week, the weeks before it and the same week last year), generated with a
fixed seed. Every other stored incident is history the report must not pay for: Strängnäs's own earlier
years (one 290th of the rest) and 289 other municipalities over the same ten years, including the week.
Defaults: 10,000 and 1,000,000 stored incidents on SQLite; 10,000, 1,000,000 and 10,000,000 on
PostgreSQL. For each size the rows are loaded in one process and the figures are timed in another
(situation.figures.build_figures, best of 3 after one warm-up), which also prints its peak memory.
Targets: figures < 150 ms at every size; the 1M case ≤ 1.5 × the 10k case on the same backend.
Prints OK or MISSED for each and exits 1 when one is missed.
"""

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from verdict import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = "postgres://postgres@127.0.0.1:5432/trygg_bench_weekly"
MONDAY = datetime.date(2025, 6, 2)  # 2025-W23
WINDOW_INCIDENTS = 5_000
MUNICIPALITIES = 290
HISTORY_START = np.datetime64("2015-06-01T00:00:00")
WINDOW_START = np.datetime64("2024-05-27T00:00:00")  # 53 weeks before the week's end
WINDOW_END = np.datetime64("2025-06-09T00:00:00")
CHUNK = 200_000


def setup_django(backend: str, sqlite_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = POSTGRES if backend == "postgresql" else f"sqlite:///{sqlite_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
    import django

    django.setup()


def _recreate_postgres_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS trygg_bench_weekly")
        conn.execute("CREATE DATABASE trygg_bench_weekly")


def _municipalities() -> list[int]:
    """Strängnäs first, then 289 others with made-up codes."""
    from accounts.models import Municipality

    target, _ = Municipality.objects.get_or_create(code="0486", defaults={"name": "Strängnäs", "slug": "strangnas"})
    others = [Municipality(code=f"9{i:03d}", name=f"Kommun {i}", slug=f"kommun-{i}") for i in range(MUNICIPALITIES - 1)]
    Municipality.objects.bulk_create(others, ignore_conflicts=True)
    return [target.pk, *Municipality.objects.exclude(pk=target.pk).values_list("pk", flat=True)]


def _times(rng: np.random.Generator, n: int, first: np.datetime64, end: np.datetime64) -> np.ndarray:
    """Evening-heavy times, uniform over the days of [first, end)."""
    weights = np.array([2, 2, 1, 1, 0.5, 0.5, 0.5, 1, 2, 2, 2, 2, 3, 3, 3, 4, 5, 6, 8, 10, 12, 12, 10, 6])
    days = int((end - first) / np.timedelta64(1, "D"))
    seconds = rng.integers(0, days, n) * 86400 + rng.choice(24, n, p=weights / weights.sum()) * 3600
    return first + (seconds + rng.integers(0, 3600, n)).astype("timedelta64[s]")


def _points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """70 % in 40 clusters around Strängnäs, 30 % uniform background (the same shape as situation_report)."""
    centre = np.array([59.3775, 17.0316])
    clusters = rng.normal(0, 1, (40, 2)) * [0.02, 0.04] + centre
    which = rng.choice(40, n, p=rng.dirichlet(np.ones(40) * 0.5))
    sigma = rng.uniform(0.0006, 0.0022, 40)[which]
    clustered = clusters[which] + rng.normal(0, 1, (n, 2)) * np.stack([sigma, sigma * 2], axis=1)
    uniform = centre + rng.uniform(-1, 1, (n, 2)) * [0.08, 0.15]
    points = np.where((rng.random(n) < 0.7)[:, None], clustered, uniform)
    return np.round(points[:, 0], 6), np.round(points[:, 1], 6)


def _chunks(n: int, municipalities: list[int], categories: list[int], own: int = WINDOW_INCIDENTS):
    """(municipality, category, occurred_at, lat, lon, status) arrays: the municipality's own ``own``
    incidents in the report's window first, in chunks, then history."""
    window = np.random.default_rng(42)
    for start in range(0, own, CHUNK):
        size = min(CHUNK, own - start)
        lat, lon = _points(window, size)
        yield (
            np.full(size, municipalities[0]),
            window.choice(categories, size),
            _times(window, size, WINDOW_START, WINDOW_END),
            lat,
            lon,
            np.where(window.random(size) < 0.93, "reviewed", "new"),
        )
    rng = np.random.default_rng(7)
    rest = n - own
    own_history = rest // MUNICIPALITIES
    for start in range(0, rest, CHUNK):
        size = min(CHUNK, rest - start)
        index = np.arange(start, start + size)
        own = index < own_history
        municipality = np.where(own, municipalities[0], rng.choice(municipalities[1:], size))
        older = _times(rng, size, HISTORY_START, WINDOW_START)
        anytime = _times(rng, size, HISTORY_START, WINDOW_END)
        lat, lon = _points(rng, size)
        status = np.where(rng.random(size) < 0.93, "reviewed", "new")
        yield municipality, rng.choice(categories, size), np.where(own, older, anytime), lat, lon, status


def load(backend: str, sqlite_path: str, n: int, own: int = WINDOW_INCIDENTS) -> dict:
    if backend == "postgresql":
        _recreate_postgres_database()
    elif os.path.exists(sqlite_path):
        os.remove(sqlite_path)
    setup_django(backend, sqlite_path)
    from django.core.management import call_command
    from django.db import connection

    from incidents.models import Incident, IncidentCategory

    call_command("migrate", verbosity=0)
    municipalities = _municipalities()
    categories = list(IncidentCategory.objects.values_list("id", flat=True))
    columns = "municipality_id, category_id, occurred_at, latitude, longitude, status, source, description, "
    columns += "contact_email, contact_language, public_answer, created_at, public_ref"
    table = Incident._meta.db_table
    created = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
    start, written = time.perf_counter(), 0
    with connection.cursor() as cursor:
        if backend == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")  # a benchmark's own file: no need to survive a power cut
        for municipality, category, at, lat, lon, status in _chunks(n, municipalities, categories, own):
            stamps = np.datetime_as_string(at, unit="s")
            rows = [
                (
                    int(m),
                    int(c),
                    f"{t[:10]} {t[11:]}",
                    str(a),
                    str(o),
                    s,
                    "demo",
                    "",
                    "",
                    "sv",
                    "",
                    created,
                    f"{i:010d}",
                )
                for i, (m, c, t, a, o, s) in enumerate(
                    zip(municipality, category, stamps, lat, lon, status, strict=True), start=written
                )
            ]
            written += len(rows)
            if backend == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * 13)
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
        cursor.execute("ANALYZE")
    return {"rows": written, "load_s": time.perf_counter() - start}


def measure(backend: str, sqlite_path: str) -> dict:
    setup_django(backend, sqlite_path)
    from accounts.models import Municipality
    from situation.figures import build_figures

    municipality = Municipality.objects.get(code="0486")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = build_figures(municipality, MONDAY)  # warm-up: connection, caches
    times = []
    for _ in range(3):
        start = time.perf_counter()
        figures = build_figures(municipality, MONDAY)
        times.append(time.perf_counter() - start)
    return {
        "figures_s": min(times),
        "week_incidents": sum(row["now"] for row in figures["by_category"]),
        "hotspots": len(figures["hotspots"]),
        "near_repeat": (figures["near_repeat"] or {}).get("events", "none"),
        "baseline_mb": baseline,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(*args: str) -> dict:
    run = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if run.returncode:
        raise RuntimeError(run.stderr[-3000:])
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--sizes", type=int, nargs="+", help="stored incidents (default: see above)")
    parser.add_argument(
        "--own",
        type=int,
        nargs="+",
        help="instead: its own incidents in the report's year, nothing else stored (5000 50000 200000)",
    )
    parser.add_argument("--load", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        print(json.dumps(load(args.load[0], args.load[1], int(args.load[2]), int(args.load[3]))))
        return 0
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return 0
    if args.own:
        return own_sizes(args.backends, args.own)
    defaults = {"sqlite": [10_000, 1_000_000], "postgresql": [10_000, 1_000_000, 10_000_000]}
    print(
        f"Weekly figures for Strängnäs, week {MONDAY.isocalendar()[0]}-W{MONDAY.isocalendar()[1]:02d} "
        f"({WINDOW_INCIDENTS:,} incidents in the report's 53 weeks), as the stored history grows:"
    )
    missed = 0
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_path = f"{tmp}/weekly.sqlite3"
        for backend in args.backends:
            results = {}
            for n in args.sizes or defaults[backend]:
                loaded = _child("--load", backend, sqlite_path, str(n), str(WINDOW_INCIDENTS))
                results[n] = measured = _child("--measure", backend, sqlite_path)
                print(
                    f"  {backend} {n:>11,} stored: figures {measured['figures_s'] * 1000:7.1f} ms "
                    f"(week {measured['week_incidents']} incidents, {measured['hotspots']} hot-spot cells; "
                    f"peak memory {measured['peak_mb']:.0f} MB, {measured['baseline_mb']:.0f} MB before; "
                    f"loaded in {loaded['load_s']:.0f} s)",
                    flush=True,
                )
            checks = [
                (f"{n:,}: {r['figures_s'] * 1000:.1f} ms < 150 ms", r["figures_s"] < 0.15) for n, r in results.items()
            ]
            if 10_000 in results and 1_000_000 in results:
                ratio = results[1_000_000]["figures_s"] / results[10_000]["figures_s"]
                checks.append((f"1M / 10k = {ratio:.2f} ≤ 1.5", ratio <= 1.5))
            missed += report(f"  {backend}:", checks)
    return 1 if missed else 0


def own_sizes(backends: list[str], sizes: list[int]) -> int:
    """The weekly figures as the municipality itself grows: its own incidents in the year, near repeats
    included. Targets: 50k ≤ 2 × 5k; 200k (a city the size of Stockholm) under 2 s."""
    print("Weekly figures as the municipality's own incidents in the report's year grow (nothing else stored):")
    missed = 0
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_path = f"{tmp}/weekly.sqlite3"
        for backend in backends:
            results = {}
            for n in sizes:
                loaded = _child("--load", backend, sqlite_path, str(n), str(n))
                results[n] = measured = _child("--measure", backend, sqlite_path)
                print(
                    f"  {backend} {n:>9,} own: figures {measured['figures_s'] * 1000:8.1f} ms "
                    f"(week {measured['week_incidents']} incidents, {measured['hotspots']} hot-spot cells, "
                    f"near repeat: {measured['near_repeat']}; peak memory {measured['peak_mb']:.0f} MB, "
                    f"{measured['baseline_mb']:.0f} MB before; loaded in {loaded['load_s']:.0f} s)",
                    flush=True,
                )
            checks = []
            if 5_000 in results and 50_000 in results:
                ratio = results[50_000]["figures_s"] / results[5_000]["figures_s"]
                checks.append((f"50k / 5k = {ratio:.2f} ≤ 2", ratio <= 2))
            if 200_000 in results:
                seconds = results[200_000]["figures_s"]
                checks.append((f"200k: {seconds:.2f} s < 2 s", seconds < 2))
            missed += report(f"  {backend}:", checks)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
