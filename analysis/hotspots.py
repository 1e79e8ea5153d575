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


@dataclass(frozen=True)
class StudyArea:
    """A grid over a study area: each cell's share inside the area (0 to 1) and the incidents per cell."""

    grid: Grid
    weights: np.ndarray
    counts: np.ndarray
    kind: str  # 'bounding box' or 'polygon'

    @property
    def area_m2(self) -> float:
        return float(self.weights.sum() * self.grid.size**2)


MAX_STUDY_CELLS = 25_000_000


def _extent_grid(xmin: float, ymin: float, xmax: float, ymax: float, size: float) -> Grid:
    """The smallest grid aligned to multiples of ``size`` whose cells cover the closed extent, no margin."""
    x0, y0 = np.floor(xmin / size) * size, np.floor(ymin / size) * size
    cols, rows = max(1, int(np.ceil((xmax - x0) / size))), max(1, int(np.ceil((ymax - y0) / size)))
    if rows * cols > MAX_STUDY_CELLS:
        raise ValueError(f"the grid would have {rows * cols:,} cells (at most {MAX_STUDY_CELLS:,})")
    return Grid(float(x0), float(y0), float(size), rows, cols)


def _closed_counts(x: np.ndarray, y: np.ndarray, grid: Grid) -> np.ndarray:
    """Points per cell, where a point on the grid's far edge counts in the last row or column."""
    col = np.clip(np.floor((np.asarray(x) - grid.x0) / grid.size).astype(np.int64), 0, grid.cols - 1)
    row = np.clip(np.floor((np.asarray(y) - grid.y0) / grid.size).astype(np.int64), 0, grid.rows - 1)
    return (
        np.bincount(row * grid.cols + col, minlength=grid.rows * grid.cols).reshape(grid.rows, grid.cols).astype(float)
    )


def rectangle_coverage(grid: Grid, xmin: float, ymin: float, xmax: float, ymax: float) -> np.ndarray:
    """Each cell's share inside the rectangle (exact)."""
    ex, ey = grid.x0 + grid.size * np.arange(grid.cols + 1), grid.y0 + grid.size * np.arange(grid.rows + 1)
    across = np.clip(np.minimum(ex[1:], xmax) - np.maximum(ex[:-1], xmin), 0, None) / grid.size
    up = np.clip(np.minimum(ey[1:], ymax) - np.maximum(ey[:-1], ymin), 0, None) / grid.size
    return np.clip(np.outer(up, across), 0.0, 1.0)


def bounding_box_study(x: np.ndarray, y: np.ndarray, size: float) -> StudyArea:
    """The points' bounding box as the study area: the grid covers it with no margin, and a cell cut by its
    edge weighs by the share of it inside. The box is the smallest rectangle the data allow, so under random
    placement over a larger true area the null density is if anything overestimated (conservative)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) == 0:
        raise ValueError("no points")
    xmin, xmax, ymin, ymax = x.min(), x.max(), y.min(), y.max()
    if xmax <= xmin or ymax <= ymin:
        raise ValueError("the points lie on a line: their bounding box has no area")
    grid = _extent_grid(xmin, ymin, xmax, ymax, size)
    return StudyArea(grid, rectangle_coverage(grid, xmin, ymin, xmax, ymax), _closed_counts(x, y, grid), "bounding box")


def polygon_coverage(grid: Grid, polygon) -> np.ndarray:
    """Each cell's share inside a shapely (Multi)Polygon in the grid's coordinates: exact intersection
    areas for the cells its boundary can touch (those within one cell of points every half cell along it),
    inside-or-out by the cell centre for the rest."""
    import shapely

    rows, cols = np.indices((grid.rows, grid.cols))
    cx, cy = grid.x0 + (cols + 0.5) * grid.size, grid.y0 + (rows + 0.5) * grid.size
    shapely.prepare(polygon)
    weights = shapely.contains_xy(polygon, cx, cy).astype(float)
    boundary = shapely.get_coordinates(shapely.segmentize(polygon.boundary, grid.size / 2))
    near = np.zeros((grid.rows, grid.cols), dtype=bool)
    bc = np.clip(np.floor((boundary[:, 0] - grid.x0) / grid.size).astype(np.int64), 0, grid.cols - 1)
    br = np.clip(np.floor((boundary[:, 1] - grid.y0) / grid.size).astype(np.int64), 0, grid.rows - 1)
    near[br, bc] = True
    near = ndimage.binary_dilation(near, structure=np.ones((3, 3), dtype=bool))
    r, c = np.nonzero(near)
    x0, y0 = grid.x0 + c * grid.size, grid.y0 + r * grid.size
    boxes = shapely.box(x0, y0, x0 + grid.size, y0 + grid.size)
    weights[r, c] = shapely.area(shapely.intersection(boxes, polygon)) / grid.size**2
    return np.clip(weights, 0.0, 1.0)


def polygon_study(x: np.ndarray, y: np.ndarray, size: float, polygon) -> StudyArea:
    """A polygon (shapely, same coordinates as the points) as the study area: the grid covers its bounds
    with no margin and each cell weighs by its share inside. Every point must lie in the polygon."""
    import shapely

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if polygon.is_empty or polygon.area <= 0:
        raise ValueError("the study area has no area")
    shapely.prepare(polygon)
    outside = int((~shapely.intersects_xy(polygon, x, y)).sum())
    if outside:
        raise ValueError(f"{outside} of {len(x)} points lie outside the study area")
    grid = _extent_grid(*polygon.bounds, size)
    weights, counts = polygon_coverage(grid, polygon), _closed_counts(x, y, grid)
    if np.any(counts[weights <= 0] > 0):  # a point on the outline where its cell has no area inside
        weights = np.where((counts > 0) & (weights <= 0), np.finfo(float).tiny, weights)
    return StudyArea(grid, weights, counts, "polygon")


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


def getis_ord_gi_star(values: np.ndarray, kernel: np.ndarray = QUEEN, where: np.ndarray | None = None) -> np.ndarray:
    """Getis-Ord Gi* z-scores of every cell of a grid, with binary weights given by ``kernel``
    (queen contiguity including the cell itself by default).

    The classic formula (Getis & Ord 1992; Ord & Getis 1995), with x̄ and S over all n cells:
        Gi* = (Σ_j w_ij x_j − x̄ Σ_j w_ij) / (S √((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)))
    The neighbourhood sums are convolutions, so the cost is linear in the number of cells.
    ``where`` (booleans of the grid's shape): only those cells are observations — n, x̄, S and the
    neighbourhoods count them alone, and the other cells get NaN. A NaN or infinite value is an error.
    """
    x = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(x)):
        raise ValueError("Gi* needs finite values (a NaN is an error, not a zero)")
    mask = np.ones(x.shape, dtype=bool) if where is None else np.asarray(where, dtype=bool)
    if mask.shape != x.shape:
        raise ValueError("where must have the shape of values")
    inside = mask.astype(float)
    w_sum = ndimage.correlate(inside, kernel, mode="constant", cval=0.0)
    w_sq_sum = ndimage.correlate(inside, kernel**2, mode="constant", cval=0.0)
    lag = ndimage.correlate(x * inside, kernel, mode="constant", cval=0.0)
    if where is None:
        return _gi_star_z(x, lag, w_sum, w_sq_sum)
    z = np.full(x.shape, np.nan)
    z[mask] = _gi_star_z(x[mask], lag[mask], w_sum[mask], w_sq_sum[mask])
    return z


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
    """Per cell of the grid: Gi* z over the study area's cells, the p-value, the Benjamini–Hochberg q-value
    (both NaN outside the study area, where nothing is tested) and the verdict: 'hot', 'cold' or ''.
    ``tested``: cells that could be hot or cold; ``in_area``: cells of the study area (the correction's
    family); ``events``: incidents in all."""

    z: np.ndarray
    p: np.ndarray
    q: np.ndarray
    kind: np.ndarray
    tested: int
    in_area: int = 0
    events: int = 0


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


def study_weights(study_area: np.ndarray | None, shape: tuple[int, ...]) -> np.ndarray:
    """The study area as each cell's share inside it, in [0, 1]: None is the whole grid, booleans are
    whole cells in or out, floats are shares (a cell cut by the area's edge)."""
    if study_area is None:
        return np.ones(shape)
    weights = np.asarray(study_area, dtype=float)
    if weights.shape != tuple(shape):
        raise ValueError("study_area must have the shape of counts")
    if not np.all(np.isfinite(weights)) or np.any(weights < 0) or np.any(weights > 1):
        raise ValueError("study_area must be booleans or shares between 0 and 1")
    return weights


def _two_sided(upper: np.ndarray, lower: np.ndarray) -> np.ndarray:
    return np.minimum(1.0, 2 * np.minimum(upper, lower))


def gi_star_significance(
    counts: np.ndarray,
    kernel: np.ndarray = QUEEN,
    alpha: float = 0.05,
    min_neighbourhood: int = 5,
    study_area: np.ndarray | None = None,
) -> HotSpotResult:
    """Getis-Ord Gi* with an exact test against spatial randomness and a false-discovery-rate correction.

    - Study area: ``study_area`` gives each cell's share inside it, 0 to 1 (booleans: whole cells; None:
      the whole grid). It is where incidents could have happened — the extent of the data, or the cells
      where incidents happen at all, so that lakes and forest do not make every town cell hot. Cells
      outside it (share 0) are never tested and get p = q = NaN; an incident in one is an error.
    - Null hypothesis: the N incidents fell independently and uniformly over the study area (complete
      spatial randomness), so an incident lands in cell i with probability w_i / Σ w, and a neighbourhood
      (the cell and its neighbours; Gi* includes the cell itself) holds Binomial(N, Σ_nbhd w / Σ w)
      incidents. Gi* with binary weights orders cells as the neighbourhood count does, so the p-value is the
      binomial tail at the observed count. It is exact: no normal approximation on sparse counts and no
      resolution floor (999 permutations give p ≥ 0.001, which cannot pass a correction over thousands of
      cells).
    - Which cells are tested: a cell can be hot when it holds an incident itself and its neighbourhood at
      least ``min_neighbourhood`` and more than expected; it can be cold where at least
      ``min_neighbourhood`` are expected and fewer are observed. Where at least ``min_neighbourhood`` are
      expected the cell could go either way, so its p is two-sided (twice the smaller tail, at most 1);
      elsewhere only hot is possible and p is the upper tail. Study-area cells not tested enter the
      correction with p = 1.
    - Benjamini–Hochberg over the study area's cells (as ArcGIS's Optimized Hot Spot Analysis): a cell is
      reported when its q-value is at most ``alpha``. Under the complete null every finding is false, so
      the false-discovery rate equals the chance of any finding on the map; BH bounds it by ``alpha`` for
      independent or positively dependent p-values (Benjamini & Yekutieli 2001). Overlapping neighbourhoods
      are positively dependent, but the multinomial makes distant ones slightly negatively dependent, so the
      bound is relied on and measured, not proven: bench/calibration.py and analysis/tests/test_hotspots.py.
    NaN, negative or fractional counts are an error, never silently zero. ``kernel`` must be 0/1.
    """
    from scipy.stats import binom, false_discovery_control

    x = np.asarray(counts, dtype=float)
    if x.ndim != 2 or x.size < 2:
        raise ValueError("counts must be a grid of at least two cells")
    if not np.all(np.isfinite(x)) or np.any(x < 0) or np.any(x != np.round(x)):
        raise ValueError("counts must be finite non-negative whole numbers (a NaN is an error, not a zero)")
    kernel = np.asarray(kernel, dtype=float)
    if not np.all((kernel == 0) | (kernel == 1)):
        raise ValueError("the kernel must be binary (0 or 1)")
    weights = study_weights(study_area, x.shape)
    area = weights > 0
    if np.any(x[~area] > 0):
        raise ValueError("incidents outside the study area")
    if not area.any():
        raise ValueError("the study area holds no cell")
    z = getis_ord_gi_star(x, kernel, where=None if area.all() else area)
    total_incidents = int(x.sum())
    observed = np.rint(ndimage.correlate(x, kernel, mode="constant", cval=0.0)).astype(np.int64)
    share = np.clip(ndimage.correlate(weights, kernel, mode="constant", cval=0.0) / weights.sum(), 0.0, 1.0)
    expected = share * total_incidents
    either_way = area & (expected >= min_neighbourhood)
    # A hot cell holds incidents itself: a hot spot is never an empty cell beside a busy one.
    hot_candidate = area & (x >= 1) & (observed >= min_neighbourhood) & (observed > expected)
    cold_candidate = either_way & (observed < expected)
    upper = binom.sf(observed - 1, total_incidents, share)
    lower = binom.cdf(observed, total_incidents, share)
    p = np.ones(x.shape)
    p[hot_candidate] = upper[hot_candidate]
    p[cold_candidate] = lower[cold_candidate]
    p[either_way] = np.where(hot_candidate | cold_candidate, _two_sided(upper, lower), 1.0)[either_way]
    p[~area] = np.nan
    q = np.full(x.shape, np.nan)
    q[area] = false_discovery_control(p[area], method="bh")
    kind = np.full(x.shape, "", dtype=object)
    kind[hot_candidate & (q <= alpha)] = "hot"
    kind[cold_candidate & (q <= alpha)] = "cold"
    tested = int((hot_candidate | cold_candidate).sum())
    return HotSpotResult(z, p, q, kind, tested, int(area.sum()), total_incidents)


def conditional_permutation_p(
    values: np.ndarray,
    neighbours: np.ndarray,
    permutations: int = 999,
    seed: int | None = None,
    chunk: int = 512,
    ties: str = "each",
) -> tuple[np.ndarray, np.ndarray]:
    """Pseudo p-values of Gi* by conditional randomisation as in esda's G_Local(star=True): each cell keeps
    its own value while its k neighbours' values are drawn without replacement from the other n − 1 cells,
    ``permutations`` times. Returns the upper and the lower p. Gi* of cell i is its neighbourhood sum over
    a constant total, so the sums are compared.

    ``ties``: "each" (default): upper (1 + #draws ≥ observed) / (1 + P), lower (1 + #draws ≤ observed) /
    (1 + P) — a draw equal to the observed sum counts against both sides, so a neighbourhood of zeros,
    which every draw may tie, is not called significantly low. "esda": the lower side counts only draws
    strictly below, (1 + #draws < observed) / (1 + P), as esda's p_sim does when it folds
    (larger = #draws ≥ observed, replaced by P − larger when that is smaller), so the smaller of the two is
    exactly esda's p_sim for the same draws. Without ties the two rules agree.

    ``neighbours``: (n, k) indices into ``values`` (−1 pads cells with fewer neighbours). As in esda, one
    set of draws (permutations × k) is shared by all cells, and index j ≥ i stands for j + 1, which leaves
    cell i out of its own draws. Vectorised over chunks of cells; seeded for repeatable results.
    """
    if ties not in ("each", "esda"):
        raise ValueError("ties must be 'each' or 'esda'")
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
    lower_edge = 1e-9 if ties == "each" else -1e-9
    for start in range(0, n, chunk):
        cells = np.arange(start, min(start + chunk, n))
        ids = draws[None, :, :] + (draws[None, :, :] >= cells[:, None, None])  # skip the cell itself
        taken = np.where(used[None, None, :] < cardinality[cells, None, None], v[ids], 0.0)
        simulated = v[cells, None] + taken.sum(axis=2)  # (cells, P)
        larger[cells] = (simulated >= observed[cells, None] - 1e-9).sum(axis=1)
        smaller[cells] = (simulated <= observed[cells, None] + lower_edge).sum(axis=1)
    return (larger + 1) / (permutations + 1), (smaller + 1) / (permutations + 1)


def gi_star_permutation(
    counts: np.ndarray,
    kernel: np.ndarray = QUEEN,
    permutations: int = 999,
    seed: int | None = None,
    alpha: float = 0.05,
    min_neighbourhood: int = 5,
    study_area: np.ndarray | None = None,
    ties: str = "each",
) -> HotSpotResult:
    """Gi* with conditional permutation p-values (conditional_permutation_p, ``ties`` as there) over the
    cells of the study area, and Benjamini–Hochberg over the study area's cells only (cells outside: p = q
    = NaN, never tested; untested cells of the area enter with p = 1: correcting over the tested cells
    alone, which are picked for their high counts, reports a hot spot in most runs on random data).
    Permutation treats every cell of the area (share > 0 in ``study_area``) as exchangeable, so a cell only
    partly inside counts as a whole one. Same rules as gi_star_significance for which cells can be hot or
    cold, the expected count being the area's mean count times the neighbourhood's cells, and the same
    two-sided p where both are possible. The smallest possible p is 1 / (permutations + 1): over m cells
    a hot spot needs p ≤ 0.05 / m, so 999 permutations can find nothing on a grid of more than 50 cells.
    The exact test (gi_star_significance) has no such floor and is what the situation report uses."""
    from scipy.stats import false_discovery_control

    x = np.asarray(counts, dtype=float)
    if x.ndim != 2 or x.size < 2:
        raise ValueError("counts must be a grid of at least two cells")
    if not np.all(np.isfinite(x)) or np.any(x < 0):
        raise ValueError("counts must be finite and non-negative (a NaN is an error, not a zero)")
    area = study_weights(study_area, x.shape) > 0
    if np.any(x[~area] > 0):
        raise ValueError("incidents outside the study area")
    inside = area.ravel()
    position = np.full(x.size, -1)
    position[inside] = np.arange(inside.sum())
    neighbours = _neighbour_index(x.shape, kernel)[inside]
    neighbours = np.where(neighbours >= 0, position[np.maximum(neighbours, 0)], -1)  # -1: off grid or area
    values = x.ravel()[inside]
    upper, lower = conditional_permutation_p(values, neighbours, permutations, seed, ties=ties)
    observed = _neighbourhood_sums(values, neighbours)
    expected = (1 + (neighbours >= 0).sum(axis=1)) * values.mean()
    either_way = expected >= min_neighbourhood
    hot = (values >= 1) & (observed >= min_neighbourhood) & (observed > expected)
    cold = either_way & (observed < expected)
    tested = hot | cold
    one_sided = np.where(hot, upper, lower)
    p_area = np.where(tested, np.where(either_way, _two_sided(upper, lower), one_sided), 1.0)
    q_area = false_discovery_control(p_area, method="bh")
    z = getis_ord_gi_star(x, kernel, where=None if area.all() else area)
    p, q, kind = np.full(x.size, np.nan), np.full(x.size, np.nan), np.full(x.size, "", dtype=object)
    p[inside], q[inside] = p_area, q_area
    verdict = np.full(values.size, "", dtype=object)
    verdict[hot & (q_area <= alpha)] = "hot"
    verdict[cold & (q_area <= alpha)] = "cold"
    kind[inside] = verdict
    shape = x.shape
    return HotSpotResult(
        z, p.reshape(shape), q.reshape(shape), kind.reshape(shape), int(tested.sum()), int(inside.sum()), int(x.sum())
    )


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


def hot_spots_of_points(
    x: np.ndarray,
    y: np.ndarray,
    cell: float,
    polygon=None,
    **significance,
) -> tuple[StudyArea, HotSpotResult]:
    """manage.py analyse hotspots on points: the study area is ``polygon`` (shapely, the points'
    coordinates) or else the points' bounding box, cells weighed by their share inside it, then
    gi_star_significance with ``significance`` (alpha, min_neighbourhood, kernel)."""
    study = points_study(x, y, cell, polygon)
    return study, gi_star_significance(study.counts, study_area=study.weights, **significance)


def points_study(x: np.ndarray, y: np.ndarray, cell: float, polygon=None) -> StudyArea:
    """The study area of points: ``polygon`` (shapely, the points' coordinates) or else their bounding box."""
    return bounding_box_study(x, y, cell) if polygon is None else polygon_study(x, y, cell, polygon)
