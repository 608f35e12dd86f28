"""Each report KPI's SQL text as the report's *KPI SQL* sheet shows it: the engine's
expression over unbound contract tables, at the report's grain, options, as-of date and
Spend rule, compiled to DuckDB's dialect (:func:`xlkpi.engine.compile_sql` with the
report's as-of date and Spend rule).

The engine compiles; the report (:mod:`xlkpi.report.sheets.kpi_sql_text`) caches, words
and lays the texts out. Importing this module imports neither Ibis nor DuckDB: each call
imports the engine, so a platform without it (xlwings Lite) gets an ``ImportError``.
"""

from __future__ import annotations

import dataclasses
import importlib

DIALECT = "duckdb"


def covered() -> list[str]:
    """The report KPIs the engine has an expression of."""
    return importlib.import_module("xlkpi.engine.run").covered()


def report_sql(
    kpi_id: str, period: str, options: dict, spread: bool, as_of, read: dict | None = None
) -> str:
    """``kpi_id``'s query as DuckDB SQL; ``as_of``: the report's closing date (rows after it
    are cut); ``spread``: weekly grain over Spend booked monthly (spread over its days).
    Raises the engine's ``XlkpiError`` where it refuses the KPI (e.g. a monthly flow at
    weekly grain). ``read``: filled with the settings the query was built from (field name
    -> the text of its value, as :func:`shape` gives it; every field where something else
    than a field was asked for): the same values build the same text."""
    run = importlib.import_module("xlkpi.engine.run")
    from xlkpi.engine.schema import unbound_tables
    from xlkpi.engine.sqltext import to_sql
    from xlkpi.kpi.catalogue import by_id

    noted = _Noting(_settings(period, options, as_of), {} if read is None else read)
    tables = unbound_tables(t for t, _ in by_id(kpi_id).needs_for(noted))
    plan = run.make_plan(tables, period=period, as_of=as_of, options=options, probe=False)
    plan.spread = spread
    plan.settings = _Noting(plan.settings, noted.read)
    return to_sql(run.build(plan, kpi_id).order_by(["period", "segment"]), DIALECT)


def shape(period: str, options: dict, as_of) -> dict[str, str]:
    """Every field of the settings a KPI's query is built under, as text (``repr``)."""
    settings = _settings(period, options, as_of)
    return {f.name: repr(getattr(settings, f.name)) for f in dataclasses.fields(settings)}


def _settings(period: str, options: dict, as_of):
    """The settings :func:`xlkpi.engine.run.make_plan` gives its plan."""
    run = importlib.import_module("xlkpi.engine.run")
    from xlkpi.engine.kpi_periods import check_kind, parse_as_of

    settings = run.settings_from(options)
    return dataclasses.replace(settings, period=check_kind(period), as_of=parse_as_of(as_of))


class _Noting:
    """``settings`` noting in ``read`` each field read (its value as text); anything else
    asked for (a method, a property that reads fields itself) notes every field."""

    def __init__(self, settings, read: dict) -> None:
        self._settings, self.read = settings, read
        self._fields = {f.name for f in dataclasses.fields(settings)}

    def __getattr__(self, name: str):
        value = getattr(self._settings, name)
        if name in self._fields:
            self.read[name] = repr(value)
        else:
            for field in self._fields:
                self.read[field] = repr(getattr(self._settings, field))
        return value
