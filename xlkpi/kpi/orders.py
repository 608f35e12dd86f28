"""Order KPIs: average order value, refund and return rates, repeat purchases, profit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from xlkpi.errors import KpiInputError
from xlkpi.kpi._arrays import By, mean, repeat_share, returning_share, share, single
from xlkpi.kpi._input import (
    check_finite,
    finite,
    flat_labels,
    flat_numbers,
    labels,
    matches,
    numbers,
    raise_at,
    sum_of,
    total,
)
from xlkpi.kpi.options import REFUND_BASIS, REPEAT_PURCHASE_DEFINITION, validate

__all__ = ["aov", "profit", "refund_rate", "repeat_purchase_rate", "return_rate"]


def aov(revenues: Any) -> float:
    """Average order value, in the report currency: revenue of orders / number of orders.

    ``revenues`` holds one value per completed order; blanks are skipped (not orders);
    no orders gives NaN. Negative revenue raises.

    >>> aov([120, 80, None, 100])  # 300 / 3
    100.0
    >>> aov([[250.5]])
    250.5
    >>> aov([])
    nan
    """
    a = numbers(revenues, "revenues")
    check_finite(a, revenues, "revenues")
    if a.size and a.min() < 0:
        raise_at(revenues, "revenues", lambda v: v < 0, "must not be negative")
    finite(sum_of(a), "revenues: the sum")
    return single(aov_by(a))


def aov_by(revenues: np.ndarray, by: By = None) -> np.ndarray:
    """AOV per group (see :mod:`xlkpi.kpi._arrays`): Σ revenue / number of orders.

    One row per order; the one AOV rule of :func:`aov` (one group) and the report (a
    group per period, a blank revenue of a completed order counting as 0).

    >>> aov_by(np.array([120.0, 80.0, 100.0]), (np.array([0, 0, 1]), 3)).tolist()
    [100.0, 100.0, nan]
    """
    return mean(revenues, by)


def status_rate_by(hit: np.ndarray, by: By = None, revenues=None) -> np.ndarray:
    """Refund or return rate per group: orders with the status (``hit``) / all orders.

    With ``revenues`` (``basis="value"``) each order weighs its revenue (blank = 0).
    The one rule of :func:`refund_rate`, :func:`return_rate` and the report.

    >>> status_rate_by(np.array([True, False, False, True])).tolist()
    [0.5]
    >>> status_rate_by(np.array([True, False]), revenues=np.array([100.0, np.nan])).tolist()
    [1.0]
    """
    weights = None if revenues is None else np.nan_to_num(np.asarray(revenues, dtype=float))
    return share(hit, by, weights)


def _status_rate(statuses: Any, status: str, basis: str, revenues: Any) -> float:
    mode = validate(REFUND_BASIS, basis, argument="basis")
    if mode == REFUND_BASIS.COUNT:
        values = labels(statuses, "statuses")
        return single(status_rate_by(matches(values, status)))
    if revenues is None:
        raise KpiInputError(
            'revenues: basis="value" needs the order revenues, one per status',
            argument="revenues",
        )
    rev, _ = flat_numbers(revenues, "revenues")
    st = flat_labels(statuses, "statuses")
    if st.size != rev.size:
        raise KpiInputError(
            f"statuses: has {st.size} cells but revenues has {rev.size}; "
            "they must be the same orders",
            argument="statuses",
        )
    present = ~np.isnan(rev)
    if (rev[present] < 0).any() or np.isinf(rev).any():
        raise_at(revenues, "revenues", lambda v: (v < 0) | np.isinf(v), "must be a number ≥ 0")
    return single(status_rate_by(matches(st, status) & present, revenues=rev))


def refund_rate(statuses: Any, *, basis: str = REFUND_BASIS.default, revenues: Any = None) -> float:
    """Refund rate, as a fraction 0–1: refunded orders / all orders.

    ``statuses`` holds one status per order placed (``paid``, ``refunded``,
    ``returned``, ``cancelled``; case-insensitive). ``basis="count"`` (default) counts
    orders; blank statuses are skipped (not orders). ``basis="value"`` weighs each
    order by its revenue: refunded revenue / revenue of all orders; it needs
    ``revenues`` aligned with ``statuses``, and there a row is an order when its revenue
    is not blank (a blank status is ``paid``). No orders gives NaN.

    >>> refund_rate(["paid", "refunded", "paid", "returned"])
    0.25
    >>> refund_rate(["paid", "Refunded"], basis="value", revenues=[300, 100])
    0.25
    >>> refund_rate([None, ""])
    nan
    """
    return _status_rate(statuses, "refunded", basis, revenues)


def return_rate(statuses: Any, *, basis: str = REFUND_BASIS.default, revenues: Any = None) -> float:
    """Return rate, as a fraction 0–1: returned orders / all orders.

    Same rules as :func:`refund_rate`, counting status ``returned``.

    >>> return_rate(["paid", "returned", "returned", "cancelled"])
    0.5
    >>> return_rate(["returned", None], basis="value", revenues=[50, 150])
    0.25
    """
    return _status_rate(statuses, "returned", basis, revenues)


def repeat_purchase_rate(
    customer_ids: Any,
    *,
    definition: str = REPEAT_PURCHASE_DEFINITION.default,
    earlier_ids: Any = None,
) -> float:
    """Repeat purchase rate, as a fraction 0–1.

    ``customer_ids`` holds the buyer of each (completed) order; ids compare as text;
    blanks are skipped; no orders gives NaN.

    - ``definition="repeat"`` (default): customers with ≥ 2 orders / customers with ≥ 1
      (in the report: all orders up to the period end).
    - ``definition="returning"`` (Shopify's *returning customer rate*): ``customer_ids``
      are the orders of one period and ``earlier_ids`` the buyers of any order before
      it; customers whose order in the period is not their first (they bought before
      the period, or twice in it) / customers with an order in the period.

    >>> repeat_purchase_rate(["c1", "c2", "c1", "c3", "c3", "c3"])  # c1, c3 of 3
    0.6666666666666666
    >>> repeat_purchase_rate([1001, 1002])
    0.0
    >>> repeat_purchase_rate(["a", "b", "c", "c"], definition="returning", earlier_ids=["a"])
    0.6666666666666666
    """
    mode = validate(REPEAT_PURCHASE_DEFINITION, definition, argument="definition")
    codes, uniques = pd.factorize(labels(customer_ids, "customer_ids"))
    earlier = None
    if mode == REPEAT_PURCHASE_DEFINITION.RETURNING and earlier_ids is not None:
        earlier = np.isin(uniques, labels(earlier_ids, "earlier_ids"))
    found = repeat_purchase_rate_by(codes, definition=mode, earlier=earlier, ids=len(uniques))
    return single(found)


def repeat_purchase_rate_by(
    codes: np.ndarray,
    by: By = None,
    *,
    definition: str = REPEAT_PURCHASE_DEFINITION.default,
    earlier=None,
    ids: int | None = None,
) -> np.ndarray:
    """Repeat purchase rate per group, from the customer code of each order (−1 = blank).

    ``repeat``: customers with ≥ 2 orders in the group or an earlier one / customers with
    ≥ 1 (the report groups each order in the first period whose end is after it, so a
    period counts every order up to its end). ``returning``: customers whose order in the
    group is not their first (≥ 2 in it, one in an earlier group, or ``earlier[code]``)
    / customers with an order in the group. ``ids``: the number of customer codes. The
    one rule of :func:`repeat_purchase_rate` (one group) and the report.

    >>> repeat_purchase_rate_by(np.array([0, 1, 0]), (np.array([0, 0, 1]), 2)).tolist()
    [0.0, 0.5]
    >>> repeat_purchase_rate_by(np.array([0, 1, 0]), (np.array([0, 0, 1]), 2),
    ...                         definition="returning").tolist()
    [0.0, 1.0]
    """
    if definition == REPEAT_PURCHASE_DEFINITION.REPEAT:
        return repeat_share(codes, by)
    return returning_share(codes, by, earlier, ids)


def profit(revenue: Any, cost: Any) -> float:
    """Profit, in the report currency: Σ revenue − Σ cost.

    Sum arguments (blank = 0); negative revenue or cost raises.

    >>> profit([100, 250], [60, 90])
    200.0
    >>> profit(50, 80)
    -30.0
    """
    return total(revenue, "revenue") - total(cost, "cost")
