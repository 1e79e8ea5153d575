"""Knox test benchmark on the Chicago 2016 residential burglaries (../shared/data, 11,701 events).

    make bench            (or: .venv-bench/bin/python bench/knox.py)

Side by side in one run:
- ours (analysis.nearrepeat.knox: k-d tree pairs once, permutations rebin the pairs' time differences),
- a plain vectorised pair-list implementation written here as the peer (all pairs within the largest
  distance from a distance matrix in blocks, then the same permutations),
- the published reference implementation by Toby Davies (github: tobydavies/NearRepeat, stats/knox.py),
  when a copy has been fetched to /work/.mirror/tobydavies+NearRepeat/repo (its code is never committed).
- the command line (manage.py analyse knox, in process: CSV, date parser, knox) on the 2016 rows written
  out as a CSV with dates as 31/12/2016 (--date-format %d/%m/%Y).
Targets: the command line's observed counts equal the reference's exactly; the command line's time at most
the peer's. Then the calibration (random data at several densities: how often any cell of the table reads,
against the stated 5 %; power on planted near repeats) and the time at 5k, 50k and 200k events in a
clustered 10 × 10 km town, the weekly figures' way (a random sample above 5,000 events) and in full.
The time of 999 permutations is printed too.
"""

import csv
import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from verdict import report  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "chicago_burglary_2014_2017_tobydavies.csv"
REFERENCE = Path("/work/.mirror/tobydavies+NearRepeat/repo")
DISTANCES, TIMES, PERMUTATIONS = [0.1, 200, 400, 600], [7, 14, 21], 99

from analysis.nearrepeat import _band_index, knox  # noqa: E402

CALIBRATION_RUNS = 400
TOWN_SIZES = (5_000, 50_000, 200_000)


def load_2016() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ts = [], [], []
    origin = datetime.date(2016, 1, 1)
    with open(DATA, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            day = datetime.datetime.strptime(row["date_single"], "%d/%m/%Y").date()
            if day.year == 2016:
                xs.append(float(row["x"]))
                ys.append(float(row["y"]))
                ts.append((day - origin).days)
    return np.array(xs), np.array(ys), np.array(ts, dtype=float)


def csv_2016() -> str:
    """The 2016 rows as the analyst would export them: x, y and the date as written in the data."""
    out = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8", newline="")
    with open(DATA, encoding="utf-8") as f, out:
        writer = csv.writer(out)
        writer.writerow(["x", "y", "date_single"])
        for row in csv.DictReader(f):
            if row["date_single"].endswith("/2016"):
                writer.writerow([row["x"], row["y"], row["date_single"]])
    return out.name


def command_line(path: str, permutations: int) -> dict:
    """manage.py analyse knox, in this process."""
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    bands = ["--distance-bands", ",".join(f"{d:g}" for d in DISTANCES), "--time-bands", ",".join(map(str, TIMES))]
    call_command(
        "analyse",
        "knox",
        path,
        "--x",
        "x",
        "--y",
        "y",
        "--date",
        "date_single",
        "--date-format",
        "%d/%m/%Y",
        *bands,
        "--permutations",
        str(permutations),
        "--seed",
        "0",
        stdout=out,
    )
    return json.loads(out.getvalue())


def peer(x, y, t, permutations, seed=0) -> np.ndarray:
    """The plain way: pairs from blocks of a dense distance matrix, then bin the time differences."""
    d_edges, t_edges = np.array(DISTANCES), np.array(TIMES)
    rows, cols, dist = [], [], []
    for start in range(0, len(x), 1000):
        block = np.hypot(x[start : start + 1000, None] - x[None, :], y[start : start + 1000, None] - y[None, :])
        r, c = np.nonzero(block <= d_edges[-1])
        keep = start + r < c
        rows.append(start + r[keep])
        cols.append(c[keep])
        dist.append(block[r[keep], c[keep]])
    i, j, d = np.concatenate(rows), np.concatenate(cols), np.concatenate(dist)
    d_band = _band_index(d, d_edges)

    def table(times):
        t_band = _band_index(np.abs(times[i] - times[j]), t_edges)
        keep = t_band < len(t_edges)
        return np.bincount(d_band[keep] * len(t_edges) + t_band[keep], minlength=12).reshape(4, 3)

    rng = np.random.default_rng(seed)
    observed = table(t)
    for _ in range(permutations):
        table(t[rng.permutation(len(t))])
    return observed


def _reference_checkout() -> Path | None:
    """The reference's stats/knox.py, read out of the fetched repository (which has no work tree)."""
    if not REFERENCE.exists():
        return None
    shown = subprocess.run(
        ["git", f"--git-dir={REFERENCE}", "show", "HEAD:stats/knox.py"], capture_output=True, text=True
    )
    if shown.returncode:
        shown = subprocess.run(
            ["git", "-C", str(REFERENCE), "show", "HEAD:stats/knox.py"], capture_output=True, text=True
        )
    if shown.returncode:
        return None
    folder = Path(tempfile.mkdtemp())
    (folder / "stats").mkdir()
    (folder / "stats" / "__init__.py").write_text("")
    (folder / "stats" / "knox.py").write_text(shown.stdout)
    return folder


def reference_observed(x, y, t) -> np.ndarray | None:
    """Observed counts from the reference implementation, run in the benchmark environment."""
    checkout = _reference_checkout()
    if checkout is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        np.savetxt(f, np.column_stack([x, y, t]), delimiter=",")
    code = (
        "import sys, numpy as np; sys.path.insert(0, sys.argv[1]); from stats.knox import compute_pairs, "
        "compute_contingency; a = np.loadtxt(sys.argv[2], delimiter=','); "
        f"s, tt = compute_pairs(a[:, :2], a[:, 2], np.array({DISTANCES}), np.array({TIMES})); "
        f"print(compute_contingency(s, tt, np.array({DISTANCES}), np.array({TIMES})).astype(int).tolist())"
    )
    result = subprocess.run([sys.executable, "-c", code, str(checkout), f.name], capture_output=True, text=True)
    if result.returncode:
        print("reference failed:", result.stderr.strip().splitlines()[-1])
        return None
    return np.array(eval(result.stdout))  # noqa: S307 - our own subprocess's list of lists


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def _random(rng, n, side):
    return rng.uniform(0, side, n), rng.uniform(0, side, n), rng.uniform(0, 365, n)


def _planted(rng, x, y, t, share):
    """A share of the events each get a follower within 35 m in x and y and 3 days."""
    k = max(1, int(len(x) * share))
    lead = rng.integers(0, len(x), k)
    return (
        np.concatenate([x, x[lead] + rng.uniform(-35, 35, k)]),
        np.concatenate([y, y[lead] + rng.uniform(-35, 35, k)]),
        np.concatenate([t, t[lead] + rng.uniform(0, 3, k)]),
    )


def calibration() -> list[tuple[str, bool]]:
    """Rate of any family-wise reading on random data, against 5 %; power on planted near repeats."""
    from scipy.stats import binom

    print(f"Calibration, {CALIBRATION_RUNS} seeded runs each, bands {DISTANCES} m × {TIMES} days:")
    checks = []
    for method, sizes, side in (("permutation", (60, 200, 600), 3000), ("normal", (500, 2000), 3000)):
        family = per_cell = 0
        found = dict.fromkeys(sizes, 0)
        for run in range(CALIBRATION_RUNS):
            rng, n = np.random.default_rng(run), sizes[run % len(sizes)]
            x, y, t = _random(rng, n, side)
            result = knox(x, y, t, DISTANCES, TIMES, permutations=99, seed=run, method=method)
            family += bool(np.any(result.p_family <= 0.05))
            per_cell += bool(np.any(result.p_value <= 0.05))
            planted = knox(*_planted(rng, x, y, t, 0.1), DISTANCES, TIMES, permutations=99, seed=run, method=method)
            found[n] += bool(np.any(planted.p_family[:2, 0] <= 0.05))
        runs_per_size = {n: len(range(k, CALIBRATION_RUNS, len(sizes))) for k, n in enumerate(sizes)}
        power = {n: found[n] / runs_per_size[n] for n in sizes}
        limit = binom.ppf(0.99, CALIBRATION_RUNS, 0.05) / CALIBRATION_RUNS
        rate = family / CALIBRATION_RUNS
        print(
            f"  {method} (n = {', '.join(map(str, sizes))} in a {side / 1000:g} km square): random data, any cell "
            f"p_value <= 0.05 in {per_cell / CALIBRATION_RUNS:.1%} of runs (not controlled), any cell p_family "
            f"<= 0.05 in {rate:.1%}; power with 10 % planted followers (35 m, 3 days): "
            + ", ".join(f"n={n}: {power[n]:.0%}" for n in sizes)
        )
        checks.append((f"{method}: family-wise rate {rate:.1%} ≤ 5 % (+ binomial 99 %: {limit:.1%})", rate <= limit))
        largest = sizes[-1]
        checks.append((f"{method}: power at n={largest} {power[largest]:.0%} ≥ 80 %", power[largest] >= 0.8))
    return checks


def town(n, seed=0):
    """A town of 10 × 10 km: 70 % of events in 40 clusters of 70–250 m (uneven sizes), 30 % spread out."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(1500, 8500, (40, 2))
    which = rng.choice(40, n, p=rng.dirichlet(np.ones(40) * 0.5))
    sigma = rng.uniform(70, 250, 40)[which]
    clustered = centres[which] + rng.normal(0, 1, (n, 2)) * np.stack([sigma, sigma * 1.5], axis=1)
    spread = rng.uniform(0, 10_000, (n, 2))
    points = np.where((rng.random(n) < 0.7)[:, None], clustered, spread)
    seconds = 1.704e9 + rng.uniform(0, 365 * 86400, n)
    return points[:, 0], points[:, 1], seconds


def large_n() -> list[tuple[str, bool]]:
    """The weekly figures' Knox (bands 0.1/200/400 m × 7/14 days, a random sample above 5,000) by size."""
    from situation.figures import (
        NEAR_REPEAT_DAYS,
        NEAR_REPEAT_DISTANCES,
        NEAR_REPEAT_PERMUTATION_BUDGET,
        NEAR_REPEAT_SAMPLE_EVENTS,
    )
    from trygg.calendar import local_days

    print(f"Town of 10 × 10 km, clustered, bands {NEAR_REPEAT_DISTANCES} m × {NEAR_REPEAT_DAYS} days:")
    weekly = {}
    for n in TOWN_SIZES:
        x, y, seconds = town(n)
        days, days_s = timed(local_days, seconds)
        result, weekly[n] = timed(
            knox,
            x,
            y,
            days,
            NEAR_REPEAT_DISTANCES,
            NEAR_REPEAT_DAYS,
            99,
            0,
            sample=NEAR_REPEAT_SAMPLE_EVENTS,
            permutation_budget=NEAR_REPEAT_PERMUTATION_BUDGET,
        )
        weekly[n] += days_s
        line = f"  n = {n:>7,}: weekly way {weekly[n] * 1000:6.0f} ms ({result.method}, {result.events:,} events tested"
        line += f", local days {days_s * 1000:.0f} ms)"
        if n <= 50_000:
            full, full_s = timed(knox, x, y, days, NEAR_REPEAT_DISTANCES, NEAR_REPEAT_DAYS, 99, 0)
            line += f"; all events {full_s * 1000:.0f} ms ({full.method})"
        print(line)
    small, middle, large = (weekly[n] for n in TOWN_SIZES)
    # The whole weekly figures at 50k within 2 × at 5k: the Knox part may not grow by more than 2 ×.
    return [
        (f"weekly Knox at 50k {middle * 1000:.0f} ms ≤ 2 × at 5k ({small * 1000:.0f} ms)", middle <= 2 * small),
        (f"weekly Knox at 200k {large * 1000:.0f} ms ≤ 300 ms", large <= 0.3),
    ]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
    import django

    django.setup()
    x, y, t = load_2016()
    print(f"Chicago 2016 burglaries: {len(x)} events; distance bands {DISTANCES} m, time bands {TIMES} days")
    ours, ours_s = timed(knox, x, y, t, DISTANCES, TIMES, permutations=PERMUTATIONS, seed=0)
    peer_observed, peer_s = timed(peer, x, y, t, PERMUTATIONS)
    path = csv_2016()
    cli, cli_s = timed(command_line, path, PERMUTATIONS)
    cli_observed = np.array(cli["observed"])
    print("observed, command line (rows = distance bands):", cli["observed"])
    print("Knox ratio to the median:", cli["ratio_median"])
    print("p per cell:", cli["p_value"])
    print("p family (max-T):", cli["p_family"])
    print(f"test: {cli['test']}")
    checks = [
        ("knox() observed equal to the command line's", np.array_equal(ours.observed, cli_observed)),
        ("peer (plain pair list) observed equal", np.array_equal(cli_observed, peer_observed)),
    ]
    reference = reference_observed(x, y, t)
    if reference is None:
        print("reference (tobydavies/NearRepeat): not available here (fetch it to compare)")
        checks.append(("reference (tobydavies/NearRepeat) available to compare", False))
    else:
        equal = np.array_equal(cli_observed, reference)
        checks.append((f"command line observed equal to the reference's {reference.tolist()}", equal))
    checks.append(
        (
            f"time, {PERMUTATIONS} permutations: command line {cli_s:.2f} s (knox() alone {ours_s:.2f} s), "
            f"peer {peer_s:.2f} s, ratio {cli_s / peer_s:.2f} ≤ 1",
            cli_s <= peer_s,
        )
    )
    missed = report("Against the targets:", checks)
    _, long_s = timed(knox, x, y, t, DISTANCES, TIMES, permutations=999, seed=0, method="permutation")
    print(f"time, 999 permutations: ours {long_s:.2f} s")
    missed += report("Calibration targets:", calibration())
    missed += report("Large n targets:", large_n())
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
