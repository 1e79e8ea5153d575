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
