"""Trends: one row per period and one column per KPI (the charts are on *Trend charts*)."""

from __future__ import annotations

from xlkpi.report.sheets._common import heading, kpi_groups
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import SheetSpec

HEADER = 4  # the table's header row: frozen with the Period column, repeated on every page


def columns(ctx: ReportContext) -> list[tuple[str, str]]:
    """(kpi, segment) of every Trends column: totals, else each segment, by group."""
    return [item for _, items in kpi_groups(ctx) for item in items]


def build(ctx: ReportContext) -> SheetSpec:
    # Very wide (a column per KPI): printed at 100 %, over as many pages as it takes, with
    # the header row and the Period column on every page.
    spec = SheetSpec("Trends", fit_width=False)
    cols = columns(ctx)
    heading(
        spec,
        "Trends",
        f"Every KPI per {ctx.result.settings.period} (#N/A where a KPI is not defined for "
        "the period, for example no orders); the headline KPIs are charted on Trend charts.",
    )
    spec.header(
        HEADER, 1, ["Period"] + [ctx.info(k).title + (f" - {s}" if s else "") for k, s in cols]
    )
    spec.row_heights[HEADER] = 45
    spec.width(1, 11)
    for i in range(len(cols)):
        spec.width(i + 2, 13)
    spec.freeze = f"B{HEADER + 1}"
    spec.title_cols = "A:A"
    for r, label in enumerate(ctx.labels, start=HEADER + 1):
        spec.put(r, 1, label, "strong")
        for c, (kpi, seg) in enumerate(cols, start=2):
            spec.put(r, c, ctx.value(kpi, label, seg), "cell", ctx.fmt(kpi), na="error")
    return spec
