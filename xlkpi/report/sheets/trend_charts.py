"""Trend charts: the headline KPIs per period, charted on one printed page.

The charts read a small copy of their series beside them (the *Chart data* block, right of
the printed area, in hidden columns: nothing internal shows; empty where a KPI is not
defined, so that the point is a gap), so the sheet stands alone: the Trends sheet keeps
just its table, with only the header frozen.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from xlkpi.report import comparisons as cmp
from xlkpi.report.sheets._common import BARS, chart, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import SheetSpec

TITLE = "Trend charts"
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
TOP = 4  # first row of the charts
# Three rows of three 8.6 x 6.2 cm charts fill one landscape page at about 100 %, so that
# their 10 pt text prints at 8 pt or more (a wider page of 15 cm charts printed at 54 %).
CHART_ROWS = 12  # rows taken by one row of charts (6.2 cm is about 11 rows of 15 pt)
PER_ROW = 3  # charts side by side
CHART_COLS = 4  # columns taken by one chart
COL_WIDTH = 11  # characters: four columns hold one 8.6 cm chart
WIDTH, HEIGHT = 8.6, 6.2  # cm
DATA = PER_ROW * CHART_COLS + 2  # the chart data, outside the printed area (hidden)


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec(TITLE, fit_height=True)
    for c in range(1, PER_ROW * CHART_COLS + 1):
        spec.width(c, COL_WIDTH)
    period = ctx.result.settings.period
    partial = cmp.partial_text(ctx)  # the latest period, cut short: marked on every chart
    heading(
        spec,
        TITLE,
        f"Headline KPIs per {period}; every KPI is in the table on Trends."
        + (f" The last {period} is partial ({partial}): hatched, not a dip." if partial else ""),
    )
    drawn = [(k, kind) for k, kind in CHARTS if ctx.has(k)]
    if not drawn or not ctx.labels:
        spec.put(TOP, 1, "No headline KPI to chart.", "note")
        return spec
    spec.section(TOP - 1, "Chart data (blank where not defined)", DATA, new_page=False)
    spec.header(TOP, DATA, ["Period"] + [ctx.info(k).title for k, _ in drawn])
    spec.width(DATA, 11)
    last = TOP + len(ctx.labels)
    for r, label in enumerate(ctx.labels, start=TOP + 1):
        shown = f"{label} ({cmp.partial_text(ctx, short=True)})" if partial and r == last else label
        spec.put(r, DATA, shown, "strong")
        for c, (kpi, _) in enumerate(drawn, start=DATA + 1):
            # an empty cell, not #N/A: LibreOffice plots an #N/A cell as 0, every
            # application leaves a gap for an empty one (the charts' dispBlanksAs)
            spec.put(r, c, ctx.value(kpi, label), "cell", ctx.fmt(kpi))
    for i, (kpi, kind) in enumerate(drawn):
        info = ctx.info(kpi)
        spec.width(DATA + 1 + i, 13)
        col = get_column_letter(1 + (i % PER_ROW) * CHART_COLS)
        cut = kind == "bar" and len(ctx.labels) > BARS
        spec.chart(
            chart(
                kind,
                f"{info.title} per {period}" + (f", last {BARS}" if cut else ""),
                cats=(DATA, TOP + 1, last),
                series=[(DATA + 1 + i, TOP, last)],
                x_title=period.capitalize(),
                y_title=info.title,
                fmt=ctx.fmt(kpi),
                width=WIDTH,
                height=HEIGHT,
                last_n=BARS if cut else None,
                partial=bool(partial),
                hidden_data=True,
            ),
            f"{col}{TOP + (i // PER_ROW) * CHART_ROWS}",
        )
    spec.hidden_cols.append((DATA, DATA + len(drawn)))  # the chart data: not for the reader
    bottom = max(b[3] for b in spec.chart_boxes())
    spec.print_area = f"A1:{get_column_letter(PER_ROW * CHART_COLS)}{bottom}"
    return spec
