"""Every KPI the engine covers compiles to SQL for DuckDB, PostgreSQL, BigQuery, Snowflake
and Spark (Databricks SQL without pyspark), and sqlglot parses the text back in that dialect."""

from __future__ import annotations

import ibis
import pytest
import sqlglot

from xlkpi.engine import compile_sql, covered, expression
from xlkpi.engine.bridge import MONTHLY_FLOWS
from xlkpi.engine.run import spark_dialect
from xlkpi.engine.schema import unbound_tables
from xlkpi.errors import KpiInputError
from xlkpi.kpi.catalogue import by_id

DIALECTS = {"duckdb": "duckdb", "postgres": "postgres", "bigquery": "bigquery",
            "snowflake": "snowflake", "spark": "spark"}  # fmt: skip
KINDS = ("month", "quarter", "week")


def one_per_family() -> list[str]:
    """The first KPI of each engine family module (the other grains' compile test)."""
    from xlkpi.engine.plan import ENGINE

    first = {}
    for kpi in covered():
        first.setdefault(ENGINE[kpi].__module__, kpi)
    return list(first.values())


def _compiles_everywhere(kpi: str, kind: str) -> None:
    """``compile_sql``'s steps, the expression built once for the five dialects."""
    expr = expression(kpi, unbound_tables(needed(kpi)), period=kind)
    for dialect, read in DIALECTS.items():
        sql = ibis.to_sql(expr, dialect=spark_dialect(dialect))
        tree = sqlglot.parse_one(sql, read=read)
        assert tree.find(sqlglot.exp.Select) is not None, (kpi, dialect)


def needed(kpi: str) -> list[str]:
    return list(dict.fromkeys(t for t, _ in by_id(kpi).needs))


def test_every_covered_kpi_compiles_and_parses_at_the_month_grain():
    for kpi in covered():
        _compiles_everywhere(kpi, "month")


@pytest.mark.parametrize("kind", KINDS[1:])
def test_each_family_compiles_at_the_other_grains(kind):
    """Other period ordinals and bounds, the weekly Spend spread: one KPI of each family."""
    for kpi in one_per_family():
        if not (kind == "week" and kpi in MONTHLY_FLOWS):
            _compiles_everywhere(kpi, kind)


def test_compile_sql_prints_each_dialect():
    for dialect in DIALECTS:
        assert "orders" in compile_sql("revenue", dialect=dialect)


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
