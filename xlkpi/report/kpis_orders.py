"""Orders family: revenue, profit, orders, AOV, refund/return rates, repeat purchases, CLV.

Completed orders are those with status ``paid`` or blank; refunded, returned and
cancelled orders count only in the denominators of the refund and return rates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi import kpi as K
from xlkpi.report.kpis_base import Ctx, ids, keys, numbers, per_period, ratio, report_kpi


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
    """Σ ``column`` over the completed orders of each period; a blank counts as 0.

    For ``cost`` that is the documented rule (a blank cost is 0, as Excel's SUMIFS has
    it, and the Data quality sheet counts such orders per month); one blank must not
    turn the period's profit and ROI into "not defined".
    """
    frame = ctx.frame("orders")
    weights = np.where(completed(ctx), np.nan_to_num(numbers(frame, column)), 0.0)
    return ctx.count(ctx.rows_pos("orders"), weights)


@report_kpi("revenue")
def revenue(ctx: Ctx) -> np.ndarray:
    return ctx.memo("orders:revenue", lambda: _sum(ctx, "revenue"))


@report_kpi("orders")
def orders(ctx: Ctx) -> np.ndarray:
    return ctx.memo("orders:count", lambda: ctx.count(ctx.rows_pos("orders")[completed(ctx)]))


def cost(ctx: Ctx) -> np.ndarray:
    """Σ cost of the completed orders of each period (blank cost = 0)."""
    return ctx.memo("orders:cost", lambda: _sum(ctx, "cost"))


@report_kpi("profit")
def profit(ctx: Ctx) -> np.ndarray:
    return per_period(K.profit, revenue(ctx), cost(ctx))


@report_kpi("aov")
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


@report_kpi("refund_rate")
def refund_rate(ctx: Ctx) -> np.ndarray:
    return _status_rate(ctx, "refunded")


@report_kpi("return_rate")
def return_rate(ctx: Ctx) -> np.ndarray:
    return _status_rate(ctx, "returned")


def _by_date(ctx: Ctx) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Completed orders of known customers sorted by date: codes, dates, revenue, #customers."""

    def make():
        frame = ctx.frame("orders")
        codes, count = ids(frame["customer_id"])
        keep = completed(ctx) & (codes >= 0)
        dates = frame["order_date"].to_numpy(dtype="datetime64[ns]")[keep]
        order = np.argsort(dates, kind="stable")
        value = numbers(frame, "revenue")[keep][order]
        return codes[keep][order], dates[order], value, count

    return ctx.memo("orders:by_date", make)


@report_kpi("repeat_purchase_rate")
def repeat_purchase_rate(ctx: Ctx) -> np.ndarray:
    """Customers with >= 2 completed orders up to each period end / customers with >= 1;
    with ``repeat_purchase_definition`` ``returning`` (Shopify): customers whose order in
    the period is not their first / customers with an order in the period."""
    codes, dates, _, customers = _by_date(ctx)
    nth = pd.Series(codes).groupby(codes).cumcount().to_numpy()  # 0 = first order, 1 = second
    if ctx.settings.repeat_purchase_definition == "returning":
        pos = ctx.pos(pd.Series(dates, dtype="datetime64[ns]"))
        buyers = _distinct_per_period(ctx, codes, pos, customers)
        again = _distinct_per_period(ctx, codes[nth >= 1], pos[nth >= 1], customers)
        return ratio(again, buyers)
    one = np.searchsorted(dates[nth == 0], ctx.ends, side="left")  # dates stay sorted
    two = np.searchsorted(dates[nth == 1], ctx.ends, side="left")
    return ratio(two, one)


_BITMAP_CELLS = 32_000_000  # periods x customers up to this: a bitmap (32 MB), else np.unique


def _distinct_per_period(ctx: Ctx, codes: np.ndarray, pos: np.ndarray, customers: int):
    """Per period, how many distinct customers the rows (``codes``, ``pos``) hold; pos -1 is
    outside the report. A (period x customer) bitmap is 10x faster than hashing 1M pairs."""
    keep = pos >= 0
    if ctx.n * customers <= _BITMAP_CELLS:
        seen = np.zeros((ctx.n, customers), dtype=bool)
        seen[pos[keep], codes[keep]] = True
        return np.count_nonzero(seen, axis=1).astype(float)
    pairs = np.unique(pos[keep].astype(np.int64) * customers + codes[keep])
    return ctx.count(pairs // customers)


@report_kpi("clv")
def clv(ctx: Ctx) -> np.ndarray:
    """AOV x orders per customer per year x clv_years, over the 12 months to each period end."""
    codes, dates, value, customers = _by_date(ctx)
    ends = ctx.ends
    lo = np.searchsorted(dates, year_before(ends), side="left")
    hi = np.searchsorted(dates, ends, side="left")
    avg, per_customer = np.full(ctx.n, np.nan), np.full(ctx.n, np.nan)
    for i in range(ctx.n):
        count = hi[i] - lo[i]
        if count:
            buyers = np.count_nonzero(np.bincount(codes[lo[i] : hi[i]], minlength=customers))
            avg[i] = value[lo[i] : hi[i]].sum() / count
            per_customer[i] = count / buyers
    return per_period(K.clv, avg, per_customer, np.full(ctx.n, ctx.settings.clv_years))


def year_before(stops: np.ndarray) -> np.ndarray:
    """The same day 12 calendar months earlier (29 February -> 28 February, as pandas'
    ``DateOffset(months=12)``): the window ``[year_before(stop), stop)`` is the 12 calendar
    months to a period end, so a month's window is always 12 whole months, 29 Feb or not.
    """
    return (pd.DatetimeIndex(stops) - pd.DateOffset(months=12)).to_numpy(dtype="datetime64[ns]")
