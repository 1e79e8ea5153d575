"""Adult presence against where and when trouble happens: coverage, expected incidents per
place-and-time slot with shrinkage, and next week's allocation of shifts. Pure functions on arrays: the
caller projects positions to metres (analysis.projection) and times to epoch seconds, and decides which
place an incident belongs to. Places and times only: no person enters these functions.

Slots: a place × weekday (0 = Monday) × two-hour window (0 = 00–02 … 11 = 22–24), local time; a slot's
index is ``place * 84 + weekday * 12 + window``.
"""

from dataclasses import dataclass

import numpy as np
from scipy import optimize, sparse, stats
from scipy.spatial import cKDTree

WINDOWS_PER_DAY = 12
SLOTS_PER_PLACE = 7 * WINDOWS_PER_DAY


# Coverage ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    covered: np.ndarray  # per incident: near a place during a presence window there
    share: float  # covered incidents / incidents (nan without incidents)
    idle_hours: float  # presence hours (× staff) in windows with no incident near them
    presence_hours: float  # all presence hours (× staff)


def coverage(
    incident_xy: np.ndarray,
    incident_t: np.ndarray,
    window_xy: np.ndarray,
    window_start: np.ndarray,
    window_end: np.ndarray,
    radius_m: float,
    window_staff: np.ndarray | None = None,
) -> Coverage:
    """Which incidents happened within ``radius_m`` of a place while someone was present there (a window
    [start, end) at that place), and the reverse: presence hours spent where and when nothing was
    reported. A log at several places is one window per place; its hours count once per window."""
    incident_xy, window_xy = np.asarray(incident_xy, float).reshape(-1, 2), np.asarray(window_xy, float).reshape(-1, 2)
    incident_t, start, end = (np.asarray(a, float) for a in (incident_t, window_start, window_end))
    staff = np.ones(len(start)) if window_staff is None else np.asarray(window_staff, float)
    covered = np.zeros(len(incident_t), bool)
    busy = np.zeros(len(start), bool)
    if len(incident_t) and len(start):
        near = cKDTree(window_xy).query_ball_point(incident_xy, r=radius_m)
        for i, windows in enumerate(near):
            if windows:
                windows = np.asarray(windows)
                during = windows[(start[windows] <= incident_t[i]) & (incident_t[i] < end[windows])]
                covered[i] = len(during) > 0
                busy[during] = True
    hours = (end - start) / 3600 * staff
    return Coverage(
        covered=covered,
        share=float(covered.mean()) if len(covered) else float("nan"),
        idle_hours=float(hours[~busy].sum()),
        presence_hours=float(hours.sum()),
    )


# Expected incidents per slot --------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotRates:
    expected: np.ndarray  # per slot: expected incidents a week (the posterior mean)
    low: np.ndarray  # per slot: the lower end of the interval
    high: np.ndarray  # per slot: the upper end
    raw: np.ndarray  # per slot: incidents a week in the weeks counted, unshrunk
    prior_mean: np.ndarray  # per group: the rate slots are shrunk towards
    prior_weeks: np.ndarray  # per group: the prior's weight, in weeks of data


def shrunk_rates(
    counts: np.ndarray, weeks: int, group: np.ndarray, profile: np.ndarray | None = None, level: float = 0.8
) -> SlotRates:
    """Each slot's rate of incidents a week, shrunk towards what its group (the district) would give it:
    Poisson counts whose rates vary around a prior mean by a gamma factor, fitted to each group by the
    method of moments (empirical Bayes, as in Clayton and Kaldor's smoothing of small-area rates). A slot
    with one incident in ``weeks`` weeks is pulled most of the way to its prior mean; a slot with many
    keeps most of its own. ``level``: the central interval of the posterior (gamma quantiles).

    Prior mean m_s = the group's rate × ``profile`` (per slot, e.g. the municipality's weekday × time-of-day
    pattern; 1 everywhere when None), scaled so that the group's expected total is its count. The gamma
    factor's variance φ = max(0, Σ((k − e)² − e) / Σ e²) with e = weeks × m: what the counts vary beyond
    Poisson noise. With α = 1/φ the posterior is Gamma(α + k, α / m + weeks): mean m (α + k) / (α + e).
    φ = 0 means the slots differ by noise alone: every slot gets its prior mean."""
    counts, group = np.asarray(counts, float), np.asarray(group)
    if weeks <= 0:
        raise ValueError("weeks must be positive")
    profile = np.ones(len(counts)) if profile is None else np.asarray(profile, float)
    groups = np.unique(group)
    index = np.searchsorted(groups, group)
    total = np.bincount(index, weights=counts, minlength=len(groups))
    shape_sum = np.bincount(index, weights=profile, minlength=len(groups))
    size = np.bincount(index, minlength=len(groups))
    mean = total / (size * weeks)  # the group's rate per slot
    prior = np.where(shape_sum[index] > 0, total[index] / weeks * profile / np.maximum(shape_sum[index], 1e-300), 0.0)
    expected_counts = prior * weeks
    excess = np.bincount(index, weights=(counts - expected_counts) ** 2 - expected_counts, minlength=len(groups))
    scale = np.bincount(index, weights=expected_counts**2, minlength=len(groups))
    phi = np.where(scale > 0, np.maximum(0.0, excess) / np.maximum(scale, 1e-300), 0.0)
    pooled_group = phi <= 0
    # The prior's weight in weeks of data for a slot of mean m is α / m; infinite where φ = 0.
    prior_weeks = np.where(pooled_group, np.inf, 1 / np.where(pooled_group, 1.0, phi) / np.maximum(mean, 1e-300))
    pooled = pooled_group[index] | (prior <= 0)
    alpha = np.where(pooled, 1.0, 1 / np.where(pooled_group[index], 1.0, phi[index]))
    shape = np.where(pooled, 1.0, alpha + counts)
    rate = np.where(pooled, 1.0, alpha / np.maximum(prior, 1e-300) + weeks)
    expected = np.where(pooled, prior, shape / rate)
    tail = (1 - level) / 2
    low = np.where(pooled, prior, stats.gamma.ppf(tail, np.maximum(shape, 1e-12), scale=1 / rate))
    high = np.where(pooled, prior, stats.gamma.ppf(1 - tail, np.maximum(shape, 1e-12), scale=1 / rate))
    return SlotRates(expected, low, high, counts / weeks, mean, prior_weeks)


def slot_rates(
    counts: np.ndarray, weeks: int, district_of_place: np.ndarray, profile: np.ndarray, level: float = 0.8
) -> SlotRates:
    """Expected incidents a week per slot (place × weekday × two-hour window), in two steps, because a
    slot's own counts are mostly 0 or 1 over a few weeks:

    1. Each place's rate, shrunk towards its district's (``shrunk_rates`` on the places' totals).
    2. The place's rate spread over its 84 slots by ``profile`` (the municipality's weekday × time-of-day
       pattern, ``time_profile``), which is each slot's prior mean m; a slot keeps its own deviation from
       m in the measure the slots' counts vary beyond Poisson noise (one gamma variance φ for all slots,
       fitted by the method of moments as in ``shrunk_rates``).

    With φ = 0 the slots' differences within a place are noise: each slot gets m, and its interval is the
    place's interval spread the same way."""
    counts, profile = np.asarray(counts, float), np.asarray(profile, float)
    places = len(counts) // SLOTS_PER_PLACE
    place_of = np.repeat(np.arange(places), SLOTS_PER_PLACE)
    place = shrunk_rates(counts.reshape(places, SLOTS_PER_PLACE).sum(axis=1), weeks, district_of_place, level=level)
    share = profile / np.bincount(place_of, weights=profile, minlength=places)[place_of]
    prior = place.expected[place_of] * share
    e = prior * weeks
    scale = float(np.sum(e**2))
    phi = max(0.0, float(np.sum((counts - e) ** 2 - e)) / scale) if scale > 0 else 0.0
    if phi == 0.0:
        low, high = place.low[place_of] * share, place.high[place_of] * share
        return SlotRates(prior, low, high, counts / weeks, place.prior_mean, place.prior_weeks)
    alpha = 1 / phi
    usable = prior > 0
    shape = np.where(usable, alpha + counts, 1.0)
    rate = np.where(usable, alpha / np.where(usable, prior, 1.0) + weeks, 1.0)
    tail = (1 - level) / 2
    expected = np.where(usable, shape / rate, 0.0)
    low = np.where(usable, stats.gamma.ppf(tail, shape, scale=1 / rate), 0.0)
    high = np.where(usable, stats.gamma.ppf(1 - tail, shape, scale=1 / rate), 0.0)
    return SlotRates(expected, low, high, counts / weeks, place.prior_mean, place.prior_weeks)


def time_profile(by_window: np.ndarray, places: int) -> np.ndarray:
    """Per slot, how busy its weekday and two-hour window is (mean 1): from counts per window of the week
    (84, e.g. a year of the municipality's incidents), with one added to each window, so that a window
    without incidents is quiet, not impossible; the same for every place."""
    by_window = np.asarray(by_window, float).reshape(SLOTS_PER_PLACE) + 1
    return np.tile(by_window / by_window.mean(), places)


def poisson_deviance(observed: np.ndarray, expected: np.ndarray) -> float:
    """Mean Poisson deviance of observed counts against expected ones (0 is perfect), for calibration."""
    observed, expected = np.asarray(observed, float), np.maximum(np.asarray(expected, float), 1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return float(np.mean(2 * (term - (observed - expected))))


# Next week's allocation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Allocation:
    chosen: list[tuple[int, int]]  # (organisation, slot), best first
    covered_value: float  # the sum of the chosen slots' values


def allocate(
    value: np.ndarray,
    allowed: np.ndarray,
    shifts: np.ndarray,
    per_evening: np.ndarray,
) -> Allocation:
    """Which slots each organisation should cover next week to cover the most value (expected incidents
    the week's plans do not cover), one organisation per slot.

    ``value``: per slot. ``allowed``: organisations × slots, False where an organisation does not go (a
    place it avoids, hours it does not work). ``shifts``: per organisation, the two-hour shifts it can staff
    in the week (its people ÷ its minimum per shift). ``per_evening``: per organisation, the most shifts on
    one day.

    The constraints form a flow network (organisation → its day → slot, capacities shifts, per_evening and
    1), so the linear program's optimum is whole: scipy's milp (HiGHS) solves it exactly. Only each
    organisation-day's best candidates enter it: on a day no more slots are used than the organisations'
    per-evening capacities sum to (N), so an organisation never needs a slot of that day outside its N
    best allowed ones (one of those is free for a swap that loses nothing)."""
    value, allowed = np.asarray(value, float), np.asarray(allowed, bool)
    shifts, per_evening = np.asarray(shifts, int), np.asarray(per_evening, int)
    organisations, slots = allowed.shape
    day = (np.arange(slots) % SLOTS_PER_PLACE) // WINDOWS_PER_DAY
    per_day_total = int(np.minimum(per_evening, shifts).sum())
    pairs = []
    for o in range(organisations):
        for d in range(7):
            candidates = np.flatnonzero(allowed[o] & (day == d) & (value > 0))
            best = candidates[np.argsort(-value[candidates], kind="stable")][:per_day_total]
            pairs.extend((o, int(s)) for s in best)
    if not pairs:
        return Allocation([], 0.0)
    org = np.array([p[0] for p in pairs])
    slot = np.array([p[1] for p in pairs])
    n = len(pairs)
    used_slots, slot_row = np.unique(slot, return_inverse=True)
    rows = [
        sparse.csr_array((np.ones(n), (slot_row, np.arange(n))), shape=(len(used_slots), n)),  # a slot once
        sparse.csr_array((np.ones(n), (org, np.arange(n))), shape=(organisations, n)),  # an organisation's week
        sparse.csr_array((np.ones(n), (org * 7 + day[slot], np.arange(n))), shape=(organisations * 7, n)),
    ]
    upper = np.concatenate([np.ones(len(used_slots)), shifts, np.repeat(per_evening, 7)])
    result = optimize.milp(
        -value[slot],
        constraints=optimize.LinearConstraint(sparse.vstack(rows), -np.inf, upper),
        integrality=np.ones(n),
        bounds=optimize.Bounds(0, 1),
    )
    if not result.success:
        raise RuntimeError(f"the allocation could not be solved: {result.message}")
    take = np.flatnonzero(result.x > 0.5)
    take = take[np.argsort(-value[slot[take]], kind="stable")]
    return Allocation([(int(org[i]), int(slot[i])) for i in take], float(value[slot[take]].sum()))
