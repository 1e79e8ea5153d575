"""Near-repeat analysis: the Knox test over distance bands × time bands (Johnson et al. 2007; the method of
Ratcliffe's Near Repeat Calculator).

Every pair of events is placed in a distance band and a time band. Bands are closed on the right and open
on the left, except the first, which starts at 0 and includes it: edges (0.1, 200, 400) give [0, 0.1],
(0.1, 200], (200, 400]. A time difference within TIME_TOLERANCE of an edge counts as on it, so that the
rounding of fractional days never moves a pair that is exactly 7 days apart into the next band. Pairs
farther apart than the last edge in space or time are not counted.

The null hypothesis is that space and time are independent: the events' times randomly relabelled over
their places. Two ways to test it, stated in ``KnoxResult.method``:

- "permutation" (Monte Carlo): expected = mean of the permutations; per cell p = (1 + permutations with
  at least the observed count) / (1 + permutations). Family-wise: single-step max-T (Westfall & Young
  1993): each cell's excess is standardised, z = (count − mean) / sd with the exact permutation moments
  below, and p_family of a cell = (1 + permutations whose largest z over all cells reaches the cell's
  observed z) / (1 + permutations). Any cell with p_family ≤ α: on data without near repeats this happens
  in at most α of the runs, whatever the number of cells.
- "normal": the exact permutation mean of each cell, E = S_d·T_t / C(n, 2) (S_d, T_t: the pairs in the
  distance and the time band), and the exact permutation variance (Mantel 1967, the moments of
  Σ a_ij b_π(i)π(j) for symmetric 0/1 matrices), with a normal approximation and a continuity correction
  for the upper tail; family-wise by Holm over the cells. No pair list in memory: the pair counts and each
  event's neighbour counts come from a k-d tree, and the observed table from a space-time k-d tree (time
  scaled so that the largest time band equals the largest distance, Chebyshev distance, then the exact
  bands).

"auto" takes the permutations while (pairs within the largest distance) × permutations stays within
``permutation_budget`` (PERMUTATION_BUDGET unless given; the pairs estimated from a sample of events), else
"normal". With ``sample``, a larger set of events is first thinned to that many at random (seeded): a random
subset of events keeps the null hypothesis, the test is of the subset, and ``sampled_from`` says how many
there were.
"""

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import ndtr

from .family import holm_adjusted

PERMUTATION, NORMAL, AUTO = "permutation", "normal", "auto"
PERMUTATION_BUDGET = 100_000_000  # pairs × permutations: about a second of binning
TIME_TOLERANCE = 1e-9  # days (0.1 ms)


@dataclass(frozen=True)
class KnoxResult:
    events: int
    distance_bands: list[tuple[float, float]]
    time_bands: list[tuple[float, float]]
    observed: np.ndarray  # (distance bands, time bands)
    expected: np.ndarray  # mean of the permutations ("normal": the exact permutation mean)
    median: np.ndarray  # median of the permutations ("normal": the exact mean)
    p_value: np.ndarray  # per cell, upper tail
    permutations: int  # 0 for "normal"
    p_family: np.ndarray | None = None  # adjusted over all cells (max-T or Holm)
    method: str = PERMUTATION
    exact_mean: np.ndarray | None = None
    exact_sd: np.ndarray | None = None
    sampled_from: int | None = None  # events before thinning; None when all were tested

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


def mantel_moments(
    n: int, a_pairs: np.ndarray, a_square: np.ndarray, b_pairs: np.ndarray, b_square: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Exact mean and variance, under random relabelling of the events, of the number of pairs that are in
    a distance band and a time band (rows: distance bands, columns: time bands). a_pairs[d]: pairs in
    distance band d; a_square[d]: Σ_i (event i's neighbours in band d)²; b_* the same for the time bands.

    With ordered sums over i ≠ j (Mantel 1967; Hubert 1987): A = 2·pairs = Σ a_ij = Σ a_ij²,
    A'' = Σ_i a_i.², E Γ = A B / n₍₂₎, E Γ² = 2 A B / n₍₂₎ + 4 (A'' − A)(B'' − B) / n₍₃₎
    + (A² + 2A − 4A'')(B² + 2B − 4B'') / n₍₄₎; the pair count is Γ / 2."""
    a, a2 = 2.0 * np.asarray(a_pairs, float)[:, None], np.asarray(a_square, float)[:, None]
    b, b2 = 2.0 * np.asarray(b_pairs, float)[None, :], np.asarray(b_square, float)[None, :]
    n2, n3, n4 = n * (n - 1.0), n * (n - 1.0) * (n - 2.0), n * (n - 1.0) * (n - 2.0) * (n - 3.0)
    mean = a * b / n2
    second = 2 * a * b / n2 + 4 * (a2 - a) * (b2 - b) / n3
    if n4 > 0:
        second = second + (a * a + 2 * a - 4 * a2) * (b * b + 2 * b - 4 * b2) / n4
    return mean / 2, np.maximum(second - mean * mean, 0.0) / 4


def _time_degrees(t: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """(events, time bands): how many other events are in each time band of each event."""
    s = np.sort(t)
    within = np.stack(
        [np.searchsorted(s, t + e, side="right") - np.searchsorted(s, t - e, side="left") - 1 for e in edges], axis=1
    )
    return np.diff(within, axis=1, prepend=0)


def _estimated_pairs(tree: cKDTree, xy: np.ndarray, radius: float, rng: np.random.Generator) -> float:
    probe = xy if len(xy) <= 2000 else xy[rng.choice(len(xy), 2000, replace=False)]
    return (tree.query_ball_point(probe, radius, return_length=True).mean() - 1) * len(xy) / 2


def knox(
    x: np.ndarray,
    y: np.ndarray,
    t: np.ndarray,
    distance_edges: list[float],
    time_edges: list[float],
    permutations: int = 99,
    seed: int = 0,
    method: str = AUTO,
    sample: int | None = None,
    permutation_budget: float = PERMUTATION_BUDGET,
) -> KnoxResult:
    """The Knox table for events at (x, y) metres and times t (days, any origin); see the module's text for
    the methods."""
    x, y, t = (np.asarray(v, dtype=float) for v in (x, y, t))
    if not (len(x) == len(y) == len(t)):
        raise ValueError("x, y and t must have the same length")
    if len(x) < 3:
        raise ValueError("the Knox test needs at least three events")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y)) and np.all(np.isfinite(t))):
        raise ValueError("coordinates and times must be finite numbers")
    if method not in (PERMUTATION, NORMAL, AUTO):
        raise ValueError("method must be 'permutation', 'normal' or 'auto'")
    if permutations < 1 and method != NORMAL:
        raise ValueError("at least one permutation")
    if sample is not None and sample < 3:
        raise ValueError("a sample needs at least three events")
    distance_bands, time_bands = _bands(distance_edges), _bands(time_edges)
    d_edges, t_edges = np.array([b for _, b in distance_bands]), np.array([b for _, b in time_bands])
    rng = np.random.default_rng(seed)
    sampled_from = None
    if sample is not None and len(x) > sample:
        keep = np.sort(rng.choice(len(x), sample, replace=False))
        sampled_from, x, y, t = len(x), x[keep], y[keep], t[keep]
    xy = np.column_stack([x, y])
    tree = cKDTree(xy)
    if method == AUTO:
        method = (
            NORMAL if _estimated_pairs(tree, xy, d_edges[-1], rng) * permutations > permutation_budget else PERMUTATION
        )
    run = _permutation if method == PERMUTATION else _normal
    fields = run(tree, xy, t, d_edges, t_edges + TIME_TOLERANCE, permutations, rng)
    return KnoxResult(
        events=len(x),
        distance_bands=distance_bands,
        time_bands=time_bands,
        method=method,
        sampled_from=sampled_from,
        permutations=permutations if method == PERMUTATION else 0,
        **fields,
    )


def _moments(n, d_band, i, j, t, d_edges, t_edges) -> tuple[np.ndarray, np.ndarray]:
    """Exact permutation mean and sd of each cell from the spatial pairs' bands and the times."""
    inside = d_band < len(d_edges)
    d_pairs = np.bincount(d_band[inside], minlength=len(d_edges))
    degree = np.zeros((len(d_edges), n))
    for band in range(len(d_edges)):
        mine = d_band == band
        degree[band] = np.bincount(i[mine], minlength=n) + np.bincount(j[mine], minlength=n)
    return _moments_from(n, d_pairs, (degree**2).sum(axis=1), t, t_edges)


def _moments_from(n, d_pairs, d_square, t, t_edges) -> tuple[np.ndarray, np.ndarray]:
    t_degree = _time_degrees(t, t_edges).astype(float)
    mean, variance = mantel_moments(n, d_pairs, d_square, t_degree.sum(axis=0) / 2, (t_degree**2).sum(axis=0))
    return mean, np.sqrt(variance)


def _standardised(counts: np.ndarray, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """(count − mean) / sd; −inf where a cell cannot vary (its count is then always its mean)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(sd > 0, (counts - mean) / np.where(sd > 0, sd, 1), -np.inf)


def _permutation(tree, xy, t, d_edges, t_edges, permutations, rng) -> dict:
    n = len(t)
    pairs = tree.query_pairs(r=d_edges[-1], output_type="ndarray")
    index = np.intp if n > 2**31 - 1 else np.int32
    i, j = pairs[:, 0].astype(index), pairs[:, 1].astype(index)
    d_band = _band_index(np.hypot(xy[i, 0] - xy[j, 0], xy[i, 1] - xy[j, 1]), d_edges)
    near = d_band < len(d_edges)
    i_near, j_near, d_flat = i[near], j[near], d_band[near] * len(t_edges)
    cells, last = len(d_edges) * len(t_edges), t_edges[-1]

    def table(times: np.ndarray) -> np.ndarray:
        dt = np.abs(times[i_near] - times[j_near])
        within = dt <= last  # the pairs beyond the largest time band are dropped before binning
        flat = d_flat[within] + _band_index(dt[within], t_edges)
        return np.bincount(flat, minlength=cells).reshape(len(d_edges), len(t_edges))

    observed = table(t)
    simulated = np.stack([table(t[rng.permutation(n)]) for _ in range(permutations)])
    mean, sd = _moments(n, d_band, i, j, t, d_edges, t_edges)
    z_observed = _standardised(observed, mean, sd)
    largest = _standardised(simulated, mean, sd).reshape(permutations, -1).max(axis=1)
    p_family = (1 + (largest[:, None, None] >= z_observed[None]).sum(axis=0)) / (1 + permutations)
    return {
        "observed": observed,
        "expected": simulated.mean(axis=0),
        "median": np.median(simulated, axis=0),
        "p_value": (1 + (simulated >= observed).sum(axis=0)) / (1 + permutations),
        "p_family": np.where(np.isfinite(z_observed), p_family, 1.0),
        "exact_mean": mean,
        "exact_sd": sd,
    }


def _normal(tree, xy, t, d_edges, t_edges, permutations, rng) -> dict:
    n = len(t)
    within = np.stack([tree.query_ball_point(xy, r, return_length=True) - 1 for r in d_edges], axis=0)
    degree = np.diff(within, axis=0, prepend=0).astype(float)
    mean, sd = _moments_from(n, degree.sum(axis=1) / 2, (degree**2).sum(axis=1), t, t_edges)
    # The observed table without the spatial pair list: a box of the largest distance × the largest time band.
    scale = d_edges[-1] / t_edges[-1]
    pairs = cKDTree(np.column_stack([xy, t * scale])).query_pairs(
        r=d_edges[-1] * (1 + 1e-12), p=np.inf, output_type="ndarray"
    )
    i, j = pairs[:, 0], pairs[:, 1]
    d_band = _band_index(np.hypot(xy[i, 0] - xy[j, 0], xy[i, 1] - xy[j, 1]), d_edges)
    t_band = _band_index(np.abs(t[i] - t[j]), t_edges)
    keep = (d_band < len(d_edges)) & (t_band < len(t_edges))
    cells = len(d_edges) * len(t_edges)
    observed = np.bincount(d_band[keep] * len(t_edges) + t_band[keep], minlength=cells).reshape(mean.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, (observed - 0.5 - mean) / np.where(sd > 0, sd, 1), -np.inf)
    p_value = np.where(sd > 0, ndtr(-z), 1.0)
    return {
        "observed": observed,
        "expected": mean,
        "median": mean,
        "p_value": p_value,
        "p_family": holm_adjusted(p_value),
        "exact_mean": mean,
        "exact_sd": sd,
    }
