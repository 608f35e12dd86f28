"""XlwingsBook, the real adapter, against a stand-in of the xlwings object model."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from xlkpi.excel.book import XlwingsBook, as_text_safe


class _Range:
    def __init__(self, sheet, first, last):
        self.sheet, self.first, self.last = sheet, first, last
        self.opts = {}

    def options(self, **opts):
        self.opts = opts
        return self

    @property
    def value(self):
        rows = range(self.first[0], self.last[0] + 1)
        cols = range(self.first[1], self.last[1] + 1)
        return [[self.sheet.cells.get((r, c)) for c in cols] for r in rows]

    @value.setter
    def value(self, data):
        self.sheet.last_write_options = self.opts
        for i, row in enumerate(data):
            for j, v in enumerate(row):
                self.sheet.cells[(self.first[0] + i, self.first[1] + j)] = v


class _Sheet:
    def __init__(self, name, cells=None, tables=0):
        self.name = name
        self.cells = dict(cells or {})
        self.tables = [SimpleNamespace(resized=[], resize=None) for _ in range(tables)]
        for t in self.tables:
            t.resize = t.resized.append
        self.autofitted = False

    @property
    def used_range(self):
        last_row = max((r for r, _ in self.cells), default=1)
        last_col = max((c for _, c in self.cells), default=1)
        cells = self.cells
        return SimpleNamespace(
            last_cell=SimpleNamespace(row=last_row, column=last_col),
            clear_contents=cells.clear,
        )

    def range(self, first, last):
        return _Range(self, first, last)

    def autofit(self, axis):
        self.autofitted = True


class _Sheets(list):
    def __getitem__(self, key):
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return list.__getitem__(self, key)

    @property
    def count(self):
        return len(self)

    def add(self, name, after=None):
        sheet = _Sheet(name)
        self.append(sheet)
        return sheet


def _xw_book(fullname, sheets, saved=True):
    alerts, opened = [], []
    app = SimpleNamespace(
        alert=lambda text, title, mode: alerts.append((text, title, mode)),
        books=SimpleNamespace(open=opened.append),
    )
    book = SimpleNamespace(
        name=Path(fullname).name,
        fullname=fullname,
        sheets=_Sheets(sheets),
        app=app,
        api=SimpleNamespace(Saved=saved),
    )
    return book, alerts, opened


def test_path_is_none_for_online_and_unsaved_books(tmp_path):
    saved = tmp_path / "Sales.xlsm"
    saved.write_bytes(b"x")
    assert XlwingsBook(_xw_book(str(saved), [])[0]).path == saved
    assert XlwingsBook(_xw_book("https://x.sharepoint.com/Sales.xlsm", [])[0]).path is None
    assert XlwingsBook(_xw_book("Book1", [])[0]).path is None


def test_unsaved_changes_and_unknown_engines():
    assert XlwingsBook(_xw_book("B.xlsm", [], saved=False)[0]).has_unsaved_changes()
    assert not XlwingsBook(_xw_book("B.xlsm", [], saved=True)[0]).has_unsaved_changes()
    book = _xw_book("B.xlsm", [])[0]
    book.api = None  # no .Saved: read the live sheets to be safe
    assert XlwingsBook(book).has_unsaved_changes()


def test_read_sheet_starts_at_a1_and_keeps_errors_as_text():
    sheet = _Sheet("Orders", {(2, 2): "order_id", (3, 2): 1.0})
    book = XlwingsBook(_xw_book("B.xlsm", [sheet])[0])
    assert book.read_sheet("Orders") == [[None, None], [None, "order_id"], [None, 1.0]]


def test_write_sheet_keeps_text_as_text_and_resizes_the_table():
    sheet = _Sheet("Orders", {(1, 1): "old"}, tables=1)
    xw_book, alerts, opened = _xw_book("B.xlsm", [sheet])
    book = XlwingsBook(xw_book)
    book.write_sheet("Orders", [["order_id", "note"], [1, "=HYPERLINK(x)"], [2]])
    assert sheet.cells[(2, 2)] == "'=HYPERLINK(x)"
    assert sheet.cells[(3, 2)] is None
    assert sheet.tables[0].resized and sheet.autofitted
    book.write_sheet("Check results", [["xlkpi check results"]])
    assert xw_book.sheets["Check results"].cells[(1, 1)] == "xlkpi check results"
    book.message("done", "xlkpi", error=True)
    book.open_workbook(Path("/tmp/r.xlsx"))
    assert alerts == [("done", "xlkpi", "critical")] and opened == ["/tmp/r.xlsx"]


def test_as_text_safe():
    assert [as_text_safe(v) for v in ("=1", "+1", "-x", "@a", "ok", 5)] == [
        "'=1",
        "'+1",
        "'-x",
        "'@a",
        "ok",
        5,
    ]
