"""Spend family as engine expressions: CAC (total and per channel, ``cac.basis``), marketing
share of CAC, CPC, CTR, CPA, ROAS, ROI.

Channels are Spend's (trimmed, case kept), matched to Customers.acquisition_channel and
Orders.channel case-insensitively. At weekly grain over monthly Spend rows (``plan.spread``)
each month's amounts, clicks and impressions are spread evenly over its days, and a week
gets the days it holds: a range join of the periods to the months by their overlap in days.
Clicks and impressions a channel did not report in a period are not zero: CPC and CTR are
NaN there.
"""

from __future__ import annotations

import ibis

from xlkpi.engine import keys as K
from xlkpi.engine import orders as O
from xlkpi.engine.periods import start_of, stop_of
from xlkpi.engine.plan import Plan, div, engine_count, engine_kpi, on_periods, ones
from xlkpi.engine.schema import ibis_schema

SUMS = ("cac", "marketing", "sales", "amount", "clicks", "clicks_n", "impressions",
        "impressions_n")  # fmt: skip


def _text(value) -> ibis.Value:
    clean = K.strip(value)
    return ibis.ifelse(clean == "", ibis.literal(None, type="string"), clean)


def _rows(plan: Plan) -> ibis.Table:
    """Spend rows as the per-row amounts each KPI sums (blank amount = 0)."""
    t = plan.table("spend")
    # a column the KPI does not read may be absent (CTR reads no category): blank here
    absent = {c: ibis.literal(None, type=k) for c, k in ibis_schema("spend").items()}
    t = t.mutate(**{c: v for c, v in absent.items() if c not in t.columns})
    category = K.key(t.category)
    mkt, sales = (category == "marketing").fill_null(False), (category == "sales").fill_null(False)
    basis = plan.settings.cac_basis
    counted = {"fully_loaded": mkt | sales, "marketing": mkt}.get(basis)
    if counted is None:  # paid: marketing rows with clicks > 0
        counted = mkt & (t.clicks.fill_null(0) > 0)
    amount = t.amount.fill_null(0)
    zero = ibis.literal(0.0)
    return t.select(
        date=t.date,
        channel=_text(t.channel),
        cac=ibis.ifelse(counted, amount, zero),
        marketing=ibis.ifelse(mkt, amount, zero),
        sales=ibis.ifelse(sales, amount, zero),
        amount=ibis.ifelse(mkt | sales, amount, zero),
        clicks=t.clicks.fill_null(0),
        clicks_n=ones(t.clicks.notnull()).cast("float64"),
        impressions=t.impressions.fill_null(0),
        impressions_n=ones(t.impressions.notnull()).cast("float64"),
    )


def facts(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """Per (period, channel; NULL = blank channel): the sums of ``SUMS``."""
    t = _rows(plan)
    if not plan.spread:
        t = t.mutate(p=plan.ordinal(t.date))
        return t.group_by(["p", "channel"]).aggregate(**{c: t[c].sum() for c in SUMS})
    t = t.mutate(ms=t.date.truncate("M").cast("date"))
    m = t.group_by(["ms", "channel"]).aggregate(**{c: t[c].sum() for c in SUMS})
    m = m.mutate(me=m.ms + ibis.interval(months=1))
    ps = periods.select("p", ps=start_of(periods.p, plan.kind), pe=stop_of(periods.p, plan.kind))
    j = ps.join(m, (m.ms < ps.pe) & (m.me > ps.ps))
    days = j.me.delta(j.ms, unit="day").cast("float64")
    overlap = ibis.least(j.pe, j.me).delta(ibis.greatest(j.ps, j.ms), unit="day")
    share = overlap.cast("float64") / days
    return j.group_by(["p", "channel"]).aggregate(**{c: (j[c] * share).sum() for c in SUMS})


def totals(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = facts(plan, periods)
    f = f.group_by("p").aggregate(**{c: f[c].sum() for c in SUMS})
    return on_periods(periods, f, zero=SUMS)


def by_channel(plan: Plan, periods: ibis.Table, others=()) -> ibis.Table:
    """Every (period, Spend channel) with the sums, and the joined ``others`` tables of
    (p, key, ...) counts, where key is the lower-case channel. Where Spend spells one
    channel two ways ("Email", "email") the counts go to one of them, the last in code-point
    order (the NumPy path's ``kpis_spend._match``): the other's are 0."""
    f = facts(plan, periods)
    labels = _rows(plan).select("channel").filter(ibis._.channel.notnull()).distinct()
    if others:  # one owner per key, as the NumPy path: the last spelling in code-point order
        last = K.code_point_order(labels.channel).max().over(group_by=K.fold(labels.channel))
        labels = labels.mutate(own=labels.channel == last)
    grid = periods.cross_join(labels)
    grid = grid.mutate(key=K.fold(grid.channel))
    part = f.filter(f.channel.notnull()).rename(p_f="p", channel_f="channel")
    j = grid.left_join(part, (grid.p == part.p_f) & (grid.channel == part.channel_f))
    g = j.select(*grid.columns, **{c: j[c].fill_null(0) for c in SUMS})
    for other in others:
        names = [c for c in other.columns if c not in ("p", "key")]
        o = other.rename(p_o="p", key_o="key")
        j = g.left_join(o, (g.p == o.p_o) & (g.key == o.key_o) & g.own)
        g = j.select(*g.columns, **{c: j[c].fill_null(0) for c in names})
    return g


def _new_by_channel(plan: Plan) -> ibis.Table:
    t = plan.rows("customers")
    t = t.mutate(key=K.fold(_text(t.acquisition_channel))).filter(ibis._.key.notnull())
    return t.group_by(["p", "key"]).aggregate(new=t.count())


def _revenue_by_channel(plan: Plan) -> ibis.Table:
    t = plan.rows("orders")
    t = t.filter(O.completed(plan, t)).mutate(key=K.fold(_text(t.channel)))
    t = t.filter(t.key.notnull())
    return t.group_by(["p", "key"]).aggregate(revenue=t.revenue.fill_null(0).sum())


def _unreported(count, value) -> ibis.Value:
    return ibis.ifelse(count > 0, value, ibis.null("float64"))


def _select(g: ibis.Table, value) -> ibis.Table:
    return g.select("p", "covered", segment=g.channel, value=value)


@engine_kpi("cac", total=True)
def cac(plan: Plan, periods: ibis.Table) -> ibis.Table:
    from xlkpi.engine.customers import _new

    f = on_periods(totals(plan, periods), _new(plan).select("p", "new"), zero=("new",))
    total = f.select("p", "covered", segment=ibis.literal(""), value=div(f.cac, f.new))
    if not plan.has("customers", "acquisition_channel"):
        return total
    g = by_channel(plan, periods, [_new_by_channel(plan)])
    return ibis.union(total, _select(g, div(g.cac, g.new)), distinct=False)


@engine_kpi("marketing_pct_of_cac")
def marketing_pct_of_cac(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = totals(plan, periods)
    return f.select("p", "covered", value=div(f.marketing, f.marketing + f.sales))


@engine_kpi("cpc")
def cpc(plan: Plan, periods: ibis.Table) -> ibis.Table:
    g = by_channel(plan, periods)
    return _select(g, _unreported(g.clicks_n, div(g.amount, g.clicks)))


@engine_kpi("ctr")
def ctr(plan: Plan, periods: ibis.Table) -> ibis.Table:
    g = by_channel(plan, periods)
    value = div(g.clicks, g.impressions)
    return _select(g, _unreported(g.clicks_n, _unreported(g.impressions_n, value)))


@engine_count("impressions")
def impressions(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """The click-through rate's trials: impressions per channel (NULL where not reported)."""
    g = by_channel(plan, periods)
    return _select(g, _unreported(g.impressions_n, g.impressions))


@engine_kpi("cpa")
def cpa(plan: Plan, periods: ibis.Table) -> ibis.Table:
    g = by_channel(plan, periods, [_new_by_channel(plan)])
    return _select(g, div(g.amount, g.new))


@engine_kpi("roas")
def roas(plan: Plan, periods: ibis.Table) -> ibis.Table:
    g = by_channel(plan, periods, [_revenue_by_channel(plan)])
    return _select(g, div(g.revenue, g.amount))


@engine_kpi("roi")
def roi(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """(completed revenue - their cost, without an Orders cost column revenue, - spend) /
    spend."""
    spend = totals(plan, periods)
    o = O.facts(plan).select("p", gain=ibis._.revenue - ibis._.cost)
    f = on_periods(spend, o, zero=("gain",))
    return f.select("p", "covered", value=div(f.gain - f.amount, f.amount))
