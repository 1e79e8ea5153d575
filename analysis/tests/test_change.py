"""The change markers: an exact test of two Poisson counts, Holm over a table's rows, and calibration."""

import math

import numpy as np
import pytest

from analysis.change import change_p, holm, marked_changes


def test_change_p_is_the_two_sided_binomial_tail_computed_by_hand():
    # 10 against 2: P(X ≥ 10 | n = 12, ½) = (66 + 12 + 1) / 4096, doubled by symmetry.
    assert change_p(10, 2) == pytest.approx(2 * 79 / 4096)
    assert change_p(2, 10) == pytest.approx(2 * 79 / 4096)
    assert change_p(0, 0) == 1.0
    assert change_p(7, 7) == pytest.approx(1.0)


def test_no_change_below_six_in_all_can_pass_five_percent():
    assert change_p(5, 0) == pytest.approx(2 / 32)
    assert change_p(6, 0) == pytest.approx(2 / 64)
    assert not any(change_p(a, 5 - a) <= 0.05 for a in range(6))


def test_a_count_of_ten_moving_by_six_is_chance():
    assert change_p(16, 10) > 0.05
    assert change_p(4, 10) > 0.05


def test_holm_steps_down_and_stops_at_the_first_failure():
    assert holm([0.01, 0.04, 0.03]).tolist() == [True, False, False]
    assert holm([0.01, 0.02, 0.04], alpha=0.05).tolist() == [True, True, True]
    assert holm([0.2, 0.001]).tolist() == [False, True]


@pytest.mark.parametrize("bad", [[-0.1], [1.5], [math.nan]])
def test_holm_refuses_what_is_not_a_p_value(bad):
    with pytest.raises(ValueError):
        holm(bad)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        change_p(-1, 3)


def test_a_real_change_is_marked():
    assert marked_changes([(40, 10), (3, 4), (8, 9)]) == [True, False, False]


@pytest.mark.parametrize("mean", [0.5, 3.0, 10.0, 40.0])
def test_on_random_weeks_a_table_is_marked_at_most_one_week_in_twenty(mean):
    """Two weeks from the same Poisson rates, ten rows of differing size: any marked row counts as a false
    alarm for the whole table. The bound allows three binomial standard errors over 5 %."""
    rng = np.random.default_rng(int(mean * 10))
    runs, rows = 1500, 10
    scale = mean * rng.uniform(0.2, 1.8, size=rows)
    alarms = sum(
        any(marked_changes(list(zip(rng.poisson(scale), rng.poisson(scale), strict=True)))) for _ in range(runs)
    )
    slack = 3 * math.sqrt(0.05 * 0.95 / runs)
    assert alarms / runs <= 0.05 + slack


def test_change_p_equals_scipys_exact_binomial_test():
    from scipy.stats import binomtest

    for now in range(25):
        for before in range(25):
            if now + before:
                assert change_p(now, before) == pytest.approx(binomtest(now, now + before, 0.5).pvalue, abs=1e-12)
