"""Is a change between two counts more than chance? The conditional test of two Poisson counts.

Two counts of the same kind of thing over periods of equal length (this week and the week before), each
a Poisson count. Given their sum n, the first is Binomial(n, ½) when the rate did not change (Przyborowski
& Wilenski 1940; the exact "C-test"), so the two-sided p-value is the binomial test's. It is exact and
conservative: on random data a change is marked at most as often as the stated level says, less often on
small counts, where no change can be told from chance (below six in all, no change is ever marked at 5 %).

A table tests one change per row. Holm's step-down correction over the rows keeps the chance that any
row of the table is marked on random data at or below the level (the family-wise error rate), whatever
the number of rows and however they depend on each other.
"""

import numpy as np
from scipy.stats import binom

from .family import holm_adjusted


def change_p(now, before):
    """Two-sided p-value of the change from ``before`` to ``now`` (equal periods; numbers or arrays): 1.0
    for no counts. Binomial(n, ½) is symmetric, so the two-sided p is twice the smaller tail."""
    now, before = np.asarray(now), np.asarray(before)
    if np.any(now < 0) or np.any(before < 0) or np.any(now != np.round(now)) or np.any(before != np.round(before)):
        raise ValueError("counts must be whole numbers, never negative")
    p = np.minimum(1.0, 2 * binom.cdf(np.minimum(now, before), now + before, 0.5))
    return float(p) if p.ndim == 0 else p


def holm(p_values, alpha: float = 0.05) -> np.ndarray:
    """Which of the p-values Holm's step-down procedure rejects at family-wise level ``alpha``."""
    p = np.asarray(p_values, dtype=float)
    if p.ndim != 1:
        raise ValueError("p-values must be a list of numbers between 0 and 1")
    if not 0 < alpha < 1:
        raise ValueError("alpha must lie between 0 and 1")
    return holm_adjusted(p) <= alpha


def marked_changes(pairs: list[tuple[int, int]], alpha: float = 0.05) -> list[bool]:
    """For (now, before) pairs of a table, which changes are beyond chance with the table's rows as one
    family (change_p, then holm)."""
    if not pairs:
        return []
    now, before = np.array(pairs, dtype=float).reshape(-1, 2).T
    return [bool(v) for v in holm(np.atleast_1d(change_p(now, before)), alpha)]
