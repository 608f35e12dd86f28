"""Customers family as engine expressions: new customers, marketing-originated share,
churn and retention (denominator and window options).

Churn for a period = customers lost in it / customers active at its start (acquired before
the start and not churned before it); the ``churn_rate.denominator`` option chooses the
denominator (start, the average of start and end, start + new), ``churn_rate.window`` the
span (the period, or the 30 days up to its end). With the ``start`` denominator only the
customers active at the start count as lost; ``start`` and ``start_plus_new`` leave a
period NaN where more are lost than the denominator holds (the scalar function's rule).
"""

from __future__ import annotations

import ibis
import pandas as pd

from xlkpi.engine.periods import stamp, stop_of
from xlkpi.engine.plan import Plan, div, engine_count, engine_kpi, on_periods, ones, out
from xlkpi.kpi.options import CHURN_DENOMINATOR, CHURN_WINDOW


def _new(plan: Plan) -> ibis.Table:
    t = plan.rows("customers")
    flag = t.marketing_originated.fill_null(False) if "marketing_originated" in t.columns else None
    extra = {"marketing": ones(flag).sum()} if flag is not None else {}
    return t.group_by("p").aggregate(new=t.count(), **extra)


@engine_kpi("new_customers")
def new_customers(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = on_periods(periods, _new(plan), zero=("new",))
    return out(f, f.new)


@engine_kpi("marketing_originated_pct")
def marketing_originated_pct(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = on_periods(periods, _new(plan), zero=("new", "marketing"))
    return out(f, div(f.marketing, f.new))


def _counts(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """Per period (the ``period`` window): lost, new, active at start and at end."""
    t = plan.table("customers")
    a, c = plan.ordinal(t.acquired_date), plan.ordinal(t.churned_date)
    gone = ibis.ifelse(c.notnull(), ibis.greatest(a, c), ibis.null("int64"))
    only_start = plan.settings.churn_denominator == CHURN_DENOMINATOR.START
    lost_if = c.notnull() & (a < c) if only_start else c.notnull()
    t = t.mutate(a=a, c=ibis.ifelse(lost_if, c, ibis.null("int64")), g=gone)
    by_a = t.group_by(p=t.a).aggregate(new=t.count())
    lost = t.filter(t.c.notnull())
    lost = lost.group_by(p=lost.c).aggregate(lost=lost.count())
    by_g = t.filter(t.g.notnull())
    by_g = by_g.group_by(p=by_g.g).aggregate(left=by_g.count())
    f = on_periods(periods, by_a, zero=("new",))
    f = on_periods(f, lost, zero=("lost",))
    f = on_periods(f, by_g, zero=("left",))
    upto = ibis.cumulative_window(order_by="p")
    f = f.mutate(acq_end=f.new.sum().over(upto), left_end=f.left.sum().over(upto))
    return f.mutate(
        end=f.acq_end - f.left_end,
        start=(f.acq_end - f.new) - (f.left_end - f.left),
    )


def _rolling(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """Per period (the ``rolling_30d`` window): the 30 days up to the period end (up to the
    as-of day in the last period): lost, new, active at the window's start and end."""
    stop = stop_of(periods.p, plan.kind).cast("timestamp")
    if plan.as_of is not None:
        stop = ibis.least(stop, stamp(plan.as_of + pd.Timedelta(days=1)))
    w = periods.mutate(we=stop).mutate(ws=ibis._.we - ibis.interval(days=30))
    t = plan.table("customers")
    j = w.cross_join(t.select("acquired_date", "churned_date"))
    acq, ch = j.acquired_date, j.churned_date
    gone = ch.notnull() & (ibis.greatest(acq, ch) < j.ws)
    gone_end = ch.notnull() & (ibis.greatest(acq, ch) < j.we)
    lost = ch.notnull() & (ch >= j.ws) & (ch < j.we)
    if plan.settings.churn_denominator == CHURN_DENOMINATOR.START:
        lost &= acq < j.ws

    def n(cond):
        return ones(cond).sum()

    f = j.group_by("p").aggregate(
        lost=n(lost),
        new=n((acq >= j.ws) & (acq < j.we)),
        start=n(acq < j.ws) - n(gone),
        end=n(acq < j.we) - n(gone_end),
    )
    return on_periods(periods, f, zero=("lost", "new", "start", "end"))


def _window(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """Per period: lost, new, active at start and at end, over the ``churn_rate.window``."""
    if plan.settings.churn_window == CHURN_WINDOW.ROLLING_30D:
        return _rolling(plan, periods)
    return _counts(plan, periods)


def _churn(plan: Plan, periods: ibis.Table) -> tuple[ibis.Table, ibis.Value]:
    f = _window(plan, periods)
    option = plan.settings.churn_denominator
    if option == CHURN_DENOMINATOR.AVERAGE:
        return f, div(f.lost, (f.start + f.end) / 2.0)
    den = f.start if option == CHURN_DENOMINATOR.START else f.start + f.new
    rate = div(f.lost, den)
    return f, ibis.ifelse(f.lost > den, ibis.null("float64"), rate)


@engine_kpi("churn_rate")
def churn_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f, rate = _churn(plan, periods)
    return out(f, rate)


@engine_kpi("retention_rate")
def retention_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f, rate = _churn(plan, periods)
    return out(f, 1.0 - rate)


@engine_count("customers_at_start")
def customers_at_start(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """The churn and retention rates' trials: customers active at the start (of the
    period, or of the 30 days with ``rolling_30d``)."""
    f = _window(plan, periods)
    return out(f, f.start)


@engine_count("customers_at_start_plus_new")
def customers_at_start_plus_new(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """Customers at the start + new customers: the churn rate's trials under
    ``churn_denominator`` ``start_plus_new``."""
    f = _window(plan, periods)
    return out(f, f.start + f.new)
