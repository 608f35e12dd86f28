"""Retention: churn and retention per period, the cohort triangle, repeat purchases, CLV."""

from __future__ import annotations

from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from xlkpi.report.sheets._common import chart, gap_column, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import SheetSpec

KPIS = [
    "new_customers",
    "churn_rate",
    "retention_rate",
    "repeat_purchase_rate",
    "clv",
    "clv_margin",
    "clv_discounted",
]
TOP = 5


def _per_period(spec: SheetSpec, ctx: ReportContext, kpis: list[str]) -> int:
    spec.put(TOP - 1, 1, "Per period", "section")
    spec.header(TOP, 1, ["Period"] + [ctx.info(k).title for k in kpis])
    r = TOP
    for label in ctx.labels:
        r += 1
        spec.put(r, 1, label, "strong")
        spec.row(
            r,
            2,
            [ctx.value(k, label) for k in kpis],
            "cell",
            [ctx.fmt(k) for k in kpis],
            na="error",
        )
    if "churn_rate" in kpis and r > TOP:
        col = len(kpis) + 12  # the churn rates again, right of the chart, blank where #N/A
        gap_column(spec, 2 + kpis.index("churn_rate"), TOP, r, col)
        spec.chart(
            chart(
                "line",
                "Customer churn rate",
                cats=(1, TOP + 1, r),
                series=[(col, TOP, r)],
                x_title="Period",
                y_title="Churn rate",
                fmt="0.0%",
                width=14,
                height=7,
            ),
            f"{get_column_letter(len(kpis) + 3)}4",
        )
    return max(r, TOP + 15) + 3


def _cohorts(spec: SheetSpec, ctx: ReportContext, r: int) -> None:
    cohorts = getattr(ctx.result, "cohorts", None)
    if cohorts is None or not len(cohorts):
        return
    spec.put(r, 1, "Acquisition cohorts: share still active k periods later", "section")
    r += 1
    ages = list(cohorts.columns)
    spec.header(r, 1, ["Cohort"] + [f"+{a}" for a in ages])
    top = r + 1
    for label, row in cohorts.iterrows():
        r += 1
        spec.put(r, 1, str(label), "strong")
        spec.row(r, 2, list(row.to_numpy()), "cell", "0%")
    if r >= top:
        ref = f"B{top}:{get_column_letter(1 + len(ages))}{r}"
        spec.rules.append(
            (
                ref,
                ColorScaleRule(
                    start_type="num",
                    start_value=0,
                    start_color="F8696B",
                    mid_type="num",
                    mid_value=0.5,
                    mid_color="FFEB84",
                    end_type="num",
                    end_value=1,
                    end_color="63BE7B",
                ),
            )
        )
    spec.put(r + 1, 1, "Blank cells are periods that have not happened yet.", "note")
    for i in range(len(ages)):
        spec.width(2 + i, max(spec.widths.get(2 + i, 0), 8))


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Retention")
    spec.width(1, 12)
    kpis = [k for k in KPIS if ctx.has(k)]
    for i in range(len(kpis)):
        spec.width(2 + i, 14)
    heading(
        spec,
        "Retention",
        "Churn = customers lost in the period / customers active at its "
        "start; retention = 1 - churn. CLV = AOV x orders per customer per year x years.",
    )
    if not kpis:
        spec.put(
            TOP,
            1,
            "Retention not available: "
            + getattr(ctx.result, "unavailable", {}).get("churn_rate", ""),
            "note",
        )
        return spec
    r = _per_period(spec, ctx, kpis)
    _cohorts(spec, ctx, r)
    return spec
