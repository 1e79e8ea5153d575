"""Trends in short series: the Mann–Kendall test (Mann 1945; Kendall 1975), with the tie correction."""

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm


@dataclass(frozen=True)
class MannKendall:
    s: int
    var_s: float
    z: float
    p: float  # two-sided

    @property
    def trend(self) -> str:
        """'increasing', 'decreasing' or 'no trend' at the 5 % level."""
        if self.p > 0.05:
            return "no trend"
        return "increasing" if self.z > 0 else "decreasing"


def mann_kendall(series) -> MannKendall:
    """S = Σ_{i<j} sign(x_j − x_i); Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over groups of ties;
    Z = (S − sign(S)) / √Var(S) (continuity correction); p two-sided from the normal distribution."""
    x = np.asarray(series, dtype=float)
    if x.ndim != 1 or len(x) < 3 or not np.all(np.isfinite(x)):
        raise ValueError("a series of at least three finite values")
    n = len(x)
    s = int(np.sign(x[None, :] - x[:, None])[np.triu_indices(n, k=1)].sum())
    _, ties = np.unique(x, return_counts=True)
    var_s = (n * (n - 1) * (2 * n + 5) - np.sum(ties * (ties - 1) * (2 * ties + 5))) / 18
    z = 0.0 if s == 0 or var_s == 0 else (s - np.sign(s)) / np.sqrt(var_s)
    return MannKendall(s, float(var_s), float(z), float(2 * norm.sf(abs(z))))
