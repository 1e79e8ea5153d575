"""The measure-evaluation statistics against the values their authors and reference implementations publish,
against hand-computed cases where none is published, and calibrated on data without an effect."""

import math

import numpy as np
import pytest
from scipy.stats import binomtest

from analysis.evaluation import EvaluationError, compare_rates, series_regression, wdd, wdd_harm, wdq


def test_wdd_reproduces_wheeler_and_ratcliffes_paper():
    """Wheeler & Ratcliffe (2018), Crime Science 7:7, worked example: WDD −118, variance 1568, z −2.98,
    95 % interval −196 to −40 (ptools tests/testthat/test-wdd.R, "Est & Variance Paper")."""
    result = wdd(target=(207, 110), control=(308, 318), buffer=(178, 157), buffer_control=(150, 140))
    assert result.estimate == -118
    assert result.se == pytest.approx(math.sqrt(1568))
    assert round(result.z, 2) == -2.98
    assert (round(result.ci_low), round(result.ci_high)) == (-196, -40)
    assert result.local == (110 - 207) - (318 - 308) and result.displacement == (157 - 178) - (140 - 150)


def test_wdd_time_weights_reproduce_wheelers_unequal_periods_example():
    """Two years before, one after: WDD −20, SE √115 (andrewpwheeler.com 2021-01-09; ptools "Time Weights")."""
    result = wdd(target=(80, 20), control=(100, 50), time_weights=(2, 1))
    assert result.estimate == pytest.approx(-20)
    assert result.se == pytest.approx(math.sqrt(115))


def test_wdd_area_weights_reproduce_wheelers_different_areas_example():
    """Area weights 0.9 (control), 1.2 (target), 1.6 (buffer control), 1.5 (buffer): −99.69444444, SE
    35.4280755, z −2.813995483, 95 % −169.1321965 to −30.25669241 (andrewpwheeler.com 2021-02-23; ptools)."""
    result = wdd(
        target=(207, 110),
        control=(308, 318),
        buffer=(178, 157),
        buffer_control=(150, 140),
        area_weights=(1.2, 0.9, 1.5, 1.6),
    )
    assert result.estimate == pytest.approx(-99.69444444)
    assert result.se == pytest.approx(35.4280755)
    assert result.z == pytest.approx(-2.813995483)
    assert (result.ci_low, result.ci_high) == (pytest.approx(-169.1321965), pytest.approx(-30.25669241))


def test_wdd_harm_adds_weighted_estimates_and_variances():
    """Hand-computed from ptools' wdd_harm example counts: robbery (20,20)/(20,10) → −10, var 70; burglary
    (30,30)/(25,20) → −5, var 105; theft (80,60)/(70,20) → −30, var 230; harm weights 10, 5, 1:
    −10·10 − 5·5 − 30·1 = −155, variance 70·100 + 105·25 + 230 = 9855."""
    parts = [wdd(target=(20, 10), control=(20, 20)), wdd(target=(25, 20), control=(30, 30))]
    parts.append(wdd(target=(70, 20), control=(80, 60)))
    assert [p.local for p in parts] == [-10, -5, -30]
    assert [p.local_se**2 for p in parts] == [pytest.approx(70), pytest.approx(105), pytest.approx(230)]
    harm = wdd_harm([p.local for p in parts], [p.local_se for p in parts], [10, 5, 1])
    assert harm.estimate == pytest.approx(-155)
    assert harm.se == pytest.approx(math.sqrt(9855))


def test_wdq_by_hand():
    """Bowers & Johnson (2003): success = A1/C1 − A0/C0 = 60/180 − 100/200 = −1/6; buffer = 70/180 − 80/200
    = −1/90; WDQ = buffer / success = 1/15 (a small diffusion of benefits); total net effect
    (100·180/200 − 60) + (80·180/200 − 70) = 30 + 2 = 32 incidents prevented."""
    result = wdq(target=(100, 60), control=(200, 180), buffer=(80, 70))
    assert result.success == pytest.approx(-1 / 6)
    assert result.buffer == pytest.approx(-1 / 90)
    assert result.wdq == pytest.approx(1 / 15)
    assert result.total_net_effect == pytest.approx(32)
    assert wdq(target=(100, 60), control=(200, 180)).wdq is None  # no buffer, no quotient


def test_e_test_reproduces_krishnamoorthy_and_thomson():
    """Krishnamoorthy & Thomson (2004): p = 0.0884 for counts 0 and 3, 0.1749 for 6 and 2 (equal exposures;
    ptools tests/testthat/test-etest.R, "Paper rep 1/2")."""
    assert compare_rates(0, 3).p_value == pytest.approx(0.0884, abs=0.0005)
    assert round(compare_rates(6, 2).p_value, 4) == 0.1749
    assert compare_rates(6, 2).p_value == pytest.approx(compare_rates(2, 6).p_value)


def test_rate_ratio_interval_reproduces_r_poisson_test():
    """R's stats::poisson.test help page: poisson.test(c(11, 6 + 8 + 7), c(800, 1083 + 1050 + 878)) gives rate
    ratio 1.971488, 95 % interval 0.8584264 to 4.2772659."""
    result = compare_rates(11, 21, exposure1=800, exposure2=3011)
    assert result.rate_ratio == pytest.approx(1.971488, abs=1e-6)
    assert (result.ci_low, result.ci_high) == (pytest.approx(0.8584264, abs=1e-6), pytest.approx(4.2772659, abs=1e-6))


def test_series_regression_equals_the_two_by_two_case_by_hand():
    """Constant weeks (no overdispersion): exp(b3) = (5/10)/(8/8) = 0.5 and SE(log) = √(1/80 + 1/40 + 1/64 +
    1/64) = 0.26220, so the 95 % interval is 0.5·e^(±1.95996·0.26220) = 0.29908 to 0.83591."""
    result = series_regression([10] * 8, [5] * 8, [8] * 8, [8] * 8)
    assert result.rate_ratio == pytest.approx(0.5)
    assert (result.ci_low, result.ci_high) == (pytest.approx(0.29908, abs=1e-4), pytest.approx(0.83591, abs=1e-4))
    assert result.dispersion == pytest.approx(0, abs=1e-9)


def _rejections(p_values, alpha=0.05) -> float:
    return float(np.mean(np.asarray(p_values) < alpha))


def test_wdd_and_the_e_test_are_calibrated_on_counts_without_an_effect():
    """No effect anywhere: at 5 % each may reject in about one run in twenty, not significantly more often."""
    rng = np.random.default_rng(20261127)
    runs = 2000
    counts = rng.poisson(40, size=(runs, 8))
    wdd_p = [wdd(c[0:2], c[2:4], c[4:6], c[6:8]).p_value for c in counts]
    e_p = [compare_rates(int(c[0]), int(c[1]), 90, 90).p_value for c in counts[:500]]
    for p_values in (wdd_p, e_p):
        rejected = int(round(_rejections(p_values) * len(p_values)))
        assert binomtest(rejected, len(p_values), 0.05, alternative="greater").pvalue > 0.01


def test_series_regression_is_calibrated_even_on_overdispersed_weeks():
    """Negative binomial weeks (variance twice the mean) without an effect: the Pearson scale keeps the
    regression at its stated 5 %; a plain Poisson interval would reject far more often."""
    rng = np.random.default_rng(7)
    mean, size = 10.0, 10.0  # variance = mean + mean²/size = 2 × mean
    p_values = []
    for _ in range(400):
        weeks = rng.negative_binomial(size, size / (size + mean), size=(4, 26))
        p_values.append(series_regression(*weeks).p_value)
    rejected = int(round(_rejections(p_values) * len(p_values)))
    assert binomtest(rejected, len(p_values), 0.05, alternative="greater").pvalue > 0.01


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: wdd(target=(-1, 3), control=(2, 2)), "inte är negativa"),
        (lambda: wdd(target=(1, 2, 3), control=(2, 2)), "två antal"),
        (lambda: wdd(target=(1, 2), control=(2, 2), area_weights=(1, 1)), "4 vikter"),
        (lambda: wdd(target=(1, 2), control=(2, 2), time_weights=(0, 1)), "positiva"),
        (lambda: wdq(target=(10, 5), control=(0, 4)), "både före och efter"),
        (lambda: compare_rates(0, 0), "Båda antalen är noll"),
        (lambda: compare_rates(2.5, 3), "hela tal"),
        (lambda: wdd_harm([1, 2], [1], [1, 1]), "Lika många"),
        (lambda: series_regression([1] * 8, [1] * 8, [1] * 7, [1] * 8), "lika många veckor"),
        (lambda: series_regression([1] * 4, [1] * 4, [1] * 4, [1] * 4), "Minst 8 veckor"),
    ],
)
def test_bad_input_says_what_is_wrong(call, message):
    with pytest.raises(EvaluationError, match=message):
        call()
