"""Each report KPI's SQL text as the report's *KPI SQL* sheet shows it: the engine's
expression over unbound contract tables, at the report's grain, options, as-of date and
Spend rule, compiled to DuckDB's dialect (:func:`xlkpi.engine.compile_sql` with the
report's as-of date and Spend rule).

The engine compiles; the report (:mod:`xlkpi.report.sheets.kpi_sql_text`) caches, words
and lays the texts out. Importing this module imports neither Ibis nor DuckDB: each call
imports the engine, so a platform without it (xlwings Lite) gets an ``ImportError``.
"""

from __future__ import annotations

import importlib

DIALECT = "duckdb"


def covered() -> list[str]:
    """The report KPIs the engine has an expression of."""
    return importlib.import_module("xlkpi.engine.run").covered()


def report_sql(kpi_id: str, period: str, options: dict, spread: bool, as_of) -> str:
    """``kpi_id``'s query as DuckDB SQL; ``as_of``: the report's closing date (rows after it
    are cut); ``spread``: weekly grain over Spend booked monthly (spread over its days).
    Raises the engine's ``XlkpiError`` where it refuses the KPI (e.g. a monthly flow at
    weekly grain)."""
    run = importlib.import_module("xlkpi.engine.run")
    import ibis

    from xlkpi.engine.schema import unbound_tables
    from xlkpi.kpi.catalogue import by_id

    settings = run.settings_from(options)
    tables = unbound_tables(t for t, _ in by_id(kpi_id).needs_for(settings))
    plan = run.make_plan(tables, period=period, as_of=as_of, options=options, probe=False)
    plan.spread = spread
    return ibis.to_sql(run.build(plan, kpi_id).order_by(["period", "segment"]), dialect=DIALECT)
