"""The sheet grid that sheet modules fill (:class:`SheetSpec`) and its rendering.

A sheet module describes a report sheet cell by cell (values, styles, tables, charts,
print layout) and :func:`render` writes it in one streaming pass: openpyxl writes the
layout, the cells are generated as SpreadsheetML by :mod:`xlkpi.report.cells` (the one
door every cell goes through; its names are re-exported here) and spliced in.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from xlkpi.report import chart_cache, styles
from xlkpi.report.cells import (  # noqa: F401 - the cell rules, re-exported for sheet modules
    DASH,
    ERROR_CODES,
    NA,
    Formula,
    StyleIds,
    _s,
    cached_xml,
    cell_tail,
    cell_xml,
    excel_round,
    excel_serial,
    is_missing,
    make_cell,
    needs_text_guard,
    num_text,
    plain,
    undefined,
    xml_text,
)
from xlkpi.report.comments import add_comments


@dataclass
class Put:
    value: Any
    style: str | None = None
    fmt: str | None = None
    na: str = "blank"


@dataclass
class Column:
    """One column of a block of cells: its values top down, one style, formats, ``na``."""

    values: Sequence
    style: str | None = None
    fmt: str | Sequence[str | None] | None = None  # one format or one per value
    na: str = "blank"


@dataclass
class Block:
    """Columns of cells side by side from (top, left): a big table placed column-wise."""

    top: int
    left: int
    columns: list[Column]

    @property
    def bottom(self) -> int:
        return self.top + max((len(c.values) for c in self.columns), default=0) - 1


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
    title_rows: str | None = None  # the rows repeated atop every printed page ("5:5")
    title_cols: str | None = None  # the columns repeated left on every printed page ("A:A")
    fit_height: bool = False
    print_area: str | list[str] | None = None  # several ranges print on separate pages
    breaks: list[int] = field(default_factory=list)  # rows a printed page starts at
    headers: list[tuple[int, int]] = field(default_factory=list)  # (row, col) of header()s
    fit_width: bool = True  # False: print at 100 % over several pages (very wide tables)
    tab_color: str | None = None
    row_heights: dict[int, float] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)  # rows no put() cell shares
    # Live formula cells that must equal a KPI Data value: (cell, kpi, segment, period label)
    checks: list[tuple[str, str, str, str]] = field(default_factory=list)
    # <ext> elements of the worksheet's extLst (native sparklines: sheets.sparklines)
    extensions: list[str] = field(default_factory=list)
    # Why a "–" (na="dash") shows on this sheet, one reason per KPI: its footnote
    dashes: dict[str, str] = field(default_factory=dict)
    hidden: bool = False  # a data sheet: on screen after Unhide, never in the default print
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)  # helper blocks (first, last)
    grouped_cols: list[tuple[int, int]] = field(default_factory=list)  # collapsed, + opens them
    comments: dict[str, str | None] = field(default_factory=dict)  # cell -> note (None: none)

    def put(
        self,
        row: int,
        col: int,
        value: Any,
        style: str | None = "cell",
        fmt: str | None = None,
        *,
        na: str = "blank",
        why: tuple[str, str] | None = None,
    ) -> str:
        """Place one value; return its A1 address. ``na="dash"``: an undefined value shows
        "–", and ``why`` = (what, reason) is kept for the sheet's footnote."""
        self.cells[(row, col)] = Put(value, style, fmt, na)
        if na == "dash" and why and undefined(value):
            self.dashes.setdefault(why[0], why[1])
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
        whys=None,
    ) -> None:
        """Place ``values`` left to right from (row, col); ``fmts`` a list or one format;
        ``whys`` one (what, reason) per value (see :meth:`put`)."""
        for i, value in enumerate(values):
            fmt = fmts[i] if isinstance(fmts, list | tuple) else fmts
            self.put(row, col + i, value, style, fmt, na=na, why=whys[i] if whys else None)

    def block(self, top: int, left: int, columns: list[Column]) -> None:
        """Place whole columns from (top, left); no other cell may share their rows."""
        self.blocks.append(Block(top, left, columns))

    def header(self, row: int, col: int, names) -> None:
        """A header row; taller when a name will wrap."""
        names = list(names)
        self.row(row, col, names, "header")
        self.headers.append((row, col))
        longest = max((len(str(n)) for n in names), default=0)
        if longest > 12:
            self.row_heights[row] = max(self.row_heights.get(row, 0), 30 if longest <= 24 else 42)

    def check(self, cell: str, kpi: str, period: str, segment: str = "") -> None:
        """Record that the formula in ``cell`` must equal KPI Data (kpi, segment, period)."""
        self.checks.append((cell, kpi, segment, period))

    def width(self, col: int, width: float) -> None:
        self.widths[col] = width

    def section(self, row: int, text: str, col: int = 1, *, new_page: bool = True) -> None:
        """A section heading at (row, col); a printed page starts at it (``new_page``), so
        a heading never ends a page whose next page holds its table."""
        self.put(row, col, text, "section")
        if new_page:
            self.breaks.append(row)

    def chart(self, builder, anchor: str) -> None:
        """``builder(ws)`` returns an openpyxl chart; it is added at ``anchor``."""
        self.charts.append((builder, anchor))

    def chart_boxes(self) -> list[tuple[int, int, int, int]]:
        """(first col, first row, last col, last row) of the cells each chart covers."""
        return [chart_box(self, builder, anchor) for builder, anchor in self.charts]

    def points(self, first: int, last: int) -> float:
        """The height of rows first..last in points."""
        return sum(self.row_heights.get(r, DEFAULT_ROW) for r in range(first, last + 1))

    def below_charts(self, row: int, left: int = 1, right: int = 16_384) -> int:
        """The first row at or after ``row`` below every chart over columns left..right."""
        bottoms = [b[3] for b in self.chart_boxes() if b[0] <= right and b[2] >= left]
        return max([row] + [b + 1 for b in bottoms])

    @property
    def max_row(self) -> int:
        return max([r for r, _ in self.cells] + [b.bottom for b in self.blocks], default=0)

    @property
    def max_col(self) -> int:
        return max(
            [c for _, c in self.cells] + [b.left + len(b.columns) - 1 for b in self.blocks],
            default=0,
        )


def column_xml(letter: str, first_row: int, column: Column, ids: StyleIds) -> list[str]:
    """The ``<c>`` elements of ``column`` placed from ``letter{first_row}`` down."""
    fmts = column.fmt
    if fmts is None or isinstance(fmts, str):
        fmts = [fmts] * len(column.values)
    style, na = column.style, column.na
    memo: dict[tuple, str] = {}
    out = []
    for r, value, fmt in zip(
        range(first_row, first_row + len(column.values)), column.values, fmts, strict=True
    ):
        if type(value) is float and math.isfinite(value):  # the common case, unmemoised
            out.append(f'<c r="{letter}{r}"{_s(ids(style, fmt))}><v>{num_text(value)}</v></c>')
            continue
        if isinstance(value, Formula):  # same text, maybe another value: not memoised
            tail = cell_tail(value, ids, style, fmt, na)
            out.append(f'<c r="{letter}{r}"{tail}')
            continue
        try:
            key = (type(value), value, fmt)
            tail = memo.get(key)
            if tail is None:
                tail = memo[key] = cell_tail(value, ids, style, fmt, na)
        except TypeError:  # unhashable
            tail = cell_tail(value, ids, style, fmt, na)
        out.append(f'<c r="{letter}{r}"{tail}' if tail else "")
    return out


def print_ranges(spec: SheetSpec) -> list[tuple[int, int, int, int]]:
    """(min col, min row, max col, max row) of each printed range; [] for the whole sheet."""
    from openpyxl.utils.cell import range_boundaries

    areas = spec.print_area or []
    areas = areas.split(",") if isinstance(areas, str) else areas
    return [range_boundaries(a.rsplit("!", 1)[-1].replace("$", "")) for a in areas]


def table_rows(spec: SheetSpec, row: int, col: int) -> int:
    """Rows of the table whose header is at (row, col): filled cells below it in ``col``."""
    for block in spec.blocks:
        if block.top == row + 1 and block.left <= col < block.left + len(block.columns):
            return block.bottom - row
    n = 0
    while (row + n + 1, col) in spec.cells:
        n += 1
    return n


def main_header(spec: SheetSpec) -> int | None:
    """The header row of the longest printed table of the sheet's last section (the first
    of equals): its print titles. An earlier section's would top the later sections' pages."""
    ranges = print_ranges(spec)
    last = max((b for b in spec.breaks if b > 1), default=0)
    best = None
    for row, col in spec.headers:
        if ranges and not any(c1 <= col <= c2 and r1 <= row <= r2 for c1, r1, c2, r2 in ranges):
            continue
        if row < last:
            continue
        n = table_rows(spec, row, col)
        if best is None or n > best[0]:
            best = (n, row)
    return best[1] if best else None


POINTS_PER_CM = 72 / 2.54
# What a printed page surely holds: landscape A4 or Letter at 100 % (fit to width only
# shrinks) less the 0.6 in margins is 7.07 in = 509 pt on A4; two rows kept in hand.
PAGE_POINTS = 480.0
DEFAULT_ROW = 15.0  # points: Calibri 11, what the sheets' sheetFormatPr says
DEFAULT_WIDTH = 8.43  # characters


def column_points(width: float) -> float:
    """A column width in characters as points (7 pixels a character and 5 of padding)."""
    return (width * 7 + 5) * 0.75


def chart_box(spec: SheetSpec, builder, anchor: str) -> tuple[int, int, int, int]:
    """The cells a chart of ``builder`` (``width`` / ``height`` in cm, openpyxl's 15 x 7.5
    by default) anchored at ``anchor`` covers, from the sheet's widths and row heights."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, top = coordinate_from_string(anchor)
    left = column_index_from_string(letters)
    extent = []
    for size, first, points in (
        (
            getattr(builder, "width", 15.0),
            left,
            lambda c: column_points(spec.widths.get(c, DEFAULT_WIDTH)),
        ),
        (getattr(builder, "height", 7.5), top, lambda r: spec.row_heights.get(r, DEFAULT_ROW)),
    ):
        remaining, last = size * POINTS_PER_CM, first
        while True:
            remaining -= points(last)
            if remaining <= 0:
                break
            last += 1
        extent.append(last)
    return left, top, extent[0], extent[1]


@dataclass
class SheetRows:
    """The ``<row>`` elements of one sheet, spliced into it after openpyxl saved the book."""

    title: str
    rows: list[str]
    dimension: str | None = None
    extensions: str = ""  # <ext> elements for the sheet's extLst

    def chunks(self):
        step = 2_000
        for start in range(0, len(self.rows), step):
            yield "".join(self.rows[start : start + step])


def rows_xml(spec: SheetSpec, ids: StyleIds) -> list[str]:
    """The ``<row>`` elements of ``spec``'s cells, blocks and row heights, top down."""
    letters = {}

    def letter(col: int) -> str:
        return letters.get(col) or letters.setdefault(col, get_column_letter(col))

    by_row: dict[int, list[tuple[int, str]]] = {}
    for (r, c), put in spec.cells.items():
        tail = cell_tail(put.value, ids, put.style, put.fmt, put.na)
        if tail:
            by_row.setdefault(r, []).append((c, f'<c r="{letter(c)}{r}"{tail}'))
    for block in spec.blocks:
        cols = [
            column_xml(letter(block.left + j), block.top, column, ids)
            for j, column in enumerate(block.columns)
        ]
        for r, cells in enumerate(zip(*cols, strict=True), start=block.top):
            if r in by_row:
                raise ValueError(f"{spec.title}: row {r} has cells and a block")
            by_row[r] = [(block.left, "".join(cells))]
    out = []
    for r in sorted(by_row.keys() | spec.row_heights.keys()):
        height = spec.row_heights.get(r)
        attrs = f' ht="{height:g}" customHeight="1"' if height else ""
        cells = sorted(by_row.get(r, ()))
        out.append(f'<row r="{r}"{attrs}>{"".join(x for _, x in cells)}</row>')
    return out


def render(wb, spec: SheetSpec) -> SheetRows:
    """Create the write-only sheet of ``spec`` in ``wb``; return its rows to splice in.

    openpyxl writes everything but the cells (layout, tables, charts, rules) when the
    workbook is saved; the cells are generated here (:func:`cell_tail`) and spliced into
    the saved sheet (:func:`xlkpi.report.sheets.raw_xml.splice`).
    """
    ws = wb.create_sheet(spec.title)
    # Sheet properties (fit to page, tab colour) and views are written with the first row.
    header = main_header(spec)
    title_rows = spec.title_rows or (f"{header}:{header}" if header else None)
    styles.page_setup(
        ws, title_rows=title_rows, fit_height=spec.fit_height, fit_width=spec.fit_width
    )
    for col, width in spec.widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for col in (c for first, last in spec.hidden_cols for c in range(first, last + 1)):
        ws.column_dimensions[get_column_letter(col)].hidden = True
    for a, b in spec.grouped_cols:
        ws.column_dimensions.group(get_column_letter(a), get_column_letter(b), hidden=True)
    ws.sheet_state = "hidden" if spec.hidden else ws.sheet_state
    if spec.freeze:
        ws.freeze_panes = spec.freeze
    if spec.tab_color:
        ws.sheet_properties.tabColor = spec.tab_color
    rows = rows_xml(spec, StyleIds.of(wb))
    if spec.print_area:
        ws.print_area = spec.print_area
    if spec.title_cols:
        ws.print_title_cols = spec.title_cols
    for row in sorted(set(spec.breaks)):
        if row > 1:  # a break after the row above: the next page starts at ``row``
            ws.row_breaks.append(Break(id=row - 1))
    for ref in spec.merges:
        ws.merged_cells.add(ref)
    for ref, rule in spec.rules:
        ws.conditional_formatting.add(ref, rule)
    for builder, anchor in spec.charts:  # with cached values, by the one outlier rule
        ws.add_chart(chart_cache.finished(builder(ws), spec), anchor)
    for table in spec.tables:
        with warnings.catch_warnings():  # the columns are set: see sheets._common.make_table
            warnings.filterwarnings("ignore", message="In write-only mode")
            ws.add_table(table)
    add_comments(ws, spec.comments)
    last = f"{get_column_letter(max(spec.max_col, 1))}{max(spec.max_row, 1)}"
    return SheetRows(spec.title, rows, f"A1:{last}", "".join(spec.extensions))
