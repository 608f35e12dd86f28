"""Funnel rates from counts: conversion, lead-to-close, email opt-in, qualified leads, CTR.

Every argument is a *sum argument*: a number, or a range whose non-blank cells are
summed. Counts may not be negative. A zero denominator gives NaN, never 0.
"""

from __future__ import annotations

from typing import Any

from xlkpi.errors import KpiInputError
from xlkpi.kpi._input import ratio, total
from xlkpi.kpi.options import LEAD_TO_CLOSE_BASIS, validate

__all__ = [
    "conversion_rate",
    "ctr",
    "email_optin_rate",
    "lead_to_close_rate",
    "qualified_lead_rate",
]


def sum_ratio(num: Any, den: Any, num_name: str, den_name: str, *, bounded: bool = False) -> float:
    """``Σ num / Σ den`` of two sum arguments; NaN when Σ den is 0.

    ``bounded=True`` raises when the numerator exceeds the denominator (a share of a
    whole cannot be more than the whole).

    >>> sum_ratio([1, 2], 10, "a", "b")
    0.3
    """
    n = total(num, num_name)
    d = total(den, den_name)
    if bounded and n > d:
        raise KpiInputError(
            f"{num_name}: {n:g} is more than {den_name} ({d:g}); it must be a part of it",
            value=n,
            argument=num_name,
        )
    return ratio(n, d)


def conversion_rate(conversions: Any, visitors: Any) -> float:
    """Conversion rate, as a fraction 0–1: conversions / visitors (or sessions).

    Sum arguments; blanks skipped; no visitors gives NaN. A count of conversions above
    the visitors is allowed (one visitor may order twice) and gives a rate above 1.

    >>> conversion_rate(25, 1000)
    0.025
    >>> conversion_rate([3, 2, None], [100, 100])
    0.025
    >>> conversion_rate(0, 0)
    nan
    """
    return sum_ratio(conversions, visitors, "conversions", "visitors")


def lead_to_close_rate(won: Any, leads: Any, *, basis: str = LEAD_TO_CLOSE_BASIS.default) -> float:
    """Lead-to-close rate, as a fraction 0–1: leads won / leads.

    ``basis="cohort"`` (default): ``won`` counts the leads *of that set* that were won,
    so it cannot exceed ``leads`` (raises if it does). ``basis="period"``: won in the
    period / created in the period, two different sets, so it can exceed 1.
    No leads gives NaN.

    >>> lead_to_close_rate(12, 240)
    0.05
    >>> lead_to_close_rate(30, 20, basis="period")
    1.5
    >>> lead_to_close_rate(0, 0)
    nan
    """
    mode = validate(LEAD_TO_CLOSE_BASIS, basis, argument="basis")
    return sum_ratio(won, leads, "won", "leads", bounded=mode == LEAD_TO_CLOSE_BASIS.COHORT)


def email_optin_rate(optins: Any, visitors: Any) -> float:
    """Email opt-in rate, as a fraction 0–1: email sign-ups / unique visitors.

    Sum arguments; no visitors gives NaN.

    >>> email_optin_rate(45, 1500)
    0.03
    >>> email_optin_rate([1, 1, 0], 0)
    nan
    """
    return sum_ratio(optins, visitors, "optins", "visitors")


def qualified_lead_rate(qualified: Any, leads: Any) -> float:
    """Qualified lead rate, as a fraction 0–1: MQLs (or SQLs) / leads.

    Sum arguments; ``qualified`` may not exceed ``leads``; no leads gives NaN.

    >>> qualified_lead_rate(60, 240)
    0.25
    >>> qualified_lead_rate(0, 0)
    nan
    """
    return sum_ratio(qualified, leads, "qualified", "leads", bounded=True)


def ctr(clicks: Any, impressions: Any) -> float:
    """Click-through rate, as a fraction 0–1: clicks / impressions.

    Sum arguments; no impressions gives NaN.

    >>> ctr(150, 10000)
    0.015
    >>> ctr([100, 50], [4000, 6000])
    0.015
    >>> ctr(5, 0)
    nan
    """
    return sum_ratio(clicks, impressions, "clicks", "impressions")
