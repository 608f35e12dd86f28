"""Write sample tables as a formatted workbook: one Excel table per sheet, safely.

Written through :mod:`xlkpi.safe_io`: atomically, and an existing file is only replaced
when it is a sample xlkpi wrote and nobody has saved since (or with ``overwrite``);
anything else raises ``OutputError``.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from xlkpi.safe_io import check_output, mark_workbook, save_atomically

KEYWORD = "xlkpi sample"
_DATE = "yyyy-mm-dd"
_MONEY = "#,##0.00"
_COUNT = "#,##0"
_MONEY_COLUMNS = {"revenue", "cost", "amount", "mrr"}
_NOTE = {
    "Settings": "Key/value settings read by xlkpi (column A key, column B value).",
    "Targets": "Targets per KPI id, in the KPI's unit (rates as fractions, NPS as a score).",
}


def write_book(
    path: str | os.PathLike, tables: dict[str, pd.DataFrame], *, overwrite: bool = False
) -> Path:
    """Write ``tables`` (sheet name -> frame) to ``path`` atomically; return the path."""
    out = check_output(path, kind="sample", overwrite=overwrite)
    wb = _build(tables)
    mark_workbook(wb, "sample")
    return save_atomically(wb, out)


def _build(tables: dict[str, pd.DataFrame]) -> Workbook:
    wb = Workbook(write_only=True)
    wb.properties.creator = "xlkpi"
    wb.properties.keywords = KEYWORD
    wb.properties.title = "xlkpi sample raw data"
    for name, frame in tables.items():
        _sheet(wb, name, frame)
    return wb


def _cell_value(v):
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, float | np.floating):
        return None if np.isnan(v) else float(v)
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, np.bool_ | bool):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


def _column_format(column: str, values: pd.Series) -> tuple[str | None, float]:
    """Number format and width of one column."""
    if pd.api.types.is_datetime64_any_dtype(values):
        fmt, width = _DATE, 12.0
    elif column.endswith("_id"):
        fmt, width = "0", 10.0
    elif column in _MONEY_COLUMNS:
        fmt, width = _MONEY, 12.0
    elif pd.api.types.is_integer_dtype(values) or column in ("impressions", "clicks"):
        fmt, width = _COUNT, 11.0
    else:
        sample = values.dropna().astype(str).head(200)
        fmt, width = None, float(min(40, max([len(s) for s in sample], default=8) + 2))
    return fmt, max(width, len(column) + 4.0)


def _sheet(wb: Workbook, name: str, frame: pd.DataFrame) -> None:
    ws = wb.create_sheet(name)
    formats = []
    for j, column in enumerate(frame.columns, start=1):
        fmt, width = _column_format(column, frame[column])
        ws.column_dimensions[get_column_letter(j)].width = width
        formats.append(fmt)
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"  # printing: all columns on one page width
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    header = []
    for column in frame.columns:
        cell = WriteOnlyCell(ws, value=str(column))
        cell.alignment = Alignment(horizontal="left")
        cell.font = Font(name="Calibri", bold=True)
        header.append(cell)
    if name in _NOTE:
        note = WriteOnlyCell(ws, value=_NOTE[name])
        note.font = Font(name="Calibri", italic=True, color="666666")
        header += [None, note]
    ws.append(header)
    left = [name == "Settings" and column == "value" for column in frame.columns]
    for record in frame.itertuples(index=False, name=None):
        ws.append(
            [
                _styled(ws, _cell_value(v), fmt, left=lft)
                for v, fmt, lft in zip(record, formats, left, strict=True)
            ]
        )
    last = f"{get_column_letter(frame.shape[1])}{len(frame) + 1}"
    table = Table(displayName=f"tbl{name}", ref=f"A1:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    table._initialise_columns()  # write-only mode does not name the table columns itself
    for column, header in zip(table.tableColumns, frame.columns, strict=True):
        column.name = str(header)
    with warnings.catch_warnings():  # "you must add table columns manually": done above
        warnings.simplefilter("ignore", UserWarning)
        ws.add_table(table)


def _styled(ws, value, fmt, *, left: bool = False):
    """The value, or a cell carrying its format; text starting with ``=`` stays text."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    if isinstance(value, dt.datetime):
        fmt = _DATE
    elif not left and (fmt is None or value is None or isinstance(value, str | bool)):
        return value
    cell = WriteOnlyCell(ws, value=value)
    if fmt:
        cell.number_format = fmt
    if left:
        cell.alignment = Alignment(horizontal="left")
    return cell
