"""Sampling noise of rate KPIs: the normal quantile and the Wilson score interval."""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any, NamedTuple

from xlkpi.errors import KpiInputError
from xlkpi.kpi._input import as_typed, scalar, total

__all__ = ["RateInterval", "rate_interval", "z_value"]


def z_value(confidence: Any) -> float:
    """Two-sided standard normal quantile of a confidence level in (0, 1), a plain number.

    >>> round(z_value(0.95), 4)
    1.96
    >>> round(z_value(0.90), 4)
    1.6449
    """
    level = scalar(confidence, "confidence", low=0.0, high=1.0, low_open=True)
    if level >= 1.0:
        raise KpiInputError(
            f"confidence: {level!r} must be below 1 (0.95 means 95 %)",
            value=level,
            argument="confidence",
        )
    return NormalDist().inv_cdf(0.5 + level / 2.0)


class RateInterval(NamedTuple):
    """A confidence interval of a rate, as fractions 0–1."""

    low: float
    high: float


def rate_interval(successes: Any, trials: Any, confidence: float = 0.95) -> RateInterval:
    """Wilson score confidence interval of the rate successes / trials, as fractions 0–1.

    With p = successes / trials, n = trials and z the two-sided normal quantile:
    ``(p + z²/2n ± z·sqrt(p(1 − p)/n + z²/4n²)) / (1 + z²/n)`` (Wilson 1927). Unlike
    p ± z·sqrt(p(1 − p)/n) it stays inside 0–1 and is honest for small n and for rates
    near 0 or 1. Both are sum arguments (a number or a range that is summed; blanks
    skipped); ``successes`` may not exceed ``trials``. No trials gives (NaN, NaN).

    >>> [round(v, 4) for v in rate_interval(8, 10)]
    [0.4902, 0.9433]
    >>> [round(v, 4) for v in rate_interval(0, 20)]
    [0.0, 0.1611]
    >>> rate_interval(0, 0)
    RateInterval(low=nan, high=nan)
    """
    k = total(successes, "successes")
    n = total(trials, "trials")
    z = z_value(confidence)
    if k > n:
        raise KpiInputError(
            f"successes: {k:g} is more than trials ({n:g})", value=k, argument="successes"
        )
    if n == 0:
        return RateInterval(math.nan, math.nan)
    if n < 1:  # z²/4n² would overflow or divide by an underflowed zero
        raise KpiInputError(
            f"trials: {as_typed(n)} is less than one trial (trials are a count)",
            value=n,
            argument="trials",
        )
    p = k / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denom
    half = z * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom
    return RateInterval(max(0.0, centre - half), min(1.0, centre + half))
