"""The monthly MRR bridge as engine expressions: new, expansion, contraction, churned and
reactivation MRR, revenue churn, NRR and the quick ratio.

Customer MRR per month is summed and rounded to whole cents (only months above 0 count).
``lag``/``lead`` over each customer's months with MRR decide the movement of a month:
the month before had MRR too -> expansion or contraction; else the customer comes back
-> reactivation when they had MRR before, at most ``mrr_reactivation.window`` months
before the month they return in (0 = any gap), otherwise new; a month without MRR after
one with MRR -> churned. The bridge starts at the second month of the Subscriptions data;
a quarter sums the months starting in it (opening: its first month's). A monthly flow,
so not computed at weekly grain (as the NumPy path).
"""

from __future__ import annotations

import ibis

from xlkpi.engine.periods import month_ordinal
from xlkpi.engine.plan import Plan, div, engine_kpi, on_periods
from xlkpi.kpi.options import QUICK_RATIO_REACTIVATION, REACTIVATION_AS

MOVES = ("new", "expansion", "contraction", "churned", "reactivation")
MONTHLY_FLOWS: set[str] = set()


def _cents(plan: Plan) -> tuple[ibis.Table, ibis.Table]:
    """(customer_id, m, cents) with cents > 0, and the one-row month span (lo, hi)."""
    t = plan.table("subscriptions").filter(ibis._.customer_id.notnull())
    t = t.mutate(m=month_ordinal(t.month), mrr=t.mrr.fill_null(0))
    span = t.aggregate(lo=t.m.min(), hi=t.m.max())
    per = t.group_by(["customer_id", "m"]).aggregate(mrr=t.mrr.sum())
    per = per.mutate(cents=(per.mrr * 100).round().cast("int64"))
    return per.filter(per.cents > 0).select("customer_id", "m", "cents"), span


def months(plan: Plan) -> tuple[ibis.Table, ibis.Table]:
    """Per bridge month m with a movement: opening and the movements (in currency, rounded
    to cents); and the one-row month span (lo, hi) of the Subscriptions data."""
    cm, span = _cents(plan)
    w = ibis.window(group_by="customer_id", order_by="m")
    cm = cm.mutate(
        prev_m=cm.m.lag().over(w), prev_c=cm.cents.lag().over(w), next_m=cm.m.lead().over(w)
    )
    both = cm.prev_m.notnull() & (cm.prev_m == cm.m - 1)
    delta = cm.cents - cm.prev_c
    window = int(plan.settings.reactivation_months)
    back = cm.prev_m.notnull() & ~both
    if window:
        back &= cm.prev_m >= cm.m - 1 - window
    zero = ibis.literal(0, type="int64")
    react = ibis.ifelse(back, cm.cents, zero)
    expansion = ibis.ifelse(both & (delta > 0), delta, zero)
    if plan.settings.reactivation_as == REACTIVATION_AS.EXPANSION:
        expansion, react = expansion + react, zero
    moves = cm.select(
        m=cm.m,
        closing=cm.cents,
        new=ibis.ifelse(cm.prev_m.isnull() | (~both & ~back), cm.cents, zero),
        expansion=expansion,
        contraction=ibis.ifelse(both & (delta < 0), -delta, zero),
        reactivation=react,
        churned=zero,
    )
    gone = cm.filter(cm.next_m.isnull() | (cm.next_m != cm.m + 1))
    churn = gone.select(m=gone.m + 1, closing=zero, new=zero, expansion=zero,
                        contraction=zero, reactivation=zero, churned=gone.cents)  # fmt: skip
    opening = cm.select(m=cm.m + 1, closing=zero, new=zero, expansion=zero, contraction=zero,
                        reactivation=zero, churned=zero, opening=cm.cents)  # fmt: skip
    moves = moves.mutate(opening=zero)
    churn = churn.mutate(opening=zero)
    every = ibis.union(moves, churn, opening, distinct=False)
    cols = ("opening", *MOVES)
    f = every.group_by("m").aggregate(**{c: every[c].sum() for c in cols})
    f = f.cross_join(span).filter((ibis._.m > ibis._.lo) & (ibis._.m <= ibis._.hi))
    return f.select("m", **{c: (f[c].cast("float64") / 100.0).round(2) for c in cols}), span


def flows(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """Per period: opening (of its first bridge month) and the movements; 0 in a period
    of the bridge (a month after the first of the Subscriptions data, up to its last) where
    nothing moved, NULL outside the bridge."""
    m, span = months(plan)
    quarter = plan.kind == "quarter"
    p = m.m // 3 if quarter else m.m
    m = m.mutate(p=p, first=m.m.min().over(group_by=p))
    first = ibis.ifelse(m.m == m.first, m.opening, 0.0)
    f = m.group_by("p").aggregate(opening=first.sum(), **{c: m[c].sum() for c in MOVES})
    j = on_periods(periods, f).cross_join(span)
    start, stop = (j.p * 3, j.p * 3 + 2) if quarter else (j.p, j.p)
    bridge = (stop > j.lo) & (start <= j.hi) & (j.lo < j.hi)  # it holds a month of (lo, hi]
    cols = {c: j[c] for c in periods.columns}
    cols.update({c: ibis.ifelse(bridge, j[c].fill_null(0.0), j[c]) for c in ("opening", *MOVES)})
    return j.select(**cols)


def _kpi(kpi_id: str, value) -> None:
    MONTHLY_FLOWS.add(kpi_id)

    @engine_kpi(kpi_id)
    def build(plan: Plan, periods: ibis.Table) -> ibis.Table:
        f = flows(plan, periods)
        return f.select("p", "covered", value=value(f, plan))


def _lost_check(f, value) -> ibis.Value:
    """NULL where more MRR is lost than opened (the scalar functions raise)."""
    return ibis.ifelse(f.contraction + f.churned > f.opening, ibis.null("float64"), value)


for _name in MOVES:
    _kpi(f"mrr_{_name}", lambda f, _, n=_name: f[n])
_kpi("revenue_churn_rate", lambda f, _: _lost_check(f, div(f.contraction + f.churned, f.opening)))
_kpi(
    "nrr",
    lambda f, _: _lost_check(
        f, div(f.opening + f.expansion - f.contraction - f.churned, f.opening)
    ),
)


def _quick(f, plan: Plan) -> ibis.Value:
    gained = f.new + f.expansion
    if plan.settings.quick_ratio_reactivation == QUICK_RATIO_REACTIVATION.INCLUDE:
        gained = gained + f.reactivation
    return div(gained, f.contraction + f.churned)


_kpi("quick_ratio", _quick)
