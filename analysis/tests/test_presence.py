"""Presence against incidents: coverage by hand, the shrinkage on a worked example and on
synthetic slots with known rates, and the allocation against brute force."""

import itertools

import numpy as np
import pytest

from analysis import presence

HOUR = 3600.0


def test_coverage_of_a_hand_made_case():
    # Two places 1 km apart; a window at each. Incident 0 is 100 m from place A during A's window; incident 1
    # is at A but after its window; incident 2 is 250 m from B during B's window (outside a 200 m radius).
    window_xy = [(0, 0), (1000, 0)]
    start, end = [18 * HOUR, 20 * HOUR], [21 * HOUR, 22 * HOUR]
    incident_xy = [(100, 0), (0, 0), (1250, 0)]
    incident_t = [19 * HOUR, 21.5 * HOUR, 21 * HOUR]
    result = presence.coverage(incident_xy, incident_t, window_xy, start, end, radius_m=200, window_staff=[2, 3])
    assert result.covered.tolist() == [True, False, False]
    assert result.share == pytest.approx(1 / 3)
    assert result.presence_hours == pytest.approx(3 * 2 + 2 * 3)
    assert result.idle_hours == pytest.approx(2 * 3)  # B's window saw nothing within 200 m
    wider = presence.coverage(incident_xy, incident_t, window_xy, start, end, radius_m=300)
    assert wider.covered.tolist() == [True, False, True] and wider.idle_hours == 0


def test_coverage_without_incidents_or_presence():
    empty = presence.coverage(np.empty((0, 2)), [], [(0, 0)], [0], [HOUR], radius_m=300)
    assert np.isnan(empty.share) and empty.idle_hours == 1
    nobody = presence.coverage([(0, 0)], [10], np.empty((0, 2)), [], [], radius_m=300)
    assert nobody.share == 0 and nobody.presence_hours == 0


def test_shrinkage_on_a_worked_example():
    """Five slots of one district over 8 weeks with 0, 0, 0, 1 and 9 incidents, worked by hand:
    m = 10 / 40 = 1/4; raw rates 0, 0, 0, 1/8, 9/8; their variance 0.25625 − 1/16 = 0.19375; less the
    Poisson noise m / 8 = 1/32 leaves v = 0.1625; b = m / v = 1.5385 weeks, a = m b = 0.38462.
    A slot with one incident: (a + 1) / (b + 8) = 0.14516, not the raw 0.125 and not the district's 0.25;
    with nine: 0.98387 instead of 1.125; with none: 0.04032."""
    rates = presence.shrunk_rates(np.array([0, 0, 0, 1, 9]), weeks=8, group=np.zeros(5, int))
    v = 0.25625 - 1 / 16 - 1 / 32
    b = 0.25 / v
    a = 0.25 * b
    assert rates.prior_mean.tolist() == [0.25] and rates.prior_weeks[0] == pytest.approx(b)
    assert rates.expected == pytest.approx([a / (b + 8)] * 3 + [(a + 1) / (b + 8), (a + 9) / (b + 8)])
    assert rates.expected[3] == pytest.approx(0.14516, abs=1e-5) and rates.expected[4] == pytest.approx(
        0.98387, abs=1e-5
    )
    assert np.all(rates.low < rates.expected) and np.all(rates.expected < rates.high)


def test_slots_that_differ_by_noise_alone_all_get_the_district_rate():
    rates = presence.shrunk_rates(np.array([1, 1, 1, 1]), weeks=4, group=np.zeros(4, int))
    assert rates.expected.tolist() == [0.25] * 4 and np.isinf(rates.prior_weeks[0])
    quiet = presence.shrunk_rates(np.array([0, 0, 3, 0]), weeks=4, group=np.array([0, 0, 1, 1]))
    assert quiet.expected[:2].tolist() == [0, 0] and quiet.high[:2].tolist() == [0, 0]


def test_shrinkage_beats_the_raw_rates_on_slots_with_known_rates():
    """Synthetic districts whose slots' true rates are drawn from a gamma distribution: over held-out
    weeks the shrunk rates predict better (lower mean Poisson deviance) than each slot's own past."""
    rng = np.random.default_rng(16)
    group = np.repeat(np.arange(20), 84)
    true = rng.gamma(0.5, 0.2, size=len(group)) * rng.uniform(0.5, 2, size=20)[group]
    past = rng.poisson(true * 8)
    future = rng.poisson(true * 4)
    rates = presence.shrunk_rates(past, weeks=8, group=group)
    shrunk = presence.poisson_deviance(future, rates.expected * 4)
    raw = presence.poisson_deviance(future, rates.raw * 4)
    assert shrunk < raw * 0.8
    inside = np.mean((rates.low <= true) & (true <= rates.high))
    assert 0.7 < inside < 0.9  # an 80 % interval holds the true rate about 80 % of the time


def _brute_force(value, allowed, shifts, per_evening, slots):
    best = 0.0
    day = (np.arange(len(value)) % presence.SLOTS_PER_PLACE) // presence.WINDOWS_PER_DAY
    for choice in itertools.product(range(-1, len(shifts)), repeat=len(slots)):
        used = [(o, s) for o, s in zip(choice, slots, strict=True) if o >= 0]
        if any(not allowed[o, s] for o, s in used):
            continue
        if any(sum(1 for o2, _ in used if o2 == o) > shifts[o] for o in range(len(shifts))):
            continue
        if any(
            sum(1 for o2, s in used if o2 == o and day[s] == d) > per_evening[o]
            for o in range(len(shifts))
            for d in range(7)
        ):
            continue
        best = max(best, sum(value[s] for _, s in used))
    return best


def test_the_allocation_is_optimal_on_small_cases():
    rng = np.random.default_rng(7)
    for _ in range(40):
        slots = sorted(rng.choice(2 * presence.SLOTS_PER_PLACE, size=6, replace=False).tolist())
        value = np.zeros(2 * presence.SLOTS_PER_PLACE)
        value[slots] = rng.integers(1, 20, size=6) / 4
        organisations = int(rng.integers(1, 3))
        allowed = rng.random((organisations, len(value))) < 0.7
        shifts = rng.integers(0, 4, size=organisations)
        per_evening = rng.integers(1, 3, size=organisations)
        result = presence.allocate(value, allowed, shifts, per_evening)
        assert result.covered_value == pytest.approx(_brute_force(value, allowed, shifts, per_evening, slots))
        assert len({s for _, s in result.chosen}) == len(result.chosen)  # a slot once
        assert all(allowed[o, s] for o, s in result.chosen)


def test_the_allocation_respects_an_evening_cap_and_prefers_the_larger_gaps():
    value = np.zeros(presence.SLOTS_PER_PLACE)
    friday_evening, friday_night, saturday = 4 * 12 + 10, 4 * 12 + 11, 5 * 12 + 10
    value[[friday_evening, friday_night, saturday]] = [3.0, 2.0, 1.0]
    result = presence.allocate(value, np.ones((1, len(value)), bool), shifts=[2], per_evening=[1])
    assert result.chosen == [(0, friday_evening), (0, saturday)] and result.covered_value == 4.0


def test_a_time_profile_lets_a_quiet_slot_in_a_busy_hour_expect_more():
    """Evenings busy, nights quiet, as in EST reporting: with the municipality's weekday × time profile
    as the prior's shape, slots are predicted better than with the district's flat rate, and a slot
    without incidents on a Friday evening expects more than one at four in the morning."""
    rng = np.random.default_rng(61)
    places, weeks = 30, 8
    by_window = np.tile(np.array([1, 0.3, 0.1, 0.1, 0.3, 0.6, 1, 1.5, 2, 4, 6, 3]), 7)
    true = np.tile(by_window, places) * np.repeat(rng.gamma(2, 0.01, places), presence.SLOTS_PER_PLACE)
    group = np.repeat(np.arange(places) // 10, presence.SLOTS_PER_PLACE)
    past, future = rng.poisson(true * weeks), rng.poisson(true * 26)
    profile = presence.time_profile(past.reshape(places, -1).sum(axis=0), places)
    assert profile.mean() == pytest.approx(1) and profile[4 * 12 + 10] > 5 * profile[4 * 12 + 2]
    shaped = presence.shrunk_rates(past, weeks, group, profile)
    flat = presence.shrunk_rates(past, weeks, group)
    assert presence.poisson_deviance(future, shaped.expected * 26) < presence.poisson_deviance(
        future, flat.expected * 26
    )
    quiet = np.flatnonzero(past == 0)
    friday_evening = quiet[(quiet % presence.SLOTS_PER_PLACE) == 4 * 12 + 10]
    friday_night = quiet[(quiet % presence.SLOTS_PER_PLACE) == 4 * 12 + 2]
    assert shaped.expected[friday_evening].mean() > 3 * shaped.expected[friday_night].mean()


def test_the_prediction_accuracy_index_of_a_hand_made_case():
    """20 equal units, 30 held-out incidents; the forecast's top unit (5 % of the area) holds 6 of them:
    PAI = (6 / 30) / (1 / 20) = 4. The best single unit holds 10, so PEI = 6 / 10."""
    forecast = np.arange(20, 0, -1, dtype=float)  # unit 0 ranks first
    observed = np.zeros(20)
    observed[[0, 1, 2, 19]] = [6, 9, 10, 5]  # 30 in all
    result = presence.prediction_accuracy_index(forecast, observed)
    assert result.total == 30 and result.captured == 6 and result.area_share == pytest.approx(0.05)
    assert result.pai == pytest.approx(4.0)
    assert result.best == 10 and result.pei == pytest.approx(0.6)
    assert result.flagged.tolist() == [1.0] + [0.0] * 19
    wider = presence.prediction_accuracy_index(forecast, observed, share=0.15)  # three units: 25 of 30
    assert wider.captured == 25 and wider.pai == pytest.approx((25 / 30) / 0.15) and wider.pei == 1.0


def test_ties_at_the_cut_off_are_split_pro_rata_or_taken_whole_in_order():
    # Ten units; 10 % of the area is one unit, but units 3 and 7 tie for first: each is half flagged.
    forecast = np.array([0, 0, 0, 5, 0, 0, 0, 5, 0, 0], float)
    observed = np.array([1, 0, 0, 4, 0, 0, 0, 0, 0, 5], float)
    split = presence.prediction_accuracy_index(forecast, observed, share=0.1)
    assert split.flagged[[3, 7]].tolist() == [0.5, 0.5] and split.flagged.sum() == pytest.approx(1)
    assert split.captured == pytest.approx(2) and split.area_share == pytest.approx(0.1)
    assert split.pai == pytest.approx((2 / 10) / 0.1)
    reordered = presence.prediction_accuracy_index(forecast[::-1], observed[::-1], share=0.1)
    assert reordered.pai == pytest.approx(split.pai)  # the units' order does not matter
    whole = presence.prediction_accuracy_index(forecast, observed, share=0.1, ties="whole")
    assert whole.flagged.tolist() == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0] and whole.pai == pytest.approx(4.0)
    # 15 % of ten units: whole units overshoot to two and say so; split flags one and a half.
    over = presence.prediction_accuracy_index(forecast, observed, share=0.15, ties="whole")
    assert over.area_share == pytest.approx(0.2) and over.pai == pytest.approx((4 / 10) / 0.2)
    half = presence.prediction_accuracy_index(forecast, observed, share=0.15)
    assert half.flagged[[3, 7]].tolist() == [0.75, 0.75] and half.area_share == pytest.approx(0.15)


def test_a_flat_forecast_scores_one_and_the_whole_area_scores_one():
    observed = np.array([3, 0, 1, 0, 0, 2, 0, 0], float)
    assert presence.prediction_accuracy_index(np.ones(8), observed, share=0.25).pai == pytest.approx(1)
    everything = presence.prediction_accuracy_index(np.arange(8.0), observed, share=1.0)
    assert everything.pai == pytest.approx(1) and everything.captured == 6


def test_the_prediction_accuracy_index_with_unequal_areas():
    # Areas 1, 3, 6 (total 10); 10 % is unit 0, the highest-ranked, holding 2 of 4 incidents: PAI = 5.
    result = presence.prediction_accuracy_index([9, 5, 1], [2, 0, 2], area=[1, 3, 6], share=0.1)
    assert result.area_share == pytest.approx(0.1) and result.pai == pytest.approx(5.0)
    # 40 %: unit 0 whole and unit 1 (area 3) whole; 2 of 4 in 40 % of the area.
    assert presence.prediction_accuracy_index([9, 5, 1], [2, 0, 2], area=[1, 3, 6], share=0.4).pai == pytest.approx(
        1.25
    )


def test_the_prediction_accuracy_index_without_held_out_incidents_is_undefined():
    result = presence.prediction_accuracy_index(np.arange(5.0), np.zeros(5), share=0.2)
    assert np.isnan(result.pai) and np.isnan(result.pei) and result.total == 0


@pytest.mark.parametrize(
    "forecast, observed, kwargs, message",
    [
        ([1, 2], [1, 2, 3], {}, "differ in shape"),
        ([1, 2], [1, -1], {}, "negative"),
        ([1, np.nan], [1, 1], {}, "NaN"),
        ([1, 2], [1, np.inf], {}, "NaN"),
        ([1, 2], [1, 1], {"area": [1, 0]}, "positive"),
        ([1, 2], [1, 1], {"area": [1, 1, 1]}, "differ in shape"),
        ([1, 2], [1, 1], {"share": 0}, "share"),
        ([1, 2], [1, 1], {"share": 1.5}, "share"),
        ([1, 2], [1, 1], {"share": float("nan")}, "share"),
        ([], [], {}, "no units"),
        ([1, 2], [1, 1], {"ties": "random"}, "ties"),
    ],
)
def test_the_prediction_accuracy_index_refuses_bad_input(forecast, observed, kwargs, message):
    with pytest.raises(ValueError, match=message):
        presence.prediction_accuracy_index(forecast, observed, **kwargs)
