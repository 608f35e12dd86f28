"""Orders family: revenue, profit, orders, AOV, refund/return rates, repeat purchases, CLV.

Completed orders are those with status ``paid`` or blank; refunded, returned and
cancelled orders count only in the denominators of the refund and return rates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi import kpi as K
from xlkpi.engine.frames.base import Ctx, keys, numbers, per_period, report_kpi
from xlkpi.kpi.options import REFUND_BASIS, REPEAT_PURCHASE_DEFINITION
from xlkpi.kpi.orders import aov_by, repeat_purchase_rate_by, status_rate_by


def _status(ctx: Ctx) -> tuple[np.ndarray, list[str]]:
    frame = ctx.frame("orders")
    if "status" not in frame.columns:
        return np.full(len(frame), -1, dtype=np.intp), []
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
    """``K.aov``'s rule (``aov_by``) over each period's completed orders (blank revenue = 0)."""
    value = np.nan_to_num(numbers(ctx.frame("orders"), "revenue"))
    return aov_by(value, (np.where(completed(ctx), ctx.rows_pos("orders"), -1), ctx.n))


def _status_rate(ctx: Ctx, status: str) -> np.ndarray:
    """``K.refund_rate``'s rule (``status_rate_by``) over every order of each period."""
    value = None
    if ctx.settings.refund_basis == REFUND_BASIS.VALUE:
        value = numbers(ctx.frame("orders"), "revenue")
    return status_rate_by(_status_is(ctx, status), (ctx.rows_pos("orders"), ctx.n), value)


@report_kpi("refund_rate")
def refund_rate(ctx: Ctx) -> np.ndarray:
    return _status_rate(ctx, "refunded")


@report_kpi("return_rate")
def return_rate(ctx: Ctx) -> np.ndarray:
    return _status_rate(ctx, "returned")


def customer_ids(ctx: Ctx) -> tuple[np.ndarray, object]:
    """``pd.factorize`` of the orders' customer ids, once per report (several KPIs and the
    cohorts take theirs from it: :func:`xlkpi.engine.frames.base.subset_ids`)."""
    frame = ctx.frame("orders")
    return ctx.memo("orders:customer_ids", lambda: pd.factorize(frame["customer_id"]))


def _by_date(ctx: Ctx) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Completed orders of known customers sorted by date: codes, dates, revenue, #customers."""

    def make():
        frame = ctx.frame("orders")
        codes, uniques = customer_ids(ctx)
        codes, count = codes.astype(np.intp, copy=False), len(uniques)
        keep = completed(ctx) & (codes >= 0)
        dates = frame["order_date"].to_numpy(dtype="datetime64[ns]")[keep]
        order = np.argsort(dates, kind="stable")
        value = numbers(frame, "revenue")[keep][order]
        return codes[keep][order], dates[order], value, count

    return ctx.memo("orders:by_date", make)


@report_kpi("repeat_purchase_rate")
def repeat_purchase_rate(ctx: Ctx) -> np.ndarray:
    """``K.repeat_purchase_rate``'s rule (``repeat_purchase_rate_by``) over completed orders.

    ``repeat``: customers with >= 2 completed orders up to each period end / customers with
    >= 1 (an order is grouped in the first period ending after it, earlier orders in the
    first period). ``returning`` (Shopify): customers whose order in the period is not
    their first (an order before the first period counts as earlier) / customers with an
    order in the period.
    """
    codes, dates, _, customers = _by_date(ctx)
    definition = ctx.settings.repeat_purchase_definition
    earlier = None
    if definition == REPEAT_PURCHASE_DEFINITION.RETURNING:
        group = ctx.pos(pd.Series(dates, dtype="datetime64[ns]"))
        earlier = np.zeros(customers, dtype=bool)
        if ctx.n:
            earlier[codes[dates < ctx.periods[0].start.to_datetime64()]] = True
    else:
        group = np.searchsorted(ctx.ends, dates, side="right")
        group[group >= ctx.n] = -1
    by = (group, ctx.n)
    return repeat_purchase_rate_by(codes, by, definition=definition, earlier=earlier, ids=customers)


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
            avg[i] = aov_by(value[lo[i] : hi[i]])[0]  # K.aov's rule over the window
            per_customer[i] = count / buyers
    return per_period(K.clv, avg, per_customer, np.full(ctx.n, ctx.settings.clv_years))


def year_before(stops: np.ndarray) -> np.ndarray:
    """The same day 12 calendar months earlier (29 February -> 28 February, as pandas'
    ``DateOffset(months=12)``): the window ``[year_before(stop), stop)`` is the 12 calendar
    months to a period end, so a month's window is always 12 whole months, 29 Feb or not.
    """
    return (pd.DatetimeIndex(stops) - pd.DateOffset(months=12)).to_numpy(dtype="datetime64[ns]")
