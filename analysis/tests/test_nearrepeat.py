import numpy as np
import pytest

from analysis.nearrepeat import knox


def test_knox_counts_pairs_by_hand():
    # Four events on a line: A(0) day 0, B(150 m) day 3, C(350 m) day 10, D(5000 m) day 1.
    # Pairs within 400 m: A–B 150 m 3 d → (0.1,200] × [0,7]; A–C 350 m 10 d → (200,400] × (7,14];
    # B–C 200 m 7 d → (0.1,200] × [0,7] (both edges closed on the right). D is too far from everyone.
    x, y, t = [0, 150, 350, 5000], [0, 0, 0, 0], [0, 3, 10, 1]
    result = knox(x, y, t, [0.1, 200, 400], [7, 14], permutations=19, seed=1)
    assert result.observed.tolist() == [[0, 0], [2, 0], [0, 1]]
    assert result.distance_bands == [(0.0, 0.1), (0.1, 200.0), (200.0, 400.0)]
    assert result.time_bands == [(0.0, 7.0), (7.0, 14.0)]
    # Permuting times never changes how many pairs there are in each distance band in total (within 14 d).
    assert result.expected.sum() <= 3 and np.all(result.p_value > 0) and np.all(result.p_value <= 1)


def test_same_place_same_day_is_the_first_band():
    result = knox([0, 0, 900], [0, 0, 0], [5, 5, 50], [0.1, 200], [1, 7], permutations=9)
    assert result.observed[0, 0] == 1


def test_a_planted_near_repeat_pattern_is_found_and_random_data_is_not():
    rng = np.random.default_rng(3)
    n = 400
    x, y, t = rng.uniform(0, 5000, n), rng.uniform(0, 5000, n), rng.uniform(0, 365, n)
    random_result = knox(x, y, t, [100, 200], [7, 14], permutations=99, seed=2)
    assert np.all(random_result.p_value > 0.01)
    # Each of 60 events gets a follower within 80 m and 3 days.
    followers = rng.integers(0, n, 60)
    x2 = np.concatenate([x, x[followers] + rng.uniform(-50, 50, 60)])
    y2 = np.concatenate([y, y[followers] + rng.uniform(-50, 50, 60)])
    t2 = np.concatenate([t, t[followers] + rng.uniform(0, 3, 60)])
    planted = knox(x2, y2, t2, [100, 200], [7, 14], permutations=99, seed=2)
    assert planted.p_value[0, 0] == pytest.approx(0.01)
    assert planted.ratio_median[0, 0] > 2


@pytest.mark.parametrize(
    "bad, message",
    [
        (dict(x=[0, 1], y=[0, 1], t=[0, 1]), "three"),
        (dict(x=[0, 1, np.nan], y=[0, 1, 2], t=[0, 1, 2]), "finite"),
    ],
)
def test_bad_input_is_a_clear_error(bad, message):
    with pytest.raises(ValueError, match=message):
        knox(bad["x"], bad["y"], bad["t"], [100], [7])


def test_band_edges_must_increase():
    with pytest.raises(ValueError, match="increasing"):
        knox([0, 1, 2], [0, 1, 2], [0, 1, 2], [200, 100], [7])


def _random_events(rng, n, side):
    return rng.uniform(0, side, n), rng.uniform(0, side, n), rng.uniform(0, 365, n)


def _upper_rate(runs: int, rate: float = 0.05) -> float:
    """The most runs out of ``runs`` that a true rate of ``rate`` gives with probability 0.99."""
    from scipy.stats import binom

    return binom.ppf(0.99, runs, rate) / runs


def test_exact_moments_equal_every_permutation_of_a_small_set():
    import itertools

    rng = np.random.default_rng(1)
    x, y, t = rng.uniform(0, 300, 6), rng.uniform(0, 300, 6), rng.integers(0, 20, 6).astype(float)
    tables = np.array(
        [knox(x, y, t[list(p)], [100, 200], [5, 10], permutations=1).observed for p in itertools.permutations(range(6))]
    )
    result = knox(x, y, t, [100, 200], [5, 10], permutations=1)
    assert result.exact_mean == pytest.approx(tables.mean(axis=0), abs=1e-9)
    assert result.exact_sd == pytest.approx(tables.std(axis=0), abs=1e-9)


def test_normal_method_agrees_with_the_permutations_on_mid_size_data():
    rng = np.random.default_rng(5)
    x, y, t = _random_events(rng, 1500, 4000)
    followers = rng.integers(0, 1500, 40)
    x = np.concatenate([x, x[followers] + rng.uniform(-60, 60, 40)])
    y = np.concatenate([y, y[followers] + rng.uniform(-60, 60, 40)])
    t = np.concatenate([t, t[followers] + rng.uniform(0, 5, 40)])
    bands = ([0.1, 100, 200, 400], [7, 14, 21])
    mc = knox(x, y, t, *bands, permutations=999, seed=1, method="permutation")
    normal = knox(x, y, t, *bands, method="normal")
    assert mc.method == "permutation" and normal.method == "normal" and normal.permutations == 0
    assert np.array_equal(mc.observed, normal.observed)
    assert np.array_equal(mc.exact_mean, normal.exact_mean)
    # The permutations' mean is within four standard errors of the exact mean, their sd within 10 %.
    assert np.all(np.abs(mc.expected - normal.expected) <= 4 * normal.exact_sd / np.sqrt(999) + 1e-9)
    varying = normal.exact_sd > 1
    assert np.array_equal(mc.exact_sd, normal.exact_sd)
    assert np.array_equal(mc.p_family <= 0.05, normal.p_family <= 0.05)
    assert (normal.p_family <= 0.05)[1, 0] and varying[1:].all()
    assert np.all(np.abs(mc.p_value - normal.p_value)[varying] < 0.06)


def test_monte_carlo_sd_is_close_to_the_mantel_sd():
    rng = np.random.default_rng(8)
    x, y, t = _random_events(rng, 800, 3000)
    bands = ([100, 200, 400], [7, 14])
    result = knox(x, y, t, *bands, permutations=1, method="permutation")
    tables = np.array([knox(x, y, t[rng.permutation(800)], *bands, permutations=1).observed for _ in range(400)])
    assert tables.std(axis=0) == pytest.approx(result.exact_sd, rel=0.15)


@pytest.mark.parametrize("method, sizes", [("permutation", (60, 150, 300)), ("normal", (400, 1000))])
def test_on_random_data_any_family_reading_is_at_most_one_run_in_twenty(method, sizes):
    # Space and time independent at several densities; 200 runs each so that a rate above 5 % shows.
    rng = np.random.default_rng(11)
    runs, family, per_cell = 0, 0, 0
    for n in sizes:
        for _ in range(200 // len(sizes) + 1):
            x, y, t = _random_events(rng, n, 3000)
            result = knox(x, y, t, [0.1, 100, 200, 400], [7, 14, 21], permutations=99, seed=runs, method=method)
            runs += 1
            family += bool(np.any(result.p_family <= 0.05))
            per_cell += bool(np.any(result.p_value <= 0.05))
    print(f"{method}: {runs} runs, any p_family <= 0.05 in {family}, any p_value <= 0.05 in {per_cell}")
    assert family / runs <= _upper_rate(runs)
    assert per_cell / runs > _upper_rate(runs)  # without the control, twelve cells read far more often


def test_a_planted_cluster_is_found_with_the_whole_table_controlled():
    rng = np.random.default_rng(3)
    x, y, t = _random_events(rng, 400, 5000)
    followers = rng.integers(0, 400, 60)
    x = np.concatenate([x, x[followers] + rng.uniform(-50, 50, 60)])
    y = np.concatenate([y, y[followers] + rng.uniform(-50, 50, 60)])
    t = np.concatenate([t, t[followers] + rng.uniform(0, 3, 60)])
    result = knox(x, y, t, [100, 200], [7, 14], permutations=99, seed=2)
    assert result.p_family[0, 0] == pytest.approx(0.01)
    assert np.all(result.p_family >= result.p_value)


def test_a_sample_is_stated():
    rng = np.random.default_rng(2)
    x, y, t = _random_events(rng, 500, 3000)
    result = knox(x, y, t, [100], [7], sample=200)
    assert result.events == 200 and result.sampled_from == 500
    assert knox(x, y, t, [100], [7], sample=500).sampled_from is None


def test_a_pair_exactly_seven_days_apart_is_in_the_first_band_despite_rounding():
    # Noon one Wednesday and the next as fractional days: the difference may be 7 ± 1e-12.
    t = np.array([20023.148148148146, 20023.148148148146 + 7, 20400.0])
    result = knox([0, 10, 5000], [0, 0, 0], t, [100], [7, 14], permutations=9)
    assert result.observed.tolist() == [[1, 0]]
