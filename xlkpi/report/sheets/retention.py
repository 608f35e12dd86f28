"""Retention: churn and retention per period, the cohort triangle, repeat purchases, CLV.

The per-period table (left) and the cohort triangle (right of the churn chart) share their
heading and header rows, which every printed page repeats: the sheet prints as two areas,
the per-period table with its chart, then the triangle's last :data:`PRINT_COHORTS`
cohorts (the whole triangle stays on the sheet; at weekly grain it has 100+ cohorts).
"""

from __future__ import annotations

import re

from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from xlkpi.kpi.options import CHURN_DENOMINATOR, CHURN_WINDOW, Option
from xlkpi.report import comparisons as cmp
from xlkpi.report.declared import setting
from xlkpi.report.sheets._common import chart, gap_column, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.notes import footnote, why
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
TOP = 5  # the header row of both tables
PRINT_COHORTS = 18  # the newest cohorts printed (and their ages): the page prints at ~100 %


def _choice_words(settings, option: Option) -> str:
    """The choice of ``option`` in force, in its declared words without the sources and
    needs in brackets or after a colon: "customers at the period start"."""
    value = setting(settings, option)
    doc = next(c.doc for c in option.choices if c.value == value)
    return re.sub(r"\s*\([^)]*\)", "", doc).split(":")[0].strip()


def churn_words(settings) -> str:
    """What churn divides, under the churn options in force (the Retention heading).

    >>> from xlkpi.data.model import Settings
    >>> churn_words(Settings())
    'Churn = customers lost in the report period / customers at the period start'
    """
    lost = _choice_words(settings, CHURN_WINDOW)
    return f"Churn = customers lost in {lost} / {_choice_words(settings, CHURN_DENOMINATOR)}"


def _per_period(spec: SheetSpec, ctx: ReportContext, kpis: list[str], data: list) -> str:
    """The per-period table and the churn chart (reading ``data``, filled by
    :func:`_chart_data`); return the range they print in."""
    spec.section(TOP - 1, "Per period", new_page=False)
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
            na="dash",
            whys=[why(ctx, k, label) for k in kpis],
        )
    table_end = r
    r = max(r, footnote(spec, r + 2))
    if "churn_rate" in kpis and table_end > TOP:
        cut = cmp.partial_text(ctx, short=True)  # the latest period so far: a hollow point
        spec.chart(
            chart(
                "line",
                "Customer churn rate" + (f" (last: {cut})" if cut else ""),
                cats=(1, TOP + 1, table_end),
                series=data,  # the column is placed by _chart_data, after the triangle
                x_title="Period",
                y_title="Churn rate",
                fmt="0.0%",
                width=11,
                height=7,
                partial=bool(cut),
                hidden_data=True,
            ),
            f"{get_column_letter(len(kpis) + 3)}4",
        )
    right = max([len(kpis) + 1] + [b[2] for b in spec.chart_boxes()])
    return f"A1:{get_column_letter(right)}{max([r] + [b[3] for b in spec.chart_boxes()])}"


def _chart_data(spec: SheetSpec, kpis: list[str], last: int, col: int) -> tuple[int, int, int]:
    """The churn rates again in hidden column ``col`` (blank where not defined: a gap), the
    churn chart's data: right of everything that prints (LibreOffice writes the text of a
    hidden column between two print ranges into the PDF); ``last``: the table's last row;
    return the chart's series."""
    gap_column(spec, 2 + kpis.index("churn_rate"), TOP, last, col)
    spec.hidden_cols.append((col, col))
    return col, TOP, last


def _cohorts(spec: SheetSpec, ctx: ReportContext, left: int) -> str | None:
    """The cohort triangle from column ``left``; return the range of it that prints."""
    cohorts = getattr(ctx.result, "cohorts", None)
    if cohorts is None or not len(cohorts):
        return None
    r = TOP
    text = "Acquisition cohorts: share still active k periods later"
    spec.section(r - 1, text, left, new_page=False)  # beside "Per period": a print area
    ages = list(cohorts.columns)
    spec.header(r, left, ["Cohort", "Customers"] + [f"+{a}" for a in ages])
    top = r + 1
    sizes = cohorts.attrs.get("sizes") or [None] * len(cohorts)
    for (label, row), size in zip(cohorts.iterrows(), sizes, strict=True):
        r += 1
        spec.put(r, left, str(label), "strong")
        spec.put(r, left + 1, size, "cell", "#,##0")  # the cohort's size, beside its shares
        spec.row(r, left + 2, list(row.to_numpy()), "cell", "0%")
    first, last = get_column_letter(left + 2), get_column_letter(left + 1 + len(ages))
    if r >= top:
        ref = f"{first}{top}:{last}{r}"
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
    spec.put(r + 1, left, "Blank cells are periods that have not happened yet.", "note")
    spec.width(left, 12)
    spec.width(left + 1, 10)
    for i in range(len(ages)):
        spec.width(left + 2 + i, 6)
    # The newest cohorts, with as many ages as the oldest of them has; the heading and the
    # header print above them (the sheet's title rows).
    shown = get_column_letter(left + 1 + min(len(ages), PRINT_COHORTS))
    return f"{get_column_letter(left)}{max(top, r - PRINT_COHORTS + 1)}:{shown}{r + 1}"


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Retention")
    spec.width(1, 12)
    kpis = [k for k in KPIS if ctx.has(k)]
    for i in range(len(kpis)):
        spec.width(2 + i, 14)
    heading(
        spec,
        "Retention",
        churn_words(ctx.result.settings)
        + "; retention = 1 - churn. CLV = AOV x orders per customer per year x years.",
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
    spec.title_rows = f"{TOP - 1}:{TOP}"  # both tables' heading and header
    data: list = []
    areas = [_per_period(spec, ctx, kpis, data)]
    left = max([spec.max_col] + [b[2] for b in spec.chart_boxes()]) + 2
    cohorts = _cohorts(spec, ctx, left)
    if "churn_rate" in kpis and ctx.labels:  # the chart is drawn: one row per period
        data.append(_chart_data(spec, kpis, TOP + len(ctx.labels), spec.max_col + 2))
    spec.print_area = areas + ([cohorts] if cohorts else [])
    return spec
