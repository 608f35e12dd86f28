"""The report workbook as openpyxl reads it back: sheets, safety, formats, formulas."""

from __future__ import annotations

import math

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.report.conftest import all_tables
from tests.support.books import load
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis
from xlkpi.errors import CellProblem
from xlkpi.report.build import write_workbook
from xlkpi.report.formulas import unknown_functions
from xlkpi.report.workbook import Formula, make_cell, plain

REPORT_SHEETS = [
    "Dashboard",
    "All KPIs",
    "Trend charts",
    "Trends",
    "NPS",
    "Funnel",
    "Acquisition",
    "Retention",
    "Recurring revenue",
    "Data quality",
    "Reconciliation",
    "Definitions compared",
    "KPI Data",
    "KPI SQL",
]
RAW_SHEETS = [
    "Orders data",
    "Customers data",
    "Sessions data",
    "Leads data",
    "Spend data",
    "NPS data",
    "Subscriptions data",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The report of every table (full_raw's data), built and read once: its tests only read."""
    raw = all_tables()
    result = compute_kpis(raw)
    path = write_workbook(tmp_path_factory.mktemp("report") / "report.xlsx", raw, result)
    return openpyxl.load_workbook(path), result


@pytest.fixture
def cell():
    ws = openpyxl.Workbook(write_only=True).create_sheet("x")
    return lambda value, **kw: make_cell(ws, value, **kw)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil","click")', "=1+1", "#N/A", "#REF!"])
def test_data_text_is_never_a_formula_or_an_error(cell, text):
    c = cell(text)
    assert (c.value, c.data_type, c.quotePrefix) == (text, "s", True)


def test_error_text_stays_text_where_a_kpi_value_goes(cell):
    c = cell("#N/A", na="error")
    assert (c.value, c.data_type, c.quotePrefix) == ("#N/A", "s", True)
    assert cell(float("inf"), na="error").data_type == "e"


def test_only_formula_values_become_formulas(cell):
    assert cell(Formula("=1+1", 2)).data_type == "f"
    assert cell("plain").data_type == "s"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NaT, pd.NA, np.float64("nan")])
def test_missing_is_blank_or_an_intended_na(cell, missing):
    assert cell(missing).value is None
    c = cell(missing, na="error")
    assert (c.value, c.data_type) == ("#N/A", "e")


def test_plain_values():
    assert plain(np.int64(7)) == 7 and type(plain(np.int64(7))) is int
    assert plain(np.bool_(True)) is True
    assert plain(float("inf")) is None
    assert plain(pd.Timestamp("2026-01-02 00:00")).isoformat() == "2026-01-02"


def test_sheets_in_order(report):
    wb, _ = report
    assert wb.sheetnames == REPORT_SHEETS + RAW_SHEETS


def test_marked_as_an_xlkpi_report(report):
    wb, _ = report
    assert "xlkpi report" in wb.properties.keywords
    assert wb.properties.creator == "xlkpi"


def test_every_formula_uses_known_functions(report):
    wb, _ = report
    formulas = [
        c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    assert len(formulas) > 50
    bad = {f: unknown_functions(f) for f in formulas if unknown_functions(f)}
    assert bad == {}
    assert not any(
        name in f.upper()
        for f in formulas
        for name in ("XLOOKUP(", "LET(", "FILTER(", "UNIQUE(", "SORT(")
    )


def test_unknown_function_is_flagged():
    assert unknown_functions("=XLOOKUP(1,A:A,B:B)+SUM(1)") == ["XLOOKUP"]
    assert unknown_functions("=_xlfn.IFS(A1>1,1,TRUE,0)") == []


def test_no_nan_text_anywhere(report):
    wb, _ = report
    texts = {
        c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    assert not texts & {"nan", "NaN", "None", "NaT", "inf"}


def test_kpi_data_sheet_equals_the_table(report):
    wb, result = report
    ws = wb["KPI Data"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(result.table)
    for got, (_, want) in zip(rows, result.table.iterrows(), strict=True):
        assert (got[0], got[3], got[4] or "") == (want["period"], want["kpi"], want["segment"])
        if math.isnan(want["value"]):
            assert got[5] == "#N/A"
        else:
            assert got[5] == pytest.approx(want["value"])
    assert "tblKPIData" in ws.tables


def test_number_formats_follow_the_unit(report):
    wb, _ = report
    ws = wb["All KPIs"]
    by_title = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(7, ws.max_row + 1)}
    revenue = by_title["Revenue"]
    bounce = next(c for t, c in by_title.items() if t and t.lower().startswith("bounce"))
    assert revenue.number_format.startswith('"$"#,##0.00')
    assert bounce.number_format == "0.0%"
    assert ws.freeze_panes == "B7"
    assert ws.page_setup.orientation == "landscape"


def test_currency_from_settings(tmp_path):
    from tests.report.conftest import ORDERS, make_raw

    raw = make_raw(Settings(currency="EUR"), orders=ORDERS)
    path = write_workbook(tmp_path / "r.xlsx", raw, compute_kpis(raw))
    ws = load(path, {"All KPIs"})["All KPIs"]
    formats = {ws.cell(r, 2).number_format for r in range(7, ws.max_row + 1)}
    assert '"€"#,##0.00;-"€"#,##0.00' in formats


def test_raw_sheets_are_tables_with_extra_columns(full_raw, tmp_path):
    full_raw.tables["orders"].frame["Sales rep"] = ["x"] * len(full_raw.tables["orders"].frame)
    path = write_workbook(tmp_path / "r.xlsx", full_raw, compute_kpis(full_raw))
    ws = load(path, {"Orders data"})["Orders data"]
    header = [c.value for c in ws[1]]
    assert header[-1] == "Sales rep"
    assert ws["B2"].value.date().isoformat() == "2026-01-05"
    assert ws["B7"].value.isoformat() == "2026-02-20T14:30:00"
    assert ws.tables["tblOrdersdata"].ref == "A1:H9"


def test_values_only_when_raw_is_not_embedded(full_raw, tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", full_raw, compute_kpis(full_raw), embed_raw=False)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == REPORT_SHEETS
    assert "Raw data not embedded" in wb["All KPIs"]["A3"].value
    formulas = [
        c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    assert not any(" data'!" in f for f in formulas)


def test_data_quality_lists_every_problem(full_raw, tmp_path):
    full_raw.problems = [
        CellProblem("Orders", 7, "status", "lost", "unknown status 'lost'"),
        CellProblem("NPS", 12, "score", 11, "score outside 0-10, skipped"),
    ]
    path = write_workbook(tmp_path / "r.xlsx", full_raw, compute_kpis(full_raw))
    ws = load(path, {"Data quality"})["Data quality"]
    rows = [r[:5] for r in ws.iter_rows(values_only=True) if r[0] in ("Orders", "NPS") and r[1]]
    assert ("Orders", 7, "status", "lost", "unknown status 'lost'") in rows
    assert ("NPS", 12, "score", 11, "score outside 0-10, skipped") in rows


def test_unavailable_kpis_are_listed_with_reason(small_raw, tmp_path):
    result = compute_kpis(small_raw)
    path = write_workbook(tmp_path / "r.xlsx", small_raw, result)
    ws = load(path, {"All KPIs"})["All KPIs"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("not available: needs sheet Sessions") for t in texts)
