"""KPI Data from an engine source, saying which report KPIs the engine does not compute.

A report KPI added with its function, declaration and reference row (docs/adding-a-kpi.md)
is computed by the report from the rows, but by the engine only once it has an engine
expression (``@engine_kpi`` in ``xlkpi/engine/<family>.py``). Until then it is absent from
the engine's KPI Data; ``xlkpi kpis`` on a warehouse, Parquet or CSV source names it on
standard error instead of leaving it silently missing.
"""

from __future__ import annotations


def not_computed_note() -> str | None:
    """One line naming the report KPIs the engine does not compute, or None."""
    from xlkpi.engine.run import uncovered

    missing = uncovered()
    if not missing:
        return None
    return (
        f"xlkpi: note: not computed where the data lives (no engine expression yet): "
        f"{', '.join(missing)}; `xlkpi build` computes them from the rows"
    )
