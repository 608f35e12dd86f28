"""Dashboard: one row per available KPI - latest, previous, change, target, status, trend."""

from __future__ import annotations

import math

import pandas as pd
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill

from xlkpi.report import styles
from xlkpi.report.sheets import nps, recurring
from xlkpi.report.sheets._common import heading, sparkline
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import NA, Formula, SheetSpec

SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Sales",
        [
            "revenue",
            "profit",
            "orders",
            "aov",
            "refund_rate",
            "return_rate",
            "repeat_purchase_rate",
            "clv",
        ],
    ),
    (
        "Website",
        [
            "sessions",
            "unique_visitors",
            "repeat_visits",
            "returning_visitor_rate",
            "bounce_rate",
            "conversion_rate",
            "micro_conversion_rate",
            "email_optin_rate",
            "device_share",
            "source_share",
        ],
    ),
    ("Leads", ["leads", "mqls", "sqls", "won", "lead_to_close_rate", "qualified_lead_rate"]),
    (
        "Acquisition",
        [
            "new_customers",
            "cac",
            "marketing_pct_of_cac",
            "marketing_originated_pct",
            "cpc",
            "ctr",
            "cpa",
            "roas",
            "roi",
        ],
    ),
    ("Retention", ["churn_rate", "retention_rate"]),
    (
        "NPS",
        [
            "nps",
            "promoters_share",
            "passives_share",
            "detractors_share",
            "nps_responses",
            "nps_margin",
        ],
    ),
    ("Recurring revenue", recurring.KPIS),
]
COLUMNS = [
    "KPI",
    "Latest",
    "Previous",
    "Change",
    "Target",
    "Amber at",
    "Status",
    "Trend (12 periods)",
    "Latest is",
    "Definition",
]
WIDTHS = [30, 15, 15, 13, 13, 13, 12, 17, 12, 48]
HEADER_ROW = 6


def _sections(ctx: ReportContext) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(kpi, segment), ...]) for every KPI in KPI Data; totals, else segments."""
    listed = {k for _, ids in SECTIONS for k in ids}
    others = [k for k, _ in ctx.pairs() if k not in listed]
    out = []
    for name, ids in [*SECTIONS, ("Other", list(dict.fromkeys(others)))]:
        rows = []
        for kpi in ids:
            if ctx.has(kpi):
                rows.append((kpi, ""))
            else:
                rows.extend((kpi, seg) for seg in ctx.segments(kpi))
        if rows:
            out.append((name, rows))
    return out


def _targets(ctx: ReportContext) -> dict[str, tuple[float, float]]:
    targets = getattr(ctx.raw, "targets", None)
    out = {}
    if targets is None or not len(targets):
        return out
    for kpi, target, warn in zip(
        targets["kpi"],
        targets["target"],
        targets.get("warn", pd.Series([math.nan] * len(targets))),
        strict=False,
    ):
        if isinstance(kpi, str) and not pd.isna(target):
            out[kpi.strip()] = (float(target), float(warn) if not pd.isna(warn) else math.nan)
    return out


def _subtitle(ctx: ReportContext) -> str:
    s = ctx.result.settings
    parts = [f"Source: {getattr(ctx.raw, 'source', '') or 'data'}"]
    if ctx.as_of is not None:
        parts.append(f"as of {pd.Timestamp(ctx.as_of):%Y-%m-%d}")
    parts.append(f"{s.period} periods")
    if ctx.latest is not None:
        parts.append(
            f"latest {ctx.latest.label} ({ctx.latest.start:%Y-%m-%d} to "
            f"{min(ctx.latest.end, pd.Timestamp(ctx.as_of or ctx.latest.end)):%Y-%m-%d})"
        )
    parts.append(f"currency {ctx.currency}")
    return " · ".join(parts)


def _note(ctx: ReportContext) -> str:
    if ctx.embed:
        return (
            "Bold 'Latest' values are live Excel formulas over the raw data sheets at the "
            "end of this workbook; edit a raw row and they update. Targets (blue) are "
            "yours to edit."
        )
    why = ctx.raw_note or f"{ctx.raw_rows:,} rows is too large to copy into the report"
    return (
        f"Raw data not embedded: {why}; headline cells are values computed by xlkpi. "
        "Targets (blue) are yours to edit."
    )


def _status_rules(spec: SheetSpec, first: int, last: int) -> None:
    if last < first:
        return
    for text, fill, ink in (
        ("On target", styles.GREEN, styles.GREEN_INK),
        ("Watch", styles.AMBER, styles.AMBER_INK),
        ("Off target", styles.RED, styles.RED_INK),
    ):
        rule = FormulaRule(
            formula=[f'$G{first}="{text}"'],
            fill=PatternFill("solid", fgColor=fill, bgColor=fill),
            font=Font(color=ink, bold=True),
        )
        spec.rules.append((f"B{first}:B{last} G{first}:G{last}", rule))
    grey = FormulaRule(formula=[f"ISERROR(B{first})"], font=Font(color="A6A6A6"))
    spec.rules.append((f"B{first}:D{last}", grey))


def _or_empty(value: float):
    """A number, or "" (the empty text an ``IF(E5="","",...)`` gives) when undefined."""
    return value if math.isfinite(value) else ""


def _status(now: float, target: float, warn, direction: int) -> str:
    """What the status formula shows: On target / Watch / Off target, "" without a target."""
    if not math.isfinite(target) or not math.isfinite(now):
        return ""
    better = (lambda a, b: a >= b) if direction > 0 else (lambda a, b: a <= b)
    if better(now, target):
        return "On target"
    if isinstance(warn, str) or not math.isfinite(warn):  # Excel: text ranks above numbers
        return "Watch" if direction < 0 else "Off target"
    return "Watch" if better(now, warn) else "Off target"


def _kpi_row(spec, ctx, r, kpi, seg, targets):
    info = ctx.info(kpi)
    fmt = ctx.fmt(info.unit)
    title = info.title + (f" - {seg}" if seg else "")
    latest = ctx.latest.label if ctx.latest else None
    previous = ctx.previous.label if ctx.previous else None
    live = (ctx.live(kpi) or nps.headline(ctx, kpi)) if not seg else None
    spec.put(r, 1, title, "label")
    now = ctx.value(kpi, latest, seg)  # a live cell's formula equals it (tested)
    if live is not None:
        spec.put(r, 2, live, "live", fmt)
        spec.check(f"B{r}", kpi, latest)
    else:
        spec.put(r, 2, now, "cell", fmt, na="error")
    before = ctx.value(kpi, previous, seg) if previous else math.nan
    spec.put(r, 3, before if previous else NA, "cell", fmt, na="error")
    change = Formula(f"=IF(AND(ISNUMBER(B{r}),ISNUMBER(C{r})),B{r}-C{r},NA())", now - before)
    spec.put(r, 4, change, "cell", fmt)
    direction = info.direction if not seg else 0
    target, warn = targets.get(kpi, (math.nan, math.nan)) if not seg else (math.nan, math.nan)
    if direction:
        spec.put(r, 5, target, "input", fmt)
        sign = "-" if direction > 0 else "+"
        if math.isnan(warn):
            warn = target - 0.1 * abs(target) if direction > 0 else target + 0.1 * abs(target)
            warn = Formula(f'=IF(E{r}="","",E{r}{sign}0.1*ABS(E{r}))', _or_empty(warn))
        spec.put(r, 6, warn, "input", fmt)
        cmp = ">=" if direction > 0 else "<="
        spec.put(
            r,
            7,
            Formula(
                f'=IF(OR(E{r}="",NOT(ISNUMBER(B{r}))),"",IF(B{r}{cmp}E{r},"On target",'
                f'IF(B{r}{cmp}F{r},"Watch","Off target")))',
                _status(now, target, getattr(warn, "value", warn), direction),
            ),
            "cell",
        )
    else:
        spec.row(r, 5, ["", "", ""], "cell")
    spec.put(r, 8, sparkline(ctx.series(kpi, seg)), "trend")
    spec.put(r, 9, "live formula" if live is not None else "value", "note")
    spec.put(r, 10, info.definition, "note")


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Dashboard", tab_color=styles.ACCENT)
    for i, w in enumerate(WIDTHS, start=1):
        spec.width(i, w)
    heading(spec, "KPI dashboard", _subtitle(ctx))
    spec.put(3, 1, _note(ctx), "note")
    latest = ctx.latest.label if ctx.latest else "-"
    previous = ctx.previous.label if ctx.previous else "-"
    names = list(COLUMNS)
    names[1], names[2] = f"Latest ({latest})", f"Previous ({previous})"
    spec.header(HEADER_ROW, 1, names)
    spec.row_heights[HEADER_ROW] = 30
    spec.freeze, spec.title_rows = f"B{HEADER_ROW + 1}", f"{HEADER_ROW}:{HEADER_ROW}"
    targets = _targets(ctx)
    r = HEADER_ROW + 1
    first = r
    for section, rows in _sections(ctx):
        spec.row(r, 1, [section] + [""] * (len(COLUMNS) - 1), "band")
        r += 1
        for kpi, seg in rows:
            _kpi_row(spec, ctx, r, kpi, seg, targets)
            r += 1
    _status_rules(spec, first, r - 1)
    r = _unavailable(spec, ctx, r + 1)
    _options(spec, ctx, r + 1)
    return spec


def _unavailable(spec: SheetSpec, ctx: ReportContext, r: int) -> int:
    missing = dict(getattr(ctx.result, "unavailable", {}) or {})
    spec.put(r, 1, "Not available", "section")
    r += 1
    if not missing:
        spec.put(r, 1, "Every report KPI could be computed from the data.", "note")
        return r + 1
    spec.header(r, 1, ["KPI", "Reason"])
    for kpi, reason in missing.items():
        r += 1
        spec.put(r, 1, ctx.info(kpi).title, "label")
        spec.put(r, 2, f"not available: {reason}", "note")
    return r + 1


def _options(spec: SheetSpec, ctx: ReportContext, r: int) -> int:
    spec.put(r, 1, "Definitions used", "section")
    r += 1
    spec.header(r, 1, ["Option", "Value"])
    s = ctx.result.settings
    options = dict(getattr(ctx.result, "options", {}) or {})
    rows = [
        ("period", s.period),
        ("currency", ctx.currency),
        ("as_of", f"{pd.Timestamp(ctx.as_of):%Y-%m-%d}" if ctx.as_of is not None else ""),
    ]
    rows += [(k, v) for k, v in options.items()]
    for key, value in rows:
        r += 1
        spec.put(r, 1, key, "label")
        spec.put(r, 2, str(value), "cell")
    return r + 1
