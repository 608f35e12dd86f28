"""Reading a generated report with openpyxl without parsing what a test never reads.

A full (not read-only) ``openpyxl.load_workbook`` of a report parses every sheet, the
hidden data sheets (KPI Data, KPI SQL, the raw tables) included: most of its cost. ``load``
parses only the sheets named (or only the visible ones); every other sheet is in the book
as an empty sheet of the same name and state, at its place, so sheet order, visibility,
print titles and print areas read as in a full load.

A read-only load looks for each sheet's ``<dimension>``; openpyxl's parser reads on to the
end of the sheet's data when there is none (xlkpi's reports have none): every sheet is
parsed once at load. ``read`` looks for it before the sheet's data only, where the file
format puts it: the same sheets, sizes and cells, read when a test iterates them.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Collection

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]+)"')


class _Some(ExcelReader):
    def __init__(self, path, sheets, **flags):
        super().__init__(path, **flags)
        self._sheets = sheets

    def read_worksheets(self):
        every = self.parser.find_sheets

        def wanted():
            for sheet, rel in every():
                keep = sheet.state == "visible" if self._sheets == "visible" else (
                    sheet.name in self._sheets)  # fmt: skip
                if keep:
                    yield sheet, rel
                else:  # in the book, at its place, empty: the next sheets keep their index
                    self.wb.create_sheet(sheet.name).sheet_state = sheet.state

        self.parser.find_sheets = wanted
        super().read_worksheets()


class _Lazy(ReadOnlyWorksheet):
    def _get_size(self):
        head = b""
        with self._get_source() as src:
            while not _DATA.search(head) and (chunk := src.read(1 << 14)):
                head += chunk
        found = _DIMENSION.search(head[: (m.start() if (m := _DATA.search(head)) else None)])
        if found:
            bounds = range_boundaries(found[1].decode())
            self._min_column, self._min_row, self._max_column, self._max_row = bounds


class _ReadOnly(ExcelReader):
    def read_worksheets(self):  # openpyxl's read-only branch, with _Lazy sheets
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            ws = _Lazy(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)


def load(path, sheets: Collection[str] | str = "visible", *, data_only=False, rich_text=False):
    """The workbook at ``path`` with the cells, styles, charts and settings of ``sheets``
    ("visible": the visible sheets) read as ``openpyxl.load_workbook`` reads them."""
    assert sheets == "visible" or not isinstance(sheets, str), sheets
    return _read(_Some(path, sheets, data_only=data_only, rich_text=rich_text))


def read(path, *, data_only=False):
    """``openpyxl.load_workbook(path, read_only=True, data_only=data_only)``, without
    parsing every sheet at load to find the dimension it does not state."""
    return _read(_ReadOnly(path, read_only=True, data_only=data_only))


def _read(reader: ExcelReader):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl drops the sparklines extension on load
        reader.read()
    return reader.wb
