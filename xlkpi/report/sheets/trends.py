"""Trends: one row per period, one column per KPI, and charts of the headline KPIs."""

from __future__ import annotations

from xlkpi.report.sheets._common import chart, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.dashboard import SECTIONS
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
HEADER_ROW = 4


def columns(ctx: ReportContext) -> list[tuple[str, str]]:
    """(kpi, segment) of every Trends column: totals, else each segment."""
    order = [k for _, ids in SECTIONS for k in ids]
    order += [k for k, _ in ctx.pairs() if k not in order]
    out = []
    for kpi in dict.fromkeys(order):
        if ctx.has(kpi):
            out.append((kpi, ""))
        else:
            out.extend((kpi, s) for s in ctx.segments(kpi))
    return out


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Trends")
    cols = columns(ctx)
    heading(
        spec,
        "Trends",
        f"One row per {ctx.result.settings.period}; "
        "#N/A where a KPI is not defined for the period (for example no orders).",
    )
    spec.header(
        HEADER_ROW, 1, ["Period"] + [ctx.info(k).title + (f" - {s}" if s else "") for k, s in cols]
    )
    spec.row_heights[HEADER_ROW] = 45
    spec.width(1, 11)
    for i in range(len(cols)):
        spec.width(i + 2, 13)
    spec.freeze, spec.title_rows = f"B{HEADER_ROW + 1}", f"{HEADER_ROW}:{HEADER_ROW}"
    last = HEADER_ROW + len(ctx.labels)
    for r, label in enumerate(ctx.labels, start=HEADER_ROW + 1):
        spec.put(r, 1, label, "strong")
        for c, (kpi, seg) in enumerate(cols, start=2):
            spec.put(r, c, ctx.value(kpi, label, seg), "cell", ctx.fmt(kpi), na="error")
    where = {kpi: c for c, (kpi, seg) in enumerate(cols, start=2) if not seg}
    drawn = [(k, kind) for k, kind in CHARTS if k in where]
    top = last + 3
    for i, (kpi, kind) in enumerate(drawn):
        info = ctx.info(kpi)
        anchor = f"{'B' if i % 2 == 0 else 'K'}{top + (i // 2) * 17}"
        spec.chart(
            chart(
                kind,
                f"{info.title} per {ctx.result.settings.period}",
                cats=(1, HEADER_ROW + 1, max(last, HEADER_ROW + 1)),
                series=[(where[kpi], HEADER_ROW, max(last, HEADER_ROW + 1))],
                x_title="Period",
                y_title=info.title,
                fmt=ctx.fmt(kpi),
            ),
            anchor,
        )
    return spec
