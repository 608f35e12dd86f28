"""Recurring revenue family: MRR, ARR, the monthly MRR bridge and its rates.

The bridge compares each month with the one before, customer by customer, through
``xlkpi.kpi.mrr_movements``: opening + new + expansion + reactivation - contraction -
churned = closing. It starts at the second month of the Subscriptions data (the first
month has nothing to compare with). For a quarter or a week, movements are the sum of
the months that start in it; MRR is the closing MRR of its last month.

MRR is a level, not a flow: the MRR of any period (month, quarter or ISO week) is the MRR
of the calendar month that holds the period's last day, or the as-of date when that comes
first (not defined when Subscriptions has no month up to that one). The movements are
monthly flows: at weekly grain they are *not available* (a week would show a whole
month's movement in the week holding the 1st, and nothing in the others).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi import kpi as K
from xlkpi.engine.frames.base import (
    Ctx,
    NotAvailable,
    as_float,
    ids,
    numbers,
    per_period,
    report_kpi,
)
from xlkpi.kpi.options import QUICK_RATIO_REACTIVATION
from xlkpi.kpi.recurring import mrr_bridge as mrr_bridge_of

SUBS = ("subscriptions", ("month", "customer_id", "mrr"))
MOVES = ("new", "expansion", "contraction", "churned", "reactivation")
BRIDGE = ("period", "opening", *MOVES, "closing")


def _months(ctx: Ctx) -> tuple[list[pd.Timestamp], list[pd.Series]]:
    """Month starts (contiguous) and, for each, MRR by customer code (only MRR > 0)."""

    def make():
        frame = ctx.frame("subscriptions")
        month = frame["month"].to_numpy(dtype="datetime64[M]").astype(np.int64)
        codes, _ = ids(frame["customer_id"])
        mrr = np.nan_to_num(numbers(frame, "mrr"))
        keep = codes >= 0
        sums = pd.Series(mrr[keep]).groupby([month[keep], codes[keep]]).sum()
        if sums.empty:
            return [], []
        first, last = int(month[keep].min()), int(month[keep].max())
        per = {m: s.droplevel(0) for m, s in sums[sums > 0].groupby(level=0)}
        empty = pd.Series(dtype=float)
        starts = [pd.Timestamp(np.datetime64(m, "M")) for m in range(first, last + 1)]
        return starts, [per.get(m, empty) for m in range(first, last + 1)]

    return ctx.memo("subs:months", make)


def _bridge(ctx: Ctx) -> pd.DataFrame:
    starts, months = _months(ctx)
    s = ctx.settings
    bridge = mrr_bridge_of(
        months, reactivation_months=s.reactivation_months, reactivation_as=s.reactivation_as
    )
    rows = []
    for start, moves in zip(starts[1:], bridge, strict=True):
        row = {k: round(as_float(getattr(moves, k)), 2) for k in ("opening", *MOVES, "closing")}
        rows.append({"period": start.strftime("%Y-%m"), **row})
    table = pd.DataFrame(rows, columns=list(BRIDGE))
    return table.astype({c: float for c in BRIDGE[1:]})


def mrr_bridge(ctx: Ctx) -> pd.DataFrame | None:
    if not ctx.has(SUBS[0], *SUBS[1]) or ctx.n == 0:
        return None
    return ctx.memo("subs:bridge", lambda: _bridge(ctx))


WEEKLY = (
    "a monthly flow (Subscriptions rows are monthly), so not computed at weekly grain; "
    "use the month or quarter grain"
)


def _level(ctx: Ctx, starts: list[pd.Timestamp], totals: np.ndarray) -> np.ndarray:
    """MRR of the month holding each period's last day (or the as-of date, if earlier)."""
    out = np.full(ctx.n, np.nan)
    if not starts:
        return out
    last = np.array([p.end.to_datetime64() for p in ctx.periods], dtype="datetime64[ns]")
    if ctx.settings.as_of is not None:
        last = np.minimum(last, pd.Timestamp(ctx.settings.as_of).to_datetime64())
    month = last.astype("datetime64[M]").astype(np.int64)
    index = month - np.datetime64(starts[0], "M").astype(np.int64)
    ok = (index >= 0) & (index < len(totals))
    out[ok] = totals[index[ok]]
    return out


def _by_period(ctx: Ctx) -> dict[str, np.ndarray]:
    """Per report period: mrr (a level, see the module), opening, movements (NaN: no bridge)."""

    def make():
        starts, months = _months(ctx)
        pos = ctx.pos(pd.Series(starts, dtype="datetime64[ns]"))
        totals = np.array([m.sum() for m in months], dtype=float)
        out = {k: np.full(ctx.n, np.nan) for k in ("opening", *MOVES)}
        out["mrr"] = _level(ctx, starts, totals)
        table = mrr_bridge(ctx)
        for i, row in enumerate(table.itertuples(index=False)):
            p = pos[i + 1]
            if p < 0:
                continue
            if np.isnan(out["opening"][p]):
                out["opening"][p] = row.opening
                for k in MOVES:
                    out[k][p] = 0.0
            for k in MOVES:
                out[k][p] += getattr(row, k)
        return out

    return ctx.memo("subs:periods", make)


@report_kpi("mrr")
def mrr(ctx: Ctx) -> np.ndarray:
    return _by_period(ctx)["mrr"]


@report_kpi("arr")
def arr(ctx: Ctx) -> np.ndarray:
    return per_period(K.arr, mrr(ctx))


def _flows(ctx: Ctx) -> dict[str, np.ndarray]:
    """The per-period movements; raises ``NotAvailable`` at weekly grain."""
    if ctx.kind == "week":
        raise NotAvailable(WEEKLY)
    return _by_period(ctx)


def _move(name: str):
    return lambda ctx: _flows(ctx)[name]


@report_kpi("revenue_churn_rate")
def revenue_churn_rate(ctx: Ctx) -> np.ndarray:
    """(churned + contraction MRR) / opening MRR."""
    m = _flows(ctx)
    return per_period(K.revenue_churn_rate, m["opening"], m["contraction"], m["churned"])


@report_kpi("nrr")
def nrr(ctx: Ctx) -> np.ndarray:
    """(opening + expansion - contraction - churned) / opening."""
    m = _flows(ctx)
    return per_period(
        K.net_revenue_retention, m["opening"], m["expansion"], m["contraction"], m["churned"]
    )


@report_kpi("quick_ratio")
def quick_ratio(ctx: Ctx) -> np.ndarray:
    """(new + expansion) / (contraction + churned) MRR; reactivation is a gain too with
    Settings ``quick_ratio_reactivation`` ``include``."""
    m = _flows(ctx)
    include = ctx.settings.quick_ratio_reactivation == QUICK_RATIO_REACTIVATION.INCLUDE
    gained = m["reactivation"] if include else np.zeros(ctx.n)
    return per_period(
        K.quick_ratio, m["new"], m["expansion"], m["contraction"], m["churned"], reactivation=gained
    )


report_kpi("mrr_new")(_move("new"))
report_kpi("mrr_expansion")(_move("expansion"))
report_kpi("mrr_contraction")(_move("contraction"))
report_kpi("mrr_churned")(_move("churned"))
report_kpi("mrr_reactivation")(_move("reactivation"))
