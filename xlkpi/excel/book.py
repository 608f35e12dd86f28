"""The one adapter between the ribbon logic and Excel: :class:`ExcelBook`.

:mod:`xlkpi.excel.ribbon` talks to the calling workbook only through this protocol, so its
logic runs (and is tested) without Excel. :class:`XlwingsBook` is the real implementation;
it is the only code here that imports xlwings, and only when it is used.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Protocol

__all__ = ["ExcelBook", "XlwingsBook", "as_text_safe"]


class ExcelBook(Protocol):
    """What the ribbon needs from the workbook whose button was clicked."""

    @property
    def name(self) -> str:
        """File name as Excel shows it (``Sales.xlsm``)."""

    @property
    def path(self) -> Path | None:
        """Full path on disk, or None while the book was never saved (or lives online)."""

    def has_unsaved_changes(self) -> bool:
        """True when the book was edited since it was last saved."""

    def sheet_names(self) -> list[str]:
        """Names of the worksheets, in tab order."""

    def read_sheet(self, name: str) -> list[list[Any]]:
        """Cell values from A1 to the end of the used range (blanks None, errors ``#N/A``...)."""

    def write_sheet(self, name: str, rows: list[list[Any]]) -> None:
        """Create sheet ``name`` if missing, clear it, write ``rows`` from A1.

        Text is written as text (``=x`` does not become a formula). When the sheet holds
        one Excel table, the table is resized to the rows written.
        """

    def message(self, text: str, title: str = "xlkpi", *, error: bool = False) -> None:
        """Show one message box."""

    def open_workbook(self, path: Path) -> None:
        """Open ``path`` in the same Excel instance."""


_FORMULA_START = ("=", "+", "-", "@")


def as_text_safe(value: Any) -> Any:
    """A value to put in a cell: text that Excel would parse as a formula gets a quote prefix.

    >>> as_text_safe("=1+1")
    "'=1+1"
    >>> as_text_safe(3.5)
    3.5
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class XlwingsBook:
    """:class:`ExcelBook` over an ``xlwings.Book`` (classic xlwings, Windows or macOS)."""

    CHUNK = 20_000  # rows per COM call: keeps 1M-row sheets within Excel's memory limits

    def __init__(self, book: Any) -> None:
        self.book = book

    @classmethod
    def caller(cls) -> XlwingsBook:
        """The workbook that called Python (``RunPython`` / the add-in's Run button)."""
        import xlwings as xw

        return cls(xw.Book.caller())

    @property
    def name(self) -> str:
        return str(self.book.name)

    @property
    def path(self) -> Path | None:
        full = str(self.book.fullname)
        if "://" in full:
            return None
        path = Path(full)
        return path if path.is_absolute() and path.exists() else None

    def has_unsaved_changes(self) -> bool:
        try:
            return not bool(self.book.api.Saved)
        except Exception:  # macOS (appscript) or an unknown engine: be safe, read live
            return True

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def read_sheet(self, name: str) -> list[list[Any]]:
        sheet = self.book.sheets[name]
        last = sheet.used_range.last_cell
        rng = sheet.range((1, 1), (last.row, last.column))
        values = rng.options(ndim=2, err_to_str=True, dates=dt.datetime, chunksize=self.CHUNK).value
        return values or []

    def write_sheet(self, name: str, rows: list[list[Any]]) -> None:
        sheets = self.book.sheets
        if name in [s.name for s in sheets]:
            sheet = sheets[name]
        else:
            sheet = sheets.add(name, after=sheets[sheets.count - 1])
        sheet.used_range.clear_contents()
        if not rows:
            return
        width = max(len(r) for r in rows)
        data = [[as_text_safe(v) for v in r] + [None] * (width - len(r)) for r in rows]
        target = sheet.range((1, 1), (len(data), width))
        target.options(chunksize=self.CHUNK).value = data
        if len(sheet.tables) == 1:
            sheet.tables[0].resize(sheet.range((1, 1), (max(2, len(data)), width)))
        sheet.autofit("c")

    def message(self, text: str, title: str = "xlkpi", *, error: bool = False) -> None:
        self.book.app.alert(text, title=title, mode="critical" if error else "info")

    def open_workbook(self, path: Path) -> None:
        self.book.app.books.open(str(path))
