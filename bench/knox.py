"""Knox test benchmark on the Chicago 2016 residential burglaries (../shared/data, 11,701 events).

    make bench            (or: .venv-bench/bin/python bench/knox.py)

Side by side in one run:
- ours (analysis.nearrepeat.knox: k-d tree pairs once, permutations rebin the pairs' time differences),
- a plain vectorised pair-list implementation written here as the peer (all pairs within the largest
  distance from a distance matrix in blocks, then the same permutations),
- the published reference implementation by Toby Davies (github: tobydavies/NearRepeat, stats/knox.py),
  when a copy has been fetched to /work/.mirror/tobydavies+NearRepeat/repo (its code is never committed).
Targets (issue 10): observed counts equal the reference's; our time within 2× of the peer's. The time of
999 permutations is printed too.
"""

import csv
import datetime
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


def main() -> int:
    x, y, t = load_2016()
    print(f"Chicago 2016 burglaries: {len(x)} events; distance bands {DISTANCES} m, time bands {TIMES} days")
    ours, ours_s = timed(knox, x, y, t, DISTANCES, TIMES, permutations=PERMUTATIONS, seed=0)
    peer_observed, peer_s = timed(peer, x, y, t, PERMUTATIONS)
    print("observed (rows = distance bands):", ours.observed.tolist())
    print("Knox ratio to the median:", np.round(ours.ratio_median, 2).tolist())
    print("p:", np.round(ours.p_value, 3).tolist())
    ratio = ours_s / peer_s
    checks = [("peer (plain pair list) observed equal", np.array_equal(ours.observed, peer_observed))]
    reference = reference_observed(x, y, t)
    if reference is None:
        print("reference (tobydavies/NearRepeat): not available here (fetch it to compare)")
    else:
        equal = np.array_equal(ours.observed, reference)
        checks.append((f"reference (tobydavies/NearRepeat) observed {reference.tolist()} equal", equal))
    checks.append(
        (
            f"time, {PERMUTATIONS} permutations: ours {ours_s:.2f} s, peer {peer_s:.2f} s, ratio {ratio:.2f} ≤ 2",
            ratio <= 2,
        )
    )
    missed = report("Against the targets:", checks)
    _, long_s = timed(knox, x, y, t, DISTANCES, TIMES, permutations=999, seed=0)
    print(f"time, 999 permutations: ours {long_s:.2f} s")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
