"""Benchmark: calibration of manage.py analyse hotspots — how often it finds something in random data, and
how often it finds a planted cluster.

    .venv/bin/python bench/calibration.py [--runs 1000] [--no-power]

Each section is a named check in CHECKS: a function of the arguments returning the lines it prints and its
(text, ok) targets, reported with bench/verdict.py's `report`. Add a section by appending to CHECKS.

False alarms: N points placed uniformly at random in a rectangle of random width and height (1–8 km) at a
random offset (never aligned to the 250 m cells), N = density × rectangle area / cell area, for densities
0.1 to 10 points per cell; the command's pipeline (analysis.hotspots.hot_spots_of_points: the points'
bounding box as the study area, cells weighed by their share inside it, Gi* exact binomial test,
Benjamini–Hochberg at alpha over the study area's cells). A false alarm is a run with any hot or cold cell.
Stated rate: at most alpha (5 %) of runs. Target per density: the 95 % Clopper–Pearson interval of the
measured rate reaches down to alpha or below (OK), else MISSED. The same on random polygons (a convex
hexagon-ish outline, given as the study area).
Power, beside it: the same random points plus 10 within 150 m of a random point at least 500 m inside the
rectangle; found when a hot cell lies within 300 m of that point. Reported, no target.
"""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.stats import binomtest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from verdict import report  # noqa: E402

from analysis.hotspots import hot_spots_of_points  # noqa: E402

CELL = 250.0
ALPHA = 0.05
DENSITIES = (0.1, 0.3, 1.0, 3.0, 10.0)


def random_rectangle(rng: np.random.Generator) -> tuple[float, float, float, float]:
    x0, y0 = rng.uniform(0, 10_000, 2)
    width, height = rng.uniform(1_000, 8_000, 2)
    return x0, y0, x0 + width, y0 + height


def random_points(rng, bounds, n: int) -> tuple[np.ndarray, np.ndarray]:
    xmin, ymin, xmax, ymax = bounds
    return rng.uniform(xmin, xmax, n), rng.uniform(ymin, ymax, n)


def planted(rng, bounds, x, y, extra: int = 10, radius: float = 150.0):
    xmin, ymin, xmax, ymax = bounds
    cx, cy = rng.uniform(xmin + 500, xmax - 500), rng.uniform(ymin + 500, ymax - 500)
    angle, r = rng.uniform(0, 2 * np.pi, extra), radius * np.sqrt(rng.uniform(0, 1, extra))
    return np.concatenate([x, cx + r * np.cos(angle)]), np.concatenate([y, cy + r * np.sin(angle)]), (cx, cy)


def found_near(study, result, centre, within: float = 300.0) -> bool:
    rows, cols = np.nonzero(result.kind == "hot")
    cx = study.grid.x0 + (cols + 0.5) * study.grid.size
    cy = study.grid.y0 + (rows + 0.5) * study.grid.size
    return bool(np.any(np.hypot(cx - centre[0], cy - centre[1]) <= within))


def interval(hits: int, runs: int) -> tuple[float, float]:
    ci = binomtest(hits, runs, ALPHA).proportion_ci(0.95, method="exact")
    return float(ci.low), float(ci.high)


def false_alarms_on_rectangles(args) -> tuple[list[str], list[tuple[str, bool]]]:
    lines, checks = [], []
    for density in DENSITIES:
        rng = np.random.default_rng(int(density * 1000) + 11)
        alarms = power_hits = 0
        cells_tested = []
        for _run in range(args.runs):
            bounds = random_rectangle(rng)
            n = max(3, int(round(density * (bounds[2] - bounds[0]) * (bounds[3] - bounds[1]) / CELL**2)))
            x, y = random_points(rng, bounds, n)
            study, result = hot_spots_of_points(x, y, CELL, alpha=ALPHA)
            alarms += bool((result.kind != "").any())
            cells_tested.append(result.tested)
            if args.power:
                px, py, centre = planted(rng, bounds, x, y)
                study, result = hot_spots_of_points(px, py, CELL, alpha=ALPHA)
                power_hits += found_near(study, result, centre)
        low, high = interval(alarms, args.runs)
        rate = alarms / args.runs
        power = f"; power on 10 planted within 150 m: {power_hits / args.runs:.1%}" if args.power else ""
        lines.append(
            f"  {density:>4} per cell: false alarms {alarms}/{args.runs} = {rate:.1%} (95 % CI {low:.1%}–{high:.1%}), "
            f"cells tested median {int(np.median(cells_tested))}{power}"
        )
        checks.append(
            (f"{density} per cell: {rate:.1%} (CI {low:.1%}–{high:.1%}) vs stated ≤ {ALPHA:.0%}", low <= ALPHA)
        )
    return lines, checks


def random_polygon(rng, bounds):
    import shapely

    xmin, ymin, xmax, ymax = bounds
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    angles = np.sort(rng.uniform(0, 2 * np.pi, 7))
    rx, ry = (xmax - xmin) / 2, (ymax - ymin) / 2
    scale = rng.uniform(0.5, 1.0, 7)
    return shapely.Polygon(np.c_[cx + rx * scale * np.cos(angles), cy + ry * scale * np.sin(angles)]).convex_hull


def false_alarms_on_polygons(args) -> tuple[list[str], list[tuple[str, bool]]]:
    import shapely

    lines, checks = [], []
    runs = max(100, args.runs // 2)
    for density in DENSITIES:
        rng = np.random.default_rng(int(density * 1000) + 29)
        alarms = 0
        for _run in range(runs):
            bounds = random_rectangle(rng)
            polygon = random_polygon(rng, bounds)
            n = max(3, int(round(density * polygon.area / CELL**2)))
            x, y = np.empty(0), np.empty(0)
            while len(x) < n:  # rejection sampling inside the polygon
                px, py = random_points(rng, polygon.bounds, 2 * n)
                keep = shapely.contains_xy(polygon, px, py)
                x, y = np.concatenate([x, px[keep]]), np.concatenate([y, py[keep]])
            _study, result = hot_spots_of_points(x[:n], y[:n], CELL, polygon=polygon, alpha=ALPHA)
            alarms += bool((result.kind != "").any())
        low, high = interval(alarms, runs)
        lines.append(
            f"  {density:>4} per cell: false alarms {alarms}/{runs} = {alarms / runs:.1%} (CI {low:.1%}–{high:.1%})"
        )
        checks.append((f"polygon, {density} per cell: {alarms / runs:.1%} vs stated ≤ {ALPHA:.0%}", low <= ALPHA))
    return lines, checks


CHECKS: list[tuple[str, Callable]] = [
    (
        "Hot spots on random points in random rectangles (the points' bounding box as the study area)",
        false_alarms_on_rectangles,
    ),
    ("Hot spots on random points in random convex polygons (--study-area)", false_alarms_on_polygons),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1000, help="random point sets per density")
    parser.add_argument("--no-power", dest="power", action="store_false")
    args = parser.parse_args()
    missed = 0
    for name, check in CHECKS:
        lines, checks = check(args)
        print(name + ":")
        print("\n".join(lines), flush=True)
        missed += report(f"  targets ({name}):", checks)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
