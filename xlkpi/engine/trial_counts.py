"""The trial counts no KPI reports, computed by the engine where the data is: the n behind
the refund and return rates (orders placed), the click-through rate (impressions), the
churn and retention rates (customers at the start, + new under ``start_plus_new``) and the
repeat purchase rate (buyers), the same counts as :data:`xlkpi.engine.frames.trials.COUNTS`
computes from the rows in memory.

A count is built over the periods of the rate that divides by it (the first report KPI
whose trial count it is under the options in force: :func:`rate_of`), so it is defined
where that rate is; all the counts asked for run as one query.
"""

from __future__ import annotations

import ibis
import numpy as np

from xlkpi.engine.plan import COUNTS, Plan
from xlkpi.engine.run import missing_needs, rows_of
from xlkpi.kpi.catalogue import report_kpis


def rate_of(name: str, settings) -> str | None:
    """The first report KPI (a rate) whose trial count under ``settings`` is ``name``."""
    for entry in report_kpis():
        if entry.unit == "rate" and entry.trials_for(settings) == name:
            return entry.id
    return None


def _countable(plan: Plan, name: str) -> str | None:
    """The rate whose periods count ``name`` on ``plan``; None where it has no engine
    expression, no rate divides by it under the options, or the tables lack its columns."""
    kpi = rate_of(name, plan.settings)
    return kpi if name in COUNTS and kpi is not None and not missing_needs(plan, kpi) else None


def _union(plan: Plan, names: list[str]) -> ibis.Table:
    parts = [rows_of(plan, _countable(plan, n), COUNTS[n]).mutate(kpi=ibis.literal(n))
             for n in names]  # fmt: skip
    return parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)


def trial_counts(runner, cut, plan: Plan, ords: np.ndarray, names) -> dict[str, dict]:
    """Count name -> {segment: one value per period of ``ords``} of each of ``names`` the
    engine counts on ``plan`` (``runner`` and ``cut``: :func:`xlkpi.engine.run.prepared`'s);
    NaN where a period has no value (not reported, outside the data)."""
    names = [n for n in dict.fromkeys(names) if _countable(plan, n)]
    if not names or not len(ords):
        return {}
    what = ("trial counts", tuple(names), tuple(COUNTS[n] for n in names))
    frame = runner.frame(what, cut, lambda p: _union(p, names))
    at = frame.period.to_numpy(dtype=np.int64) - ords[0]
    values = frame.value.to_numpy(dtype=float)
    out: dict[str, dict] = {n: {} for n in names}
    for (name, segment), rows in frame.groupby(["kpi", "segment"], sort=False).indices.items():
        rows = rows[(at[rows] >= 0) & (at[rows] < len(ords))]
        column = np.full(len(ords), np.nan)
        column[at[rows]] = values[rows]
        out[name][segment] = np.where(np.isfinite(column), column, np.nan)
    return out
