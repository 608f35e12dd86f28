"""Which report KPIs the engine leaves out of a KPI Data table, and why - said, never silent.

A report KPI added with its function, declaration and reference row (docs/adding-a-kpi.md)
is computed by the report from the rows, but by the engine only once it has an engine
expression (``@engine_kpi`` in ``xlkpi/engine/<family>.py``). Until then it is absent from
the engine's KPI Data; ``xlkpi kpis`` on a warehouse, Parquet or CSV source names it on
standard error (:func:`not_computed_note`) instead of leaving it silently missing, and
:func:`xlkpi.engine.kpi_data` lists it in the table's ``attrs["unavailable"]``
(:func:`unavailable`), beside the KPIs whose tables or columns are missing, with the
reasons the report gives (``KpiResult.unavailable``).
"""

from __future__ import annotations

#: The reason of a report KPI that has no engine expression (yet).
NO_EXPRESSION = "not computed where the data lives (no engine expression yet)"


def not_computed_note() -> str | None:
    """One line naming the report KPIs the engine does not compute, or None."""
    from xlkpi.engine.run import uncovered

    missing = uncovered()
    if not missing:
        return None
    return (
        f"xlkpi: note: {NO_EXPRESSION}: {', '.join(missing)}; "
        "`xlkpi build` computes them from the rows"
    )


def unavailable(tables, *, period="month", options=None) -> dict[str, str]:
    """Report KPI id -> why the engine's KPI Data of ``tables`` has no row of it, in
    catalogue order: no engine expression (:data:`NO_EXPRESSION`), or the sheet and columns
    it needs (the report's wording), or the report's reason for a grain it is not computed
    at. Reads the tables' columns only (no query)."""
    from xlkpi.engine.bridge import MONTHLY_FLOWS
    from xlkpi.engine.compute import _reason
    from xlkpi.engine.frames.recurring import WEEKLY
    from xlkpi.engine.plan import ENGINE
    from xlkpi.engine.run import make_plan
    from xlkpi.kpi.catalogue import report_kpis

    plan = make_plan(tables, period=period, options=options, probe=False)
    out: dict[str, str] = {}
    for entry in report_kpis():
        missing = [(t, c) for t, c in entry.needs_for(plan.settings) if not plan.has(t, *c)]
        if missing:
            out[entry.id] = _reason(missing)
        elif entry.id not in ENGINE:
            out[entry.id] = NO_EXPRESSION
        elif plan.kind == "week" and entry.id in MONTHLY_FLOWS:
            out[entry.id] = WEEKLY
    return out
