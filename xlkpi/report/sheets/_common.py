"""Building blocks shared by the sheet modules: titles, tables, charts, text trends."""

from __future__ import annotations

import math
import re
import warnings

import pandas as pd
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RichTextProperties,
)
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from xlkpi.report.workbook import NA, SheetSpec, is_missing

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values, width: int = 12) -> str:
    """A text trend of the last ``width`` values (blank where undefined).

    >>> sparkline([1, 2, 3, float("nan"), 5])
    '▁▃▅ █'
    """
    values = list(values)[-width:]
    finite = [v for v in values if isinstance(v, int | float) and math.isfinite(v)]
    if not finite:
        return ""
    low, high = min(finite), max(finite)
    out = []
    for v in values:
        if not (isinstance(v, int | float) and math.isfinite(v)):
            out.append(" ")
        elif high == low:
            out.append(BARS[3])
        else:
            out.append(BARS[round((v - low) / (high - low) * (len(BARS) - 1))])
    return "".join(out)


def heading(spec: SheetSpec, title: str, subtitle: str = "") -> int:
    """Title in A1 and a subtitle in A2; return the first free row (4)."""
    spec.put(1, 1, title, "title")
    spec.row_heights[1] = 24
    if subtitle:
        spec.put(2, 1, subtitle, "subtitle")
    return 4


def excel_table(
    spec: SheetSpec,
    name: str,
    top: int,
    left: int,
    ncols: int,
    nrows: int,
    style: str = "TableStyleLight9",
) -> None:
    """An Excel table over the header row at ``top`` (already placed) and ``nrows`` data rows."""
    names = [str(spec.cells[(top, c)].value) for c in range(left, left + ncols)]
    spec.tables.append(make_table(name, top, left, names, nrows, style))


def make_table(
    name: str, top: int, left: int, names: list[str], nrows: int, style: str = "TableStyleLight9"
) -> Table:
    """An openpyxl Table with its column names set (write-only sheets cannot be read back)."""
    last = top + max(nrows, 1)
    ref = f"{get_column_letter(left)}{top}:{get_column_letter(left + len(names) - 1)}{last}"
    table = Table(displayName=table_name(name), ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=style, showRowStripes=True)
    table._initialise_columns()
    for column, text in zip(table.tableColumns, names, strict=True):
        column.name = text
    return table


def add_table(ws, table: Table) -> None:
    """``ws.add_table`` without openpyxl's write-only warning (our columns are set)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="In write-only mode")
        ws.add_table(table)


def table_name(name: str) -> str:
    """A valid Excel table name.

    >>> table_name("NPS data"), table_name("2026 orders")
    ('tblNPSdata', 'tbl2026orders')
    """
    return "tbl" + re.sub(r"[^A-Za-z0-9_]", "", name)


def _axes(chart, x_title: str, y_title: str, fmt: str | None) -> None:
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if fmt:  # whole currency units on an axis: "$350,000", not "$350,000.00"
        chart.y_axis.number_format = fmt.replace("#,##0.00", "#,##0")


def _fills(c, colors, stacked) -> None:
    if colors and c.series:
        for i, color in enumerate(colors):
            point = DataPoint(idx=i)
            point.graphicalProperties.solidFill = color
            point.graphicalProperties.line.solidFill = color
            c.series[0].dPt.append(point)
    for s, color in zip(c.series, stacked or [], strict=False):
        if color is None:  # the invisible base a waterfall's steps stand on
            s.graphicalProperties.noFill = True
            s.graphicalProperties.line.noFill = True
        else:
            s.graphicalProperties.solidFill = color
            s.graphicalProperties.line.solidFill = color


def _labels(c, n: int) -> None:
    """Readable category labels: every k-th of many, turned 45°."""
    if n <= 14:
        return
    c.x_axis.tickLblSkip = math.ceil(n / 13)
    c.x_axis.txPr = RichText(
        bodyPr=RichTextProperties(rot=-2700000, vert="horz"),
        p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=800)))],
    )


def chart(
    kind: str,
    title: str,
    *,
    cats: tuple[int, int, int],
    series: list[tuple[int, int, int]],
    x_title: str = "",
    y_title: str = "",
    fmt: str | None = None,
    width: float = 16,
    height: float = 7.5,
    legend: bool = False,
    horizontal: bool = False,
    colors: list[str] | None = None,
    stacked: list[str | None] | None = None,
    y_min: float | None = None,
):
    """A builder ``ws -> chart``.

    ``cats`` = (column, first row, last row) of category labels; each series is
    (column, header row, last row), the header giving the series name. ``colors``: one
    fill per point of the first series (NPS groups); ``stacked``: stacked columns with one
    fill per series, None for an invisible one (the base of a waterfall). Blank cells are
    gaps; with many categories (weekly grain) every k-th label is shown, turned 45°.
    """

    def build(ws):
        c = LineChart() if kind == "line" else BarChart()
        c.display_blanks = "gap"
        if kind != "line":
            c.type = "bar" if horizontal else "col"
            c.gapWidth = 60
            if stacked is not None:
                c.grouping, c.overlap, c.gapWidth = "stacked", 100, 40
            if horizontal:  # first category at the top, as it reads in the table
                c.x_axis.scaling.orientation = "maxMin"
        c.title = title
        c.style = 10
        c.width, c.height = width, height
        for col, head, last in series:
            c.add_data(
                Reference(ws, min_col=col, min_row=head, max_row=last), titles_from_data=True
            )
        c.set_categories(Reference(ws, min_col=cats[0], min_row=cats[1], max_row=cats[2]))
        _fills(c, colors, stacked)
        if y_min is not None:
            c.y_axis.scaling.min = y_min
        _labels(c, cats[2] - cats[1] + 1)
        if kind == "line":
            for s in c.series:
                s.smooth = False
                s.marker.symbol = "circle"
                s.marker.size = 5
        _axes(c, x_title, y_title, fmt)
        if not legend:
            c.legend = None
        else:
            c.legend.position = "b"
        return c

    build.width, build.height = width, height  # what SheetSpec.chart_boxes measures
    return build


# Excel 365's "Show #N/A as an empty cell" (c16r3, Office 2017 chart extensions): with
# dispBlanksAs "gap" an #N/A point is a gap, not a line drawn through it. openpyxl does
# not write a chart's extLst, so :func:`na_as_blank` adds it to the saved chart XML.
NA_AS_BLANK = (
    '<extLst><ext uri="{56B9EC1D-385E-4148-901F-78D8002777C0}" '
    'xmlns:c16r3="http://schemas.microsoft.com/office/drawing/2017/03/chart">'
    '<c16r3:dataDisplayOptions16><c16r3:dispNaAsBlank val="1"/></c16r3:dataDisplayOptions16>'
    "</ext></extLst>"
)


def na_as_blank(xml: str) -> str:
    """A chart part's XML with :data:`NA_AS_BLANK` as its ``<chart>``'s last child.

    >>> na_as_blank('<chartSpace><chart><dispBlanksAs/></chart></chartSpace>')[-36:]
    '</ext></extLst></chart></chartSpace>'
    """
    if "dispNaAsBlank" in xml or "</chart>" not in xml:
        return xml
    return xml.replace("</chart>", NA_AS_BLANK + "</chart>", 1)


def gap_column(spec, col: int, head: int, last: int, to: int) -> None:
    """Copy the chart data in column ``col`` (header row ``head`` .. ``last``) to column
    ``to``, with undefined values (NaN, #N/A) as empty cells: LibreOffice plots an #N/A
    cell as 0, every application leaves a gap for an empty one (``dispBlanksAs`` gap)."""
    for r in range(head, last + 1):
        put = spec.cells.get((r, col))
        if put is None or (r > head and not _plottable(put.value)):
            continue
        spec.put(r, to, put.value, put.style, put.fmt)


def _plottable(value) -> bool:
    if value is NA or is_missing(value):
        return False
    return not isinstance(value, float) or math.isfinite(value)


def kpi_groups(ctx) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(kpi, segment), ...]) for every KPI in KPI Data: its total, else its
    segments; groups and their order from the catalogue, KPIs in catalogue order."""
    from xlkpi.kpi.catalogue import report_kpis
    from xlkpi.kpi.kpi_spec import GROUPS

    rank = {k.id: i for i, k in enumerate(report_kpis())}
    kpis = sorted(dict.fromkeys(k for k, _ in ctx.pairs()), key=lambda k: rank.get(k, len(rank)))
    by_group: dict[str, list[tuple[str, str]]] = {}
    for kpi in kpis:
        group = ctx.info(kpi).group or "Other"
        items = [(kpi, "")] if ctx.has(kpi) else [(kpi, s) for s in ctx.segments(kpi)]
        by_group.setdefault(group, []).extend(items)
    order = list(GROUPS)
    ranked = sorted(by_group, key=lambda g: order.index(g) if g in order else len(order))
    return [(g, by_group[g]) for g in ranked if by_group[g]]


def targets(ctx) -> dict[str, tuple[float, float]]:
    """The Targets sheet as kpi -> (target, warn), NaN where not given."""
    frame = getattr(ctx.raw, "targets", None)
    out: dict[str, tuple[float, float]] = {}
    if frame is None or not len(frame):
        return out
    warns = frame["warn"] if "warn" in frame else [math.nan] * len(frame)
    for kpi, target, warn in zip(frame["kpi"], frame["target"], warns, strict=True):
        if isinstance(kpi, str) and not pd.isna(target):
            out[kpi.strip()] = (float(target), math.nan if pd.isna(warn) else float(warn))
    return out
