"""Every KPI the engine covers compiles to SQL for DuckDB, PostgreSQL, BigQuery, Snowflake
and Spark (Databricks SQL without pyspark), and sqlglot parses the text back in that dialect."""

from __future__ import annotations

import pytest
import sqlglot

from xlkpi.engine import compile_sql, covered
from xlkpi.engine.bridge import MONTHLY_FLOWS
from xlkpi.engine.run import spark_dialect
from xlkpi.errors import KpiInputError

DIALECTS = {"duckdb": "duckdb", "postgres": "postgres", "bigquery": "bigquery",
            "snowflake": "snowflake", "spark": "spark"}  # fmt: skip
KINDS = ("month", "quarter", "week")


# every grain in two dialects, the month grain in all five (compiling takes ~0.3 s a KPI)
CASES = [(d, "month") for d in DIALECTS] + [(d, k) for d in ("duckdb", "bigquery")
                                            for k in KINDS[1:]]  # fmt: skip


@pytest.mark.parametrize("dialect,kind", CASES)
def test_every_covered_kpi_compiles_and_parses(dialect, kind):
    for kpi in covered():
        if kind == "week" and kpi in MONTHLY_FLOWS:
            continue  # not available at weekly grain (test below)
        sql = compile_sql(kpi, dialect=dialect, period=kind)
        tree = sqlglot.parse_one(sql, read=DIALECTS[dialect])
        assert tree.find(sqlglot.exp.Select) is not None, kpi


def test_spark_without_pyspark_compiles_as_databricks():
    want = "pyspark" if _has_pyspark() else "databricks"
    assert spark_dialect("spark") == want and spark_dialect("postgres") == "postgres"


def _has_pyspark() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return True


def test_sql_reads_the_contract_tables_by_name():
    sql = compile_sql("aov", dialect="postgres")
    assert '"orders"' in sql and "NULLIF" in sql


def test_options_change_the_sql():
    count = compile_sql("refund_rate")
    value = compile_sql("refund_rate", options={"refund_rate.basis": "value"})
    assert count != value


def test_a_monthly_flow_has_no_weekly_sql():
    with pytest.raises(KpiInputError, match="monthly grain"):
        compile_sql("nrr", period="week")
