"""Leads family as engine expressions: leads, MQLs, SQLs, won (each stage in the period of
its own date), lead-to-close rate (cohort or period basis) and qualified-lead rate."""

from __future__ import annotations

import ibis

from xlkpi.engine.plan import Plan, div, engine_kpi, on_periods, ones, out
from xlkpi.kpi.options import LEAD_TO_CLOSE_BASIS

STAGES = {"mqls": "mql_date", "sqls": "sql_date", "won": "won_date"}


def _created(plan: Plan) -> ibis.Table:
    """Per period of created_date: leads, those won and those qualified (by the as-of date)."""
    t = plan.rows("leads")
    extra = {}
    for name, column in (("closed", "won_date"), ("qualified", "mql_date")):
        if column in t.columns:
            extra[name] = ones(t[column].notnull()).sum()
    return t.group_by("p").aggregate(leads=t.count(), **extra)


def _stage(plan: Plan, periods: ibis.Table, column: str) -> ibis.Table:
    t = plan.table("leads")
    t = t.filter(t[column].notnull())
    t = t.mutate(p=plan.ordinal(t[column]))
    f = on_periods(periods, t.group_by("p").aggregate(n=t.count()), zero=("n",))
    return f


@engine_kpi("leads")
def leads(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = on_periods(periods, _created(plan), zero=("leads",))
    return out(f, f.leads)


def _stage_kpi(kpi_id: str, column: str) -> None:
    @engine_kpi(kpi_id)
    def stage(plan: Plan, periods: ibis.Table) -> ibis.Table:
        f = _stage(plan, periods, column)
        return out(f, f.n)


for _kpi, _column in STAGES.items():
    _stage_kpi(_kpi, _column)


@engine_kpi("lead_to_close_rate")
def lead_to_close_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    """Cohort: leads created in the period that are won / created. Period: won in the
    period / created in it (two sets; can exceed 1)."""
    f = on_periods(periods, _created(plan), zero=("leads", "closed"))
    if plan.settings.lead_to_close_basis == LEAD_TO_CLOSE_BASIS.PERIOD:
        won = _stage(plan, periods, "won_date").select(p_won="p", n="n")
        f = f.join(won, f.p == won.p_won)
        return out(f, div(f.n, f.leads))
    return out(f, div(f.closed, f.leads))


@engine_kpi("qualified_lead_rate")
def qualified_lead_rate(plan: Plan, periods: ibis.Table) -> ibis.Table:
    f = on_periods(periods, _created(plan), zero=("leads", "qualified"))
    return out(f, div(f.qualified, f.leads))
