"""The raw sheets show each column as its contract type says: number formats, widths that
fit, ids kept as text without Excel's "number stored as text" flag; LibreOffice loads it."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree as ET

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlkpi.data import read_source
from xlkpi.data.contract import TABLES
from xlkpi.engine.compute import compute_kpis
from xlkpi.report.build import write_workbook
from xlkpi.report.sheets import raw as raw_sheets
from xlkpi.report.sheets.raw_xml import Styles, _sheet_paths, _text_tail, _text_tails

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
N = 30  # rows per table

# What each contract column must look like, by hand (not read from the code's table).
BY_KIND = {"id": "@", "text": "@", "category": "@", "date": "yyyy-mm-dd", "int": "#,##0"}
MONEY = {"revenue", "cost", "amount", "mrr"}
GENERAL = {"number"}  # plain numbers (duration_seconds)
BOOL = '"TRUE";"TRUE";"FALSE"'  # a boolean or a 0 / 1 reads TRUE / FALSE

# CT_Worksheet's children in schema order (ECMA-376 Part 1, 18.3.1.99).
WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
    "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter",
    "sortState", "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr",
    "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties",
    "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
    "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
    "tableParts", "extLst",
)  # fmt: skip


def expected_format(column) -> str:
    if column.name in MONEY:
        return "#,##0.00"
    if column.kind == "bool":
        return BOOL
    if column.kind in GENERAL:
        return "General"
    return BY_KIND[column.kind]


def _frames() -> dict[str, pd.DataFrame]:
    days = pd.date_range("2026-01-01", periods=N, freq="D")
    ids = [str(1001 + i) for i in range(N)]
    return {
        "orders": pd.DataFrame(
            {
                "order_id": [1001 + i for i in range(N)],  # numbers: kept as text ids
                "order_date": days,
                "customer_id": [f"C{i % 7}" for i in range(N)],
                "revenue": [1234567.5] + [10.25] * (N - 1),
                "cost": [3.0] * N,
                "status": ["paid"] * N,
                "channel": ["a very long channel name here"] + ["email"] * (N - 1),
                "device": ["desktop"] * N,
                "Note": ["n" * 100] + [None] * (N - 1),  # an extra column
            }
        ),
        "customers": pd.DataFrame(
            {
                "customer_id": [f"C{i}" for i in range(N)],
                "acquired_date": days,
                "acquisition_channel": ["email"] * N,
                "marketing_originated": [i % 2 == 0 for i in range(N)],
                "churned_date": [None] * (N - 1) + [days[-1]],
            }
        ),
        "sessions": pd.DataFrame(
            {
                "session_date": days,
                "visitor_id": ids,  # digits as text: flagged by Excel unless ignored
                "pageviews": [1234] + [2] * (N - 1),
                "device": ["mobile"] * N,
                "source": ["organic"] * N,
                "converted": [False] * N,
                "micro_converted": [True] * N,
                "email_optin": [False] * N,
                "duration_seconds": [12.5] * N,
            }
        ),
        "leads": pd.DataFrame(
            {
                "lead_id": [f"L{i}" for i in range(N)],
                "created_date": days,
                "source": ["paid"] * N,
                "mql_date": days,
                "sql_date": days,
                "won_date": [None] * (N - 1) + [days[-1]],
                "customer_id": [str(i) for i in range(N)],  # a second numeric id column
            }
        ),
        "spend": pd.DataFrame(
            {
                "date": days,
                "channel": ["paid"] * N,
                "category": ["marketing"] * N,
                "amount": [100.0] * N,
                "impressions": [1000] * N,
                "clicks": [10] * N,
            }
        ),
        "nps": pd.DataFrame(
            {
                "response_date": days,
                "score": [i % 11 for i in range(N)],
                "customer_id": [f"C{i}" for i in range(N)],
                "segment": ["SMB"] * N,
            }
        ),
        "subscriptions": pd.DataFrame(
            {"month": days, "customer_id": [f"C{i}" for i in range(N)], "mrr": [50.0] * N}
        ),
    }


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    raw = read_source(_frames())
    path = tmp_path_factory.mktemp("rawfmt") / "report.xlsx"
    return write_workbook(path, raw, compute_kpis(raw), embed_raw=True)


@pytest.fixture(scope="module")
def book(report):
    return openpyxl.load_workbook(report)


def _sheet_xml(path, title: str) -> ET.Element:
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read(_sheet_paths(z)[title]))


@pytest.mark.parametrize("table", list(TABLES))
def test_every_contract_column_has_its_types_format(book, table):
    ws = book[f"{TABLES[table].title} data"]
    heads = [c.value for c in ws[1]]
    for spec in TABLES[table].columns:
        col = heads.index(spec.name) + 1
        cells = [ws.cell(r, col) for r in range(2, N + 2)]
        filled = [c for c in cells if c.value is not None]
        assert filled, spec.name
        for cell in filled:
            assert cell.number_format == expected_format(spec), (table, spec.name)


def test_values_keep_their_type(book):
    ws = book["Orders data"]
    assert ws["A2"].value == "1001" and ws["A2"].data_type == "s"  # an id stays text
    assert ws["D2"].value == 1234567.5 and ws["D2"].number_format == "#,##0.00"
    assert ws["I2"].number_format == "General"  # an extra column: as it came
    sessions = book["Sessions data"]
    assert sessions["C2"].value == 1234 and sessions["C2"].number_format == "#,##0"


def test_widths_fit_header_and_values(book):
    ws = book["Orders data"]
    width = {c: ws.column_dimensions[c].width for c in "ABCDEFGHI"}
    assert width["A"] == len("order_id") + 4  # header + filter button beats "1001" + 2
    assert width["B"] == len("order_date") + 4  # 10 date characters + 2 < 14
    assert width["D"] == len("1,234,567.50") + 2  # the value as shown beats the header
    assert width["G"] == len("a very long channel name here") + 2
    assert width["I"] == 60  # capped: 100 characters of text
    assert book["Sessions data"].column_dimensions["C"].width == len("pageviews") + 4


def test_width_reads_a_sample_not_every_value():
    values = pd.Series(["ab"] * 10_000)
    values.iloc[5_001] = "x" * 50  # between two sampled rows
    assert len(raw_sheets.sample(values)) == raw_sheets.SAMPLE
    assert raw_sheets.fit_width("h", values) == 8
    values.iloc[-1] = "x" * 50  # the last row is always sampled
    assert raw_sheets.fit_width("h", values) == 52


def _ignored(root: ET.Element) -> list[tuple[str, str]]:
    return [(e.get("sqref"), e.get("numberStoredAsText")) for e in root.iter(f"{NS}ignoredError")]


def test_numeric_ids_are_not_flagged_as_numbers_stored_as_text(report):
    last = N + 1
    assert _ignored(_sheet_xml(report, "Orders data")) == [(f"A2:A{last}", "1")]
    assert _ignored(_sheet_xml(report, "Sessions data")) == [(f"B2:B{last}", "1")]
    assert _ignored(_sheet_xml(report, "Leads data")) == [(f"G2:G{last}", "1")]
    for title in ("Customers data", "NPS data", "Subscriptions data", "Spend data"):
        assert _ignored(_sheet_xml(report, title)) == [], title


@pytest.mark.parametrize("title", ["Orders data", "Sessions data", "Leads data"])
def test_worksheet_children_are_in_schema_order(report, title):
    tags = [child.tag.removeprefix(NS) for child in _sheet_xml(report, title)]
    assert "ignoredErrors" in tags and "tableParts" in tags and "pageSetup" in tags
    assert tags == sorted(tags, key=WORKSHEET_ORDER.index)
    assert len(set(tags)) == len(tags)


@pytest.mark.parametrize(
    "values, expected",
    [(["A-1", "B7"], False), (["A-1", "1001"], True), ([" -1.5e3 "], True), (["1,234"], True)],
)
def test_holds_numbers(values, expected):
    assert raw_sheets.holds_numbers(pd.Series(values, dtype="str")) is expected
    assert raw_sheets.holds_numbers(pd.Series(values, dtype=object)) is expected


@given(st.lists(st.text(max_size=30), min_size=1, max_size=20, unique=True))
def test_vectorised_text_cells_equal_the_one_by_one_rule(texts):
    styles = Styles(1, 2, 3, 4, 5)
    uniques = pd.Index(pd.array(texts, dtype="str"))
    assert _text_tails(uniques, styles) == [_text_tail(t, styles) for t in texts]


@pytest.mark.libreoffice
def test_libreoffice_loads_the_formatted_raw_sheets(report, recalc):
    ws = openpyxl.load_workbook(recalc(report))["Orders data"]
    assert ws["A2"].value == "1001"
    assert ws["D2"].value == 1234567.5
    assert ws["D2"].number_format == "#,##0.00"
    assert ws["B2"].number_format.replace("\\", "").lower() == "yyyy-mm-dd"  # LO: yyyy\-mm
    assert ws["A2"].number_format == "@"
