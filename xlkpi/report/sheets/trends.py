"""Trends: charts of the headline KPIs, then one row per period and one column per KPI."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from xlkpi.report.sheets._common import chart, gap_column, heading, kpi_groups
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import SheetSpec

# (kpi, chart kind) of the charts, in order; a KPI missing from the data is skipped.
CHARTS = [
    ("revenue", "bar"),
    ("orders", "bar"),
    ("aov", "line"),
    ("conversion_rate", "line"),
    ("churn_rate", "line"),
    ("nps", "line"),
    ("mrr", "bar"),
]
CHART_ROWS = 16  # rows taken by one row of charts
PER_ROW = 3  # charts side by side
CHART_COLS = 6  # columns taken by one chart


def columns(ctx: ReportContext) -> list[tuple[str, str]]:
    """(kpi, segment) of every Trends column: totals, else each segment, by group."""
    return [item for _, items in kpi_groups(ctx) for item in items]


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Trends")
    cols = columns(ctx)
    period = ctx.result.settings.period
    heading(
        spec,
        "Trends",
        f"Headline KPIs per {period}; the table below has every KPI "
        "(#N/A where a KPI is not defined for the period, for example no orders).",
    )
    where = {kpi: c for c, (kpi, seg) in enumerate(cols, start=2) if not seg}
    drawn = [(k, kind) for k, kind in CHARTS if k in where]
    header = 4 + CHART_ROWS * -(-len(drawn) // PER_ROW) + (1 if drawn else 0)
    last = header + len(ctx.labels)
    spec.put(header - 1, 1, "All KPIs per period", "section")
    spec.header(
        header, 1, ["Period"] + [ctx.info(k).title + (f" - {s}" if s else "") for k, s in cols]
    )
    spec.row_heights[header] = 45
    spec.width(1, 11)
    for i in range(len(cols)):
        spec.width(i + 2, 13)
    spec.freeze = f"B{header + 1}"
    if drawn:  # print the charts; the (very wide) table is for the screen and KPI Data
        spec.print_area = f"A1:{get_column_letter(PER_ROW * CHART_COLS)}{header - 2}"
    for r, label in enumerate(ctx.labels, start=header + 1):
        spec.put(r, 1, label, "strong")
        for c, (kpi, seg) in enumerate(cols, start=2):
            spec.put(r, c, ctx.value(kpi, label, seg), "cell", ctx.fmt(kpi), na="error")
    plotted = len(cols) + 3  # the charts' data: the table's columns, blank where #N/A
    if drawn:
        spec.put(header - 1, plotted, "Chart data (blank where not defined)", "note")
    for i, (kpi, kind) in enumerate(drawn):
        gap_column(spec, where[kpi], header, last, plotted + i)
        spec.width(plotted + i, 13)
        info = ctx.info(kpi)
        anchor = (
            f"{get_column_letter(1 + (i % PER_ROW) * CHART_COLS)}{4 + (i // PER_ROW) * CHART_ROWS}"
        )
        spec.chart(
            chart(
                kind,
                f"{info.title} per {period}",
                cats=(1, header + 1, max(last, header + 1)),
                series=[(plotted + i, header, max(last, header + 1))],
                x_title=period.capitalize(),
                y_title=info.title,
                fmt=ctx.fmt(kpi),
                width=15,
                height=7.5,
            ),
            anchor,
        )
    return spec
