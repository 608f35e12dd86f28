"""Customer KPIs: churn, retention and customer lifetime value (three ways)."""

from __future__ import annotations

import math
from typing import Any

from xlkpi.errors import KpiInputError
from xlkpi.kpi._input import finite, ratio, scalar, total
from xlkpi.kpi.options import CHURN_DENOMINATOR, validate

__all__ = ["churn_rate", "clv", "clv_discounted", "clv_margin", "retention_rate"]

_FRACTION_HINT = " (a fraction: 5 % is 0.05)"


def churn_rate(
    customers_lost: Any,
    customers_at_start: Any,
    *,
    denominator: str = CHURN_DENOMINATOR.default,
    customers_at_end: Any = None,
    new_customers: Any = None,
) -> float:
    """Customer churn rate of a period, as a fraction 0–1: customers lost / customers.

    The denominator is an explicit option (practitioners disagree):

    - ``"start"`` (default; ChartMogul, B2B): customers at the period start. Losing more
      than that raises.
    - ``"average"``: (customers at start + ``customers_at_end``) / 2.
    - ``"start_plus_new"`` (Stripe): customers at start + ``new_customers`` of the period.
      Losing more than that raises.

    Sum arguments (blank = 0); a zero denominator gives NaN.

    >>> churn_rate(5, 200)
    0.025
    >>> churn_rate(5, 200, denominator="average", customers_at_end=300)
    0.02
    >>> churn_rate(5, 200, denominator="start_plus_new", new_customers=50)
    0.02
    >>> churn_rate(0, 0)
    nan
    """
    mode = validate(CHURN_DENOMINATOR, denominator, argument="denominator")
    lost = total(customers_lost, "customers_lost")
    start = total(customers_at_start, "customers_at_start")
    if mode == CHURN_DENOMINATOR.START:
        den, what = start, "customers_at_start"
    elif mode == CHURN_DENOMINATOR.AVERAGE:
        if customers_at_end is None:
            raise KpiInputError(
                'customers_at_end: denominator="average" needs the customers at the period end',
                argument="customers_at_end",
            )
        den, what = (start + total(customers_at_end, "customers_at_end")) / 2.0, ""
    else:
        if new_customers is None:
            raise KpiInputError(
                'new_customers: denominator="start_plus_new" needs the new customers',
                argument="new_customers",
            )
        den = start + total(new_customers, "new_customers")
        what = "customers_at_start + new_customers"
    if what and lost > den:
        raise KpiInputError(
            f"customers_lost: {lost:g} is more than {what} ({den:g})",
            value=lost,
            argument="customers_lost",
        )
    return ratio(lost, den)


def retention_rate(
    customers_lost: Any,
    customers_at_start: Any,
    *,
    denominator: str = CHURN_DENOMINATOR.default,
    customers_at_end: Any = None,
    new_customers: Any = None,
) -> float:
    """Customer retention rate of a period, as a fraction 0–1: 1 − churn rate.

    Same arguments and options as :func:`churn_rate`; NaN when churn is NaN.

    >>> retention_rate(5, 200)
    0.975
    >>> retention_rate(0, 0)
    nan
    """
    return 1.0 - churn_rate(
        customers_lost,
        customers_at_start,
        denominator=denominator,
        customers_at_end=customers_at_end,
        new_customers=new_customers,
    )


def clv(avg_order_value: Any, purchases_per_year: Any, years: Any) -> float:
    """Simple customer lifetime value, in the report currency: AOV × purchases/year × years.

    Each argument is one number ≥ 0 (or a one-cell range).

    >>> clv(250, 4, 3)
    3000.0
    >>> clv(99.5, 2, 0.5)
    99.5
    """
    a = scalar(avg_order_value, "avg_order_value", low=0)
    f = scalar(purchases_per_year, "purchases_per_year", low=0)
    y = scalar(years, "years", low=0)
    return finite(a * f * y, "the CLV")


def clv_margin(arpa: Any, churn_rate: Any, gross_margin: Any = 1.0) -> float:
    """Margin-based customer lifetime value, in the report currency: ARPA × margin / churn.

    ``arpa`` (average revenue per account) and ``churn_rate`` are per the same period
    (monthly ARPA with monthly churn). With ``gross_margin=1.0`` this is ChartMogul's
    LTV = ARPA / churn. Churn and margin are fractions 0–1; churn 0 (an endless
    lifetime) gives NaN.

    >>> clv_margin(500, 0.02)
    25000.0
    >>> clv_margin(500, 0.02, 0.8)
    20000.0
    >>> clv_margin(500, 0)
    nan
    """
    a = scalar(arpa, "arpa", low=0)
    c = scalar(churn_rate, "churn_rate", low=0, high=1, hint=_FRACTION_HINT)
    m = scalar(gross_margin, "gross_margin", low=0, high=1, hint=_FRACTION_HINT)
    return finite(ratio(a * m, c), "the CLV")


def clv_discounted(
    annual_margin: Any, retention_rate: Any, discount_rate: Any, years: Any
) -> float:
    """Discounted customer lifetime value, in the report currency: present value of margins.

    ``Σ_{t=1..years} margin × retention^(t−1) / (1 + discount)^t``: year t's margin is
    earned only if the customer stayed t − 1 years and is discounted to today.
    ``retention_rate`` (0–1) and ``discount_rate`` (above −1, at most 1) are annual
    fractions (10 for 10 % is named as a slip); ``years`` is a whole
    number from 0 to 1000 (0 gives 0). ``annual_margin`` may be negative. Computed in
    closed form (a geometric series), so any number of years costs the same.

    >>> round(clv_discounted(1000, 0.8, 0.1, 3), 2)  # 1000/1.1 + 800/1.21 + 640/1.331
    2051.09
    >>> clv_discounted(1000, 1.0, 0.0, 5)
    5000.0
    """
    m = scalar(annual_margin, "annual_margin")
    r = scalar(retention_rate, "retention_rate", low=0, high=1, hint=_FRACTION_HINT)
    d = scalar(discount_rate, "discount_rate", low=-1, high=1, low_open=True, hint=_FRACTION_HINT)
    y = scalar(years, "years", low=0, high=MAX_YEARS)
    if not float(y).is_integer():
        raise KpiInputError(f"years: {y!r} must be a whole number", value=y, argument="years")
    return finite(m / (1.0 + d) * _annuity(r, d, int(y)), "the discounted CLV")


#: The longest customer relationship KPI_CLV_DISCOUNTED sums over, in years.
MAX_YEARS = 1000


def _annuity(r: float, d: float, years: int) -> float:
    """``Σ_{k=0..years-1} q^k`` with ``q = r / (1 + d)``, in closed form (no loop per year).

    ``(1 − q^years) / (1 − q)``, computed as ``−expm1(years·ln q) / ((1 + d − r) / (1 + d))``
    so that q close to 1 keeps its precision; ``q == 1`` is ``years``; ``r == 0`` is 1
    (only the first year counts). ``+inf`` when ``q^years`` is beyond the float range.
    """
    if years == 0:
        return 0.0
    if r == 0:
        return 1.0
    g = 1.0 + d
    one_minus_q = (g - r) / g
    if one_minus_q == 0:
        return float(years)
    try:
        grown = math.expm1(years * (math.log(r) - math.log(g)))  # q^years - 1
    except OverflowError:
        return math.inf
    return -grown / one_minus_q
