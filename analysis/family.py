"""Families of tests read as one: Holm's adjustment, and several hot-spot maps under one false-discovery
correction over all their cells.

The weekly map shows new, persistent and ended hot spots and cold cells, from two periods tested on the
same study area. Corrected period by period, each period keeps its own error rate and the map as a whole
shows something on random data more often than either. Benjamini–Hochberg over the study area's cells of
every period together makes the map one family: when nothing but chance is at work, the chance that the
map shows anything at all is at most ``alpha`` (BH controls the family-wise rate under the complete null),
and among what it shows at most a share ``alpha`` is expected to be noise.
"""

from collections.abc import Sequence

import numpy as np
from scipy.stats import false_discovery_control

from .hotspots import HotSpotResult


def holm_adjusted(p_values) -> np.ndarray:
    """Holm's step-down adjusted p-values (any shape): a test is rejected at family-wise level α exactly when
    its adjusted p is at most α, whatever the number of tests and however they depend on each other."""
    p = np.asarray(p_values, dtype=float)
    flat = p.ravel()
    if np.any(~np.isfinite(flat)) or np.any((flat < 0) | (flat > 1)):
        raise ValueError("p-values must be numbers between 0 and 1")
    order = np.argsort(flat, kind="stable")
    m = len(flat)
    adjusted = np.minimum(1.0, np.maximum.accumulate(flat[order] * (m - np.arange(m))))
    out = np.empty(m)
    out[order] = adjusted
    return out.reshape(p.shape)


def one_family(results: Sequence[HotSpotResult], study_area: np.ndarray, alpha: float = 0.05) -> list[np.ndarray]:
    """Per result, its verdict grid ('hot', 'cold' or '') with the cells of the study area of all results
    corrected together. A cell is hot when its q-value is at most ``alpha`` and its Gi* is positive (the
    upper-tail test, which only cells holding incidents take), cold when q ≤ ``alpha`` and Gi* is negative."""
    if not results:
        return []
    area = np.asarray(study_area) > 0
    if any(r.p.shape != area.shape for r in results):
        raise ValueError("every result must be on the study area's grid")
    p = np.concatenate([np.where(np.isfinite(r.p), r.p, 1.0)[area] for r in results])
    q = false_discovery_control(p, method="bh")
    verdicts, start = [], 0
    for result in results:
        significant = np.zeros(area.shape, dtype=bool)
        significant[area] = q[start : start + int(area.sum())] <= alpha
        start += int(area.sum())
        kind = np.full(area.shape, "", dtype=object)
        kind[significant & (result.z > 0)] = "hot"
        kind[significant & (result.z < 0)] = "cold"
        verdicts.append(kind)
    return verdicts
