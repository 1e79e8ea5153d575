"""Did a measure work? Before/after counts in a target area, a displacement buffer around it and a control
area, compared as place-based evaluations do (pure functions; statsmodels where it has the method).

- Weighted displacement difference (WDD; Wheeler & Ratcliffe 2018, Crime Science 7:7), with time and area
  weights and its harm-weighted sum over several categories, as the R package ptools computes them.
- Weighted displacement quotient (WDQ; Bowers & Johnson 2003, J. Quant. Criminol. 19:275), with the success
  measure, the buffer measure and the total net effect.
- Two Poisson counts: the E-test (Krishnamoorthy & Thomson 2004, J. Stat. Plan. Inference 119:23) and the
  rate ratio with the exact conditional interval (as R's poisson.test), with exposures.
- Weekly series: a Poisson regression with a before/after × target/control interaction (statsmodels GLM,
  scale from the Pearson chi² so that overdispersion widens the interval).
"""

import math
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
from scipy.stats import norm

Pair = Sequence[float]  # (before, after)


class EvaluationError(ValueError):
    """Input the statistics cannot use; the message says why, in Swedish (shown to coordinators)."""


def _pair(name: str, values: Pair) -> tuple[float, float]:
    if len(values) != 2:
        raise EvaluationError(f"{name}: ange två antal, före och efter (fick {len(values)}).")
    before, after = (float(v) for v in values)
    if not (math.isfinite(before) and math.isfinite(after)) or before < 0 or after < 0:
        raise EvaluationError(f"{name}: antalen måste vara tal som inte är negativa.")
    return before, after


def _weights(name: str, values: Sequence[float], length: int) -> tuple[float, ...]:
    if len(values) != length:
        raise EvaluationError(f"{name}: ange {length} vikter (fick {len(values)}).")
    weights = tuple(float(v) for v in values)
    if not all(math.isfinite(w) and w > 0 for w in weights):
        raise EvaluationError(f"{name}: vikterna måste vara positiva tal.")
    return weights


class _Serialisable:
    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Estimate(_Serialisable):
    """A normally distributed estimate: its standard error, z, two-sided p and confidence interval."""

    estimate: float
    se: float
    z: float
    p_value: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class WddResult(Estimate):
    """estimate = local + displacement: below zero, fewer incidents than the control predicts."""

    local: float  # change in the target beyond the control's
    local_se: float
    displacement: float  # the same for the buffer against its control
    displacement_se: float


def _difference(treated, control, weights) -> tuple[float, float]:
    """(change in treated − change in control, its Poisson variance), counts divided by their weights."""
    (t0, t1), (c0, c1) = treated, control
    wt0, wt1, wc0, wc1 = weights
    estimate = (t1 / wt1 - t0 / wt0) - (c1 / wc1 - c0 / wc0)
    variance = t1 / wt1**2 + t0 / wt0**2 + c1 / wc1**2 + c0 / wc0**2
    return estimate, variance


def _normal_inference(estimate: float, variance: float, alpha: float) -> tuple[float, float, float, float, float]:
    se = math.sqrt(variance)
    z = estimate / se if se > 0 else 0.0
    level = norm.ppf(1 - alpha / 2)
    return se, z, float(2 * norm.sf(abs(z))), estimate - level * se, estimate + level * se


def wdd(
    target: Pair,
    control: Pair,
    buffer: Pair = (0, 0),
    buffer_control: Pair = (0, 0),
    *,
    time_weights: Sequence[float] = (1, 1),
    area_weights: Sequence[float] = (1, 1, 1, 1),
    alpha: float = 0.05,
) -> WddResult:
    """WDD = (T1 − T0) − (C1 − C0) + (D1 − D0) − (DC1 − DC0), each count divided by its time weight (before,
    after) and area weight (target, control, buffer, buffer control); variance the sum of the counts over
    their squared weights (Poisson). Without a buffer only the local estimate remains."""
    t, c = _pair("målområdet", target), _pair("jämförelseområdet", control)
    b, bc = _pair("bufferten", buffer), _pair("buffertens jämförelseområde", buffer_control)
    tw0, tw1 = _weights("tidsvikterna", time_weights, 2)
    aw_t, aw_c, aw_b, aw_bc = _weights("ytvikterna", area_weights, 4)
    if not 0 < alpha < 1:
        raise EvaluationError("alpha måste ligga mellan 0 och 1.")
    local, local_var = _difference(t, c, (tw0 * aw_t, tw1 * aw_t, tw0 * aw_c, tw1 * aw_c))
    disp, disp_var = _difference(b, bc, (tw0 * aw_b, tw1 * aw_b, tw0 * aw_bc, tw1 * aw_bc))
    total = local + disp
    se, z, p, low, high = _normal_inference(total, local_var + disp_var, alpha)
    return WddResult(total, se, z, p, low, high, local, math.sqrt(local_var), disp, math.sqrt(disp_var))


def wdd_harm(estimates: Sequence[float], ses: Sequence[float], harms: Sequence[float], alpha: float = 0.05) -> Estimate:
    """Several categories' WDD estimates weighted by their harm (e.g. a sentencing-based index) and summed;
    the variances add with the squared weights (Wheeler & Ratcliffe 2018, ptools::wdd_harm)."""
    if not (len(estimates) == len(ses) == len(harms)) or not estimates:
        raise EvaluationError("Lika många skattningar, standardfel och skadevikter behövs, minst en.")
    harm = np.asarray(_weights("skadevikterna", harms, len(harms)))
    estimate = float(np.dot(np.asarray(estimates, float), harm))
    variance = float(np.dot(np.asarray(ses, float) ** 2, harm**2))
    se, z, p, low, high = _normal_inference(estimate, variance, alpha)
    return Estimate(estimate, se, z, p, low, high)


@dataclass(frozen=True)
class WdqResult(_Serialisable):
    success: float  # A1/C1 − A0/C0: below zero, the target fared better than the control
    buffer: float | None  # B1/C1 − B0/C0
    wdq: float | None  # buffer / success: above zero diffusion of benefits, below zero displacement
    total_net_effect: float  # incidents prevented in target and buffer against the control's trend


def wdq(target: Pair, control: Pair, buffer: Pair | None = None) -> WdqResult:
    """Bowers & Johnson's measures. The control needs incidents in both periods; WDQ is undefined (None)
    without a buffer or when the success measure is zero."""
    a0, a1 = _pair("målområdet", target)
    c0, c1 = _pair("jämförelseområdet", control)
    if c0 == 0 or c1 == 0:
        raise EvaluationError("Jämförelseområdet behöver händelser både före och efter.")
    success = a1 / c1 - a0 / c0
    trend = c1 / c0
    net = a0 * trend - a1
    if buffer is None:
        return WdqResult(success, None, None, net)
    b0, b1 = _pair("bufferten", buffer)
    buffer_measure = b1 / c1 - b0 / c0
    quotient = buffer_measure / success if success != 0 else None
    return WdqResult(success, buffer_measure, quotient, net + (b0 * trend - b1))


@dataclass(frozen=True)
class RateComparison(_Serialisable):
    p_value: float  # E-test, two-sided, H0: equal rates
    rate_ratio: float | None  # (n1 / exposure1) / (n2 / exposure2)
    ci_low: float
    ci_high: float | None


def compare_rates(n1: int, n2: int, exposure1: float = 1, exposure2: float = 1, alpha: float = 0.05):
    """Two Poisson counts with their exposures (e.g. days). The E-test's p-value (statsmodels'
    test_poisson_2indep, method "etest"); the rate ratio's interval is exact conditional: given n1 + n2, n1 is
    binomial, its Clopper-Pearson interval turned into a ratio (as R's poisson.test)."""
    from statsmodels.stats.proportion import proportion_confint
    from statsmodels.stats.rates import test_poisson_2indep

    if any(not float(n).is_integer() or n < 0 for n in (n1, n2)):
        raise EvaluationError("Antalen måste vara hela tal som inte är negativa.")
    e1, e2 = _weights("exponeringarna", (exposure1, exposure2), 2)
    if n1 + n2 == 0:
        raise EvaluationError("Båda antalen är noll: det finns inget att jämföra.")
    p_value = float(test_poisson_2indep(n1, e1, n2, e2, method="etest").pvalue)
    low, high = proportion_confint(n1, n1 + n2, alpha=alpha, method="beta")
    scale = e2 / e1

    def ratio(p: float) -> float | None:
        return None if p >= 1 else p / (1 - p) * scale

    rate_ratio = (n1 / e1) / (n2 / e2) if n2 else None
    return RateComparison(min(p_value, 1.0), rate_ratio, ratio(low) or 0.0, ratio(high))


@dataclass(frozen=True)
class SeriesResult(_Serialisable):
    rate_ratio: float  # exp(interaction): the target's change relative to the control's
    ci_low: float
    ci_high: float
    p_value: float
    dispersion: float  # Pearson chi² / df; above 1, the interval was widened accordingly
    weeks_before: int
    weeks_after: int


MIN_WEEKS = 8  # on each side: fewer, and the regression says no more than the 2 × 2 counts


def series_regression(
    target_before: Sequence[int],
    target_after: Sequence[int],
    control_before: Sequence[int],
    control_after: Sequence[int],
    alpha: float = 0.05,
) -> SeriesResult:
    """Weekly counts: log E[y] = b0 + b1·after + b2·target + b3·after·target (Poisson GLM, statsmodels);
    exp(b3) is the target's change relative to the control's. Scale from Pearson's chi² (quasi-Poisson),
    never below 1, so overdispersed weeks give a wider interval, not a false certainty."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    if len(target_before) != len(control_before) or len(target_after) != len(control_after):
        raise EvaluationError("Mål- och jämförelseområdet måste ha lika många veckor.")
    if min(len(target_before), len(target_after)) < MIN_WEEKS:
        raise EvaluationError(f"Minst {MIN_WEEKS} veckor före och efter behövs för regressionen.")
    series = [target_before, target_after, control_before, control_after]
    y = np.concatenate([np.asarray(s, float) for s in series])
    if np.any(y < 0) or not np.all(np.isfinite(y)):
        raise EvaluationError("Veckoantalen måste vara tal som inte är negativa.")
    after = np.concatenate([np.zeros(len(target_before)), np.ones(len(target_after))] * 2)
    target = np.concatenate([np.ones(len(target_before) + len(target_after)), np.zeros(len(after) // 2)])
    design = np.column_stack([np.ones_like(y), after, target, after * target])
    if any(y[(after == a) & (target == t)].sum() == 0 for a in (0, 1) for t in (0, 1)):
        raise EvaluationError("Varje område behöver händelser både före och efter.")
    with warnings.catch_warnings():  # weeks that fit the model exactly are no error here
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        fit = sm.GLM(y, design, family=sm.families.Poisson()).fit()
    dispersion = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else 1.0
    scale = max(dispersion, 1.0)
    beta, se = fit.params[3], fit.bse[3] * math.sqrt(scale)
    level = norm.ppf(1 - alpha / 2)
    p_value = float(2 * norm.sf(abs(beta / se)))
    return SeriesResult(
        math.exp(beta),
        math.exp(beta - level * se),
        math.exp(beta + level * se),
        p_value,
        dispersion,
        len(target_before),
        len(target_after),
    )
