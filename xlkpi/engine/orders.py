"""Orders family as engine expressions: revenue, profit, orders, AOV, refund and return
rates, repeat purchases, CLV.

Completed orders are those with status ``paid`` or blank (trimmed, case-insensitive);
refunded, returned and cancelled orders count only in the refund and return rates'
denominators. One grouped pass over Orders (``facts``) serves every per-period sum.
"""

from __future__ import annotations

import ibis

from xlkpi.engine import keys as K
from xlkpi.engine.periods import month_ordinal, stop_of
from xlkpi.engine.plan import Plan, div, engine_count, engine_kpi, on_periods, ones, out
from xlkpi.kpi.options import REFUND_BASIS, REPEAT_PURCHASE_DEFINITION

SUMS = ("revenue", "cost", "orders", "all", "refunded", "returned", "refunded_value",
        "returned_value", "all_value")  # fmt: skip


def status(plan: Plan, t: ibis.Table) -> ibis.Value:
    """The cleaned status (trimmed, case-folded as Python does: ``engine.keys``; NULL where
    blank)."""
    if "status" not in t.columns:
        return ibis.literal("paid")  # no status column: every order is completed
    clean = K.key(t.status)
    return ibis.ifelse(clean == "", ibis.literal(None, type="string"), clean)


def completed(plan: Plan, t: ibis.Table) -> ibis.Value:
    """Paid or blank: the status trimmed and lowered once (a blank is NULL or '')."""
    if "status" not in t.columns:
        return ibis.literal(True)
    clean = K.key(t.status)
    return clean.isnull() | clean.isin(("", "paid"))


def facts(plan: Plan) -> ibis.Table:
    """Per period: completed revenue and cost (blank = 0), completed and all orders, refunded
    and returned orders (and their revenue)."""
    t = plan.rows("orders")
    absent = {c: ibis.literal(None, type="float64") for c in ("revenue", "cost")}
    t = t.mutate(s_=status(plan, t), **{c: v for c, v in absent.items() if c not in t.columns})
    done = t.s_.isnull() | (t.s_ == "paid")
    rev, cost = t.revenue.fill_null(0), t.cost.fill_null(0)  # a column it lacks sums to 0
    zero = ibis.literal(0.0)
    refunded, returned = t.s_ == "refunded", t.s_ == "returned"
    return t.group_by("p").aggregate(
        revenue=ibis.ifelse(done, rev, zero).sum(),
        cost=ibis.ifelse(done, cost, zero).sum(),
        orders=ones(done).sum(),
        all=t.count(),
        refunded=ones(refunded).sum(),
        returned=ones(returned).sum(),
        refunded_value=ibis.ifelse(refunded.fill_null(False), rev, zero).sum(),
        returned_value=ibis.ifelse(returned.fill_null(False), rev, zero).sum(),
        all_value=rev.sum(),
    )


def per_period(plan: Plan, periods: ibis.Table) -> ibis.Table:
    return on_periods(periods, facts(plan), zero=SUMS)


@engine_kpi("revenue")
def revenue(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = per_period(plan, periods)
    return out(f, f.revenue)


@engine_kpi("orders")
def orders(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = per_period(plan, periods)
    return out(f, f.orders)


@engine_kpi("profit")
def profit(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = per_period(plan, periods)
    return out(f, f.revenue - f.cost)


@engine_kpi("aov")
def aov(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = per_period(plan, periods)
    return out(f, div(f.revenue, f.orders))


def _status_rate(plan: Plan, periods: ibis.Table, which: str) -> ibis.Table:
    f = per_period(plan, periods)
    if plan.settings.refund_basis == REFUND_BASIS.VALUE:
        return out(f, div(f[f"{which}_value"], f.all_value))
    return out(f, div(f[which], f.all))


@engine_count("orders_placed")
def orders_placed(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """Orders of any status: the refund and return rates' trials (basis ``count``)."""
    f = per_period(plan, periods)
    return out(f, f.all)


@engine_kpi("refund_rate")
def refund_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    return _status_rate(plan, periods, "refunded")


@engine_kpi("return_rate")
def return_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    return _status_rate(plan, periods, "returned")


def buyers(plan: Plan) -> ibis.Table:
    """Completed orders of known customers per (customer, period): ``n`` orders."""
    t = plan.rows("orders")
    t = t.filter(completed(plan, t) & t.customer_id.notnull())
    return t.group_by(["customer_id", "p"]).aggregate(n=t.count())


def _repeat(plan: Plan, periods: ibis.Table) -> tuple[ibis.Table, ibis.Value, ibis.Value]:
    """Per period: the repeat buyers and the buyers the repeat purchase rate divides by."""
    cp = buyers(plan)
    first = cp.p.min().over(group_by="customer_id")
    if plan.settings.repeat_purchase_definition == REPEAT_PURCHASE_DEFINITION.RETURNING:
        cp = cp.mutate(back=(cp.p > first) | (cp.n >= 2))
        f = cp.group_by("p").aggregate(back=ones(cp.back).sum(), all=cp.count())
        f = on_periods(periods, f, zero=("back", "all"))
        return f, f.back, f.all
    if plan.kind == "month":  # the customer-months CLV ranks too: one sort for both
        cm = customer_keys(plan)
        cp = cm.select("customer_id", p=cm.key, n=cm.n, rank=cm.rank)
    else:
        cp = cp.mutate(rank=ibis.row_number().over(group_by="customer_id", order_by="p"))
    second = ibis.ifelse(((cp.rank == 0) & (cp.n >= 2)) | (cp.rank == 1), cp.p, ibis.null("int64"))
    per = cp.group_by("customer_id").aggregate(first=cp.p.min(), second=second.min())
    once = per.group_by(p=per.first).aggregate(once=per.count())
    twice = per.filter(per.second.notnull())
    twice = twice.group_by(p=twice.second).aggregate(twice=twice.count())
    f = on_periods(on_periods(periods, once, zero=("once",)), twice, zero=("twice",))
    upto = ibis.cumulative_window(order_by="p")
    f = f.mutate(once=f.once.sum().over(upto), twice=f.twice.sum().over(upto))
    return f, f.twice, f.once


@engine_kpi("repeat_purchase_rate")
def repeat_purchase_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """``repeat``: customers with >= 2 completed orders up to the period end / customers
    with >= 1 (running counts over the periods). ``returning`` (Shopify): customers whose
    order in the period is not their first / customers with an order in the period."""
    f, repeat, all_ = _repeat(plan, periods)
    return out(f, div(repeat, all_))


@engine_count("buyers")
def buyers_count(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """The repeat purchase rate's trials: customers with a completed order up to the
    period end (in the period with ``returning``)."""
    f, _, all_ = _repeat(plan, periods)
    return out(f, all_)


def customer_keys(plan: Plan) -> ibis.Table:
    """Completed orders of known customers per (customer, month; at weekly grain day):
    ``n`` orders, ``revenue``, ``blank`` revenues, and in each customer's keys in order
    ``rank`` (from 0) and ``prev`` (the key before). One table, one sort: CLV and, at
    monthly grain, the repeat purchase rate read it (a CTE of the query of every KPI)."""
    t = plan.rows("orders")
    t = t.filter(completed(plan, t) & t.customer_id.notnull())
    weekly = plan.kind == "week"
    key = t.order_date.cast("timestamp").truncate("D") if weekly else month_ordinal(t.order_date)
    t = t.mutate(key=key)
    cm = t.group_by(["customer_id", "key"]).aggregate(
        n=t.count(), revenue=t.revenue.sum(), blank=ones(t.revenue.isnull()).sum()
    )
    order = {"group_by": "customer_id", "order_by": "key"}
    return cm.mutate(rank=ibis.row_number().over(**order), prev=cm.key.lag().over(**order))


@engine_kpi("clv")
def clv(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """AOV x orders per customer x clv_years over the 12 calendar months to each period end.

    Each customer's monthly (at weekly grain daily) orders are keyed; a key lies in the
    windows of a run of consecutive periods (``first`` to ``last``, from a range join of
    the distinct keys to the periods: small). The window sums come from per-key totals;
    the distinct buyers from each customer's keys in order: a key adds the periods its run
    covers beyond the previous key's run (+1 at the start, -1 after the end, summed up to
    each period). Linear in the customer-keys, never keys x 12 periods."""
    cm = customer_keys(plan)
    windows = _windows(plan, periods)
    keys = cm.group_by("key").aggregate(
        n=cm.n.sum(), revenue=cm.revenue.sum(), blank=cm.blank.sum()
    )
    j = windows.join(keys, (keys.key >= windows.lo) & (keys.key < windows.hi))
    w = j.group_by("p").aggregate(n=j.n.sum(), revenue=j.revenue.sum(), blank=j.blank.sum())
    run = j.group_by("key").aggregate(first=j.p.min(), last=j.p.max())
    w = w.join(_buyers(cm, run, periods), "p")
    avg = ibis.ifelse(w.blank > 0, ibis.null("float64"), div(w.revenue, w.n))
    value = avg * div(w.n, w.buyers) * plan.settings.clv_years
    return on_periods(periods.select("p", "covered"), w.select("p", value=value))


def _windows(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """Per period ``p``: its window's keys ``[lo, hi)``, the 12 calendar months to its end."""
    stop = stop_of(periods.p, plan.kind)
    if plan.kind == "week":
        lo = (stop - ibis.interval(months=12)).cast("timestamp")
        return periods.select("p", lo=lo, hi=stop.cast("timestamp"))
    months = month_ordinal(stop)
    return periods.select("p", lo=months - 12, hi=months)


def _buyers(cm: ibis.Table, run: ibis.Table, periods: ibis.Table) -> ibis.Table:
    """Per period: the customers with a key in its window (``run``: key -> first, last)."""
    c = cm.join(run, "key").select("customer_id", "key", "prev", "first", "last")
    # the previous key's last period (every key of a customer lies in some window: the
    # periods span the Orders dates), from the key before rather than a second sort
    earlier = run.select(prev="key", before="last")
    c = c.left_join(earlier, "prev")
    before = c.before
    start = ibis.ifelse(before.isnull() | (before < c["first"]), c["first"], before + 1)
    c = c.mutate(start=start)
    c = c.filter(c.start <= c["last"])
    ups = c.group_by(p=c.start).aggregate(d=c.count())
    downs = c.group_by(p=c["last"] + 1).aggregate(d=-c.count())
    events = ibis.union(ups, downs, distinct=False)
    events = events.group_by("p").aggregate(d=events.d.sum())
    f = on_periods(periods.select("p"), events, zero=("d",))
    return f.select("p", buyers=f.d.sum().over(ibis.cumulative_window(order_by="p")))
