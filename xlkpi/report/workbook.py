"""The one door every report cell goes through, and the sheet grid that sheet modules fill.

Safety rules live here and only here:

- text is never a formula: a ``str`` starting with ``=`` (or looking like an Excel error)
  is stored as text with a quote prefix; only :class:`Formula` values become formulas;
- an undefined number (NaN, None, NaT, pd.NA) becomes a blank cell, or the intended
  ``#N/A`` error where a KPI value is expected (``na="error"``) - never the text "nan";
- NumPy / pandas scalars become plain Python values Excel understands.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter

from xlkpi.report import styles


class Formula(str):
    """A string that is meant to be an Excel formula (``"=SUM(A1:A3)"``)."""


NA = object()  # the intended #N/A error value


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA.

    >>> is_missing(float("nan")), is_missing(pd.NaT), is_missing(0), is_missing("")
    (True, True, False, False)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return False


def plain(value: Any, *, na: str = "blank") -> Any:
    """``value`` as a plain Python value for openpyxl (see the module rules).

    >>> plain(np.float64(2.5)), plain(np.int64(3)), plain(float("nan")), plain(None, na="error")
    (2.5, 3, None, '#N/A')
    >>> plain(pd.Timestamp("2026-03-01")), plain(pd.Timestamp("2026-03-01 14:05"))
    (datetime.date(2026, 3, 1), datetime.datetime(2026, 3, 1, 14, 5))
    """
    if value is NA or is_missing(value):
        return "#N/A" if (na == "error" or value is NA) else None
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        value = float(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else ("#N/A" if na == "error" else None)
    if isinstance(value, pd.Timestamp | np.datetime64 | dt.datetime):
        ts = pd.Timestamp(value)
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
        return ts.date() if ts == ts.normalize() else ts.to_pydatetime()
    if isinstance(value, pd.Timedelta):
        return value.total_seconds() / 86400.0
    return value


def needs_text_guard(value: Any) -> bool:
    """True for data text that openpyxl would otherwise turn into a formula or an error."""
    return (
        isinstance(value, str)
        and not isinstance(value, Formula)
        and (value.startswith("=") or value in ERROR_CODES)
    )


def make_cell(
    ws, value: Any, *, style: str | None = None, fmt: str | None = None, na: str = "blank"
) -> WriteOnlyCell:
    """A styled cell for ``ws`` holding ``value`` under the module's safety rules."""
    cell = WriteOnlyCell(ws)
    if isinstance(value, Formula):
        cell.value = str(value)  # openpyxl stores "=..." as a formula
    else:
        v = plain(value, na=na)
        if v == "#N/A" and not isinstance(value, str):  # plain() made it: an intended #N/A
            cell.value = v  # openpyxl stores an error code as an error cell
        elif needs_text_guard(v):
            cell.value = v
            cell.data_type = "s"
            cell.quotePrefix = True
        else:
            cell.value = v
            if isinstance(v, dt.datetime) and not fmt:
                fmt = styles.DATETIME_FORMAT
            elif isinstance(v, dt.date) and not fmt:
                fmt = styles.DATE_FORMAT
    styles.apply(cell, style, fmt)
    return cell


# ----------------------------------------------------------------------- sheet grid


@dataclass
class Put:
    value: Any
    style: str | None = None
    fmt: str | None = None
    na: str = "blank"


@dataclass
class SheetSpec:
    """A report sheet described cell by cell, then rendered in one streaming pass."""

    title: str
    cells: dict[tuple[int, int], Put] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)
    charts: list[tuple[Any, str]] = field(default_factory=list)  # (builder(ws), anchor)
    rules: list[tuple[str, Any]] = field(default_factory=list)  # (range, openpyxl rule)
    tables: list[Any] = field(default_factory=list)  # openpyxl Table objects
    freeze: str | None = None
    title_rows: str | None = None
    fit_height: bool = False
    print_area: str | None = None
    fit_width: bool = True  # False: print at 100 % over several pages (very wide tables)
    tab_color: str | None = None
    row_heights: dict[int, float] = field(default_factory=dict)
    # Live formula cells that must equal a KPI Data value: (cell, kpi, segment, period label)
    checks: list[tuple[str, str, str, str]] = field(default_factory=list)

    def put(
        self,
        row: int,
        col: int,
        value: Any,
        style: str | None = "cell",
        fmt: str | None = None,
        *,
        na: str = "blank",
    ) -> str:
        """Place one value; return its A1 address."""
        self.cells[(row, col)] = Put(value, style, fmt, na)
        return f"{get_column_letter(col)}{row}"

    def row(
        self,
        row: int,
        col: int,
        values,
        style: str | None = "cell",
        fmts=None,
        *,
        na: str = "blank",
    ) -> None:
        """Place ``values`` left to right from (row, col); ``fmts`` a list or one format."""
        for i, value in enumerate(values):
            fmt = fmts[i] if isinstance(fmts, list | tuple) else fmts
            self.put(row, col + i, value, style, fmt, na=na)

    def header(self, row: int, col: int, names) -> None:
        """A header row; taller when a name will wrap."""
        names = list(names)
        self.row(row, col, names, "header")
        longest = max((len(str(n)) for n in names), default=0)
        if longest > 12:
            self.row_heights[row] = max(self.row_heights.get(row, 0), 30 if longest <= 24 else 42)

    def check(self, cell: str, kpi: str, period: str, segment: str = "") -> None:
        """Record that the formula in ``cell`` must equal KPI Data (kpi, segment, period)."""
        self.checks.append((cell, kpi, segment, period))

    def width(self, col: int, width: float) -> None:
        self.widths[col] = width

    def chart(self, builder, anchor: str) -> None:
        """``builder(ws)`` returns an openpyxl chart; it is added at ``anchor``."""
        self.charts.append((builder, anchor))

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)


def render(wb, spec: SheetSpec):
    """Create the write-only sheet of ``spec`` in ``wb`` and stream its rows."""
    ws = wb.create_sheet(spec.title)
    # Sheet properties (fit to page, tab colour) and views are written with the first row.
    styles.page_setup(
        ws, title_rows=spec.title_rows, fit_height=spec.fit_height, fit_width=spec.fit_width
    )
    for col, width in spec.widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    if spec.freeze:
        ws.freeze_panes = spec.freeze
    if spec.tab_color:
        ws.sheet_properties.tabColor = spec.tab_color
    for r, height in spec.row_heights.items():
        ws.row_dimensions[r].height = height
    by_row: dict[int, dict[int, Put]] = {}
    for (r, c), put in spec.cells.items():
        by_row.setdefault(r, {})[c] = put
    for r in range(1, spec.max_row + 1):
        line = by_row.get(r)
        if not line:
            ws.append([])
            continue
        out = [None] * max(line)
        for c, put in line.items():
            out[c - 1] = make_cell(ws, put.value, style=put.style, fmt=put.fmt, na=put.na)
        ws.append(out)
    if spec.print_area:
        ws.print_area = spec.print_area
    for ref in spec.merges:
        ws.merged_cells.add(ref)
    for ref, rule in spec.rules:
        ws.conditional_formatting.add(ref, rule)
    for builder, anchor in spec.charts:
        ws.add_chart(builder(ws), anchor)
    for table in spec.tables:
        with warnings.catch_warnings():  # the columns are set: see sheets._common.make_table
            warnings.filterwarnings("ignore", message="In write-only mode")
            ws.add_table(table)
    return ws
