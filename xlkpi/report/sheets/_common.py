"""Building blocks shared by the sheet modules: titles, tables, charts, text trends."""

from __future__ import annotations

import math
import re
import warnings

import pandas as pd
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint, Marker
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.drawing.colors import ColorChoice
from openpyxl.drawing.fill import PatternFillProperties
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RichTextProperties,
)
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from xlkpi.report.formulas import quote_sheet
from xlkpi.report.workbook import NA, SheetSpec, is_missing

BARS = 26  # a per-period bar chart draws the last 26 periods (half a year of weeks)
TEXT_BARS = "▁▂▃▄▅▆▇█"


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
            out.append(TEXT_BARS[3])
        else:
            out.append(TEXT_BARS[round((v - low) / (high - low) * (len(TEXT_BARS) - 1))])
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


def _add_series(c, ws, col: int, head: int, first: int, last: int) -> None:
    """Add the values in rows first..last of column ``col``, named by the cell in ``head``."""
    if first == head + 1:
        c.add_data(Reference(ws, min_col=col, min_row=head, max_row=last), titles_from_data=True)
        return
    s = Series(Reference(ws, min_col=col, min_row=first, max_row=last))
    name = f"{quote_sheet(ws.title)}!${get_column_letter(col)}${head}"
    s.tx = SeriesLabel(strRef=StrRef(f=name))
    c.series.append(s)


PARTIAL_COLOR = "8EA9C8"  # the partial period: hatched / hollow in a light accent blue


def _mark_last(c, idx: int, kind: str) -> None:
    """Point ``idx`` of every series drawn as partial: hatched bars, a hollow marker."""
    for s in c.series:
        point = DataPoint(idx=idx)
        gp = point.graphicalProperties
        if kind == "line":
            point.marker = Marker(symbol="circle", size=7)
            point.marker.graphicalProperties = GraphicalProperties(solidFill="FFFFFF")
            point.marker.graphicalProperties.line.solidFill = PARTIAL_COLOR
        else:
            gp.pattFill = PatternFillProperties(
                prst="wdUpDiag",
                fgClr=ColorChoice(srgbClr=PARTIAL_COLOR),
                bgClr=ColorChoice(srgbClr="FFFFFF"),
            )
            gp.line.solidFill = PARTIAL_COLOR
        s.dPt.append(point)


def _labels(c, n: int) -> None:
    """Readable category labels: below the plot (not on a zero line crossing it), and
    every k-th of many, turned 45°."""
    c.x_axis.tickLblPos = "low"
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
    value_labels: list | None = None,
    hidden_data: bool = False,
    outliers: bool = False,
    last_n: int | None = None,
    partial: bool = False,
):
    """A builder ``ws -> chart``.

    ``cats`` = (column, first row, last row) of category labels; each series is
    (column, header row, last row), the header giving the series name. ``colors``: one
    fill per point of the first series (NPS groups); ``stacked``: stacked columns with one
    fill per series, None for an invisible one (the base of a waterfall). Blank cells are
    gaps; with many categories (weekly grain) every k-th label is shown, turned 45°.
    ``value_labels``: per series, the number format of its data labels, or (format,
    position, colour) (None: no labels);
    ``hidden_data``: the chart reads cells in hidden columns (a helper table);
    ``outliers``: the report's outlier rule may cut the value axis
    (:mod:`xlkpi.report.chart_outliers`); ``last_n``: only the last ``last_n`` categories
    are drawn (weekly bars stay readable); ``partial``: the last category is a period cut
    short by the as-of date, drawn hatched (bars) or with a hollow marker (lines).
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
        first = cats[1] if not last_n else max(cats[1], cats[2] - last_n + 1)
        for col, head, last in series:
            _add_series(c, ws, col, head, max(first, head + 1), last)
        c.set_categories(Reference(ws, min_col=cats[0], min_row=first, max_row=cats[2]))
        _fills(c, colors, stacked)
        if partial:
            _mark_last(c, cats[2] - first, kind)
        for s, label in zip(c.series, value_labels or [], strict=False):
            if label:  # a format, or (format, position, colour)
                s.dLbls = value_label_list(*((label,) if isinstance(label, str) else label))
        if hidden_data:
            c.visible_cells_only = False
        c.xlkpi_outliers = outliers  # applied on the drawn values: chart_outliers.apply
        if y_min is not None:
            c.y_axis.scaling.min = y_min
        _labels(c, cats[2] - first + 1)
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


def value_label_list(fmt: str, position: str | None = None, color: str = "000000"):
    """Data labels showing each point's value in ``fmt`` (a format whose zero section is
    empty hides the labels of zero points), 8 pt in ``color``."""
    labels = DataLabelList(numFmt=fmt, showVal=True, dLblPos=position)
    for flag in ("showLegendKey", "showCatName", "showSerName", "showPercent", "showBubbleSize"):
        setattr(labels, flag, False)
    font = CharacterProperties(sz=800, b=True, solidFill=color)
    labels.txPr = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=font), endParaRPr=font)])
    return labels


def own_label_formats(xml: str) -> str:
    """A chart part's XML whose data-label number formats are the labels' own: openpyxl
    writes a label ``numFmt`` without ``sourceLinked``, which LibreOffice reads as "the
    cells' format" (a zero step then shows "$0.00").

    >>> own_label_formats('<dLbls><numFmt formatCode="0;;;" /></dLbls>')
    '<dLbls><numFmt formatCode="0;;;" sourceLinked="0"/></dLbls>'
    """
    return re.sub(
        r'<numFmt formatCode="([^"]*)"\s*/>', r'<numFmt formatCode="\1" sourceLinked="0"/>', xml
    )


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
    xml = own_label_formats(xml)
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
