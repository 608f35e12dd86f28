"""Exports pasted as sheets of any name, in a workbook or the template, and the template's
Mapping sheet (issue 17): recognised by their headers as a CSV in a folder is, stated,
and giving the same hand-computed KPIs."""

from __future__ import annotations

import csv
import shutil

import openpyxl
import pandas as pd
import pytest

from tests.adapters.expected import EXPECTED
from tests.adapters.test_exports import FIXTURES, ROOT, _assert_expected, _values
from tests.adapters.test_mapping import EXPORT, MAPPING
from xlkpi.data import check_source, read_source
from xlkpi.engine.compute import compute_kpis
from xlkpi.excel.frames import frame_from_values

#: fixture -> the sheet it is pasted into (names no contract table)
PASTED = {
    "orders_export_1.csv": "Shopify download",
    "stripe_subscriptions.csv": "Sheet3",
    "ga4_events.csv": "bq-results-20250301",
    "Campaign report.csv": "Campaign report (2)",  # two title lines above its header
}


def _paste(ws, rows):
    for row in rows:
        ws.append([cell if cell != "" else None for cell in row])


def _rows(name: str) -> list[list[str]]:
    with (FIXTURES / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The template, each export pasted into a sheet of its own, and a notes sheet."""
    path = tmp_path_factory.mktemp("sheets") / "exports.xlsm"
    shutil.copy(ROOT / "workbook_template.xlsm", path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    for name, sheet in PASTED.items():
        _paste(wb.create_sheet(sheet), _rows(name))
    _paste(wb.create_sheet("Notes"), [["call Anna about the March numbers"]])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def read(book):
    return read_source(book)


@pytest.fixture(scope="module")
def kpis(read):
    return _values(compute_kpis(read).table)


@pytest.mark.parametrize("name", sorted(PASTED))
def test_each_pasted_export_gives_its_kpis(kpis, name):
    _assert_expected(kpis, EXPECTED[name])


def test_which_adapter_read_which_sheet_rows_read_and_dropped(read):
    said = {w.sheet: w for w in read.problems if w.column == "(source)"}
    assert set(said) == set(PASTED.values())  # not the Notes sheet, nor the template's own
    shopify = said["Shopify download"].message
    assert shopify.startswith("read as a Shopify orders export (adapter shopify_orders)")
    assert "10 row(s) -> Orders 6 row(s), Customers 3 row(s)" in shopify
    assert "1 row(s) of pending" in shopify
    google = said["Campaign report (2)"]
    assert google.row == 3 and "2 row(s) left out: 2 total line(s)" in google.message
    assert "1 incomplete or incomplete_expired" in said["Sheet3"].message


def test_a_problem_names_the_pasted_sheet_and_its_row(book, tmp_path):
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb["Shopify download"]
    ws["P4"] = "someday"  # Created at of order #1002 (Excel row 4, its only row)
    bad = tmp_path / "bad.xlsm"
    wb.save(bad)
    problems = check_source(bad)
    assert {(p.sheet, p.row, p.value) for p in problems} == {("Shopify download", 4, "someday")}
    # Orders' order_date and Customers' acquired_date read the same cell: one problem
    assert [p.column for p in problems] == ["Created at"]


def test_live_sheets_as_frames_read_the_same(book):
    """The ribbon reads unsaved sheets' values as DataFrames: the same adapters apply."""
    wb = openpyxl.load_workbook(book, read_only=True)
    frames, header_rows = {}, {}
    for name in (*PASTED.values(), "Notes"):
        frame, header = frame_from_values([list(r) for r in wb[name].iter_rows(values_only=True)])
        frames[name], header_rows[name] = frame, header
    values = _values(compute_kpis(read_source(frames, header_rows=header_rows)).table)
    for name in PASTED:
        _assert_expected(values, EXPECTED[name])


@pytest.fixture(scope="module")
def mapped(tmp_path_factory):
    """The template with its Mapping sheet filled in for an export of no known platform."""
    path = tmp_path_factory.mktemp("mapped") / "mapped.xlsm"
    shutil.copy(ROOT / "workbook_template.xlsm", path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    sheet = wb["Mapping"]
    filled = {(r[0], r[1]): r[2:] for r in csv.reader(MAPPING.splitlines()[1:])}
    for row in sheet.iter_rows(min_row=2):
        found = filled.get((row[0].value, row[1].value))
        if found:
            row[2].value, row[3].value = found[0], found[1] or None
    _paste(wb.create_sheet("sales export (3)"), csv.reader(EXPORT.splitlines()))
    wb.save(path)
    return path


def test_the_template_mapping_sheet_maps_a_pasted_export(mapped):
    frame = read_source(mapped).tables["orders"].frame
    assert frame["revenue"].tolist() == [800.0, 400.0, 240.0]  # [Net] - [Tax]
    assert frame["status"].tolist() == ["paid", "refunded", "paid"]
    assert [d.isoformat()[:10] for d in frame["order_date"]] == [
        "2025-01-13",
        "2025-01-14",
        "2025-02-02",
    ]
    warnings: list = []
    check_source(mapped, warnings=warnings)
    [note] = [w for w in warnings if w.column == "(source)"]
    assert note.sheet == "sales export (3)" and "mapping (Mapping) for Orders" in note.message


def test_a_wrong_mapping_sheet_row_is_named(mapped, tmp_path):
    from xlkpi.errors import SourceError

    wb = openpyxl.load_workbook(mapped, keep_vba=True)
    ws = wb["Mapping"]
    ws["B3"] = "order_dat"  # orders.order_date, Excel row 3
    bad = tmp_path / "bad.xlsm"
    wb.save(bad)
    with pytest.raises(SourceError, match=r"Mapping line 3: 'orders'\.'order_dat'"):
        read_source(bad)


def test_the_empty_template_mapping_sheet_maps_nothing():
    rows = openpyxl.load_workbook(ROOT / "workbook_template.xlsm")["Mapping"]
    values = list(rows.iter_rows(values_only=True))
    assert values[0] == ("table", "column", "source", "format", "note")
    assert {r[2] for r in values[1:]} == {None}
    from xlkpi.data.contract import TABLES

    assert [(r[0], r[1]) for r in values[1:]] == [
        (t, c.name) for t, spec in TABLES.items() for c in spec.columns
    ]
    assert pd.notna(values[1][4])


def test_an_export_pasted_over_the_templates_orders_sheet(tmp_path):
    """The Shopify export pasted into the template's own Orders sheet (its header over the
    contract's): the sheet lacks order_id, so it is tried as an export, and is one."""
    path = tmp_path / "pasted.xlsm"
    shutil.copy(ROOT / "workbook_template.xlsm", path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    _paste_at_top(wb["Orders"], _rows("orders_export_1.csv"))
    wb.save(path)
    data = read_source(path)
    warnings = data.problems
    assert data.tables["orders"].frame["order_id"].tolist() == [
        "#1001", "#1002", "#1003", "#1004", "#1006", "#1007",
    ]  # fmt: skip
    [note] = [w for w in warnings if w.column == "(source)"]
    assert note.sheet == "Orders" and "(adapter shopify_orders)" in note.message


def _paste_at_top(ws, rows):
    for i, row in enumerate(rows, start=1):
        for j, cell in enumerate(row, start=1):
            ws.cell(i, j, cell if cell != "" else None)


def test_the_lite_reader_sees_the_same_grid(book, monkeypatch):
    """python-calamine (xlwings Lite, no fastexcel) reads a pasted sheet as fastexcel does."""
    import sys

    from xlkpi.data.exports import workbook_grid

    fast = workbook_grid(book, "Campaign report (2)")
    monkeypatch.setitem(sys.modules, "fastexcel", None)
    lite = workbook_grid(book, "Campaign report (2)")
    assert lite.first_row == fast.first_row == 1
    assert [lite.row(i) for i in range(lite.height)] == [fast.row(i) for i in range(fast.height)]


def test_the_template_reads_where_ibis_is_missing(monkeypatch):
    """xlwings Lite has no Ibis: the template, its Mapping sheet unfilled, still reads."""
    import sys

    monkeypatch.setitem(sys.modules, "xlkpi.adapters.mapping", None)
    assert check_source(ROOT / "workbook_template.xlsm") == []
