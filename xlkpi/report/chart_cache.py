"""Cached values in every chart: what a viewer that does not recalculate draws.

A chart part names its data by reference (``'Trends'!$B$5:$B$28``) and may carry a copy of
the values (``numCache`` / ``strCache``). Excel and LibreOffice redraw from the cells; mail
previews, Quick Look, mobile viewers and any reader that does not recalculate draw only the
copy, so a chart without one is drawn empty while the cells around it show numbers.

:func:`fill` gives each reference of an openpyxl chart (series names, categories, values)
the values of the cells it refers to, read from the :class:`SheetSpec` the chart sits on
(a formula's value is the cached result Python computed, :class:`Formula`). An undefined
value (blank, ``#N/A``, NaN) is a missing point, as the application draws it (a gap).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from typing import TYPE_CHECKING

from openpyxl.chart.data_source import NumData, NumRef, NumVal, StrData, StrRef, StrVal
from openpyxl.utils.cell import range_boundaries

from xlkpi.report.cells import NA, Formula, excel_serial, is_missing, num_text

if TYPE_CHECKING:
    from xlkpi.report.workbook import SheetSpec

GENERAL = "General"


def _cells(ref: str, title: str) -> list[tuple[int, int]]:
    sheet, _, cells = ref.rpartition("!")
    if sheet and sheet.strip("'").replace("''", "'") != title:
        raise ValueError(f"a chart on {title!r} refers to another sheet: {ref}")
    left, top, right, bottom = range_boundaries(cells.replace("$", ""))
    return [(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)]


def number_format(spec: SheetSpec, ref: str) -> str:
    """The number format of the first formatted cell of ``ref`` (General if none)."""
    for key in _cells(ref, spec.title):
        put = spec.cells.get(key)
        if put is not None and put.fmt:
            return put.fmt
    return GENERAL


def cell_values(spec: SheetSpec, ref: str) -> list:
    """The values of the cells of ``ref`` (``'Sheet'!$A$1:$A$9``, one row or column) on
    ``spec``, top down / left to right; a formula's value is its computed result."""
    blocks = {}
    for block in spec.blocks:
        for j, column in enumerate(block.columns):
            blocks[block.left + j] = (block.top, column.values)

    def value(r: int, c: int):
        put = spec.cells.get((r, c))
        if put is not None:
            v = put.value
            return v.value if isinstance(v, Formula) else v
        if c in blocks:
            first, values = blocks[c]
            if 0 <= r - first < len(values):
                v = values[r - first]
                return v.value if isinstance(v, Formula) else v
        return None

    return [value(r, c) for r, c in _cells(ref, spec.title)]


def number(value) -> float | None:
    """A cell value as a chart's number: None for a missing point (blank, text, #N/A, NaN).

    >>> number(2), number(float("nan")), number("x"), number(dt.date(2026, 3, 1))
    (2.0, None, None, 46082.0)
    """
    if value is NA or value is None or isinstance(value, str | bool) or is_missing(value):
        return None
    if isinstance(value, dt.date | dt.time):
        return float(excel_serial(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        return v if math.isfinite(v) else None
    return None


def text(value) -> str | None:
    """A cell value as a chart's label text: None for a blank or undefined cell.

    >>> text("2026-10"), text(3.0), text(None), text(dt.date(2026, 3, 1))
    ('2026-10', '3', None, '2026-03-01')
    """
    if value is NA or value is None or is_missing(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, numbers.Real):
        v = float(value)
        return num_text(v) if math.isfinite(v) else None
    return str(value)


def num_data(values: list, fmt: str | None = None) -> NumData:
    """A ``numCache`` of ``values``: every point counted, only the defined ones listed."""
    points = [NumVal(idx=i, v=v) for i, v in enumerate(map(number, values)) if v is not None]
    return NumData(formatCode=fmt or GENERAL, ptCount=len(values), pt=points)


def str_data(values: list) -> StrData:
    """A ``strCache`` of ``values``."""
    points = [StrVal(idx=i, v=t) for i, t in enumerate(map(text, values)) if t is not None]
    return StrData(ptCount=len(values), pt=points)


def fill(chart, spec: SheetSpec) -> None:
    """Cache the values of every reference of ``chart`` (on ``spec``'s sheet).

    Series values are numbers (in their cells' number format); categories are text unless
    every defined one is a number (then a ``numCache``, as Excel writes dates); a series
    name is text.
    """
    for series in chart.series:
        tx = series.tx
        if tx is not None and tx.strRef is not None:
            tx.strRef.strCache = str_data(cell_values(spec, tx.strRef.f))
        if series.val is not None and series.val.numRef is not None:
            ref = series.val.numRef
            ref.numCache = num_data(cell_values(spec, ref.f), number_format(spec, ref.f))
        cat = series.cat
        if cat is None:
            continue
        ref = cat.numRef or cat.strRef
        values = cell_values(spec, ref.f)
        defined = [v for v in values if text(v) is not None]
        if defined and all(number(v) is not None for v in defined):
            cat.strRef = None
            cat.numRef = NumRef(f=ref.f, numCache=num_data(values, number_format(spec, ref.f)))
        else:
            cat.numRef = None
            cat.strRef = StrRef(f=ref.f, strCache=str_data(values))


def finished(chart, spec: SheetSpec):
    """``chart`` with its cached values (:func:`fill`), the report's outlier rule applied
    on them (:func:`xlkpi.report.chart_outliers.apply`) and a size on every text
    (:func:`xlkpi.report.chart_text.size`)."""
    from xlkpi.report import chart_outliers, chart_text

    fill(chart, spec)
    chart_outliers.apply(chart)
    chart_text.size(chart, getattr(chart, "xlkpi_text_pt", chart_text.TEXT_PT))
    return chart
