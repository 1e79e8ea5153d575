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


def weekday_hour_matrix(weekdays: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """7 × 24 counts: weekday (Monday = 0) by hour of day."""
    flat = np.asarray(weekdays, dtype=np.int64) * 24 + np.asarray(hours, dtype=np.int64)
    return np.bincount(flat, minlength=7 * 24).reshape(7, 24)
