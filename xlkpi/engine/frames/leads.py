"""Leads family: leads, MQLs, SQLs, won, lead-to-close and qualified-lead rates, the funnel.

Each stage counts in the period its own date falls in (created, mql, sql, won); a stage
date after the as-of date has not happened yet (``compute`` blanks it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi import kpi as K
from xlkpi.engine.frames.base import Ctx, per_period, report_kpi
from xlkpi.kpi.options import LEAD_TO_CLOSE_BASIS

LEADS = ("created_date",)


def _stage(ctx: Ctx, column: str) -> np.ndarray:
    return ctx.count(ctx.pos(ctx.frame("leads")[column]))


@report_kpi("leads")
def leads(ctx: Ctx) -> np.ndarray:
    return ctx.count(ctx.rows_pos("leads"))


@report_kpi("mqls")
def mqls(ctx: Ctx) -> np.ndarray:
    return _stage(ctx, "mql_date")


@report_kpi("sqls")
def sqls(ctx: Ctx) -> np.ndarray:
    return _stage(ctx, "sql_date")


@report_kpi("won")
def won(ctx: Ctx) -> np.ndarray:
    return _stage(ctx, "won_date")


@report_kpi("lead_to_close_rate")
def lead_to_close_rate(ctx: Ctx) -> np.ndarray:
    """Cohort basis: leads created in the period that are won by the as-of date / created.

    Period basis: leads won in the period / leads created in the period (can exceed 1).
    """
    if ctx.settings.lead_to_close_basis == LEAD_TO_CLOSE_BASIS.PERIOD:
        closed = won(ctx)
    else:
        is_won = ctx.frame("leads")["won_date"].notna().to_numpy()
        closed = ctx.count(ctx.rows_pos("leads")[is_won])
    return per_period(
        K.lead_to_close_rate, closed, leads(ctx), basis=ctx.settings.lead_to_close_basis
    )


@report_kpi("qualified_lead_rate")
def qualified_lead_rate(ctx: Ctx) -> np.ndarray:
    """Leads created in the period that reached MQL (by the as-of date) / leads created.

    Counting the period's own leads keeps the rate within 0-1 (MQLs are a subset of leads);
    the ``mqls`` KPI counts MQLs by the date they qualified.
    """
    qualified = ctx.frame("leads")["mql_date"].notna().to_numpy()
    return per_period(
        K.qualified_lead_rate, ctx.count(ctx.rows_pos("leads")[qualified]), leads(ctx)
    )


def funnel(ctx: Ctx) -> pd.DataFrame | None:
    """Per period: sessions, leads, mqls, sqls, won (NaN for a stage without data)."""
    has_leads = ctx.has("leads", *LEADS)
    if not (has_leads or ctx.has("sessions", "session_date")) or ctx.n == 0:
        return None
    nan = np.full(ctx.n, np.nan)
    out = {"period": [p.label for p in ctx.periods]}
    if ctx.has("sessions", "session_date"):
        inside = ctx.coverage(["sessions"])
        out["sessions"] = np.where(inside, ctx.count(ctx.rows_pos("sessions")), np.nan)
    else:
        out["sessions"] = nan
    for name, column in (
        ("leads", None),
        ("mqls", "mql_date"),
        ("sqls", "sql_date"),
        ("won", "won_date"),
    ):
        if has_leads and (column is None or ctx.has("leads", column)):
            counts = leads(ctx) if column is None else _stage(ctx, column)
            out[name] = np.where(ctx.coverage(["leads"]), counts, np.nan)
        else:
            out[name] = nan
    return pd.DataFrame(out)
