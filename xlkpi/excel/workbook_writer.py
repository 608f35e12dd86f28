"""Render a report :class:`~xlkpi.report.workbook.SheetSpec` into an OPEN workbook.

The file writer (:func:`xlkpi.report.workbook.render`) and this writer read the same sheet
descriptions; nothing here knows a sheet's layout. It speaks xlwings' Book API only, so it
works wherever xlwings has a book: xlwings Lite and xlwings Server (the remote interpreter
that turns every call into an Office.js action) and classic xlwings.

- values go in as ONE 2-D block per sheet; dates as Excel serials with a date format;
- a :class:`Formula` is written as a formula (``range.formula``), in row runs;
- data text that Excel would parse (``=…``, ``+…``, ``-…``, ``@…``, ``#N/A``…) gets the
  quote prefix, so it stays text; the intended ``#N/A`` becomes ``=NA()``;
- number formats, fonts and fills (from :mod:`xlkpi.report.styles`) go per column run;
- column widths, merges, freeze panes, tables, conditional formats (formula rules and
  colour scales) and charts (line / column / bar, from the openpyxl chart the spec's
  builder makes) follow.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter, range_boundaries

from xlkpi.excel.book import as_text_safe
from xlkpi.report import styles
from xlkpi.report.workbook import NA, Formula, SheetSpec, excel_serial, plain

__all__ = ["cell_value", "render_sheet", "sheet_grid"]

MAX_TEXT = 32_767  # what an Excel cell holds at most
_POINTS_PER_ROW = 15.0
_CM = 28.3465  # points per centimetre (openpyxl chart sizes are in cm)


def cell_value(value: Any, na: str = "blank") -> tuple[Any, str | None]:
    """``(what to write, the date format it needs)`` for one report value.

    >>> cell_value("=1+1"), cell_value("#N/A"), cell_value(float("nan"), "error")
    (("'=1+1", None), ("'#N/A", None), ('=NA()', None))
    >>> cell_value(dt.date(2026, 3, 1))
    (46082, 'yyyy-mm-dd')
    """
    if isinstance(value, Formula):
        return str(value), None
    v = plain(value, na=na)
    if isinstance(v, str):
        if v == "#N/A" and (value is NA or not isinstance(value, str)):
            return "=NA()", None  # the intended error, not text
        v = v[:MAX_TEXT]
        return ("'" + v if v in ERROR_CODES else as_text_safe(v)), None
    if isinstance(v, dt.datetime):
        return excel_serial(v), styles.DATETIME_FORMAT
    if isinstance(v, dt.date):
        return excel_serial(v), styles.DATE_FORMAT
    if isinstance(v, dt.time):
        return excel_serial(v), "h:mm:ss"
    if isinstance(v, float) and not math.isfinite(v):
        return None, None
    return v, None


def sheet_grid(spec: SheetSpec):
    """The sheet as ``(values, formulas, formats, styles)``: a dense 2-D list from A1 and
    ``{(row, col): …}`` maps (1-based) of formula text, number format and style name."""
    rows, cols = max(spec.max_row, 1), max(spec.max_col, 1)
    values: list[list[Any]] = [[None] * cols for _ in range(rows)]
    formulas: dict[tuple[int, int], str] = {}
    formats: dict[tuple[int, int], str] = {}
    looks: dict[tuple[int, int], str] = {}

    def place(r: int, c: int, value: Any, style, fmt, na: str) -> None:
        v, date_fmt = cell_value(value, na)
        if isinstance(value, Formula) or v == "=NA()":
            formulas[(r, c)] = v
        else:
            values[r - 1][c - 1] = v
        if fmt or date_fmt:
            formats[(r, c)] = fmt or date_fmt
        if style:
            looks[(r, c)] = style

    for (r, c), put in spec.cells.items():
        place(r, c, put.value, put.style, put.fmt, put.na)
    for block in spec.blocks:
        for j, column in enumerate(block.columns):
            fmts = column.fmt
            if fmts is None or isinstance(fmts, str):
                fmts = [fmts] * len(column.values)
            for i, (value, fmt) in enumerate(zip(column.values, fmts, strict=True)):
                place(block.top + i, block.left + j, value, column.style, fmt, column.na)
    return values, formulas, formats, looks


def _column_runs(cells: dict[tuple[int, int], Any]) -> Iterable[tuple[int, int, int, Any]]:
    """``(column, first row, last row, value)`` for each vertical run of equal values."""
    by_col: dict[int, list[tuple[int, Any]]] = {}
    for (r, c), v in cells.items():
        by_col.setdefault(c, []).append((r, v))
    for c, items in sorted(by_col.items()):
        items.sort()
        start, prev, value = items[0][0], items[0][0], items[0][1]
        for r, v in items[1:]:
            if r == prev + 1 and v == value:
                prev = r
                continue
            yield c, start, prev, value
            start = prev = r
            value = v
        yield c, start, prev, value


def _rectangles(cells: dict[tuple[int, int], Any]) -> Iterable[tuple[int, int, int, int, Any]]:
    """``(first row, first col, last row, last col, value)``: column runs of equal values,
    joined with the runs of the next columns that span the same rows."""
    pending: dict[tuple[int, int, Any], list[int]] = {}  # (first, last, value) -> [c1, c2]
    out = []
    for col, first, last, value in _column_runs(cells):
        key = (first, last, value)
        span = pending.get(key)
        if span is not None and span[1] == col - 1:
            span[1] = col
        else:
            if span is not None:
                out.append((first, span[0], last, span[1], value))
            pending[key] = [col, col]
    out += [(f, c1, last, c2, v) for (f, last, v), (c1, c2) in pending.items()]
    return out


def _row_runs(cells: dict[tuple[int, int], str]) -> Iterable[tuple[int, int, list[str]]]:
    """``(row, first column, [formulas])`` for each horizontal run of adjacent formulas."""
    run: list[str] = []
    start = row = prev = None
    for r, c in sorted(cells):
        if run and r == row and c == prev + 1:
            run.append(cells[(r, c)])
        else:
            if run:
                yield row, start, run
            row, start, run = r, c, [cells[(r, c)]]
        prev = c
    if run:
        yield row, start, run


_BODY = {"cell", "label", "text", "trend"}


def _look(style: str) -> dict[str, Any]:
    """What of a named style the Book API can set: bold, italic, size, font colour, fill."""
    if style in _BODY:
        return {}  # body text: the sheet's default look
    spec = styles.STYLES.get(style, {})
    font, fill, out = spec.get("font"), spec.get("fill"), {}
    if font is not None:
        out.update(bold=True if font.b else None, italic=True if font.i else None)
        out["size"] = font.sz if font.sz and font.sz != 10 else None
        if font.color is not None and font.color.rgb and font.color.rgb[-6:] != styles.INK:
            out["color"] = "#" + str(font.color.rgb)[-6:]
    if fill is not None and fill.fgColor is not None and fill.fgColor.rgb:
        out["fill"] = "#" + str(fill.fgColor.rgb)[-6:]
    return out


def _apply_look(rng, look: dict[str, Any]) -> None:
    for attr in ("bold", "italic", "size", "color"):
        if look.get(attr) is not None:
            setattr(rng.font, attr, look[attr])
    if look.get("fill"):
        rng.color = look["fill"]


def _frozen_range(freeze: str) -> str | None:
    """openpyxl's freeze cell (first unfrozen) as the frozen range Office.js expects.

    >>> _frozen_range("B7"), _frozen_range("A2"), _frozen_range("C1")
    ('A1:A6', '1:1', 'A:B')
    """
    col, row = range_boundaries(freeze)[:2]
    rows, cols = row - 1, col - 1
    if rows and cols:
        return f"A1:{get_column_letter(cols)}{rows}"
    if rows:
        return f"1:{rows}"
    return f"A:{get_column_letter(cols)}" if cols else None


def _hex(color) -> str | None:
    rgb = getattr(color, "rgb", None) if color is not None else None
    return "#" + str(rgb)[-6:] if isinstance(rgb, str) else None


def _add_rule(rng, rule) -> bool:
    """One openpyxl conditional-format rule through the Book API; False if unsupported."""
    cf = rng.conditional_formats
    if rule.type == "expression" and rule.formula:
        dxf = rule.dxf
        font = dxf.font if dxf is not None else None
        fill = dxf.fill if dxf is not None else None
        cf.add_custom(
            "=" + rule.formula[0],
            fill_color=_hex(fill.fgColor) if fill is not None else None,
            font_color=_hex(font.color) if font is not None else None,
            font_bold=bool(font.b) if font is not None and font.b else None,
        )
        return True
    if rule.type == "colorScale" and rule.colorScale is not None:
        scale = rule.colorScale
        kinds = {c.type for c in scale.cfvo}
        if kinds == {"num"}:
            cf.add_color_scale(
                [_hex(c) for c in scale.color],
                thresholds=[float(c.val) for c in scale.cfvo],
                threshold_type="number",
            )
            return True
    return False


_REF = re.compile(r"\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$")


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(first col, first row, last col, last row) of an openpyxl chart reference."""
    m = _REF.search(ref.split("!")[-1])
    if not m:
        return None
    c1, r1 = range_boundaries(f"{m.group(1)}1")[0], int(m.group(2))
    c2 = range_boundaries(f"{m.group(3) or m.group(1)}1")[0]
    return c1, r1, c2, int(m.group(4) or r1)


def _chart_source(chart) -> tuple[str, str | None, str] | None:
    """(series range with its header row, category range, xlwings chart type) of an
    openpyxl chart; None when its series are not side by side (one source range)."""
    series = [_bounds(s.val.numRef.f) for s in chart.series]
    if not series or None in series:
        return None
    cols = sorted(c for b in series for c in range(b[0], b[2] + 1))
    if cols != list(range(cols[0], cols[-1] + 1)):
        return None
    top = min(b[1] for b in series) - (1 if chart.series[0].tx is not None else 0)
    bottom = max(b[3] for b in series)
    source = f"{get_column_letter(cols[0])}{max(top, 1)}:{get_column_letter(cols[-1])}{bottom}"
    cats = None
    cat = chart.series[0].cat
    ref = (cat.numRef or cat.strRef) if cat is not None else None
    if ref is not None and (b := _bounds(ref.f)):
        cats = f"{get_column_letter(b[0])}{b[1]}:{get_column_letter(b[2])}{b[3]}"
    if chart.tagname == "lineChart":
        kind = "line_markers"
    else:
        kind = "bar_clustered" if getattr(chart, "type", "col") == "bar" else "column_clustered"
    return source, cats, kind


def _points_left(spec: SheetSpec, col: int) -> float:
    return sum(_width_points(spec.widths.get(c, 8.43)) for c in range(1, col))


def _width_points(chars: float) -> float:
    """A width in characters (what openpyxl stores) in points (what Office.js takes).

    >>> _width_points(8.43)  # Excel's default column: 64 pixels
    48.01
    """
    return round((chars * 7 + 5) * 0.75, 2)


def _add_chart(sheet, spec: SheetSpec, builder, anchor: str, scratch) -> bool:
    chart = builder(scratch)
    source = _chart_source(chart)
    if source is None:
        return False
    col, row = range_boundaries(anchor)[:2]
    width = float(getattr(chart, "width", 15) or 15) * _CM
    height = float(getattr(chart, "height", 7.5) or 7.5) * _CM
    series, cats, kind = source
    xl_chart = sheet.charts.add(
        _points_left(spec, col), (row - 1) * _POINTS_PER_ROW, width, height, chart_type=kind
    )
    xl_chart.set_source_data(sheet[series])
    if cats:
        xl_chart.set_x_axis_values(sheet[cats])
    return True


def render_sheet(book, spec: SheetSpec, name: str | None = None):
    """Add sheet ``name`` (default: the spec's title) at the end of ``book``; render ``spec``.

    Returns ``(sheet, skipped)``: ``skipped`` lists what the Book API could not take
    (e.g. a chart over non-adjacent columns), so callers can say so.
    """
    from openpyxl import Workbook

    sheets = book.sheets
    sheet = sheets.add(name or spec.title, after=sheets[len(sheets) - 1])
    values, formulas, formats, looks = sheet_grid(spec)
    skipped: list[str] = []
    sheet.range((1, 1), (len(values), len(values[0]))).value = values
    for row, col, run in _row_runs(formulas):
        sheet.range((row, col), (row, col + len(run) - 1)).formula = [run]
    for first, c1, last, c2, fmt in _rectangles(formats):
        sheet.range((first, c1), (last, c2)).number_format = fmt
    for first, c1, last, c2, style in _rectangles(looks):
        look = _look(style)
        if look:
            _apply_look(sheet.range((first, c1), (last, c2)), look)
    for col, width in sorted(spec.widths.items()):
        sheet.range((1, col)).column_width = _width_points(width)
    for ref in spec.merges:
        sheet[ref].merge()
    for table in spec.tables:
        sheet.tables.add(
            source=sheet[table.ref],
            name=table.displayName,
            table_style_name=table.tableStyleInfo.name if table.tableStyleInfo else None,
        )
    for ref, rule in spec.rules:
        for part in ref.split():
            if not _add_rule(sheet[part], rule):
                skipped.append(f"conditional format {rule.type} on {part}")
    if spec.charts:
        scratch = Workbook().active
        scratch.title = spec.title
        for builder, anchor in spec.charts:
            if not _add_chart(sheet, spec, builder, anchor, scratch):
                skipped.append(f"chart at {anchor}")
    if spec.freeze and _frozen_range(spec.freeze):
        sheet.freeze_panes.freeze_at(_frozen_range(spec.freeze))
    return sheet, skipped
