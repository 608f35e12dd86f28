"""Recurring revenue family as engine expressions: MRR and ARR.

MRR is a level: the MRR of any period is the total of the calendar month that holds the
period's last day, or the as-of date when that comes first (customers' monthly sums, only
those above 0); not defined outside the months of the Subscriptions data. The monthly MRR
bridge and its rates (new, expansion, contraction, churned, reactivation MRR, revenue
churn, NRR, quick ratio) are not engine expressions yet: the NumPy path computes them.
"""

from __future__ import annotations

import ibis
import pandas as pd

from xlkpi.engine.periods import month_ordinal, stamp, stop_of
from xlkpi.engine.plan import Plan, engine_kpi, on_periods


def _months(plan: Plan) -> ibis.Table:
    """(m, mrr): each month's total of the customers' positive monthly MRR."""
    t = plan.table("subscriptions").filter(ibis._.customer_id.notnull())
    t = t.mutate(m=month_ordinal(t.month), mrr=t.mrr.fill_null(0))
    per = t.group_by(["m", "customer_id"]).aggregate(mrr=t.mrr.sum())
    per = per.filter(per.mrr > 0)
    return per.group_by("m").aggregate(total=per.mrr.sum())


def _level(plan: Plan, periods: ibis.Table) -> ibis.Table:
    last = stop_of(periods.p, plan.kind).cast("timestamp") - ibis.interval(days=1)
    if plan.as_of is not None:
        last = ibis.least(last, stamp(pd.Timestamp(plan.as_of)))
    t = plan.table("subscriptions").filter(ibis._.customer_id.notnull())
    span = t.aggregate(lo=month_ordinal(t.month).min(), hi=month_ordinal(t.month).max())
    f = periods.mutate(m=month_ordinal(last)).cross_join(span)
    months = _months(plan).rename(m_total="m")
    j = f.left_join(months, f.m == months.m_total)
    inside = (j.m >= j.lo) & (j.m <= j.hi)
    value = ibis.ifelse(inside, j.total.fill_null(0), ibis.null("float64"))
    return on_periods(periods, j.select("p", mrr=value))


@engine_kpi("mrr")
def mrr(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = _level(plan, periods)
    return f.select("p", "covered", value=f.mrr)


@engine_kpi("arr")
def arr(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = _level(plan, periods)
    return f.select("p", "covered", value=12.0 * f.mrr)
