"""The Python API says which report KPIs its KPI Data leaves out, and why, as the report does.

``xlkpi.engine.kpi_data`` (and ``xlkpi.sources.api.kpi_data``) attach
``attrs["unavailable"]`` (KPI id -> reason): the KPIs whose tables or columns are missing,
worded as the report's ``KpiResult.unavailable``, and the report KPIs without an engine
expression (the suite's test-only ``pages_per_session``), which ``xlkpi kpis`` names on
standard error. A KPI of neither kind has rows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from xlkpi.data.read import read_source
from xlkpi.engine import kpi_data, tables_from_raw
from xlkpi.engine.compute import compute_kpis
from xlkpi.engine.coverage import NO_EXPRESSION
from xlkpi.engine.run import uncovered

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "getting-started-warehouse.md"
ORDERS = pd.DataFrame(
    {
        "order_id": ["o1", "o2", "o3"],
        "order_date": pd.to_datetime(["2026-01-05", "2026-01-20", "2026-02-03"]),
        "customer_id": ["a", "b", "a"],
        "revenue": [10.0, 20.0, 30.0],
    }
)
SESSIONS = pd.DataFrame(
    {
        "session_date": pd.to_datetime(["2026-01-05", "2026-02-04"]),
        "visitor_id": ["v1", "v2"],
        "pageviews": [1.0, 3.0],
    }
)
SUBSCRIPTIONS = pd.DataFrame(
    {
        "month": pd.to_datetime(["2026-01-01", "2026-02-01"]),
        "customer_id": ["a", "a"],
        "mrr": [10.0, 12.0],
    }
)


@pytest.fixture(scope="module")
def raw():
    return read_source({"Orders": ORDERS, "Sessions": SESSIONS, "Subscriptions": SUBSCRIPTIONS})


@pytest.mark.parametrize("period", ["month", "week"])
def test_the_engine_names_what_it_leaves_out_with_the_reports_reasons(raw, period):
    report = compute_kpis(raw, period=period)
    table = kpi_data(tables_from_raw(raw), period=period)
    said = table.attrs["unavailable"]
    assert said, "the data lacks Customers, Spend, Leads, NPS: KPIs are left out"
    without_expression = {k: v for k, v in said.items() if v == NO_EXPRESSION}
    assert set(without_expression) == set(uncovered()) & set(report.table.kpi)
    # every other reason is the report's, word for word, and nothing else is left out
    assert {k: v for k, v in said.items() if v != NO_EXPRESSION} == {
        k: v for k, v in report.unavailable.items() if k not in without_expression
    }
    assert not set(said) & set(table.kpi)
    assert set(table.kpi) | set(said) == set(report.table.kpi) | set(report.unavailable)
    if period == "week":
        assert said["mrr_new"] == report.unavailable["mrr_new"]  # a monthly flow


def test_a_report_kpi_without_an_engine_expression_is_named_not_silently_missing(raw):
    assert "pages_per_session" in uncovered()  # tests/support/extra_kpi.py
    report = compute_kpis(raw, period="month")
    assert "pages_per_session" in set(report.table.kpi)
    table = kpi_data(tables_from_raw(raw))
    assert "pages_per_session" not in set(table.kpi)
    assert table.attrs["unavailable"]["pages_per_session"] == NO_EXPRESSION


def test_the_sources_api_says_it_as_the_guide_shows(tmp_path):
    from xlkpi.sources import api

    ORDERS.to_parquet(tmp_path / "orders.parquet")
    table = api.kpi_data(tmp_path)
    said = table.attrs["unavailable"]
    assert "aov" in set(table.kpi) and "aov" not in said
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert 'table.attrs["unavailable"]' in guide
    assert f"`{said['nps']}`" in guide and f"`{NO_EXPRESSION}`" in guide
