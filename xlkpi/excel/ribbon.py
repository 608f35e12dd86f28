"""What the KPI tab's buttons run (``RunPython "import xlkpi.excel.ribbon as r; r.…()"``).

Every entry point works on the calling workbook through :class:`~xlkpi.excel.book.ExcelBook`
(the real one by default, a fake in tests) and never lets a traceback reach the user:
library errors become one readable message box.

- :func:`build_report` writes ``<book> KPI report.xlsx`` next to the workbook (adding
  `` (2)``, `` (3)``… when taken, so nothing is overwritten) and opens it;
- :func:`check_data` lists every data problem on a *Check results* sheet plus a summary box;
- :func:`insert_sample` fills raw sheets that hold no data with the sample data set;
- :func:`show_help` explains the tab; :func:`main` is the xlwings add-in's *Run main*.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xlkpi.data.contract import normalise_name
from xlkpi.errors import XlkpiError
from xlkpi.excel.book import ExcelBook, XlwingsBook
from xlkpi.excel.frames import frame_from_values, frame_rows
from xlkpi.excel.template.content import sheet_title

__all__ = [
    "CHECK_SHEET",
    "build_report",
    "check_data",
    "insert_sample",
    "main",
    "report_path",
    "show_help",
]

CHECK_SHEET = "Check results"
CHECK_TITLE = "xlkpi check results"
REPORT_SUFFIX = " KPI report"
TITLE = "xlkpi"
HELP = """The KPI tab

Build report: reads this workbook's raw sheets (Orders, Customers, Sessions, Leads, Spend,
NPS, Subscriptions, Settings, Targets) and writes "<this book> KPI report.xlsx" next to it,
then opens it. This workbook is not changed and no existing file is replaced.

Check data: lists every bad cell (sheet, row, column, value) on the "Check results" sheet.

Insert sample data: fills raw sheets that hold no data yet with a realistic sample.

KPI functions in any cell, e.g. =KPI_NPS(NPS!B2:B500), =KPI_CHURN(C4, C3).
#VALUE! = bad input, #DIV/0! = undefined (nothing to divide by), #N/A = a value is missing.
=KPI_LAST_ERROR() tells why the last KPI function returned an error.

Guide: docs/getting-started-excel.md (xlkpi repository)."""

_log = logging.getLogger("xlkpi.excel")


# --------------------------------------------------------------------------- helpers
def _book(book: ExcelBook | None) -> ExcelBook:
    return book if book is not None else XlwingsBook.caller()


def guarded(action: str, book: ExcelBook, work: Callable[[], Any]) -> Any:
    """Run ``work``; any failure becomes one message box (never a traceback)."""
    try:
        return work()
    except XlkpiError as exc:
        book.message(f"{action} failed.\n\n{exc}", TITLE, error=True)
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        book.message(f"{action} failed.\n\n{exc.strerror or exc}{where}", TITLE, error=True)
    except Exception as exc:  # a bug: say so plainly, keep the details in the log
        _log.exception("%s failed", action)
        book.message(
            f"{action} failed because of an unexpected error in xlkpi.\n\n"
            f"{type(exc).__name__}: {exc}\n\nPlease report it with this message.",
            TITLE,
            error=True,
        )
    return None


def report_path(book: ExcelBook) -> Path:
    """``<book> KPI report.xlsx`` next to the book, `` (2)``… appended until the name is free.

    A book that was never saved has no folder: its report goes to the home folder.
    """
    folder = book.path.parent if book.path is not None else Path.home()
    stem = Path(book.name).stem or "Workbook"
    candidate = folder / f"{stem}{REPORT_SUFFIX}.xlsx"
    n = 2
    while candidate.exists() or candidate.with_name(f"~${candidate.name}").exists():
        candidate = folder / f"{stem}{REPORT_SUFFIX} ({n}).xlsx"
        n += 1
    return candidate


#: Sheets the template and the ribbon write for people or xlwings, never data (nor an
#: export): their names, or the start of their names ("Check results (2)").
_NOT_DATA = tuple(normalise_name(n) for n in ("Start here", "xlwings.conf", CHECK_SHEET))


def _input_sheets(book: ExcelBook) -> list[str]:
    """The contract's sheets, the Mapping sheet, and every other sheet (an export pasted
    as a sheet of any name, recognised by its header: xlkpi.data.exports)."""
    return [n for n in book.sheet_names() if not normalise_name(n).startswith(_NOT_DATA)]


def _source(book: ExcelBook) -> tuple[Path | dict, dict[str, int]]:
    """The raw data and its header rows: the saved file when it is up to date (fast to
    read, even with a million rows), else the live sheets' values."""
    path = book.path
    if path is not None and not book.has_unsaved_changes():
        return path, {}
    return live_frames(book)


def live_frames(book: ExcelBook) -> tuple[dict, dict[str, int]]:
    """The raw sheets' values as DataFrames, with the Excel row of each header."""
    frames, header_rows = {}, {}
    for name in _input_sheets(book):
        found = frame_from_values(book.read_sheet(name))
        if found is not None:
            frames[name], header_rows[name] = found
    return frames, header_rows


# --------------------------------------------------------------------------- entry points
def build_report(book: ExcelBook | None = None) -> Path | None:
    """Build the KPI report of the calling book next to it and open it; return its path."""
    book = _book(book)

    def work() -> Path:
        from xlkpi.data import read_source
        from xlkpi.report.build import build_report as build

        target = report_path(book)
        source, header_rows = _source(book)
        if isinstance(source, dict):  # live sheets: read here so rows are located right
            source = read_source(source, header_rows=header_rows)
        written = Path(build(source, target, progress=False))
        book.open_workbook(written)
        return written

    return guarded("Building the KPI report", book, work)


def check_data(book: ExcelBook | None = None) -> int | None:
    """List every data problem on the *Check results* sheet; return how many there are."""
    book = _book(book)

    def work() -> int:
        from xlkpi.data import check_source

        source, header_rows = _source(book)
        problems = check_source(source, header_rows=header_rows or None)
        sheet = _results_sheet(book)
        rows: list[list[Any]] = [
            [CHECK_TITLE],
            [f"{len(problems)} data problem(s) in {book.name}" if problems else "No data errors"],
            [],
            ["sheet", "row", "column", "value", "problem"],
        ]
        rows += [[p.sheet, p.row, p.column, p.value, p.message] for p in problems]
        book.write_sheet(sheet, rows)
        if problems:
            shown = "\n".join(str(p) for p in problems[:10])
            more = f"\n… and {len(problems) - 10} more" if len(problems) > 10 else ""
            book.message(
                f"{len(problems)} data problem(s); all are listed on the sheet "
                f"'{sheet}'.\n\n{shown}{more}",
                TITLE,
            )
        else:
            book.message("No data errors: the raw sheets follow the data contract.", TITLE)
        return len(problems)

    return guarded("Checking the data", book, work)


def _results_sheet(book: ExcelBook) -> str:
    """Our results sheet: reuse one we wrote before, never a user's sheet of the same name."""
    names = book.sheet_names()
    candidate, n = CHECK_SHEET, 2
    while candidate in names:
        first = book.read_sheet(candidate)[:1]
        if first and first[0] and first[0][0] == CHECK_TITLE:
            return candidate
        candidate = f"{CHECK_SHEET} ({n})"
        n += 1
    return candidate


def _has_data(values: list[list[Any]]) -> bool:
    found = frame_from_values(values)
    return found is not None and len(found[0]) > 0


def insert_sample(book: ExcelBook | None = None) -> list[str] | None:
    """Fill every raw sheet that holds no data with the sample; return the sheets filled."""
    book = _book(book)

    def work() -> list[str]:
        from xlkpi.data.sample import sample_tables

        existing = {normalise_name(name): name for name in book.sheet_names()}
        filled, kept = [], []
        for table, frame in sample_tables(seed=2026).items():
            sheet = existing.get(normalise_name(table), sheet_title(table))
            if sheet in existing.values() and _has_data(book.read_sheet(sheet)):
                kept.append(sheet)
                continue
            book.write_sheet(sheet, frame_rows(frame))
            filled.append(f"{sheet} ({len(frame):,} rows)")
        text = "Sample data inserted into: " + (", ".join(filled) or "no sheet") + "."
        if kept:
            text += "\n\nLeft untouched because they already hold data: " + ", ".join(kept) + "."
        book.message(text, TITLE)
        return [f.split(" (")[0] for f in filled]

    return guarded("Inserting the sample data", book, work)


def show_help(book: ExcelBook | None = None) -> None:
    """Explain the KPI tab in a message box."""
    book = _book(book)
    guarded("Help", book, lambda: book.message(HELP, "xlkpi help"))


def main() -> Path | None:
    """The xlwings add-in's *Run main* button: build the report of the calling book."""
    return build_report()
