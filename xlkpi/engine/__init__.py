"""The KPI engine, the computation's package: one Ibis expression per report KPI over the
contract tables, run by DuckDB by default and compiled to SQL for PostgreSQL, BigQuery,
Snowflake and Spark.

The report's numbers enter through :func:`xlkpi.engine.compute.compute_kpis`, which takes
them from one of two executors (:mod:`xlkpi.engine.switch`): these Ibis expressions, or the
same definitions as NumPy functions run in process (:mod:`xlkpi.engine.frames`, the
default at workbook scale and the only one in xlwings Lite). ``xlkpi.report`` computes
nothing: it lays out the ``KpiResult`` (``tests/test_compute_boundary.py``).

Imported lazily: ``import xlkpi`` (and the xlwings Lite UDF module) never imports Ibis;
neither do ``compute``, ``switch``, ``compare``, ``variants``, ``kpi_periods``,
``kpi_rows`` and ``frames``.

- ``kpi_data(tables, period=, as_of=, options=)``: the KPI Data table; the report KPIs it
  has no row of, with the reason (no engine expression yet, the sheet and columns needed),
  in its ``attrs["unavailable"]`` (as the report's ``KpiResult.unavailable``);
- ``expression(kpi_id, tables, ...)``: one KPI's per-period Ibis table;
- ``compile_sql(kpi_id, dialect=, ...)``: its SQL text;
- ``covered()``: the report KPIs the engine computes;
- ``side_tables(tables, ...)``, ``side_sql(name, dialect=, ...)``: the report's side tables
  (MRR bridge, cohorts, funnel, channels, tie-outs) and their SQL text;
- ``tables_from_raw(raw)``, ``ibis_schema(name)``: contract tables as Ibis tables.
"""

from __future__ import annotations

__all__ = [
    "compile_sql",
    "covered",
    "expression",
    "ibis_schema",
    "kpi_data",
    "side_sql",
    "side_tables",
    "tables_from_raw",
]


def kpi_data(tables, *, period="month", as_of=None, options=None):
    from xlkpi.engine.coverage import unavailable
    from xlkpi.engine.run import kpi_data as run

    table = run(tables, period=period, as_of=as_of, options=options)
    table.attrs["unavailable"] = unavailable(tables, period=period, options=options)
    return table


def expression(kpi_id, tables, *, period="month", as_of=None, options=None):
    from xlkpi.engine.run import expression as run

    return run(kpi_id, tables, period=period, as_of=as_of, options=options)


def compile_sql(
    kpi_id, *, dialect="duckdb", period="month", options=None, tables=None, as_of=None
) -> str:
    from xlkpi.engine.run import compile_sql as run

    return run(kpi_id, dialect=dialect, period=period, options=options, tables=tables, as_of=as_of)


def covered() -> list[str]:
    from xlkpi.engine.run import covered as run

    return run()


def ibis_schema(table_name):
    from xlkpi.engine.schema import ibis_schema as run

    return run(table_name)


def tables_from_raw(raw, con=None):
    from xlkpi.engine.schema import tables_from_raw as run

    return run(raw, con)


def side_tables(tables, *, period="month", as_of=None, options=None, names=None) -> dict:
    from xlkpi.engine.side import side_tables as run

    return run(tables, period=period, as_of=as_of, options=options, names=names)


def side_sql(name, *, dialect="duckdb", period="month", options=None, as_of=None) -> str:
    from xlkpi.engine.side import side_sql as run

    return run(name, dialect=dialect, period=period, options=options, as_of=as_of)
