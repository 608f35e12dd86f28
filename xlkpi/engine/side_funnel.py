"""Side table ``funnel``: per report period, sessions, leads, MQLs, SQLs and won leads.

Each stage counts in the period of its own date (as the KPIs ``leads``, ``mqls``, ...);
NULL (not defined) outside the dated range of its table, and for a stage whose table or
date column is missing. None without Leads and Sessions.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from xlkpi.engine.leads import STAGES
from xlkpi.engine.plan import on_periods
from xlkpi.engine.side import Side, floats, inside, labels, side_table

COLUMNS = ("sessions", "leads", *STAGES)
CREATED = {"leads": "created_date", **STAGES}


def _shape(frame: pd.DataFrame, side: Side, ords: np.ndarray) -> pd.DataFrame:
    frame = frame.sort_values("p")
    out = {"period": labels(side.plan.kind, frame.p.to_numpy()), **floats(frame, COLUMNS)}
    return pd.DataFrame(out, columns=["period", *COLUMNS])


def _count(side: Side, g: ibis.Table, table: str, column: str, name: str) -> ibis.Table:
    """``g`` with ``name``: rows of ``table`` per period of ``column`` (0 where none)."""
    t = side.plan.table(table)
    t = t.filter(t[column].notnull())
    per = t.group_by(p=side.plan.ordinal(t[column])).aggregate(**{name: t.count()})
    return on_periods(g, per, zero=(name,))


@side_table("funnel", "Funnel", _shape, kpis=("sessions", "leads", *STAGES))
def funnel(side: Side) -> ibis.Table | None:
    plan = side.plan
    has_leads = plan.has("leads", "created_date")
    has_sessions = plan.has("sessions", "session_date")
    if not (has_leads or has_sessions):
        return None
    g = side.grid
    of = {}  # stage -> the table whose dated range it is defined in
    if has_sessions:
        g = inside(plan, _count(side, g, "sessions", "session_date", "sessions"), "sessions")
        of["sessions"] = "sessions"
    if has_leads:
        g = inside(plan, g, "leads")
        for name, column in CREATED.items():
            if plan.has("leads", column):
                g = _count(side, g, "leads", column, name)
                of[name] = "leads"
    null = ibis.null("float64")
    cols = {
        c: ibis.ifelse(g[f"in_{of[c]}"], g[c].cast("float64"), null) if c in of else null
        for c in COLUMNS
    }
    return g.select("p", **cols)
