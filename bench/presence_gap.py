"""Benchmark of the presence-gap model and allocation (issue 16).

    make bench            (or: .venv-bench/bin/python bench/presence_gap.py [--demo-weeks 12])

1. Calibration: expected incidents per slot (analysis.presence.slot_rates: place rates shrunk towards the
   district's, spread by the week's pattern) against what happened in held-out weeks, as the mean
   Poisson deviance over every slot, beside two baselines in the same run: each slot's count in the same
   week a month earlier ("same week last month") and each slot's own mean over the same eight weeks
   (no shrinkage).
   a. A synthetic municipality with known slot rates (40 places in 4 districts, evenings busy).
   b. The Strängnäs demo's synthetic history (the demo loaded into a temporary SQLite database), each of
      the last --demo-weeks weeks predicted from the eight before it.
   Target: the model's deviance below both baselines'.
2. Hot spots: the Prediction Accuracy Index at 5 % of the area (PAI = (n / N) / (a / A), Chainey, Tompson
   & Uhlig 2008; analysis.presence.prediction_accuracy_index, ties at the cut-off split pro rata) on the
   same held-out weeks of 1a and 1b, of the forecasts made from the weeks before each:
   - the model: expected incidents per slot (slot_rates, as in 1);
   - a KDE hot-spot map: analysis.hotspots.binned_kde on 100 m cells over the training weeks' (the same
     eight) incidents, every incident, near a place or not, bandwidth analysis.hotspots.kde_bandwidth;
     a place's value is the density in its cell;
   - the last four weeks' counts;
   - on the synthetic municipality also its known rates: the ceiling a forecast reaches on average.
   The synthetic's places get positions (four 4 km districts) and its incidents positions about their
   place, for the KDE; there every incident is near a place.
   Units, two ways, each with equal areas (the study area is the places, held-out incidents are those
   near a place, as the model counts them):
   - places (the model's and the counts' slots summed over the week): the spatial PAI, 5 % = 2 of the
     synthetic's 40 places; the demo has 15, so 5 % is three quarters of the top place (its incidents
     counted by that fraction, a tie at the top split pro rata): a coarse figure there;
   - place × slot (84 slots a week): the space-time PAI. The KDE has no time: it is scored flat over a
     place's slots (all tied, so split pro rata) and, fairer to it, times the week's pattern the model
     itself uses (time_profile).
   Pooled over the held-out weeks: Σ n / Σ N over the weeks ÷ 0.05; the 95 % interval is a bootstrap
   over the held-out weeks (2,000 resamples, seeded), a guide to noise, not a test.
   Target: the model's PAI at least that of the last four weeks' counts, on both units and both data.
3. Allocation: 500 places × 84 slots × 10 organisations, solved by analysis.presence.allocate (milp on
   each organisation-day's best candidates); its covered value against the optimum of the whole
   problem (the linear program over every allowed pair, whose optimum is whole: the constraints are a
   flow network). Targets: < 1 s; within 1 % of the optimum.
Prints OK or MISSED for each; exits 1 on a miss.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from verdict import report  # noqa: E402

from analysis import hotspots, presence  # noqa: E402

HISTORY = 8
SHARE = 0.05
CELL_M = 100.0
SPATIAL = ("model", "KDE", "last four weeks")
SPACE_TIME = ("model", "KDE × week pattern", "KDE, no time", "last four weeks")
KNOWN = "known rates (ceiling)"


def deviances(past: np.ndarray, month_ago: np.ndarray, target: np.ndarray, districts, pattern) -> dict[str, float]:
    """Mean Poisson deviance of three predictions of ``target`` (counts per slot in one week)."""
    places = len(past) // presence.SLOTS_PER_PLACE
    rates = presence.slot_rates(past, HISTORY, districts, presence.time_profile(pattern, places))
    return {
        "model": presence.poisson_deviance(target, rates.expected),
        "same week last month": presence.poisson_deviance(target, month_ago),
        "own mean, unshrunk": presence.poisson_deviance(target, past / HISTORY),
    }


def kde_at(training_xy: np.ndarray, place_xy: np.ndarray) -> tuple[np.ndarray, float]:
    """The training incidents' binned KDE (points per km²) in each place's cell, and its bandwidth."""
    points = np.vstack([training_xy, place_xy])
    grid = hotspots.Grid.covering(points[:, 0], points[:, 1], CELL_M)
    bandwidth = hotspots.kde_bandwidth(training_xy[:, 0], training_xy[:, 1])
    density = hotspots.binned_kde(hotspots.grid_counts(training_xy[:, 0], training_xy[:, 1], grid), CELL_M, bandwidth)
    col = np.floor((place_xy[:, 0] - grid.x0) / CELL_M).astype(int)
    row = np.floor((place_xy[:, 1] - grid.y0) / CELL_M).astype(int)
    return density[row, col], bandwidth


def hits(past, last_four, target, districts, pattern, density, truth=None) -> dict[str, list[float]]:
    """(n, N, a / A) at 5 % of the area for each forecast of one held-out week, on places and on place ×
    slot; with ``truth`` (the known rates per slot) also the ceiling a forecast could reach on average."""
    places = len(past) // presence.SLOTS_PER_PLACE
    profile = presence.time_profile(pattern, places)
    expected = presence.slot_rates(past, HISTORY, districts, profile).expected
    per_place = lambda a: np.asarray(a, float).reshape(places, -1).sum(axis=1)  # noqa: E731
    spread = np.repeat(density, presence.SLOTS_PER_PLACE)
    forecasts = {
        "places": dict(zip(SPATIAL, (per_place(expected), density, per_place(last_four)), strict=True)),
        "place × slot": dict(
            zip(SPACE_TIME, (expected, spread * profile, spread, np.asarray(last_four, float)), strict=True)
        ),
    }
    if truth is not None:
        forecasts["places"][KNOWN] = per_place(truth)
        forecasts["place × slot"][KNOWN] = np.asarray(truth, float)
    observed = {"places": per_place(target), "place × slot": np.asarray(target, float)}
    out = {}
    for unit, methods in forecasts.items():
        for method, forecast in methods.items():
            score = presence.prediction_accuracy_index(forecast, observed[unit], share=SHARE)
            out[f"{unit}|{method}"] = [score.captured, score.total, score.area_share]
    return out


def pooled(weeks: list[dict[str, list[float]]], bandwidths: list[float], seed: int = 5) -> dict:
    """Per unit and method: PAI pooled over the held-out weeks, its bootstrap interval over weeks, N; and
    the KDE's median bandwidth."""
    rng = np.random.default_rng(seed)
    resamples = rng.integers(0, len(weeks), size=(2000, len(weeks)))
    out = {}
    for key in weeks[0]:
        n, total, area = (np.array([w[key][i] for w in weeks]) for i in range(3))
        with np.errstate(invalid="ignore", divide="ignore"):
            boot = n[resamples].sum(axis=1) / total[resamples].sum(axis=1) / area[resamples].mean(axis=1)
        low, high = np.nanpercentile(boot, [2.5, 97.5])
        out[key] = {
            "pai": float(n.sum() / total.sum() / area.mean()),
            "low": float(low),
            "high": float(high),
            "N": float(total.sum()),
        }
    out["bandwidth_m"] = float(np.median(bandwidths))
    return out


def synthetic(rng: np.random.Generator, weeks: int = 20) -> tuple[dict[str, float], dict]:
    """Known rates: place factors from a gamma, a district factor, an evening-heavy week. For the KDE the
    places get positions (the four districts as 4 km squares, places anywhere in theirs) and each
    incident a position about its place (80 m standard deviation), from their own generator so that the
    counts stay those of the calibration."""
    places, per_district = 40, 10
    by_window = np.tile(np.array([1, 0.3, 0.1, 0.1, 0.3, 0.6, 1, 1.5, 2, 4, 6, 3]), 7) * np.repeat(
        [1, 1, 1, 1, 1.3, 1.6, 1.2], 12
    )
    districts = np.arange(places) // per_district
    place_rate = rng.gamma(2.0, 0.5, places) * rng.uniform(0.5, 2.0, 4)[districts] / by_window.sum()
    true = np.tile(by_window, places) * np.repeat(place_rate, presence.SLOTS_PER_PLACE)
    counts = rng.poisson(np.tile(true, (weeks, 1)))  # weeks × slots
    where = np.random.default_rng(1616)
    corner = np.column_stack([districts % 2, districts // 2]) * 4000.0
    place_xy = corner + where.uniform(0, 4000, (places, 2))
    per_week = counts.reshape(weeks, places, -1).sum(axis=2)
    incident_xy = [np.repeat(place_xy, w, axis=0) + where.normal(0, 80, (w.sum(), 2)) for w in per_week]
    results, scores, bandwidths = [], [], []
    for target in range(HISTORY + 4, weeks):
        past = counts[target - HISTORY : target].sum(axis=0)
        pattern = counts[:target].sum(axis=0).reshape(places, -1).sum(axis=0)
        results.append(deviances(past, counts[target - 4], counts[target], districts, pattern))
        density, bandwidth = kde_at(np.vstack(incident_xy[target - HISTORY : target]), place_xy)
        bandwidths.append(bandwidth)
        last_four = counts[target - 4 : target].sum(axis=0)
        scores.append(hits(past, last_four, counts[target], districts, pattern, density, truth=true))
    deviance = {key: float(np.mean([r[key] for r in results])) for key in results[0]}
    return deviance, {**pooled(scores, bandwidths), "places": places}


def demo(weeks: int) -> tuple[dict[str, float], dict] | None:
    """The demo's history, in a child process with its own temporary database."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "DJANGO_SETTINGS_MODULE": "trygg.settings",
        }
        for command in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
        run = subprocess.run(
            [sys.executable, __file__, "--child-demo", str(weeks)], cwd=ROOT, env=env, capture_output=True, text=True
        )
    if run.returncode:
        print(run.stderr[-2000:])
        return None
    figures = json.loads(run.stdout)
    return figures["deviance"], {**figures["pai"], "places": figures["places"]}


def demo_child(weeks: int) -> None:
    """Counts per slot per week from the demo's reviewed incidents, as the page counts them."""
    import datetime

    import django

    django.setup()
    from accounts.models import Municipality
    from presence import selectors

    municipality = Municipality.objects.get(slug="strangnas")
    places = selectors._Places.of(municipality)
    today = datetime.date.today()
    this_monday = today - datetime.timedelta(days=today.weekday())
    first = this_monday - datetime.timedelta(weeks=weeks + HISTORY + 52)
    params = selectors.Parameters(municipality, this_monday)
    history = selectors._incidents(params, first, this_monday - datetime.timedelta(days=1))
    slots = len(places.places) * presence.SLOTS_PER_PLACE
    total_weeks = weeks + HISTORY + 52
    counts = np.zeros((total_weeks, slots))
    pattern_counts = np.zeros((total_weeks, presence.SLOTS_PER_PLACE))
    incident_week = np.array([(at.date() - first).days // 7 for at in history["at"]], int)
    for place, at, week in zip(
        places.nearest(history["xy"], selectors.RADIUS_M), history["at"], incident_week, strict=True
    ):
        pattern_counts[week, selectors._slot(0, at)] += 1
        if place >= 0:
            counts[week, selectors._slot(int(place), at)] += 1
    results, scores, bandwidths = [], [], []
    for target in range(total_weeks - weeks, total_weeks):
        past = counts[target - HISTORY : target].sum(axis=0)
        pattern = pattern_counts[target - 52 : target].sum(axis=0)
        results.append(deviances(past, counts[target - 4], counts[target], places.district, pattern))
        training = (incident_week >= target - HISTORY) & (incident_week < target)
        density, bandwidth = kde_at(history["xy"][training], places.xy)
        bandwidths.append(bandwidth)
        last_four = counts[target - 4 : target].sum(axis=0)
        scores.append(hits(past, last_four, counts[target], places.district, pattern, density))
    deviance = {key: float(np.mean([r[key] for r in results])) for key in results[0]}
    print(json.dumps({"deviance": deviance, "pai": pooled(scores, bandwidths), "places": len(places.places)}))


def allocation(rng: np.random.Generator) -> dict:
    places, organisations = 500, 10
    slots = places * presence.SLOTS_PER_PLACE
    value = rng.gamma(0.3, 0.05, slots) * np.tile(np.repeat([0.2, 1, 1, 1, 2, 3, 2], 12), places)
    window = np.arange(slots) % presence.WINDOWS_PER_DAY
    allowed = np.zeros((organisations, slots), bool)
    for o in range(organisations):
        works = rng.choice(12, size=rng.integers(2, 6), replace=False)
        avoids = rng.random(places) < 0.1
        allowed[o] = np.isin(window, works) & ~np.repeat(avoids, presence.SLOTS_PER_PLACE)
    shifts, per_evening = rng.integers(5, 25, organisations), rng.integers(1, 4, organisations)
    started = time.perf_counter()
    result = presence.allocate(value, allowed, shifts, per_evening)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    optimum = whole_problem_optimum(value, allowed, shifts, per_evening)
    return {
        "seconds": seconds,
        "value": result.covered_value,
        "optimum": optimum,
        "optimum_s": time.perf_counter() - started,
    }


def whole_problem_optimum(value, allowed, shifts, per_evening) -> float:
    """The linear program over every allowed pair (no candidates left out), solved by HiGHS."""
    organisations, slots = allowed.shape
    org, slot = np.nonzero(allowed & (value > 0))
    n = len(org)
    day = (slot % presence.SLOTS_PER_PLACE) // presence.WINDOWS_PER_DAY
    rows = sparse.vstack(
        [
            sparse.csr_array((np.ones(n), (slot, np.arange(n))), shape=(slots, n)),
            sparse.csr_array((np.ones(n), (org, np.arange(n))), shape=(organisations, n)),
            sparse.csr_array((np.ones(n), (org * 7 + day, np.arange(n))), shape=(organisations * 7, n)),
        ]
    )
    upper = np.concatenate([np.ones(slots), shifts, np.repeat(per_evening, 7)])
    result = optimize.linprog(-value[slot], A_ub=rows, b_ub=upper, bounds=(0, 1), method="highs")
    return -result.fun


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demo-weeks", type=int, default=12)
    parser.add_argument("--child-demo", type=int)
    args = parser.parse_args()
    if args.child_demo:
        demo_child(args.child_demo)
        return 0
    rng = np.random.default_rng(16)
    checks, scored = [], []
    for label, figures in (
        ("synthetic municipality, known rates", synthetic(rng)),
        ("Strängnäs demo history", demo(args.demo_weeks)),
    ):
        if figures is None:
            checks.append((f"{label}: could not be computed", False))
            continue
        figures, pai = figures
        scored.append((label, pai))
        print(f"{label}: mean Poisson deviance per slot and week")
        for key, value in figures.items():
            print(f"  {key.replace('_', ' '):28} {value:.4f}")
        model = figures["model"]
        baselines = [v for k, v in figures.items() if k != "model"]
        checks.append(
            (
                f"{label}: model {model:.4f} below both baselines ({', '.join(f'{b:.4f}' for b in baselines)})",
                all(model < b for b in baselines),
            )
        )
    for label, pai in scored:
        print(f"{label}: PAI at {SHARE:.0%} of the area, pooled over the held-out weeks (95 % bootstrap over weeks)")
        places = pai["places"]
        print(f"  KDE bandwidth (median over the weeks) {pai['bandwidth_m']:.0f} m, {CELL_M:.0f} m cells")
        for unit, methods in (("places", SPATIAL), ("place × slot", SPACE_TIME)):
            units = places * (1 if unit == "places" else presence.SLOTS_PER_PLACE)
            print(
                f"  {unit} ({units} units, {SHARE * units:g} flagged), "
                f"{pai[f'{unit}|model']['N']:.0f} held-out incidents"
            )
            for method in (*methods, KNOWN):
                if f"{unit}|{method}" not in pai:
                    continue
                f = pai[f"{unit}|{method}"]
                print(f"    {method:24} {f['pai']:6.2f}  ({f['low']:.2f}–{f['high']:.2f})")
            model, counts = pai[f"{unit}|model"]["pai"], pai[f"{unit}|last four weeks"]["pai"]
            checks.append(
                (
                    f"{label}, {unit}: model's PAI {model:.2f} at least the last four weeks' {counts:.2f}",
                    model >= counts,
                )
            )
    a = allocation(rng)
    gap = (a["optimum"] - a["value"]) / a["optimum"]
    print(
        f"allocation, 500 places × 84 slots × 10 organisations: {a['seconds']:.2f} s, covered {a['value']:.3f}; "
        f"the whole problem's optimum {a['optimum']:.3f} ({a['optimum_s']:.2f} s)"
    )
    checks += [
        (f"allocation in {a['seconds']:.2f} s < 1 s", a["seconds"] < 1),
        (f"allocation within {gap:.2%} of the optimum ≤ 1 %", gap <= 0.01),
    ]
    return 1 if report("Against the targets:", checks) else 0


if __name__ == "__main__":
    sys.exit(main())
