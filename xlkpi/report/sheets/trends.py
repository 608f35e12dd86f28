"""Trends: one row per KPI (and segment), one column per period; the charts are on *Trend
charts*.

The newest :data:`PRINTED` periods are shown and printed (one page wide); the older
periods are grouped columns, collapsed: the ``+`` above the first shown period (Excel's
outline) opens the full history, which *KPI Data* also holds. A period where a KPI is not
defined shows "–", and a footnote says why (its definition's denominator).
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from xlkpi.report.sheets._common import heading, kpi_groups
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.notes import footnote, why
from xlkpi.report.workbook import SheetSpec

HEADER = 4  # the table's header row: frozen with the KPI column, repeated on every page
PRINTED = 13  # periods shown and printed: a year of months and the same month before it
FIRST = 2  # the column of the oldest period


def columns(ctx: ReportContext) -> list[tuple[str, str]]:
    """(kpi, segment) of every Trends row: totals, else each segment, by group."""
    return [item for _, items in kpi_groups(ctx) for item in items]


def label(ctx: ReportContext, kpi: str, segment: str) -> str:
    info = ctx.info(kpi)
    return info.title + (f" - {ctx.shown(segment, info.segment or '')}" if segment else "")


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Trends")
    periods = list(ctx.labels)
    older = max(0, len(periods) - PRINTED)
    grain = ctx.result.settings.period
    heading(
        spec,
        "Trends",
        f"Every KPI per {grain}, the last {min(PRINTED, len(periods))} shown"
        + (
            f" (the {older} older ones: the + above column {get_column_letter(FIRST + older)}"
            ", or KPI Data)"
            if older
            else ""
        )
        + "; the headline KPIs are charted on Trend charts.",
    )
    spec.header(HEADER, 1, ["KPI", *periods])
    spec.width(1, 28)  # one page wide at about 85 %: 8 pt on paper
    for i in range(len(periods)):
        spec.width(FIRST + i, 9.6)
    if older:
        spec.grouped_cols.append((FIRST, FIRST + older - 1))
    spec.freeze = f"B{HEADER + 1}"
    r = HEADER
    for group, items in kpi_groups(ctx):
        r += 1
        spec.row(r, 1, [group] + [""] * len(periods), "band")
        for kpi, seg in items:
            r += 1
            spec.put(r, 1, label(ctx, kpi, seg), "label")
            values = ctx.series(kpi, seg)
            big = max((abs(v) for v in values if v == v), default=0) >= 100
            spec.row(
                r,
                FIRST,
                values,
                "cell",  # whole money units in narrow columns, cents for small amounts
                ctx.fmt(kpi).replace("#,##0.00", "#,##0") if big else ctx.fmt(kpi),
                na="dash",
                whys=[why(ctx, kpi, p) for p in periods],
            )
    r = max(r, footnote(spec, r + 2))
    spec.print_area = f"A1:{get_column_letter(FIRST + len(periods) - 1)}{r}"
    return spec
