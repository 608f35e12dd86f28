"""Every KPI the engine covers compiles to SQL for DuckDB, PostgreSQL, BigQuery, Snowflake
and Spark (Databricks SQL without pyspark), and sqlglot parses the text back in that dialect.

At the month grain each covered KPI's text in each dialect is a golden snapshot, read back
by sqlglot (tests/warehouse/test_sql.py); here: the other grains, and the process's memo
of compiled texts (:mod:`xlkpi.engine.sqltext`)."""

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


def test_the_same_query_compiles_once_per_process_and_gives_ibis_text():
    """The memo's key is the query (by structure), the dialect and Ibis' fuse_selects: the
    same KPI built again is a hit; another option, grain, as-of date or dialect is not."""
    from xlkpi.engine import sqltext

    sqltext.clear()
    kpi, other = "refund_rate", {"refund_rate.basis": "value"}
    first = compile_sql(kpi, dialect="postgres")
    assert compile_sql(kpi, dialect="postgres") == first
    assert sqltext.stats() == {"compiled": 1, "reused": 1, "kept": 1}
    expr = expression(kpi, unbound_tables(needed(kpi)))
    assert first == ibis.to_sql(expr, dialect="postgres")  # Ibis' own text
    texts = {
        compile_sql(kpi, dialect="duckdb"),
        compile_sql(kpi, period="quarter"),
        compile_sql(kpi, options=other),
        compile_sql(kpi, as_of="2025-06-30"),
        first,
    }
    assert len(texts) == 5 and sqltext.stats()["compiled"] == 5
    fused, ibis.options.sql.fuse_selects = ibis.options.sql.fuse_selects, False
    try:
        unfused = sqltext.to_sql(expr, "postgres")
        assert unfused == ibis.to_sql(expr, dialect="postgres") != first
    finally:
        ibis.options.sql.fuse_selects = fused
