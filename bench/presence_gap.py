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
2. Allocation: 500 places × 84 slots × 10 organisations, solved by analysis.presence.allocate (milp on
   each organisation-day's best candidates); its covered value against the optimum of the whole
   problem (the linear program over every allowed pair, whose optimum is whole: the constraints are a
   flow network). Targets: < 1 s; within 1 % of the optimum.
Prints OK or MISSED for each; exits 1 on a miss.
"""

import argparse
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

from analysis import presence  # noqa: E402

HISTORY = 8


def deviances(past: np.ndarray, month_ago: np.ndarray, target: np.ndarray, districts, pattern) -> dict[str, float]:
    """Mean Poisson deviance of three predictions of ``target`` (counts per slot in one week)."""
    places = len(past) // presence.SLOTS_PER_PLACE
    rates = presence.slot_rates(past, HISTORY, districts, presence.time_profile(pattern, places))
    return {
        "model": presence.poisson_deviance(target, rates.expected),
        "same week last month": presence.poisson_deviance(target, month_ago),
        "own mean, unshrunk": presence.poisson_deviance(target, past / HISTORY),
    }


def synthetic(rng: np.random.Generator, weeks: int = 20) -> dict[str, float]:
    """Known rates: place factors from a gamma, a district factor, an evening-heavy week."""
    places, per_district = 40, 10
    by_window = np.tile(np.array([1, 0.3, 0.1, 0.1, 0.3, 0.6, 1, 1.5, 2, 4, 6, 3]), 7) * np.repeat(
        [1, 1, 1, 1, 1.3, 1.6, 1.2], 12
    )
    districts = np.arange(places) // per_district
    place_rate = rng.gamma(2.0, 0.5, places) * rng.uniform(0.5, 2.0, 4)[districts] / by_window.sum()
    true = np.tile(by_window, places) * np.repeat(place_rate, presence.SLOTS_PER_PLACE)
    counts = rng.poisson(np.tile(true, (weeks, 1)))  # weeks × slots
    results = []
    for target in range(HISTORY + 4, weeks):
        past = counts[target - HISTORY : target].sum(axis=0)
        pattern = counts[:target].sum(axis=0).reshape(places, -1).sum(axis=0)
        results.append(deviances(past, counts[target - 4], counts[target], districts, pattern))
    return {key: float(np.mean([r[key] for r in results])) for key in results[0]}


def demo(weeks: int) -> dict[str, float] | None:
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
    return {k: float(v) for k, v in (line.split("=") for line in run.stdout.split())}


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
    for place, at in zip(places.nearest(history["xy"], selectors.RADIUS_M), history["at"], strict=True):
        week = (at.date() - first).days // 7
        pattern_counts[week, selectors._slot(0, at)] += 1
        if place >= 0:
            counts[week, selectors._slot(int(place), at)] += 1
    results = []
    for target in range(total_weeks - weeks, total_weeks):
        past = counts[target - HISTORY : target].sum(axis=0)
        pattern = pattern_counts[target - 52 : target].sum(axis=0)
        results.append(deviances(past, counts[target - 4], counts[target], places.district, pattern))
    for key in results[0]:
        print(f"{key.replace(' ', '_')}={np.mean([r[key] for r in results])}")


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
    checks = []
    for label, figures in (
        ("synthetic municipality, known rates", synthetic(rng)),
        ("Strängnäs demo history", demo(args.demo_weeks)),
    ):
        if figures is None:
            checks.append((f"{label}: could not be computed", False))
            continue
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
