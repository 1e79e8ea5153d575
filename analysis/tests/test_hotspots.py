import numpy as np
import pytest
from scipy import sparse
from scipy.spatial.distance import cdist

from analysis.hotspots import (
    Grid,
    binned_kde,
    classify_change,
    getis_ord_gi_star,
    gi_star_from_weights,
    grid_counts,
    weekday_hour_matrix,
)
from analysis.projection import to_sweref99tm, to_wgs84


def test_gi_star_matches_esda_published_values():
    # esda.getisord.G_Local docstring: DistanceBand(threshold=15), transform='B', star=True.
    points = np.array([(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)], dtype=float)
    y = np.array([2, 3, 3.2, 5, 8, 7])
    w = (cdist(points, points) <= 15).astype(float)  # binary, self-weight 1 on the diagonal
    expected = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331]
    np.testing.assert_allclose(gi_star_from_weights(y, w), expected, atol=1e-8)
    np.testing.assert_allclose(gi_star_from_weights(y, sparse.csr_matrix(w)), expected, atol=1e-8)


def test_gi_star_by_hand_on_a_three_cell_line():
    # x = [0, 0, 3]; cell 2's neighbourhood {1, 2}: sum 3, w = 2; n = 3, mean 1, S = sqrt(3 - 1) = sqrt 2.
    # z = (3 - 1*2) / (sqrt2 * sqrt((3*2 - 4) / 2)) = 1 / sqrt 2
    z = getis_ord_gi_star(np.array([[0.0, 0.0, 3.0]]), kernel=np.array([[1.0, 1.0, 1.0]]))
    assert z[0, 2] == pytest.approx(1 / np.sqrt(2), abs=1e-12)
    # Cell 1 sees everything: sum 3, w = 3 -> numerator 0.
    assert z[0, 1] == pytest.approx(0.0, abs=1e-12)


def _queen_matrix(rows: int, cols: int) -> np.ndarray:
    idx = np.arange(rows * cols).reshape(rows, cols)
    w = np.zeros((rows * cols, rows * cols))
    for r in range(rows):
        for c in range(cols):
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    if 0 <= r + dr < rows and 0 <= c + dc < cols:
                        w[idx[r, c], idx[r + dr, c + dc]] = 1
    return w


def test_grid_convolution_equals_explicit_weights():
    rng = np.random.default_rng(7)
    values = rng.poisson(2.0, size=(9, 13)).astype(float)
    np.testing.assert_allclose(
        getis_ord_gi_star(values).ravel(), gi_star_from_weights(values.ravel(), _queen_matrix(9, 13)), atol=1e-12
    )


def test_constant_grid_has_no_hot_spots():
    assert not np.any(getis_ord_gi_star(np.full((5, 5), 3.0)))


def test_cluster_is_a_hot_spot():
    values = np.zeros((20, 20))
    values[9:12, 9:12] = 10
    z = getis_ord_gi_star(values)
    assert z[10, 10] > 1.96
    assert z[0, 0] < 1.96


def test_grid_counts_and_bounds():
    grid = Grid(0.0, 0.0, 100.0, rows=2, cols=3)
    counts = grid_counts(np.array([5, 150, 150, 299, 350, -1]), np.array([5, 50, 99, 199, 50, 50]), grid)
    np.testing.assert_array_equal(counts, [[1, 2, 0], [0, 0, 1]])
    assert grid.cell_bounds(1, 2) == (200.0, 100.0, 300.0, 200.0)


def test_grid_covering_contains_every_point():
    x, y = np.array([1000.0, 2550.0]), np.array([5000.0, 5075.0])
    grid = Grid.covering(x, y, 250, margin=1)
    assert grid_counts(x, y, grid).sum() == 2
    assert grid.x0 == 750 and grid.y0 == 4750


def test_binned_kde_preserves_mass():
    counts = np.zeros((41, 41))
    counts[20, 20] = 5
    density = binned_kde(counts, cell_size=100, bandwidth=200)
    # points per km², cells of 0.01 km²: the sum times cell area is the number of points
    assert density.sum() * 0.01 == pytest.approx(5, rel=1e-6)
    assert density.argmax() == 20 * 41 + 20


def test_classify_change():
    before = np.array([3.0, 3.0, 0.0, 0.0])
    now = np.array([3.0, 0.0, 3.0, 0.0])
    assert list(classify_change(before, now)) == ["persistent", "ended", "new", ""]


def test_weekday_hour_matrix():
    m = weekday_hour_matrix(np.array([0, 0, 4, 6]), np.array([21, 21, 23, 0]))
    assert m.shape == (7, 24)
    assert (m[0, 21], m[4, 23], m[6, 0], m.sum()) == (2, 1, 1, 4)


def test_sweref_projection_of_strangnas_round_trips():
    x, y = to_sweref99tm(59.3776, 17.0313)
    # Strängnäs lies around E 618 000, N 6 585 000 in SWEREF 99 TM.
    assert 600_000 < float(x) < 640_000 and 6_570_000 < float(y) < 6_600_000
    lat, lon = to_wgs84(x, y)
    assert float(lat) == pytest.approx(59.3776, abs=1e-9) and float(lon) == pytest.approx(17.0313, abs=1e-9)


def test_analysis_has_no_django_inside():
    from pathlib import Path

    sources = [p for p in Path(__file__).parents[1].glob("*.py")]
    assert sources
    assert not [p.name for p in sources if "django" in p.read_text()]
