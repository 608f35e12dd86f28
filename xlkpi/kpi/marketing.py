"""Acquisition and advertising KPIs: CAC, its marketing share, ROI, ROAS, CPA, CPC.

Cost and count arguments are *sum arguments*: a number, or a range whose non-blank
cells are summed (blank = 0). Costs and counts may not be negative. A zero
denominator gives NaN, never 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from xlkpi.errors import KpiInputError
from xlkpi.kpi import _input
from xlkpi.kpi._arrays import By, share, single
from xlkpi.kpi._input import ratio, total
from xlkpi.kpi.options import CAC_BASIS, validate
from xlkpi.kpi.rates import sum_ratio

__all__ = [
    "acquisition_spend",
    "cac",
    "cac_rows",
    "cpa",
    "cpc",
    "marketing_originated_pct",
    "marketing_pct_of_cac",
    "roas",
    "roi",
]


def cac(sales_marketing_cost: Any, new_customers: Any) -> float:
    """Customer acquisition cost, in the report currency: (sales + marketing cost) / new customers.

    >>> cac(50000, 40)
    1250.0
    >>> cac([[30000], [20000]], [25, 15])
    1250.0
    >>> cac(1000, 0)
    nan
    """
    return sum_ratio(sales_marketing_cost, new_customers, "sales_marketing_cost", "new_customers")


def cac_rows(
    marketing: np.ndarray, sales: np.ndarray, basis: str = CAC_BASIS.default, clicks: Any = None
) -> np.ndarray:
    """Which Spend rows acquisition cost counts (a bool array), by the ``cac.basis`` option.

    ``marketing`` / ``sales`` flag each row's category; ``clicks`` holds the rows' clicks
    (NaN or absent = not reported). ``fully_loaded``: marketing and sales rows;
    ``marketing``: marketing rows; ``paid``: marketing rows that bought clicks (clicks > 0:
    search, social and display ads; content, events, tools and salaries report none).

    >>> cac_rows(np.array([True, True, False]), np.array([False, False, True]), "paid",
    ...          clicks=np.array([120.0, np.nan, np.nan])).tolist()
    [True, False, False]
    """
    mode = validate(CAC_BASIS, basis, argument="basis")
    marketing = np.asarray(marketing, dtype=bool)
    if mode == CAC_BASIS.FULLY_LOADED:
        return marketing | np.asarray(sales, dtype=bool)
    if mode == CAC_BASIS.MARKETING:
        return marketing
    if clicks is None:
        return np.zeros(marketing.shape, dtype=bool)
    return marketing & (np.nan_to_num(np.asarray(clicks, dtype=float)) > 0)


def acquisition_spend(
    amounts: Any, categories: Any, *, basis: str = CAC_BASIS.default, clicks: Any = None
) -> float:
    """The spend acquisition cost counts, in the report currency: Σ amount of the rows
    :func:`cac_rows` selects (``categories`` ``marketing`` / ``sales``, any case; the
    ranges line up row by row; a blank amount is 0). CAC is this / new customers.

    >>> acquisition_spend([500, 300, 200], ["Marketing", "marketing", "sales"])
    1000.0
    >>> acquisition_spend([500, 300, 200], ["marketing", "marketing", "sales"],
    ...                   basis="paid", clicks=[40, None, None])
    500.0
    """
    values, _ = _input.flat_numbers(amounts, "amounts")
    kinds = np.asarray(_input.flat_labels(categories, "categories"), dtype=object)
    taps = None if clicks is None else _input.flat_numbers(clicks, "clicks")[0]
    for name, column in (("categories", kinds), ("clicks", taps)):
        if column is not None and column.size != values.size:
            raise KpiInputError(
                f"{name}: has {column.size} cells but amounts has {values.size}; "
                "they must be the same rows",
                argument=name,
            )
    marketing = _input.matches(kinds, "marketing")
    rows = cac_rows(marketing, _input.matches(kinds, "sales"), basis, taps)
    return float(np.nan_to_num(values)[rows].sum())


def marketing_pct_of_cac(marketing_cost: Any, sales_cost: Any) -> float:
    """Marketing share of acquisition cost, as a fraction 0–1: marketing / (marketing + sales).

    >>> marketing_pct_of_cac(30000, 20000)
    0.6
    >>> marketing_pct_of_cac(0, 0)
    nan
    """
    m = total(marketing_cost, "marketing_cost")
    s = total(sales_cost, "sales_cost")
    return ratio(m, m + s)


def marketing_originated_pct(flags: Any) -> float:
    """Marketing-originated customers, as a fraction 0–1: new customers first touched by marketing.

    ``flags`` holds one TRUE/FALSE (yes/no, 1/0) per new customer: was the first touch
    marketing? Blanks are skipped; no customers gives NaN.

    >>> marketing_originated_pct([True, False, True, True])
    0.75
    >>> marketing_originated_pct(["yes", "no", None])
    0.5
    >>> marketing_originated_pct([])
    nan
    """
    return single(marketing_originated_by(_input.flags(flags, "flags")))


def marketing_originated_by(flags: np.ndarray, by: By = None) -> np.ndarray:
    """Marketing-originated share per group, one TRUE/FALSE per new customer: customers
    first touched by marketing / customers. The one rule of
    :func:`marketing_originated_pct` (one group) and the report.

    >>> marketing_originated_by(np.array([True, False, True]), (np.array([0, 0, 1]), 2)).tolist()
    [0.5, 1.0]
    """
    return share(flags, by)


def roi(gain: Any, cost: Any) -> float:
    """Return on investment, as a fraction (0.5 = 50 %): (gain − cost) / cost.

    ``gain`` is what the investment brought back (revenue or profit attributed to it);
    it may be negative. No cost gives NaN.

    >>> roi(15000, 10000)
    0.5
    >>> roi(5000, 10000)
    -0.5
    >>> roi(100, 0)
    nan
    """
    g = total(gain, "gain", allow_negative=True)
    c = total(cost, "cost")
    return ratio(g - c, c)


def roas(revenue: Any, ad_spend: Any) -> float:
    """Return on ad spend, a ratio (4.0 = 4 of revenue per 1 spent): revenue / ad spend.

    >>> roas(40000, 10000)
    4.0
    >>> roas(100, 0)
    nan
    """
    return sum_ratio(revenue, ad_spend, "revenue", "ad_spend")


def cpa(cost: Any, acquisitions: Any) -> float:
    """Cost per acquisition, in the report currency: cost / acquisitions (leads or customers).

    >>> cpa(5000, 125)
    40.0
    >>> cpa(5000, 0)
    nan
    """
    return sum_ratio(cost, acquisitions, "cost", "acquisitions")


def cpc(cost: Any, clicks: Any) -> float:
    """Cost per click, in the report currency: cost / clicks.

    >>> cpc(1500, 1200)
    1.25
    >>> cpc([500, 1000], [[400], [800]])
    1.25
    >>> cpc(10, 0)
    nan
    """
    return sum_ratio(cost, clicks, "cost", "clicks")
