"""Grid counts, binned kernel density, Getis-Ord Gi* and hot-spot change classification."""

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

QUEEN = np.ones((3, 3))
ROOK = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=float)


@dataclass(frozen=True)
class Grid:
    """A regular grid in projected metres: cell (row, col) covers
    [x0 + col*size, x0 + (col+1)*size) × [y0 + row*size, y0 + (row+1)*size)."""

    x0: float
    y0: float
    size: float
    rows: int
    cols: int

    @classmethod
    def covering(cls, x: np.ndarray, y: np.ndarray, size: float, margin: int = 1) -> "Grid":
        """The smallest grid aligned to multiples of ``size`` that covers the points, plus a margin of cells."""
        if len(x) == 0:
            raise ValueError("no points")
        x0 = (np.floor(np.min(x) / size) - margin) * size
        y0 = (np.floor(np.min(y) / size) - margin) * size
        cols = int(np.floor((np.max(x) - x0) / size)) + 1 + margin
        rows = int(np.floor((np.max(y) - y0) / size)) + 1 + margin
        return cls(float(x0), float(y0), float(size), rows, cols)

    def cell_bounds(self, row: int, col: int) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) of a cell."""
        xmin, ymin = self.x0 + col * self.size, self.y0 + row * self.size
        return xmin, ymin, xmin + self.size, ymin + self.size


def grid_counts(x: np.ndarray, y: np.ndarray, grid: Grid) -> np.ndarray:
    """Number of points per cell, shape (rows, cols). Points outside the grid are dropped."""
    col = np.floor((np.asarray(x) - grid.x0) / grid.size).astype(np.int64)
    row = np.floor((np.asarray(y) - grid.y0) / grid.size).astype(np.int64)
    inside = (row >= 0) & (row < grid.rows) & (col >= 0) & (col < grid.cols)
    flat = row[inside] * grid.cols + col[inside]
    return np.bincount(flat, minlength=grid.rows * grid.cols).reshape(grid.rows, grid.cols).astype(float)


def binned_kde(counts: np.ndarray, cell_size: float, bandwidth: float) -> np.ndarray:
    """Gaussian kernel density on a grid of counts, in points per square kilometre.

    Binned KDE: the counts are convolved with a Gaussian of standard deviation ``bandwidth`` metres,
    which equals the exact KDE evaluated at cell centres with points moved to their cell centre.
    """
    smoothed = ndimage.gaussian_filter(counts, sigma=bandwidth / cell_size, mode="constant", truncate=4.0)
    return smoothed / (cell_size / 1000.0) ** 2


def kde_bandwidth(x: np.ndarray, y: np.ndarray) -> float:
    """The default bandwidth of ArcGIS's Kernel Density (10.2.1 and later), a spatial Silverman rule that
    resists outliers: h = 0.9 · min(SD, √(1/ln 2) · Dm) · n^(−1/5), where SD is the standard distance of
    the points and Dm the median distance from their mean centre."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 2:
        raise ValueError("a bandwidth needs at least two points")
    dx, dy = x - x.mean(), y - y.mean()
    standard_distance = float(np.sqrt((dx**2).mean() + (dy**2).mean()))
    median_distance = float(np.median(np.hypot(dx, dy)))
    return 0.9 * min(standard_distance, np.sqrt(1 / np.log(2)) * median_distance) * len(x) ** -0.2


def _gi_star_z(x: np.ndarray, lag: np.ndarray, w_sum: np.ndarray, w_sq_sum: np.ndarray) -> np.ndarray:
    n = x.size
    if n < 2:
        raise ValueError("Gi* needs at least two observations")
    mean = x.mean()
    s = np.sqrt((x**2).mean() - mean**2)
    denominator = s * np.sqrt((n * w_sq_sum - w_sum**2) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (lag - mean * w_sum) / denominator
    return np.where(denominator > 0, z, 0.0)


def gi_star_from_weights(values: np.ndarray, weights) -> np.ndarray:
    """Gi* z-scores for any weights matrix (dense or scipy.sparse, n × n), self-weights on the diagonal."""
    x = np.asarray(values, dtype=float).ravel()
    w_sum = np.asarray(weights.sum(axis=1)).ravel()
    squared = weights.multiply(weights) if hasattr(weights, "multiply") else np.asarray(weights) ** 2
    w_sq_sum = np.asarray(squared.sum(axis=1)).ravel()
    return _gi_star_z(x, np.asarray(weights @ x).ravel(), w_sum, w_sq_sum)


def getis_ord_gi_star(values: np.ndarray, kernel: np.ndarray = QUEEN) -> np.ndarray:
    """Getis-Ord Gi* z-scores of every cell of a grid, with binary weights given by ``kernel``
    (queen contiguity including the cell itself by default).

    The classic formula (Getis & Ord 1992; Ord & Getis 1995), with x̄ and S over all n cells:
        Gi* = (Σ_j w_ij x_j − x̄ Σ_j w_ij) / (S √((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)))
    The neighbourhood sums are convolutions, so the cost is linear in the number of cells.
    """
    x = np.asarray(values, dtype=float)
    ones = np.ones_like(x)
    w_sum = ndimage.convolve(ones, kernel, mode="constant", cval=0.0)
    w_sq_sum = ndimage.convolve(ones, kernel**2, mode="constant", cval=0.0)
    lag = ndimage.convolve(x, kernel, mode="constant", cval=0.0)
    return _gi_star_z(x, lag, w_sum, w_sq_sum)


def classify_change(z_before: np.ndarray, z_now: np.ndarray, threshold: float = 1.96) -> np.ndarray:
    """Per cell: 'new', 'persistent', 'ended' hot spot, or '' (z above ``threshold``: p < 0.05, two-sided)."""
    before, now = np.asarray(z_before) > threshold, np.asarray(z_now) > threshold
    out = np.full(before.shape, "", dtype=object)
    out[now & ~before] = "new"
    out[now & before] = "persistent"
    out[~now & before] = "ended"
    return out


# Calibrated hot spots ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HotSpotResult:
    """Per cell of the grid: Gi* z, the pseudo p-value, the FDR-adjusted q-value (NaN where not tested)
    and the verdict: 'hot', 'cold' or ''."""

    z: np.ndarray
    p: np.ndarray
    q: np.ndarray
    kind: np.ndarray
    tested: int


def _neighbourhood_offsets(kernel: np.ndarray) -> list[tuple[int, int]]:
    centre = (kernel.shape[0] // 2, kernel.shape[1] // 2)
    return [(r - centre[0], c - centre[1]) for r, c in zip(*np.nonzero(kernel), strict=True) if (r, c) != centre]


def _neighbour_index(shape: tuple[int, int], kernel: np.ndarray) -> np.ndarray:
    """(cells, k) flat indices of each cell's neighbours, -1 where the neighbour is off the grid."""
    rows, cols = np.indices(shape)
    index = []
    for dr, dc in _neighbourhood_offsets(kernel):
        r, c = rows + dr, cols + dc
        inside = (r >= 0) & (r < shape[0]) & (c >= 0) & (c < shape[1])
        index.append(np.where(inside, r * shape[1] + c, -1).ravel())
    return np.stack(index, axis=1)


def _neighbourhood_sums(values: np.ndarray, neighbours: np.ndarray) -> np.ndarray:
    """Each cell's value plus its neighbours' (``neighbours`` from _neighbour_index, −1 for none)."""
    return values + np.where(neighbours >= 0, values[np.maximum(neighbours, 0)], 0).sum(axis=1)


def gi_star_significance(
    counts: np.ndarray,
    kernel: np.ndarray = QUEEN,
    alpha: float = 0.05,
    min_neighbourhood: int = 5,
    study_area: np.ndarray | None = None,
) -> HotSpotResult:
    """Getis-Ord Gi* with an exact test against spatial randomness and a false-discovery-rate correction.

    - Null hypothesis: the N incidents fell independently and uniformly among the n cells of the study
      area (complete spatial randomness; by default the whole grid, or ``study_area``, e.g. the cells where
      incidents happen at all, so that lakes and forest do not make every town cell hot). A neighbourhood
      of m cells of the area (the cell and its neighbours; Gi* includes the cell itself) then holds
      Binomial(N, m/n) incidents. Gi* with binary weights orders cells as the neighbourhood count does,
      so the p-value is the binomial tail at the observed count: upper for hot, lower for cold. It is
      exact, so there is no normal approximation on sparse counts (the old rule's flaw) and no resolution
      floor: esda-style permutations (999, smallest p 0.001) could never pass a correction over thousands
      of cells, and permuting counts among cells finds no cluster when all of a week's incidents share one
      neighbourhood.
    - Only cells that hold an incident and whose neighbourhood holds at least ``min_neighbourhood`` can be
      hot, and only where such a neighbourhood is expected can a cell be cold; every other cell enters the
      correction with p = 1, so the correction counts every cell of the grid.
    - Benjamini–Hochberg over the cells (as ArcGIS's Optimized Hot Spot Analysis): a cell is reported when
      its q-value is at most ``alpha``. On spatially random incidents a run reports any cell in at most a
      share ``alpha`` of runs (analysis/tests/test_hotspots.py); among reported cells at most ``alpha`` are
      expected to be noise.
    NaN, negative or fractional counts are an error, never silently zero.
    """
    from scipy.stats import binom, false_discovery_control

    x = np.asarray(counts, dtype=float)
    if x.ndim != 2 or x.size < 2:
        raise ValueError("counts must be a grid of at least two cells")
    if not np.all(np.isfinite(x)) or np.any(x < 0) or np.any(x != np.round(x)):
        raise ValueError("counts must be finite non-negative whole numbers (a NaN is an error, not a zero)")
    area = np.ones(x.shape, dtype=bool) if study_area is None else np.asarray(study_area, dtype=bool)
    if area.shape != x.shape:
        raise ValueError("study_area must have the shape of counts")
    if np.any(x[~area] > 0):
        raise ValueError("incidents outside the study area")
    z = getis_ord_gi_star(x, kernel)
    flat, inside = x.ravel().astype(np.int64), area.ravel()
    n, total_incidents = int(inside.sum()), int(flat.sum())
    neighbours = _neighbour_index(x.shape, kernel)
    neighbour_inside = (neighbours >= 0) & inside[np.maximum(neighbours, 0)]
    cells_in_neighbourhood = neighbour_inside.sum(axis=1) + inside
    observed = _neighbourhood_sums(flat, neighbours)
    share = cells_in_neighbourhood / max(n, 1)
    # A hot cell holds incidents itself: a hot spot is never an empty cell beside a busy one.
    hot_candidate = (flat >= 1) & (observed >= min_neighbourhood)
    cold_candidate = inside & (share * total_incidents >= min_neighbourhood) & ~hot_candidate
    p = np.ones(flat.size)
    p[hot_candidate] = binom.sf(observed[hot_candidate] - 1, total_incidents, share[hot_candidate])
    p[cold_candidate] = binom.cdf(observed[cold_candidate], total_incidents, share[cold_candidate])
    q = false_discovery_control(p, method="bh")
    kind = np.full(flat.size, "", dtype=object)
    kind[(q <= alpha) & hot_candidate & (z.ravel() > 0)] = "hot"
    kind[(q <= alpha) & cold_candidate & (z.ravel() < 0)] = "cold"
    shape = x.shape
    tested = int((hot_candidate | cold_candidate).sum())
    return HotSpotResult(z, p.reshape(shape), q.reshape(shape), kind.reshape(shape), tested)


def conditional_permutation_p(
    values: np.ndarray,
    neighbours: np.ndarray,
    permutations: int = 999,
    seed: int | None = None,
    chunk: int = 512,
) -> tuple[np.ndarray, np.ndarray]:
    """Pseudo p-values of Gi* by conditional randomisation, as esda's G_Local(star=True).p_sim: each cell
    keeps its own value while its k neighbours' values are drawn without replacement from the other n − 1
    cells, ``permutations`` times. Returns the upper and the lower p, (1 + #draws ≥ observed) / (1 + P)
    and (1 + #draws ≤ observed) / (1 + P). esda folds them into one, counting ties only on the upper
    side; with counts, ties are common, and a neighbourhood of zeros would get the smallest p on the lower
    side though every draw ties with it, so each side counts its ties here. Without ties the smaller of
    the two is esda's p_sim. Gi* of cell i is its neighbourhood sum over a constant total, so the sums are
    compared.

    ``neighbours``: (n, k) indices into ``values`` (−1 pads cells with fewer neighbours). As in esda, one
    set of draws (permutations × k) is shared by all cells, and index j ≥ i stands for j + 1, which leaves
    cell i out of its own draws. Vectorised over chunks of cells; seeded for repeatable results.
    """
    v = np.asarray(values, dtype=float)
    n, k = neighbours.shape
    if n < k + 1:
        raise ValueError("too few cells for the neighbourhood size")
    rng = np.random.default_rng(seed)
    draws = np.stack([rng.choice(n - 1, size=k, replace=False) for _ in range(permutations)])  # (P, k)
    cardinality = (neighbours >= 0).sum(axis=1)
    observed = _neighbourhood_sums(v, neighbours)
    larger, smaller = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    used = np.arange(k)
    for start in range(0, n, chunk):
        cells = np.arange(start, min(start + chunk, n))
        ids = draws[None, :, :] + (draws[None, :, :] >= cells[:, None, None])  # skip the cell itself
        taken = np.where(used[None, None, :] < cardinality[cells, None, None], v[ids], 0.0)
        simulated = v[cells, None] + taken.sum(axis=2)  # (cells, P)
        larger[cells] = (simulated >= observed[cells, None] - 1e-9).sum(axis=1)
        smaller[cells] = (simulated <= observed[cells, None] + 1e-9).sum(axis=1)
    return (larger + 1) / (permutations + 1), (smaller + 1) / (permutations + 1)


def gi_star_permutation(
    counts: np.ndarray,
    kernel: np.ndarray = QUEEN,
    permutations: int = 999,
    seed: int | None = None,
    alpha: float = 0.05,
    min_neighbourhood: int = 5,
    study_area: np.ndarray | None = None,
) -> HotSpotResult:
    """Gi* with esda-style conditional permutation p-values (conditional_permutation_p) over the cells of
    the study area, with the same rules as gi_star_significance for which cells can be hot or cold, and
    Benjamini–Hochberg over every cell of the area. The smallest possible p is 1 / (permutations + 1): over
    m cells a hot spot needs p ≤ 0.05 / m, so 999 permutations can find nothing on a grid of more than
    50 cells. The exact test (gi_star_significance) has no such floor and is what the situation report
    uses; this one is for analysts who want esda's method (manage.py analyse hotspots --permutations)."""
    from scipy.stats import false_discovery_control

    x = np.asarray(counts, dtype=float)
    if x.ndim != 2 or x.size < 2:
        raise ValueError("counts must be a grid of at least two cells")
    if not np.all(np.isfinite(x)) or np.any(x < 0):
        raise ValueError("counts must be finite and non-negative (a NaN is an error, not a zero)")
    area = np.ones(x.shape, dtype=bool) if study_area is None else np.asarray(study_area, dtype=bool)
    inside = area.ravel()
    position = np.full(x.size, -1)
    position[inside] = np.arange(inside.sum())
    neighbours = _neighbour_index(x.shape, kernel)[inside]
    neighbours = np.where(neighbours >= 0, position[np.maximum(neighbours, 0)], -1)  # -1: off grid or area
    values = x.ravel()[inside]
    upper, lower = conditional_permutation_p(values, neighbours, permutations, seed)
    observed = _neighbourhood_sums(values, neighbours)
    expected = (1 + (neighbours >= 0).sum(axis=1)) * values.mean()
    hot = (values >= 1) & (observed >= min_neighbourhood) & (observed > expected)
    cold = (expected >= min_neighbourhood) & (observed < expected) & ~hot
    tested = hot | cold
    p_area = np.where(hot, upper, np.where(cold, lower, np.minimum(upper, lower)))
    # Every cell of the area enters the correction (untested with p = 1): correcting over the tested cells
    # alone, which are picked for their high counts, reports a hot spot in most runs on random data.
    q_area = false_discovery_control(np.where(tested, p_area, 1.0), method="bh")
    z = getis_ord_gi_star(x, kernel)
    p, q, kind = np.full(x.size, np.nan), np.full(x.size, np.nan), np.full(x.size, "", dtype=object)
    p[inside], q[inside] = p_area, q_area
    verdict = np.full(values.size, "", dtype=object)
    verdict[hot & (q_area <= alpha)] = "hot"
    verdict[cold & (q_area <= alpha)] = "cold"
    kind[inside] = verdict
    shape = x.shape
    return HotSpotResult(z, p.reshape(shape), q.reshape(shape), kind.reshape(shape), int(tested.sum()))


def classify_hot_spots(before: np.ndarray, now: np.ndarray) -> np.ndarray:
    """Per cell from two verdict grids ('hot' or not): 'new', 'persistent', 'ended' or ''."""
    was, is_ = np.asarray(before) == "hot", np.asarray(now) == "hot"
    out = np.full(was.shape, "", dtype=object)
    out[is_ & ~was] = "new"
    out[is_ & was] = "persistent"
    out[~is_ & was] = "ended"
    return out


# Emerging hot spots -------------------------------------------------------------------------------------

# Esri's Emerging Hot Spot Analysis categories that involve hot spots (the report defines each in Swedish).
EMERGING_CATEGORIES = ("new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic", "historical")


def emerging_hot_spots(cube: np.ndarray, study_area: np.ndarray | None = None, **significance) -> np.ndarray:
    """Per cell of a (weeks, rows, cols) cube of counts, its emerging-hot-spot category (as Esri's Emerging
    Hot Spot Analysis defines them) or ''. Hot in at least 90 % of the weeks: historical if not the last
    week, else intensifying, diminishing or persistent by the Mann–Kendall trend of its counts. Otherwise,
    hot the last week: new (only then), consecutive (an unbroken run at the end, never before) or sporadic.

    Each week is tested on its own (gi_star_significance); the trend is Mann–Kendall on the cell's weekly
    counts. A week counts as hot only when the cell itself had incidents, so a cell with no incidents is
    never persistent.
    """
    cube = np.asarray(cube, dtype=float)
    if cube.ndim != 3 or cube.shape[0] < 3:
        raise ValueError("a cube of at least three weeks")
    hot = np.stack([gi_star_significance(week, study_area=study_area, **significance).kind == "hot" for week in cube])
    out = np.full(cube.shape[1:], "", dtype=object)
    for row, col in zip(*np.nonzero(hot.any(axis=0)), strict=True):
        out[row, col] = _emerging_category(hot[:, row, col], cube[:, row, col])
    return out


def _emerging_category(hot_weeks: np.ndarray, counts: np.ndarray) -> str:
    from .trend import mann_kendall

    weeks, last = len(hot_weeks), bool(hot_weeks[-1])
    trailing = weeks if hot_weeks.all() else int(np.argmin(hot_weeks[::-1]))  # hot weeks at the end
    if hot_weeks.mean() >= 0.9:
        if not last:
            return "historical"
        trend = mann_kendall(counts).trend
        return {"increasing": "intensifying", "decreasing": "diminishing"}.get(trend, "persistent")
    if not last:
        return ""
    if hot_weeks.sum() == 1:
        return "new"
    if not hot_weeks[: weeks - trailing].any():
        return "consecutive"
    return "sporadic"
