"""The *Build KPI report* and *Check data* scripts of xlwings Lite and xlwings Server.

Both take the open ``xlwings.Book`` (Lite and Server hand it to an ``@script``), read its
raw sheets (the data contract's Orders, Customers, … as the user sees them) and write into
NEW sheets of that same book: the report sheets, rendered from the same
:class:`~xlkpi.report.workbook.SheetSpec` descriptions as the report file
(:mod:`xlkpi.excel.workbook_writer`), or the *Check results* sheet of the ribbon.

The open book is not a file, so the report holds values (and the sheets' own formulas),
not the file report's live formulas over embedded copies of the raw tables: the raw sheets
are already in the book and are never changed.

Both are ``@xw.script`` entries (under Lite and Server, ``xw.script`` registers them);
Lite's ``main.py`` and Server's ``custom_scripts`` module import them from here.
"""

from __future__ import annotations

from typing import Any

import xlwings as xw

__all__ = ["REPORT_SUFFIX", "build_kpi_report", "check_data", "report_sheet_names"]

REPORT_SUFFIX = " (KPI)"


def report_sheet_names(titles: list[str], existing: list[str]) -> dict[str, str]:
    """The sheet name for each report sheet title: ``"<title> (KPI)"`` (31 characters at
    most), numbered when that name is taken.

    >>> report_sheet_names(["NPS", "Dashboard"], ["NPS", "NPS (KPI)"])
    {'NPS': 'NPS (KPI 2)', 'Dashboard': 'Dashboard (KPI)'}
    """
    taken = {name.lower() for name in existing}
    out = {}
    for title in titles:
        n, name = 1, f"{title}{REPORT_SUFFIX}"
        while name.lower() in taken:
            n += 1
            name = f"{title} (KPI {n})"
        name = name[-31:] if len(name) > 31 else name
        taken.add(name.lower())
        out[title] = name
    return out


def _book(book: Any):
    from xlkpi.excel.book import XlwingsBook

    return book if isinstance(book, XlwingsBook) else XlwingsBook(book)


@xw.script(name="Build KPI report")
def build_kpi_report(book: xw.Book) -> list[str]:
    """Read ``book``'s raw sheets, write the KPI report into new sheets; return their names.

    Bad data never raises: the reason is shown in a message box (``book.app.alert``) and
    nothing is written.
    """
    from xlkpi.data import read_source
    from xlkpi.engine.compute import compute_kpis
    from xlkpi.excel import ribbon
    from xlkpi.excel.workbook_writer import render_sheet
    from xlkpi.report.build import SHEETS
    from xlkpi.report.sheets.context import ReportContext

    target = _book(book)

    def work() -> list[str]:
        frames, header_rows = ribbon.live_frames(target)
        raw = read_source(frames, header_rows=header_rows)
        result = compute_kpis(raw)
        ctx = ReportContext(
            raw,
            result,
            False,
            {},
            raw_rows=sum(len(t.frame) for t in raw.tables.values()),
            raw_note="the raw sheets are the open workbook's own",
        )
        specs = [module.build(ctx) for module in SHEETS]
        names = report_sheet_names([s.title for s in specs], target.sheet_names())
        skipped = []
        for spec in specs:
            _, missed = render_sheet(target.book, spec, names[spec.title])
            skipped += [f"{names[spec.title]}: {m}" for m in missed]
        text = "KPI report written to the sheets " + ", ".join(names.values()) + "."
        if skipped:
            text += "\n\nNot available in this Excel: " + "; ".join(skipped[:5])
        target.message(text, ribbon.TITLE)
        return list(names.values())

    return ribbon.guarded("Building the KPI report", target, work) or []


@xw.script(name="Check data")
def check_data(book: xw.Book) -> int | None:
    """List every data problem of ``book`` on its *Check results* sheet (as the ribbon)."""
    from xlkpi.excel import ribbon

    return ribbon.check_data(_book(book))
