"""Orders family: revenue, profit, orders, AOV, refund/return rates, repeat purchases, CLV.

Completed orders are those with status ``paid`` or blank; refunded, returned and
cancelled orders count only in the denominators of the refund and return rates.
"""

from __future__ import annotations

import numpy as np

from xlkpi import kpi as K
from xlkpi.report.kpis_base import Ctx, ids, keys, numbers, per_period, ratio, spec

ORDERS = ("orders", ("order_date", "revenue"))


def _status(ctx: Ctx) -> tuple[np.ndarray, list[str]]:
    frame = ctx.frame("orders")
    if "status" not in frame.columns:
        return np.full(len(frame), -1, dtype=np.int64), []
    return ctx.memo("orders:status", lambda: keys(frame["status"]))


def completed(ctx: Ctx) -> np.ndarray:
    """True for completed orders (status paid or blank)."""

    def make():
        codes, labels = _status(ctx)
        paid = labels.index("paid") if "paid" in labels else -2
        return (codes == -1) | (codes == paid)

    return ctx.memo("orders:completed", make)


def _status_is(ctx: Ctx, status: str) -> np.ndarray:
    codes, labels = _status(ctx)
    return codes == labels.index(status) if status in labels else np.zeros(len(codes), bool)


def _sum(ctx: Ctx, column: str) -> np.ndarray:
    """Σ ``column`` over the completed orders of each period."""
    frame = ctx.frame("orders")
    weights = np.where(completed(ctx), numbers(frame, column), 0.0)
    return ctx.count(ctx.rows_pos("orders"), weights)


def revenue(ctx: Ctx) -> np.ndarray:
    return ctx.memo("orders:revenue", lambda: _sum(ctx, "revenue"))


def orders(ctx: Ctx) -> np.ndarray:
    return ctx.memo("orders:count", lambda: ctx.count(ctx.rows_pos("orders")[completed(ctx)]))


def profit(ctx: Ctx) -> np.ndarray:
    return per_period(K.profit, revenue(ctx), _sum(ctx, "cost"))


def aov(ctx: Ctx) -> np.ndarray:
    # Same arithmetic as K.aov over the period's completed revenues (proven in the tests).
    return ratio(revenue(ctx), orders(ctx))


def _status_rate(ctx: Ctx, status: str) -> np.ndarray:
    pos = ctx.rows_pos("orders")
    hit = _status_is(ctx, status)
    if ctx.settings.refund_basis == "value":
        value = np.nan_to_num(numbers(ctx.frame("orders"), "revenue"))
        return ratio(ctx.count(pos, np.where(hit, value, 0.0)), ctx.count(pos, value))
    return ratio(ctx.count(pos[hit]), ctx.count(pos))


def refund_rate(ctx: Ctx) -> np.ndarray:
    return _status_rate(ctx, "refunded")


def return_rate(ctx: Ctx) -> np.ndarray:
    return _status_rate(ctx, "returned")


def repeat_purchase_rate(ctx: Ctx) -> np.ndarray:
    """Customers with >= 2 completed orders up to each period end / customers with >= 1."""
    frame = ctx.frame("orders")
    done = completed(ctx)
    codes, _ = ids(frame["customer_id"][done])
    dates = frame["order_date"][done].to_numpy(dtype="datetime64[ns]")
    known = codes >= 0
    codes, dates = codes[known], dates[known]
    order = np.lexsort((dates, codes))
    codes, dates = codes[order], dates[order]
    first = np.ones(len(codes), dtype=bool)
    first[1:] = codes[1:] != codes[:-1]
    second = np.zeros(len(codes), dtype=bool)
    second[1:] = ~first[1:] & first[:-1]
    ends = ctx.ends
    one = np.searchsorted(np.sort(dates[first]), ends, side="left")
    two = np.searchsorted(np.sort(dates[second]), ends, side="left")
    return ratio(two, one)


def clv(ctx: Ctx) -> np.ndarray:
    """AOV x orders per customer per year x clv_years, over the 12 months to each period end."""
    frame = ctx.frame("orders")
    done = completed(ctx)
    codes, customers = ids(frame["customer_id"][done])
    dates = frame["order_date"][done].to_numpy(dtype="datetime64[ns]")
    value = numbers(frame, "revenue")[done]
    order = np.argsort(dates, kind="stable")
    codes, dates, value = codes[order], dates[order], value[order]
    ends = ctx.ends
    starts = ends - np.timedelta64(365, "D")
    lo = np.searchsorted(dates, starts, side="left")
    hi = np.searchsorted(dates, ends, side="left")
    out = np.full(ctx.n, np.nan)
    for i in range(ctx.n):
        window = codes[lo[i] : hi[i]]
        window = window[window >= 0]
        buyers = np.count_nonzero(np.bincount(window, minlength=customers))
        count = hi[i] - lo[i]
        if count == 0 or buyers == 0:
            continue
        avg = value[lo[i] : hi[i]].sum() / count
        out[i] = per_period(K.clv, [avg], [count / buyers], [ctx.settings.clv_years])[0]
    return out


KPIS = {
    "revenue": spec(revenue, ORDERS),
    "profit": spec(profit, ("orders", ("order_date", "revenue", "cost"))),
    "orders": spec(orders, ORDERS),
    "aov": spec(aov, ORDERS),
    "refund_rate": spec(refund_rate, ("orders", ("order_date", "revenue", "status"))),
    "return_rate": spec(return_rate, ("orders", ("order_date", "revenue", "status"))),
    "repeat_purchase_rate": spec(
        repeat_purchase_rate, ("orders", ("order_date", "customer_id", "revenue"))
    ),
    "clv": spec(clv, ("orders", ("order_date", "customer_id", "revenue"))),
}
