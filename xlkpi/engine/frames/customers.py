"""Customers family: new customers, churn and retention, marketing-originated share, cohorts.

Churn for a period = customers whose churned_date falls in it / customers active at its
start (acquired before the start and not churned before it). The denominator follows the
``churn_denominator`` option: ``start`` (default), ``average`` of start and end, or
``start_plus_new`` (start + acquired in the period). With ``churn_window`` ``rolling_30d``
(Stripe Billing, Baremetrics) the same counts are taken over the 30 days up to the period
end instead of the period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi import kpi as K
from xlkpi.engine.frames.base import Ctx, flag, per_period, report_kpi, subset_ids
from xlkpi.kpi.marketing import marketing_originated_by
from xlkpi.kpi.options import CHURN_DENOMINATOR, CHURN_WINDOW

CUSTOMERS = ("acquired_date",)


@report_kpi("new_customers")
def new_customers(ctx: Ctx) -> np.ndarray:
    return ctx.memo("customers:new", lambda: ctx.count(ctx.rows_pos("customers")))


@report_kpi("marketing_originated_pct")
def marketing_originated_pct(ctx: Ctx) -> np.ndarray:
    """``K.marketing_originated_pct``'s rule over each period's new customers (blank = FALSE)."""
    marketing = flag(ctx.frame("customers"), "marketing_originated")
    return marketing_originated_by(marketing, (ctx.rows_pos("customers"), ctx.n))


def _active_at(ctx: Ctx, when: np.ndarray) -> np.ndarray:
    """Customers acquired before ``when`` and not churned before it, for each instant."""
    frame = ctx.frame("customers")
    acquired = frame["acquired_date"].to_numpy(dtype="datetime64[ns]")
    churned = frame["churned_date"].to_numpy(dtype="datetime64[ns]")
    gone = ~np.isnat(churned)
    both = np.maximum(acquired[gone], churned[gone])  # acquired and churned before `when`
    return (
        np.searchsorted(np.sort(acquired), when, side="left")
        - np.searchsorted(np.sort(both), when, side="left")
    ).astype(float)


def _churn(ctx: Ctx, fn) -> np.ndarray:
    """``fn`` (churn or retention) per period with the ``churn_denominator`` option.

    With the ``start`` denominator only customers active at the period start count as
    lost (a customer acquired and lost inside the period is in neither count), so the
    rate stays within 0-1; the other denominators include the period's new customers.
    """
    option = ctx.settings.churn_denominator
    if ctx.settings.churn_window == CHURN_WINDOW.ROLLING_30D:
        starts, ends, lost, new = _rolling(ctx, option == CHURN_DENOMINATOR.START)
    else:
        frame = ctx.frame("customers")
        lost_pos = ctx.pos(frame["churned_date"])
        if option == CHURN_DENOMINATOR.START:
            lost_pos = np.where(ctx.rows_pos("customers") < lost_pos, lost_pos, -1)
        starts = np.array([p.start.to_datetime64() for p in ctx.periods], dtype="datetime64[ns]")
        ends, lost, new = ctx.ends, ctx.count(lost_pos), new_customers(ctx)
    return per_period(
        fn,
        lost,
        _active_at(ctx, starts),
        denominator=option,
        customers_at_end=_active_at(ctx, ends),
        new_customers=new,
    )


def _rolling(ctx: Ctx, at_start_only: bool):
    """Stripe's window: the 30 days up to each period end (the as-of day in the last period).

    Returns the window starts and ends, the customers lost in each window (only those
    active at its start when ``at_start_only``) and the customers acquired in it.
    """
    ends = ctx.ends
    if ctx.settings.as_of is not None:
        ends = np.minimum(ends, (ctx.settings.as_of + pd.Timedelta(days=1)).to_datetime64())
    starts = ends - np.timedelta64(30, "D")
    frame = ctx.frame("customers")
    acquired = frame["acquired_date"].to_numpy(dtype="datetime64[ns]")
    churned = frame["churned_date"].to_numpy(dtype="datetime64[ns]")
    gone = ~np.isnat(churned)
    acquired_gone, churned_gone = acquired[gone], churned[gone]
    lost = np.zeros(ctx.n)
    for i in range(ctx.n):  # one vectorised pass per period over the churned customers
        inside = (churned_gone >= starts[i]) & (churned_gone < ends[i])
        if at_start_only:
            inside &= acquired_gone < starts[i]
        lost[i] = np.count_nonzero(inside)
    order = np.sort(acquired)
    new = (np.searchsorted(order, ends) - np.searchsorted(order, starts)).astype(float)
    return starts, ends, lost, new


@report_kpi("churn_rate")
def churn_rate(ctx: Ctx) -> np.ndarray:
    return _churn(ctx, K.churn_rate)


@report_kpi("retention_rate")
def retention_rate(ctx: Ctx) -> np.ndarray:
    return _churn(ctx, K.retention_rate)


def cohorts(ctx: Ctx) -> pd.DataFrame | None:
    """Share of each acquisition cohort still active k periods later (NaN for the future).

    Cohort = period of acquired_date (Customers), or of the first completed order when
    there is no Customers sheet. Active k periods later = not churned by the end of that
    period (Customers with churned_date), else placed a completed order in that period.
    """
    if ctx.n == 0:
        return None
    if ctx.has("customers", *CUSTOMERS, "churned_date"):
        frame = ctx.frame("customers")
        cohort = ctx.rows_pos("customers")
        churned = ctx.pos(frame["churned_date"])
        gone = frame["churned_date"].notna().to_numpy()
        churned = np.where(gone, churned, ctx.n)  # a blank or future churn: active throughout
        ages = np.arange(ctx.n)
        active = (cohort[:, None] + ages[None, :]) < churned[:, None]
        return _triangle(ctx, cohort, active)
    if ctx.has("orders", "order_date", "customer_id", "revenue"):
        return _order_cohorts(ctx)
    return None


def _order_cohorts(ctx: Ctx) -> pd.DataFrame | None:
    from xlkpi.engine.frames.orders import completed, customer_ids

    done = completed(ctx)
    codes, uniques = subset_ids(*customer_ids(ctx), done)
    count = len(uniques)
    pos = ctx.rows_pos("orders")[done]
    keep = (codes >= 0) & (pos >= 0)
    codes, pos = codes[keep], pos[keep]
    if ctx.has("customers", *CUSTOMERS, "customer_id"):
        customers = ctx.frame("customers")
        first = pd.Series(ctx.rows_pos("customers"), index=customers["customer_id"].to_numpy())
        first = first[~first.index.duplicated()]
        start = first.reindex(uniques).fillna(-1).to_numpy(dtype=np.intp)
    else:
        start = np.full(count, ctx.n, dtype=np.intp)
        np.minimum.at(start, codes, pos)
    bought = np.zeros((count, ctx.n), dtype=bool)
    bought[codes, pos] = True
    cohort = start
    known = cohort >= 0
    ages = np.arange(ctx.n)
    cols = np.clip(cohort[:, None] + ages[None, :], 0, ctx.n - 1)
    active = bought[np.arange(count)[:, None], cols]
    return _triangle(ctx, cohort[known], active[known])


def _triangle(ctx: Ctx, cohort: np.ndarray, active: np.ndarray) -> pd.DataFrame:
    """Rows: cohort label; columns 0..n-1 periods after acquisition; NaN in the future."""
    keep = (cohort >= 0) & (cohort < ctx.n)
    cohort, active = cohort[keep], active[keep]
    size = np.bincount(cohort, minlength=ctx.n).astype(float)
    alive = np.column_stack(
        [np.bincount(cohort, weights=active[:, k], minlength=ctx.n) for k in range(ctx.n)]
    )
    share = alive / np.where(size == 0, np.nan, size)[:, None]
    future = np.arange(ctx.n)[:, None] + np.arange(ctx.n)[None, :] >= ctx.n
    share[future] = np.nan
    rows = size > 0
    out = pd.DataFrame(
        share[rows],
        index=pd.Index(
            [p.label for p, r in zip(ctx.periods, rows, strict=True) if r], name="cohort"
        ),
        columns=list(range(ctx.n)),
    )
    out.attrs["sizes"] = size[rows].tolist()  # customers in each cohort (the report shows them)
    return out
