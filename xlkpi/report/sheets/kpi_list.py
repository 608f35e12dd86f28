"""All KPIs: every available KPI by group - value, compared value, change, target, status,
sparkline, sample size and interval, definition; then what is unavailable and the
definitions used. The Dashboard's tiles point at its target cells."""

from __future__ import annotations

import math
import re

import pandas as pd
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from xlkpi.data.contract import TABLES
from xlkpi.errors import XlkpiError
from xlkpi.kpi.catalogue import by_id
from xlkpi.kpi.options import by_name
from xlkpi.report import comparisons as cmp
from xlkpi.report import status as kpi_status
from xlkpi.report import styles
from xlkpi.report.sheets import nps, sparklines
from xlkpi.report.sheets._common import heading, kpi_groups, targets
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.notes import why, wrapped
from xlkpi.report.workbook import Formula, SheetSpec

TITLE = "All KPIs"
COLUMNS = [
    "KPI",
    "Latest",
    "Compared with",
    "Change",
    "Target",
    "Amber at",
    "Status",
    "Trend",
    "Sample (95 % interval)",
    "Definition",
]
WIDTHS = [28, 13, 13, 10, 11, 11, 11, 11, 16, 32]  # one page wide at 85 %: 8 pt on paper
HEADER_ROW = 6
TREND = 12  # column of the first sparkline data value (L); 12 periods to the right
SPAN = 12
# Not available and Definitions used: right of the (hidden) sparkline data, their header
# on the KPI table's header row, so each printed page repeats the header of its own table
NOTES = TREND + SPAN + 1


def rows(ctx: ReportContext) -> dict[tuple[str, str], int]:
    """(kpi, segment) -> its row on this sheet (what the Dashboard's tiles point at)."""
    out, r = {}, HEADER_ROW + 1
    for _, items in kpi_groups(ctx):
        r += 1
        for item in items:
            out[item] = r
            r += 1
    return out


def status_rules(spec: SheetSpec, status: str, value: str | None = None) -> None:
    """Green / amber / red fills on ``status`` (and ``value``) by the status text there."""
    first = status.split(":")[0].replace("$", "")
    first = "$" + first  # the status column, for the value cells beside it too
    for text, fill, ink in (
        ("On target", styles.GREEN, styles.GREEN_INK),
        ("Watch", styles.AMBER, styles.AMBER_INK),
        ("Off target", styles.RED, styles.RED_INK),
    ):
        rule = FormulaRule(
            formula=[f'ISNUMBER(SEARCH("{text}",{first}))'],
            fill=PatternFill("solid", fgColor=fill, bgColor=fill),
            font=Font(color=ink, bold=True),
        )
        spec.rules.append((f"{status} {value}" if value else status, rule))


def direction_rules(spec: SheetSpec, ref: str, direction: int) -> None:
    """A change in ``ref`` is green when it goes the KPI's good way, red when it goes bad."""
    if not direction:
        return
    first = ref.split(":")[0]
    for sign, ink in ((direction, styles.GREEN_INK), (-direction, styles.RED_INK)):
        op = ">" if sign > 0 else "<"
        rule = FormulaRule(
            formula=[f"AND(ISNUMBER({first}),{first}{op}0)"], font=Font(color=ink, bold=True)
        )
        spec.rules.append((ref, rule))


def status_value(now: float, target: float, warn: float, direction: int) -> str:
    """The status formula's result, in Python (the cached value)."""
    return kpi_status.status(now, target, warn, direction)


def default_warn(target: float, direction: int) -> float:
    return target - direction * 0.1 * abs(target)


def na_reason(ctx: ReportContext, kpi: str) -> str:
    """``n/a: needs clicks`` - the definition's denominator, for an undefined value."""
    return f"n/a: {why(ctx, kpi)[1]}"


def _row(spec, ctx, b, r, kpi, seg, tgt, sparks) -> None:
    info = ctx.info(kpi)
    fmt = ctx.fmt(info.unit)
    whole = cmp.for_kpi(ctx, b, kpi)  # a monthly-booked KPI: its last complete period
    label = info.title + (f" - {ctx.shown(seg, info.segment or '')}" if seg else "")
    if whole is not b:
        b = whole
        label += f" ({b.shown.label} vs {b.label(b.before)}: booked monthly)"
    shown = b.shown.label
    spec.put(r, 1, label, "label")
    now = ctx.value(kpi, shown, seg)
    live = None
    if not seg and b.shown is ctx.latest:
        live = ctx.live(kpi) or nps.headline(ctx, kpi)
    direction = info.direction if not seg else 0
    target, warn = tgt.get(kpi, (math.nan, math.nan)) if direction else (math.nan, math.nan)
    if direction and not math.isfinite(warn) and math.isfinite(target):
        warn = default_warn(target, direction)
    fmt = kpi_status.status_format(fmt, now, target, warn, direction)  # digits that tell the status
    if live is not None:
        spec.put(r, 2, Formula(live, now), "live", fmt)
        spec.check(f"B{r}", kpi, shown)
    elif math.isfinite(now):
        spec.put(r, 2, now, "cell", fmt)
        if not seg and b.shown is ctx.latest:  # an option choice its live formula lacks
            spec.comments[f"B{r}"] = ctx.fallback(kpi) or nps.fallback(ctx, kpi)
    else:
        spec.put(r, 2, na_reason(ctx, kpi), "note")
    before = cmp.value_of(ctx, b, kpi, b.before, seg)
    spec.put(r, 3, before if math.isfinite(before) else "–", "cell", fmt)
    change = cmp.change(info.unit, now, before)
    spec.put(
        r,
        4,
        Formula(
            cmp.change_formula(info.unit, f"B{r}", f"C{r}").replace("NA()", '""'),
            change if math.isfinite(change) else "",
        ),
        "cell",
        cmp.change_format(info.unit),
    )
    direction_rules(spec, f"D{r}", direction)
    if direction:
        target, warn = tgt.get(kpi, (math.nan, math.nan))
        spec.put(r, 5, target, "input", fmt)
        if math.isfinite(warn):
            spec.put(r, 6, warn, "input", fmt)
        else:
            sign = "-" if direction > 0 else "+"
            w = default_warn(target, direction) if math.isfinite(target) else ""
            spec.put(r, 6, Formula(f'=IF(E{r}="","",E{r}{sign}0.1*ABS(E{r}))', w), "input", fmt)
            warn = w if math.isfinite(target) else math.nan
        cmp_op = ">=" if direction > 0 else "<="
        spec.put(
            r,
            7,
            Formula(
                f'=IF(OR(E{r}="",NOT(ISNUMBER(B{r}))),"",IF(B{r}{cmp_op}E{r},"On target",'
                f'IF(B{r}{cmp_op}F{r},"Watch","Off target")))',
                status_value(now, target, warn, direction),
            ),
            "cell",
        )
    else:
        spec.row(r, 5, ["", "", ""], "cell")
    n = cmp.trials(ctx, kpi, shown, seg)
    small = cmp.small_sample(ctx, kpi, shown, seg)  # under the family's minimum sample
    young = "" if seg else cmp.immature_note(ctx, kpi, b.shown)  # flagged, not a 0 %
    if info.unit == "rate" and math.isfinite(n):
        text = cmp.sample_text(now, n)
        text = text.replace(f"n = {n:,.0f}", small, 1) if small else text
        spec.put(r, 9, f"{young}; {text}" if young else text, "flag" if young else "cell")
    elif small:
        spec.put(r, 9, f"{small}: indicative only", "cell")
    elif kpi == "nps" and not seg:
        test = cmp.nps_change(ctx.raw, b, ctx.result.settings)
        spec.put(r, 9, f"change {cmp.significance(test)}" if test else "", "cell")
    wrapped(spec, r, [(10, 10, info.definition)])
    series = ctx.series(kpi, seg)[-SPAN:]
    first = TREND + SPAN - len(series)
    spec.row(r, first, series, "cell", fmt)
    rng = f"{get_column_letter(TREND)}{r}:{get_column_letter(TREND + SPAN - 1)}{r}"
    partial = cmp.partial_days(ctx) is not None  # the last column: a part period, paler
    sparks.append(sparklines.entry(f"H{r}", rng, series, partial))


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec(TITLE)
    sparks: list[tuple[str, str]] = []
    for i, w in enumerate(WIDTHS, start=1):
        spec.width(i, w)
    b = cmp.of(ctx)
    heading(spec, "All KPIs", b.note)
    spec.put(3, 1, note(ctx), "note")
    if b.shown is None:
        return spec
    names = list(COLUMNS)
    names[1] = f"Latest ({b.shown.label})"
    names[2] = f"Compared with ({b.label(b.before)})"
    spec.header(HEADER_ROW, 1, names)
    labels = ctx.labels[-SPAN:]
    spec.header(HEADER_ROW, TREND + SPAN - len(labels), labels)
    spec.put(HEADER_ROW - 1, TREND, "Sparkline data (last periods)", "note")
    spec.freeze = f"B{HEADER_ROW + 1}"
    tgt = targets(ctx)
    where = rows(ctx)
    r = HEADER_ROW + 1
    for group, items in kpi_groups(ctx):
        spec.row(r, 1, [group] + [""] * (len(COLUMNS) - 1), "band")
        for kpi, seg in items:
            _row(spec, ctx, b, where[(kpi, seg)], kpi, seg, tgt, sparks)
        r = where[items[-1]] + 1
    status_rules(spec, f"G{HEADER_ROW + 1}:G{r}", f"B{HEADER_ROW + 1}:B{r}")
    sparklines.add(spec, sparks)
    spec.hidden_cols.append((TREND - 1, TREND + SPAN - 1))  # the sparklines' data
    spec.width(NOTES, 44)
    spec.width(NOTES + 1, 70)
    last = _unavailable(spec, ctx, _options(spec, ctx) + 2)
    right = get_column_letter(NOTES + 1)
    spec.print_area = [f"A1:J{r - 1}", f"{get_column_letter(NOTES)}{HEADER_ROW - 1}:{right}{last}"]
    return spec


def note(ctx: ReportContext) -> str:
    if ctx.oversized:
        return not_copied_note(ctx)
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


def _unavailable(spec: SheetSpec, ctx: ReportContext, r: int) -> int:
    """The KPIs the data cannot give and why, from row ``r``; return the last row used."""
    missing = dict(getattr(ctx.result, "unavailable", {}) or {})
    if not missing:
        spec.put(r, NOTES, "Every report KPI could be computed from the data.", "note")
        return r
    spec.section(r, "Not available", NOTES, new_page=False)
    r += 1
    spec.header(r, NOTES, ["KPI", "Reason"])
    for kpi, reason in missing.items():
        r += 1
        spec.put(r, NOTES, ctx.info(kpi).title, "label")
        spec.put(r, NOTES + 1, f"not available: {reason}", "note")
    return r


# What the readings Definitions used states that are not options are about: the
# catalogue title of the KPI(s) a key names, and these words for the part after the dot.
_ASPECTS = {"lost": "customers lost", "window": "months counted", "blank_cost": "a blank cost"}


def reading_label(key: str) -> str:
    """The catalogue titles a reading's key names, never the key itself.

    >>> reading_label("clv.window"), reading_label("device_share, source_share")
    ('Customer lifetime value: months counted', 'Device share, Traffic source share')
    """
    names = []
    for part in key.split(","):
        kpi, _, aspect = part.strip().partition(".")
        try:
            title = by_id(kpi).title
        except XlkpiError:
            title = {"mrr_bridge": "MRR bridge", "preset": "Definition preset"}.get(kpi, kpi)
        aspect = _ASPECTS.get(aspect, aspect.replace("_", " "))
        names.append(f"{title}: {aspect}" if aspect else title)
    return ", ".join(names)


def readable(key: str, value: str) -> tuple[str, str]:
    """A Definitions used row as a reader reads it: what is chosen, and the choice, in
    the option's words (its declared documentation), never its ids.

    >>> readable("refund_rate.basis", "count")
    ('What the refund and return rates count', 'orders')
    """
    try:
        opt = by_name(key)
    except XlkpiError:
        return reading_label(key), value
    choice = next((c for c in opt.choices if c.value == value), None)
    label = opt.doc[:1].upper() + opt.doc[1:]
    return label, words(choice.doc) if choice else value


def words(text: str) -> str:
    """``text`` with each `kpi_id` in backticks as the KPI's catalogue title.

    >>> words("needs `new_customers`")
    'needs New customers'
    """

    def title(m: re.Match) -> str:
        try:
            return by_id(m[1]).title
        except XlkpiError:
            return m[1]

    return re.sub(r"`([^`]+)`", title, text)


def _options(spec: SheetSpec, ctx: ReportContext) -> int:
    """Definitions used, its header on the KPI table's; return the last row used."""
    r = HEADER_ROW - 1
    spec.section(r, "Definitions used", NOTES, new_page=False)
    r += 1
    spec.header(r, NOTES, ["Definition", "As used in this report"])
    options = dict(getattr(ctx.result, "options", {}) or {})
    rows_ = [("Currency", ctx.currency)]
    for key, value in options.items():
        if key in ("period", "as_of"):  # in every sheet's subtitle
            continue
        rows_.append(readable(key, str(value)))
    for key, value in rows_:
        r += 1
        spec.put(r, NOTES, key, "label")
        spec.put(r, NOTES + 1, value, "cell")
    return r


def not_copied_note(ctx: ReportContext) -> str:
    """What a report says of its tables larger than an Excel sheet (xlkpi.sources.big)."""
    over = ", ".join(f"{TABLES[n].title} ({rows:,} rows)" for n, rows in ctx.oversized.items())
    if ctx.embed:
        live = " Bold 'Latest' values over the copied tables are live formulas."
    else:  # the tables that fit are not copied either
        why = ctx.raw_note or f"{ctx.raw_rows:,} rows is too large to copy into the report"
        live = f" The other tables are not copied either ({why}): every number is a value."
    return (
        f"{over}: larger than an Excel sheet, not copied into this workbook; the KPIs over "
        f"{'them' if len(ctx.oversized) > 1 else 'it'} are values computed by the engine "
        f"where the data is.{live}"
    )


def subtitle(ctx: ReportContext) -> str:
    """Source, as-of date, period grain and currency, for the Dashboard's subtitle."""
    parts = [f"Source: {getattr(ctx.raw, 'source', '') or 'data'}"]
    if ctx.as_of is not None:
        parts.append(f"as of {pd.Timestamp(ctx.as_of):%Y-%m-%d}")
    parts.append(f"{ctx.result.settings.period} periods")
    parts.append(f"currency {ctx.currency}")
    return " · ".join(parts)
