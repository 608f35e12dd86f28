"""The ribbon's logic against a fake workbook: report next to the book, nothing
overwritten, data problems listed, sample inserted only where there is no data, errors
shown as one message box."""

from __future__ import annotations

import datetime as dt
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from xlkpi.errors import DataError, SourceError
from xlkpi.excel import ribbon

ORDERS = [
    ["order_id", "order_date", "customer_id", "revenue", "status"],
    [1.0, dt.datetime(2026, 1, 5), "c1", 100.0, "paid"],
    [2.0, dt.datetime(2026, 1, 20), "c2", 50.0, "refunded"],
    [3.0, dt.datetime(2026, 2, 3), "c1", 80.0, None],
]
BAD_ORDERS = [
    [None],  # the header may start lower: row numbers must still be Excel's
    ["order_id", "order_date", "customer_id", "revenue"],
    [1.0, dt.datetime(2026, 1, 5), "c1", 100.0],
    [2.0, "not a date", "c2", -5.0],
]


@pytest.fixture
def recording_builder(monkeypatch):
    """Replace the report builder: record what it was given, write a small file."""
    calls = []

    def build_report(source, output, **kwargs):
        calls.append((source, Path(output), kwargs))
        Path(output).write_bytes(b"report")
        return Path(output)

    import xlkpi.report.build as build_module

    monkeypatch.setattr(build_module, "build_report", build_report)
    return calls


def test_report_is_written_next_to_the_book_and_opened(tmp_path, fake_book, recording_builder):
    book = fake_book("Sales.xlsm", tmp_path / "Sales.xlsm", {"Orders": ORDERS})
    written = ribbon.build_report(book)
    assert written == tmp_path / "Sales KPI report.xlsx"
    assert written.read_bytes() == b"report"
    assert book.opened == [written]
    assert book.messages == []
    assert recording_builder[0][2] == {"progress": False}


def test_existing_files_are_never_overwritten(tmp_path, fake_book, recording_builder):
    mine = tmp_path / "Sales KPI report.xlsx"
    mine.write_bytes(b"the user's own file")
    (tmp_path / "Sales KPI report (2).xlsx").write_bytes(b"another")
    book = fake_book("Sales.xlsm", tmp_path / "Sales.xlsm", {"Orders": ORDERS})
    written = ribbon.build_report(book)
    assert written == tmp_path / "Sales KPI report (3).xlsx"
    assert mine.read_bytes() == b"the user's own file"
    assert (tmp_path / "Sales KPI report (2).xlsx").read_bytes() == b"another"


def test_name_taken_by_an_open_excel_lock_file_is_skipped(tmp_path, fake_book):
    (tmp_path / "~$Sales KPI report.xlsx").write_bytes(b"lock")
    book = fake_book("Sales.xlsm", tmp_path / "Sales.xlsm", {})
    assert ribbon.report_path(book) == tmp_path / "Sales KPI report (2).xlsx"


def test_unsaved_book_reports_to_the_home_folder(tmp_path, fake_book, monkeypatch):
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    book = fake_book("Book1", None, {})
    assert ribbon.report_path(book) == tmp_path / "Book1 KPI report.xlsx"


def test_live_sheets_are_read_when_the_book_has_unsaved_changes(
    tmp_path, fake_book, recording_builder
):
    sheets = {"Start here": [["hello"]], "Orders": ORDERS, "Notes": [["x"]]}
    book = fake_book("Sales.xlsm", tmp_path / "Sales.xlsm", sheets, dirty=True)
    ribbon.build_report(book)
    source = recording_builder[0][0]
    # the contract's sheets and any other sheet (an export pasted as a sheet, issue 17);
    # never the template's instructions
    assert book.reads == ["Orders", "Notes"]
    assert set(source.tables) == {"orders"}
    orders = source.tables["orders"]
    assert orders.frame["revenue"].tolist() == [100.0, 50.0, 80.0]
    assert orders.rows.tolist() == [2, 3, 4]


def test_a_saved_book_is_read_from_its_file(tmp_path, fake_book, recording_builder):
    path = tmp_path / "Sales.xlsm"
    book = fake_book("Sales.xlsm", path, {"Orders": ORDERS}, dirty=False)
    ribbon.build_report(book)
    assert recording_builder[0][0] == path
    assert book.reads == []


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (DataError("Orders!revenue row 4: negative (value: -5)"), "Orders!revenue row 4"),
        (SourceError("Sales.xlsm is not a workbook"), "is not a workbook"),
        (PermissionError(13, "Permission denied", "x.xlsx"), "Permission denied: x.xlsx"),
        (RuntimeError("a bug"), "unexpected error in xlkpi"),
    ],
)
def test_errors_become_one_message_box(tmp_path, fake_book, monkeypatch, error, shown):
    def failing(*args, **kwargs):
        raise error

    import xlkpi.report.build as build_module

    monkeypatch.setattr(build_module, "build_report", failing)
    book = fake_book("Sales.xlsm", tmp_path / "Sales.xlsm", {"Orders": ORDERS}, dirty=False)
    assert ribbon.build_report(book) is None
    assert len(book.messages) == 1
    text, title, is_error = book.messages[0]
    assert is_error and title == "xlkpi"
    assert text.startswith("Building the KPI report failed") and shown in text
    assert "Traceback" not in text
    assert book.opened == []


def test_real_build_with_bad_live_data_names_sheet_row_column(tmp_path, fake_book):
    book = fake_book("Sales.xlsm", tmp_path / "Sales.xlsm", {"Orders": BAD_ORDERS})
    assert ribbon.build_report(book) is None
    text = book.messages[0][0]
    assert "Orders" in text and "row 4" in text and "order_date" in text
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_check_data_lists_every_problem_on_a_sheet(tmp_path, fake_book):
    book = fake_book("Sales.xlsm", tmp_path / "Sales.xlsm", {"Orders": BAD_ORDERS})
    assert ribbon.check_data(book) == 2
    sheet = book.sheets["Check results"]
    assert sheet[0] == [ribbon.CHECK_TITLE]
    assert sheet[3] == ["sheet", "row", "column", "value", "problem"]
    found = {(r[0], r[1], r[2], r[3]) for r in sheet[4:]}
    assert found == {("Orders", 4, "order_date", "not a date"), ("Orders", 4, "revenue", -5.0)}
    text, _, is_error = book.messages[0]
    assert text.startswith("2 data problem(s)") and not is_error


def test_check_data_reuses_its_sheet_but_never_a_users_sheet(tmp_path, fake_book):
    sheets = {"Orders": ORDERS, "Check results": [["my own notes"]]}
    book = fake_book("Sales.xlsm", tmp_path / "Sales.xlsm", sheets)
    assert ribbon.check_data(book) == 0
    assert book.sheets["Check results"] == [["my own notes"]]
    assert book.sheets["Check results (2)"][1] == ["No data errors"]
    ribbon.check_data(book)
    assert "Check results (3)" not in book.sheets
    assert book.messages[-1][0].startswith("No data errors")


@pytest.fixture
def sample(monkeypatch):
    frames = {
        "orders": pd.DataFrame(
            {
                "order_id": [1, 2],
                "order_date": pd.to_datetime(["2026-01-01", "2026-01-02"]),
                "customer_id": ["c1", "c2"],
                "revenue": [10.0, float("nan")],
            }
        ),
        "nps": pd.DataFrame({"response_date": pd.to_datetime(["2026-01-03"]), "score": [9]}),
    }
    module = types.ModuleType("xlkpi.data.sample")
    module.sample_tables = lambda seed=2026: {k: v.copy() for k, v in frames.items()}
    monkeypatch.setitem(sys.modules, "xlkpi.data.sample", module)
    return frames


def test_insert_sample_fills_only_sheets_without_data(tmp_path, fake_book, sample):
    sheets = {"Orders": [["order_id", "order_date"], [None, None]], "NPS": [["score"], [7.0]]}
    book = fake_book("Sales.xlsm", tmp_path / "Sales.xlsm", sheets)
    assert ribbon.insert_sample(book) == ["Orders"]
    orders = book.sheets["Orders"]
    assert orders[0] == ["order_id", "order_date", "customer_id", "revenue"]
    assert orders[1] == [1, dt.datetime(2026, 1, 1), "c1", 10.0]
    assert orders[2][3] is None  # NaN is written as a blank, not as text
    assert book.sheets["NPS"] == [["score"], [7.0]]  # the user's data is untouched
    text = book.messages[0][0]
    assert "Orders (2 rows)" in text and "untouched" in text and "NPS" in text


def test_insert_sample_creates_missing_sheets(tmp_path, fake_book, sample):
    book = fake_book("Book.xlsm", tmp_path / "Book.xlsm", {"Start here": [["hi"]]})
    assert ribbon.insert_sample(book) == ["Orders", "NPS"]
    assert book.sheets["NPS"][1] == [dt.datetime(2026, 1, 3), 9]


def test_help_and_main(tmp_path, fake_book, monkeypatch):
    book = fake_book("Sales.xlsm", tmp_path / "Sales.xlsm", {})
    ribbon.show_help(book)
    assert "Build report" in book.messages[0][0] and "KPI_LAST_ERROR" in book.messages[0][0]
    called = []
    monkeypatch.setattr(ribbon, "build_report", lambda book=None: called.append(book))
    ribbon.main()
    assert called == [None]


def test_end_to_end_on_the_template_sheets(tmp_path, fake_book):
    """Template sheets → Insert sample data → Check data → Build report, all for real."""
    pytest.importorskip("xlkpi.data.sample")
    import openpyxl

    from xlkpi.excel.template.build import build_template

    path = build_template(tmp_path / "KPIs.xlsm")
    wb = openpyxl.load_workbook(path)
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
    book = fake_book("KPIs.xlsm", path, sheets, dirty=True)

    filled = ribbon.insert_sample(book)
    assert "Orders" in filled and "Targets" in filled and "Settings" not in filled
    assert book.sheets["Settings"] == sheets["Settings"]  # holds data: left untouched
    assert ribbon.check_data(book) == 0
    written = ribbon.build_report(book)
    assert written == tmp_path / "KPIs KPI report.xlsx" and written.exists()
    assert book.opened == [written]
    assert [m for m in book.messages if m[2]] == []  # no error box
    report = openpyxl.load_workbook(written, read_only=True)
    assert "Dashboard" in report.sheetnames
    assert path.read_bytes() == build_template(tmp_path / "again.xlsm").read_bytes()
