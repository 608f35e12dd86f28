"""``xlkpi sql``: a KPI's definition as the SQL an analyst pastes into the warehouse.

The text is the engine's own expression compiled for the dialect
(:func:`xlkpi.engine.compile_sql`) over tables named as the contract's
(``orders``, ``customers``, ... with the contract's column names), after one comment
line saying what it computes. Spark SQL comes from Ibis' PySpark compiler when pyspark
is installed, else from its Databricks one (Spark SQL too; the comment says which).
"""

from __future__ import annotations

import re

from xlkpi.errors import XlkpiError

#: What ``--dialect`` accepts -> the sqlglot dialect that reads the text back.
DIALECTS = {
    "duckdb": "duckdb",
    "postgres": "postgres",
    "bigquery": "bigquery",
    "snowflake": "snowflake",
    "spark": "databricks",
}


def kpi_sql(kpi_id: str, *, dialect: str = "duckdb", period: str = "month", options=None) -> str:
    """The SQL text of report KPI ``kpi_id`` (or of a side table of the report, such as
    ``cohorts``) in ``dialect``, with a comment line on top.

    ``options``: definition options by name or Settings key (see ``api.option_names``).
    """
    from xlkpi.engine import compile_sql, covered
    from xlkpi.engine.side import side_names, side_sql, side_title
    from xlkpi.kpi.catalogue import by_id
    from xlkpi.sources.api import option_names

    if dialect not in DIALECTS:
        raise XlkpiError(f"unknown dialect {dialect!r}; choose one of {', '.join(DIALECTS)}")
    ids, sides = covered(), side_names()
    if kpi_id not in ids and kpi_id not in sides:
        known = {k.id for k in _report_kpis()}
        what = "is not computed by the engine yet" if kpi_id in known else "is no report KPI"
        raise XlkpiError(
            f"{kpi_id!r} {what}; the SQL is available for: {', '.join(ids)}, and the report's "
            f"side tables {', '.join(sides)}"
        )
    options = option_names(options)
    if kpi_id in sides:  # a side table of the report (MRR bridge, cohorts, ...)
        text = side_sql(kpi_id, dialect=dialect, period=period, options=options)
        title = side_title(kpi_id)
    else:
        text = compile_sql(kpi_id, dialect=dialect, period=period, options=options)
        title = by_id(kpi_id).title
    chosen = ", ".join(f"{k}={v}" for k, v in sorted((options or {}).items())) or "defaults"
    head = f"-- xlkpi {kpi_id}: {title}, per {period}, options: {chosen}; {_flavour(dialect)}"
    return f"{head}\n{stable(text).strip()};\n"


#: Names Ibis makes up afresh on every compile: BigQuery's UNNEST aliases and Snowflake's
#: array-joining separators. Numbered in order of appearance, the text is the same each
#: time (golden snapshots, diffs between versions).
_RANDOM = re.compile(r"(?P<bq>ibis_bq_arr_range_[a-z0-9]{26})|'(?P<hex>[0-9a-f]{32})'")


def stable(text: str) -> str:
    """``text`` with Ibis' random names replaced by numbered ones (same meaning).

    >>> name = "ibis_bq_arr_range_5shq62cxffdkdmf5r7bakqrusu"
    >>> stable(f"{name} AS {name}, '0bd32b160fd24f12b51790aa4f37d56c'")
    "ibis_bq_arr_range_1 AS ibis_bq_arr_range_1, 'xlkpi_separator_2'"
    """
    names: dict[str, str] = {}

    def rename(match: re.Match) -> str:
        if match[0] not in names:
            n = len(names) + 1
            names[match[0]] = f"ibis_bq_arr_range_{n}" if match["bq"] else f"'xlkpi_separator_{n}'"
        return names[match[0]]

    return _RANDOM.sub(rename, text)


def _report_kpis():
    from xlkpi.kpi.catalogue import report_kpis

    return report_kpis()


def spark_compiler() -> str:
    """``pyspark`` when Ibis' PySpark backend imports (pyspark installed), else
    ``databricks``: the engine's choice for ``dialect="spark"``."""
    try:
        import ibis.pyspark  # noqa: F401
    except ImportError:
        return "databricks"
    return "pyspark"


def _flavour(dialect: str) -> str:
    if dialect != "spark":
        return f"{dialect} SQL"
    if spark_compiler() == "pyspark":
        return "Spark SQL (Ibis' PySpark compiler)"
    return "Spark SQL (Ibis' Databricks compiler: pyspark is not installed)"
