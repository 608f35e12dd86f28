"""Funnel: sessions -> leads -> MQL -> SQL -> won, counts and step rates, with a chart."""

from __future__ import annotations

import math

from xlkpi.engine.compare import median_days_to_close
from xlkpi.kpi.options import LEAD_TO_CLOSE_BASIS
from xlkpi.report import comparisons as cmp
from xlkpi.report.sheets._common import chart, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.notes import footnote, why
from xlkpi.report.workbook import Formula, SheetSpec

STAGES = [
    ("Sessions", "sessions"),
    ("Leads", "leads"),
    ("MQLs", "mqls"),
    ("SQLs", "sqls"),
    ("Won", "won"),
]
TOP = 6


def _stages(ctx: ReportContext) -> list[tuple[str, str]]:
    funnel = getattr(ctx.result, "funnel", None)
    out = []
    for title, kpi in STAGES:
        in_table = funnel is not None and kpi in funnel and funnel[kpi].notna().any()
        if ctx.has(kpi) or in_table:
            out.append((title, kpi))
    return out


def _counts(ctx: ReportContext) -> dict[str, dict[str, float]]:
    """The result's funnel table as kpi -> period label -> count (first row of a period)."""
    funnel = getattr(ctx.result, "funnel", None)
    if funnel is None or "period" not in funnel:
        return {}
    labels = funnel["period"].astype(str).tolist()
    out = {}
    for kpi in funnel.columns:
        by_label: dict[str, float] = {}
        for label, value in zip(labels, funnel[kpi].tolist(), strict=True):
            by_label.setdefault(label, value)
        out[str(kpi)] = by_label
    return out


def _count(ctx: ReportContext, kpi: str, label: str, counts: dict) -> float:
    """The KPI Data count, else the funnel table's (NaN when neither has it)."""
    value = ctx.value(kpi, label)
    if math.isnan(value) and kpi in counts:
        hit = counts[kpi].get(label)
        value = math.nan if hit is None else float(hit)
    return value


def _ratio(num: float, den: float) -> float:
    """``IF(den=0,NA(),num/den)`` over cells that hold a number or #N/A (NaN)."""
    return num / den if den != 0 and math.isfinite(den) and math.isfinite(num) else math.nan


def _latest(spec: SheetSpec, ctx: ReportContext, stages, counts: dict) -> int:
    """The latest period's stages, step rates and chart; return the row of the note."""
    latest = ctx.latest.label
    spec.section(TOP - 2, f"Latest period {latest}", new_page=False)
    spec.header(TOP - 1, 1, ["Stage", "Count", "Step conversion", "From first stage"])
    values = []  # the Count column as written: NaN is #N/A
    for i, (title, kpi) in enumerate(stages):
        r = TOP + i
        spec.put(r, 1, title, "label")
        live = ctx.live(kpi)
        if live is not None:
            spec.put(r, 2, live, "live", "#,##0")
            spec.check(f"B{r}", kpi, latest)
            values.append(float(live.value))
        else:
            values.append(_count(ctx, kpi, latest, counts))
            spec.put(r, 2, values[-1], "cell", "#,##0", na="error")
            spec.comments[f"B{r}"] = ctx.fallback(kpi)
        if i == 0:
            spec.row(r, 3, ["", ""], "cell")
        else:
            step = Formula(f"=IF(B{r - 1}=0,NA(),B{r}/B{r - 1})", _ratio(values[-1], values[-2]))
            spec.put(r, 3, step, "cell", "0.0%")
            whole = Formula(f"=IF($B${TOP}=0,NA(),B{r}/$B${TOP})", _ratio(values[-1], values[0]))
            spec.put(r, 4, whole, "cell", "0.0%")
    last = TOP + len(stages) - 1
    spec.chart(
        chart(
            "bar",
            f"Funnel, {latest}",
            cats=(1, TOP, last),
            series=[(2, TOP - 1, last)],
            x_title="Stage",
            y_title="Count",
            fmt="#,##0",
            horizontal=True,
            width=12,
            height=6.5,
        ),
        "F3",
    )
    note = spec.below_charts(last + 1)  # the note's text runs right, under the chart's columns
    spec.put(
        note,
        1,
        "Step conversion = stage count / previous stage count, for the "
        "same period (leads created, MQL/SQL/won dates in the period).",
        "note",
    )
    return note


def _by_period(spec: SheetSpec, ctx: ReportContext, stages, r: int, counts: dict) -> None:
    spec.section(r, "Funnel by period")
    r += 1
    extra = [k for k in ("lead_to_close_rate", "qualified_lead_rate") if ctx.has(k)]
    cohort = (
        "lead_to_close_rate" in extra
        and ctx.result.settings.lead_to_close_basis == LEAD_TO_CLOSE_BASIS.COHORT
    )
    median = median_days_to_close(ctx.raw, ctx.as_of) if cohort else math.nan
    flag = [] if math.isnan(median) else [f"Lead cohort (median close {median:g} days)"]
    names = ["Period"] + [t for t, _ in stages] + [ctx.info(k).title for k in extra] + flag
    spec.header(r, 1, names)
    for period in ctx.periods:
        label = period.label
        r += 1
        if flag and cmp.immature(period, ctx.as_of, median):
            spec.put(r, len(names), "immature (< median close)", "flag")
        spec.put(r, 1, label, "strong")
        spec.row(
            r,
            2,
            [_count(ctx, k, label, counts) for _, k in stages],
            "cell",
            "#,##0",
            na="dash",
            whys=[why(ctx, k, label) for _, k in stages],
        )
        spec.row(
            r,
            2 + len(stages),
            [ctx.value(k, label) for k in extra],
            "cell",
            "0.0%",
            na="dash",
            whys=[why(ctx, k, label) for k in extra],
        )
    footnote(spec, r + 2)


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Funnel")
    # narrow enough to print at about 100 %: its text stays 8 pt or more on paper
    for i, w in enumerate([14, 12, 13, 13, 12, 12, 12, 13, 13, 24], start=1):
        spec.width(i, w)
    heading(spec, "Funnel", "From visit to closed-won deal.")
    stages = _stages(ctx)
    if not stages or ctx.latest is None:
        reason = getattr(ctx.result, "unavailable", {}).get("leads", "needs sheet Leads")
        spec.put(4, 1, f"Funnel not available: {reason}", "note")
        return spec
    counts = _counts(ctx)
    note = _latest(spec, ctx, stages, counts)
    _by_period(spec, ctx, stages, note + 2, counts)
    return spec
