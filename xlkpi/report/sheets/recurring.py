"""Recurring revenue: MRR, ARR, the MRR bridge per month, NRR, revenue churn, quick ratio."""

from __future__ import annotations

import math

from xlkpi.report.sheets._common import chart, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import Formula, SheetSpec, excel_round

KPIS = [
    "mrr",
    "arr",
    "mrr_new",
    "mrr_expansion",
    "mrr_contraction",
    "mrr_churned",
    "mrr_reactivation",
    "revenue_churn_rate",
    "nrr",
    "quick_ratio",
]
BRIDGE = [
    ("Opening", "opening"),
    ("New", "new"),
    ("Expansion", "expansion"),
    ("Contraction", "contraction"),
    ("Churned", "churned"),
    ("Reactivation", "reactivation"),
    ("Closing", "closing"),
]
TOP = 5


def _per_period(spec: SheetSpec, ctx: ReportContext, kpis: list[str]) -> int:
    spec.put(TOP - 1, 1, "Per period", "section")
    spec.header(TOP, 1, ["Period"] + [ctx.info(k).title for k in kpis])
    r = TOP
    latest = ctx.latest.label if ctx.latest else None
    for label in ctx.labels:
        r += 1
        spec.put(r, 1, label, "strong")
        for i, kpi in enumerate(kpis, start=2):
            live = ctx.live(kpi) if label == latest else None
            if live is not None:
                spec.check(spec.put(r, i, live, "live", ctx.fmt(kpi)), kpi, label)
            else:
                spec.put(r, i, ctx.value(kpi, label), "cell", ctx.fmt(kpi), na="error")
    if "mrr" in kpis and r > TOP:
        spec.chart(
            chart(
                "bar",
                "MRR per period",
                cats=(1, TOP + 1, r),
                series=[(2, TOP, r)],
                x_title="Period",
                y_title="MRR",
                fmt=ctx.fmt("money"),
                width=15,
                height=7.5,
            ),
            f"A{r + 3}",
        )
    return r + 3


def _number(value) -> float:
    return math.nan if value is None else float(value)


def _bridge(spec: SheetSpec, ctx: ReportContext, chart_row: int) -> None:
    """The bridge table below the charts; its movements chart next to the MRR chart."""
    bridge = getattr(ctx.result, "mrr_bridge", None)
    if bridge is None or not len(bridge):
        return
    r = chart_row + 17
    spec.put(
        r,
        1,
        "MRR bridge per month: opening + new + expansion + reactivation - "
        "contraction - churned = closing",
        "section",
    )
    r += 1
    spec.header(r, 1, ["Month"] + [t for t, _ in BRIDGE] + ["Check"])
    top = r
    money = ctx.fmt("money")
    for row in bridge.itertuples(index=False):
        r += 1
        spec.put(r, 1, str(row.period), "strong")
        spec.row(r, 2, [getattr(row, k) for _, k in BRIDGE], "cell", money, na="error")
        b, c, d, e, f, g, h = (_number(getattr(row, k)) for _, k in BRIDGE)
        check = excel_round(b + c + d + g - e - f - h, 2)
        formula = Formula(f"=ROUND(B{r}+C{r}+D{r}+G{r}-E{r}-F{r}-H{r},2)", check)
        spec.put(r, 9, formula, "cell", money)
    spec.put(r + 1, 1, "Check = 0 when the bridge adds up to the cent.", "note")
    if r > top:
        spec.chart(
            chart(
                "bar",
                "MRR movements per month",
                cats=(1, top + 1, r),
                series=[(c, top, r) for c in (3, 4, 5, 6, 7)],
                x_title="Month",
                y_title="MRR",
                fmt=money,
                width=17,
                height=7.5,
                legend=True,
            ),
            f"G{chart_row}",
        )


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Recurring revenue")
    spec.width(1, 12)
    kpis = [k for k in KPIS if ctx.has(k)]
    for i in range(max(len(kpis), 8)):
        spec.width(2 + i, 14)
    heading(
        spec,
        "Recurring revenue",
        "MRR = sum of monthly recurring revenue in the month; "
        "ARR = 12 x MRR; NRR = (opening + expansion - contraction - churned) / opening.",
    )
    if not kpis:
        spec.put(
            TOP,
            1,
            "Recurring revenue not available: "
            + getattr(ctx.result, "unavailable", {}).get("mrr", ""),
            "note",
        )
        return spec
    _bridge(spec, ctx, _per_period(spec, ctx, kpis))
    return spec
