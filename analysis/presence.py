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


# Scoring a forecast -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictionAccuracy:
    pai: float  # (n / N) / (a / A); nan without held-out incidents
    pei: float  # n / n*: the share of what the best map of the same area would have caught; nan when n* = 0
    captured: float  # n: held-out incidents in the flagged units (fractional where a tied unit is part-flagged)
    total: float  # N: all held-out incidents
    best: float  # n*: the most incidents any selection of the same area holds
    area_share: float  # a / A: the share of the area actually flagged
    flagged: np.ndarray  # per unit, the part of it flagged: 1, 0, or a fraction for a unit tied at the cut-off


def prediction_accuracy_index(
    forecast: np.ndarray,
    observed: np.ndarray,
    area: np.ndarray | None = None,
    share: float = 0.05,
    ties: str = "split",
) -> PredictionAccuracy:
    """The Prediction Accuracy Index of a forecast (Chainey, Tompson & Uhlig 2008): the share of the
    held-out incidents that fall in the units flagged as hot, divided by the share of the area flagged,
    PAI = (n / N) / (a / A). A map no better than chance scores 1.

    ``forecast``: per unit, what ranks it (highest first), used as given: for units of unequal ``area``
    pass a density if that is what should rank them. ``observed``: per unit, the held-out incidents.
    ``area``: per unit, positive; equal when None. Units are flagged in rank order until ``share`` of
    the total area is covered.

    Ties at the cut-off, deterministically and whatever the units' order:

    - ``"split"`` (default): every unit ranked above the cut-off value is flagged whole; the units tied
      at the cut-off value share what area is left pro rata, each flagged by the same fraction and its
      incidents counted by it (the expected count when the tie is broken at random). The area flagged is
      then exactly ``share``; a forecast that is the same everywhere scores PAI = 1.
    - ``"whole"``: whole units in rank order, ties by position (the lower index first), until the area
      flagged reaches ``share``; the last unit may overshoot it, and ``area_share`` says by how much.

    PEI, the predictive efficiency index (Hunt 2016): n / n*, where n* is the most incidents that any
    selection of the same area could hold, units taken by observed incidents per area with the last one
    divisible (exact for equal areas when the area is a whole number of units, an upper bound otherwise).

    Refuses: shapes that differ, no units, NaN or infinite values, negative incidents, areas that are not
    positive, ``share`` outside (0, 1]."""
    forecast, observed = np.asarray(forecast, float), np.asarray(observed, float)
    if forecast.shape != observed.shape:
        raise ValueError(f"forecast and observed differ in shape: {forecast.shape} and {observed.shape}")
    area = np.ones(forecast.shape) if area is None else np.asarray(area, float)
    if area.shape != forecast.shape:
        raise ValueError(f"area and forecast differ in shape: {area.shape} and {forecast.shape}")
    forecast, observed, area = forecast.ravel(), observed.ravel(), area.ravel()
    if not len(forecast):
        raise ValueError("no units to score")
    for name, values in (("forecast", forecast), ("observed", observed), ("area", area)):
        if not np.all(np.isfinite(values)):
            raise ValueError(f"{name} has NaN or infinite values")
    if np.any(observed < 0):
        raise ValueError("observed has negative counts")
    if np.any(area <= 0):
        raise ValueError("every unit's area must be positive")
    if not (0 < share <= 1):
        raise ValueError("share must be in (0, 1]")
    if ties not in ("split", "whole"):
        raise ValueError('ties must be "split" or "whole"')
    total_area = float(area.sum())
    target = share * total_area
    tolerance = 1e-9 * total_area  # so that 3 of 20 units cover 15 % despite rounding
    order = np.argsort(-forecast, kind="stable")
    reached = int(np.searchsorted(np.cumsum(area[order]) >= target - tolerance, True))
    flagged = np.zeros(len(forecast))
    if ties == "whole":
        flagged[order[: reached + 1]] = 1.0
    else:
        cut = forecast[order[reached]]
        above, tied = forecast > cut, forecast == cut
        flagged[above] = 1.0
        flagged[tied] = min(1.0, (target - area[above].sum()) / area[tied].sum())
    covered = float((flagged * area).sum())
    captured, total = float((flagged * observed).sum()), float(observed.sum())
    best = _most_in_area(observed, area, covered)
    return PredictionAccuracy(
        pai=(captured / total) / (covered / total_area) if total > 0 else float("nan"),
        pei=captured / best if best > 0 else float("nan"),
        captured=captured,
        total=total,
        best=best,
        area_share=covered / total_area,
        flagged=flagged,
    )


def _most_in_area(observed: np.ndarray, area: np.ndarray, budget: float) -> float:
    """The most incidents units of total area ``budget`` hold, densest first, the last unit divisible."""
    order = np.argsort(-observed / area, kind="stable")
    used = np.cumsum(area[order])
    whole = used <= budget * (1 + 1e-9)
    caught = float(observed[order][whole].sum())
    rest = budget - (used[whole][-1] if whole.any() else 0.0)
    partial = np.flatnonzero(~whole)
    if len(partial) and rest > 0:
        first = order[partial[0]]
        caught += observed[first] * min(1.0, rest / area[first])
    return caught
