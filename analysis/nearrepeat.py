"""Near-repeat analysis: the Knox test over distance bands × time bands (Johnson et al. 2007; the method of
Ratcliffe's Near Repeat Calculator).

Every pair of events is placed in a distance band and a time band. Bands are closed on the right and open
on the left, except the first, which starts at 0 and includes it: edges (0.1, 200, 400) give [0, 0.1],
(0.1, 200], (200, 400]. Pairs farther apart than the last edge in space or time are not counted. The
expected counts come from Monte Carlo permutations of the events' times over their places (space and time
independent); p = (1 + number of permutations with at least the observed count) / (1 + permutations).

Pairs within the largest distance are found once with a k-d tree; since only the times move in a
permutation, each permutation is a binning of the same pairs' time differences.
"""

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree


@dataclass(frozen=True)
class KnoxResult:
    events: int
    distance_bands: list[tuple[float, float]]
    time_bands: list[tuple[float, float]]
    observed: np.ndarray  # (distance bands, time bands)
    expected: np.ndarray  # mean of the permutations
    median: np.ndarray
    p_value: np.ndarray
    permutations: int

    @property
    def ratio_median(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.median > 0, self.observed / self.median, np.nan)

    @property
    def ratio_mean(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.expected > 0, self.observed / self.expected, np.nan)


def _bands(edges: list[float]) -> list[tuple[float, float]]:
    edges = [float(e) for e in edges]
    if not edges or any(e <= 0 for e in edges) or any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
        raise ValueError("band edges must be positive and increasing, e.g. 0.1,200,400")
    return list(zip([0.0, *edges[:-1]], edges, strict=True))


def _band_index(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Band of each value (closed on the right, the first including 0); len(edges) when beyond the last."""
    return np.searchsorted(edges, values, side="left")


def knox(
    x: np.ndarray,
    y: np.ndarray,
    t: np.ndarray,
    distance_edges: list[float],
    time_edges: list[float],
    permutations: int = 99,
    seed: int = 0,
) -> KnoxResult:
    """The Knox table for events at (x, y) metres and times t (days, any origin)."""
    x, y, t = (np.asarray(v, dtype=float) for v in (x, y, t))
    if not (len(x) == len(y) == len(t)):
        raise ValueError("x, y and t must have the same length")
    if len(x) < 3:
        raise ValueError("the Knox test needs at least three events")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y)) and np.all(np.isfinite(t))):
        raise ValueError("coordinates and times must be finite numbers")
    if permutations < 1:
        raise ValueError("at least one permutation")
    distance_bands, time_bands = _bands(distance_edges), _bands(time_edges)
    d_edges, t_edges = np.array([b for _, b in distance_bands]), np.array([b for _, b in time_bands])
    pairs = cKDTree(np.column_stack([x, y])).query_pairs(r=d_edges[-1], output_type="ndarray")
    i, j = pairs[:, 0], pairs[:, 1]
    d_band = _band_index(np.hypot(x[i] - x[j], y[i] - y[j]), d_edges)
    cells = len(d_edges) * len(t_edges)

    def table(times: np.ndarray) -> np.ndarray:
        t_band = _band_index(np.abs(times[i] - times[j]), t_edges)
        keep = (d_band < len(d_edges)) & (t_band < len(t_edges))
        flat = d_band[keep] * len(t_edges) + t_band[keep]
        return np.bincount(flat, minlength=cells).reshape(len(d_edges), len(t_edges))

    observed = table(t)
    rng = np.random.default_rng(seed)
    simulated = np.stack([table(t[rng.permutation(len(t))]) for _ in range(permutations)])
    return KnoxResult(
        events=len(x),
        distance_bands=distance_bands,
        time_bands=time_bands,
        observed=observed,
        expected=simulated.mean(axis=0),
        median=np.median(simulated, axis=0),
        p_value=(1 + (simulated >= observed).sum(axis=0)) / (1 + permutations),
        permutations=permutations,
    )
