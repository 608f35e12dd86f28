"""Sessions family as engine expressions: sessions, unique and returning visitors, repeat
visits, bounce (single page or GA4), device and source shares, conversion, opt-in.

One grouped pass over Sessions (``facts``) serves the per-period counts; distinct visitors
are counted per (period) group, never in a window frame.
"""

from __future__ import annotations

import ibis

from xlkpi.engine import keys as K
from xlkpi.engine.plan import Plan, div, engine_kpi, on_periods, ones, out
from xlkpi.kpi.options import BOUNCE_DEFINITION

COUNTS = ("sessions", "bounced", "engaged", "converted", "micro")


def flag(t: ibis.Table, column: str) -> ibis.Value:
    """A boolean column with blank as FALSE (see ``complete`` for an absent one)."""
    return t[column].fill_null(False)


# absent optional columns as constant columns: FALSE flags, blank numbers
ABSENT = {"converted": False, "micro_converted": False, "email_optin": False,
          "pageviews": None, "duration_seconds": None}  # fmt: skip


def complete(t: ibis.Table) -> ibis.Table:
    """``t`` with every column of ``ABSENT`` it lacks, as a constant."""
    missing = {
        c: ibis.literal(v, type="boolean" if isinstance(v, bool) else "float64")
        for c, v in ABSENT.items()
        if c not in t.columns
    }
    return t.mutate(**missing) if missing else t


def _n(cond) -> ibis.Value:
    return ones(cond).sum()


def facts(plan: Plan) -> ibis.Table:
    t = complete(plan.rows("sessions"))
    pv, secs = t.pageviews, t.duration_seconds.fill_null(0)
    engaged = (secs > plan.settings.engaged_seconds) | (pv >= 2) | flag(t, "converted")
    return t.group_by("p").aggregate(
        sessions=t.count(),
        bounced=_n(pv == 1),
        engaged=_n(engaged),
        converted=_n(flag(t, "converted")),
        micro=_n(flag(t, "micro_converted")),
    )


def _visitors(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """Per period: unique visitors, and those with an opted-in session."""
    t = complete(plan.rows("sessions")).filter(ibis._.visitor_id.notnull())
    optin = ibis.ifelse(flag(t, "email_optin"), t.visitor_id, ibis.literal(None, type="string"))
    f = t.group_by("p").aggregate(visitors=t.visitor_id.nunique(), opted=optin.nunique())
    return on_periods(periods, f, zero=("visitors", "opted"))


def per_period(plan: Plan, periods: ibis.Table) -> ibis.Table:
    return on_periods(periods, facts(plan), zero=COUNTS)


@engine_kpi("sessions")
def sessions(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = per_period(plan, periods)
    return out(f, f.sessions)


@engine_kpi("unique_visitors")
def unique_visitors(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = _visitors(plan, periods)
    return out(f, f.visitors)


@engine_kpi("repeat_visits")
def repeat_visits(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = on_periods(_visitors(plan, periods), facts(plan), zero=COUNTS)
    return out(f, f.sessions - f.visitors)


@engine_kpi("returning_visitor_rate")
def returning_visitor_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """Visitors with a session in an earlier period or >= 2 in this one / unique visitors."""
    t = plan.rows("sessions").filter(ibis._.visitor_id.notnull())
    vp = t.group_by(["visitor_id", "p"]).aggregate(n=t.count())
    first = vp.p.min().over(group_by="visitor_id")
    vp = vp.mutate(back=(vp.p > first) | (vp.n >= 2))
    f = vp.group_by("p").aggregate(back=_n(vp.back), all=vp.count())
    f = on_periods(periods, f, zero=("back", "all"))
    return out(f, div(f.back, f.all))


@engine_kpi("bounce_rate")
def bounce_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = per_period(plan, periods)
    if plan.settings.bounce_definition == BOUNCE_DEFINITION.GA4:
        return out(f, 1.0 - div(f.engaged, f.sessions))
    return out(f, div(f.bounced, f.sessions))


def _share(plan: Plan, periods: ibis.Table, column: str) -> ibis.Table:
    """Sessions with each value of ``column`` (trimmed, lower case) / all sessions of the
    period: a blank is no segment but still a session."""
    t = plan.rows("sessions")
    t = t.mutate(segment=K.key(t[column]))
    seg = t.filter(t.segment.notnull() & (t.segment != ""))
    part = seg.group_by(["p", "segment"]).aggregate(part=seg.count())
    labels = seg.select("segment").distinct()
    grid = on_periods(periods, facts(plan), zero=COUNTS).cross_join(labels)
    right = part.rename(p_part="p", segment_part="segment")
    j = grid.left_join(right, (grid.p == right.p_part) & (grid.segment == right.segment_part))
    return j.select("p", "covered", "segment", value=div(j.part.fill_null(0), j.sessions))


@engine_kpi("device_share")
def device_share(plan: Plan, periods: ibis.Table) -> ibis.Table:
    return _share(plan, periods, "device")


@engine_kpi("source_share")
def source_share(plan: Plan, periods: ibis.Table) -> ibis.Table:
    return _share(plan, periods, "source")


@engine_kpi("conversion_rate")
def conversion_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = per_period(plan, periods)
    return out(f, div(f.converted, f.sessions))


@engine_kpi("micro_conversion_rate")
def micro_conversion_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = per_period(plan, periods)
    return out(f, div(f.micro, f.sessions))


@engine_kpi("email_optin_rate")
def email_optin_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = _visitors(plan, periods)
    return out(f, div(f.opted, f.visitors))
