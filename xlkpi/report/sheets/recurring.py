"""Recurring revenue: MRR, ARR, the MRR bridge per month, NRR, revenue churn, quick ratio."""

from __future__ import annotations

import math

from xlkpi.report import comparisons as cmp
from xlkpi.report.sheets._common import BARS, chart, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.notes import footnote, why
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
    spec.section(TOP - 1, "Per period", new_page=False)
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
                value = ctx.value(kpi, label)
                cell = spec.put(
                    r, i, value, "cell", ctx.fmt(kpi), na="dash", why=why(ctx, kpi, label)
                )
                spec.comments[cell] = ctx.fallback(kpi) if label == latest else None
    below = max(r + 3, footnote(spec, r + 2) + 2)
    if "mrr" in kpis and r > TOP:
        cut = r - TOP > BARS
        partial = cmp.partial_text(ctx, short=True)  # the latest period so far: hatched
        spec.chart(
            chart(
                "bar",
                "MRR per period"
                + (f", last {BARS}" if cut else "")
                + (f" (last: {partial})" if partial else ""),
                cats=(1, TOP + 1, r),
                series=[(2, TOP, r)],
                x_title="Period",
                y_title="MRR",
                fmt=ctx.fmt("money"),
                width=15,
                height=7.5,
                last_n=BARS if cut else None,
                partial=bool(partial),
            ),
            f"A{below}",
        )
    return below


def _number(value) -> float:
    return math.nan if value is None else float(value)


def _bridge(spec: SheetSpec, ctx: ReportContext, chart_row: int) -> None:
    """The bridge table below the charts; its movements chart next to the MRR chart."""
    bridge = getattr(ctx.result, "mrr_bridge", None)
    if bridge is None or not len(bridge):
        return
    r = chart_row + 16  # below both 7.5 cm charts (about 14 rows)
    spec.header(r, 1, ["Month"] + [t for t, _ in BRIDGE] + ["Check"])
    top = r
    money = ctx.fmt("money")
    for row in bridge.itertuples(index=False):
        r += 1
        spec.put(r, 1, str(row.period), "strong")
        spec.row(r, 2, [getattr(row, k) for _, k in BRIDGE], "cell", money, na="dash")
        b, c, d, e, f, g, h = (_number(getattr(row, k)) for _, k in BRIDGE)
        check = excel_round(b + c + d + g - e - f - h, 2)
        terms = "+".join(f"N({c}{r})" for c in "BCDG") + "".join(f"-N({c}{r})" for c in "EFH")
        formula = Formula(f"=ROUND({terms},2)", check)  # N(): a "–" counts 0, as _number
        spec.put(r, 9, formula, "cell", money)
    spec.put(r + 1, 1, "Check = 0 when the bridge adds up to the cent.", "note")
    if r > top:
        _waterfall(spec, ctx, bridge.iloc[-1], top, chart_row)


STEPS = [  # the waterfall of one month: (label, bridge column, +1 up / -1 down / 0 a level)
    ("Opening", "opening", 0),
    ("New", "new", 1),
    ("Expansion", "expansion", 1),
    ("Reactivation", "reactivation", 1),
    ("Contraction", "contraction", -1),
    ("Churned", "churned", -1),
    ("Closing", "closing", 0),
]
# The waterfall's helper table (Base / Increase / Decrease / Level): right of the chart, in
# hidden columns that neither show nor print; the chart reads hidden cells.
WATERFALL_COL = 20  # column T


def waterfall_rows(row) -> list[tuple[str, float, float, float, float]]:
    """(step, base, increase, decrease, level) per step of one bridge row: stacked columns
    standing on an invisible base draw the bridge, churn and contraction going down.

    >>> import pandas as pd
    >>> row = pd.Series({"opening": 100.0, "new": 20.0, "expansion": 5.0,
    ...                  "reactivation": 0.0, "contraction": 10.0, "churned": 15.0,
    ...                  "closing": 100.0})
    >>> [r[1:] for r in waterfall_rows(row)][4:]
    [(115.0, 0.0, 10.0, 0.0), (100.0, 0.0, 15.0, 0.0), (0.0, 0.0, 0.0, 100.0)]
    """
    out, level = [], 0.0
    for label, key, sign in STEPS:
        value = _number(row[key])
        value = 0.0 if math.isnan(value) else value
        if sign == 0:
            level = value
            out.append((label, 0.0, 0.0, 0.0, value))
        elif sign > 0:
            out.append((label, level, value, 0.0, 0.0))
            level += value
        else:
            level -= value
            out.append((label, level, 0.0, value, 0.0))
    return out


def step_formats(money: str) -> tuple[str, str, str]:
    """Data-label formats of a waterfall's (increase, decrease, level) columns, whole units;
    a zero step (the other columns of a step) shows no label.

    >>> step_formats('"$"#,##0.00;-"$"#,##0.00')
    ('+"$"#,##0;;;', '-"$"#,##0;;;', '"$"#,##0;-"$"#,##0;;')
    """
    unit = money.split(";")[0].replace("#,##0.00", "#,##0")
    return f"+{unit};;;", f"-{unit};;;", f"{unit};-{unit};;"


def _waterfall(spec: SheetSpec, ctx: ReportContext, row, top: int, chart_row: int) -> None:
    c = WATERFALL_COL
    spec.put(top - 1, c, f"Waterfall of {row.period}", "section")
    spec.header(top, c, ["Step", "Base", "Increase", "Decrease", "Level"])
    money = ctx.fmt("money")
    for i, values in enumerate(waterfall_rows(row), start=1):
        spec.put(top + i, c, values[0], "label")
        spec.row(top + i, c + 1, list(values[1:]), "cell", money)
    last = top + len(STEPS)
    for j in range(5):
        spec.width(c + j, 13)
    spec.hidden_cols.append((c, c + 4))
    up, down, level = step_formats(money)
    spec.chart(
        chart(
            "bar",
            f"MRR bridge, {row.period} (axis from 0)",
            cats=(c, top + 1, last),
            series=[(c + j, top, last) for j in range(1, 5)],
            x_title="",
            y_title="MRR",
            fmt=money,
            width=17,
            height=7.5,
            stacked=[None, "2E7D32", "C62828", "1F4E79"],
            y_min=0.0,  # from zero: a +6 % step never looks like 3x the opening
            value_labels=[None, up, down, (level, "inEnd", "FFFFFF")],
            hidden_data=True,
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
    chart_row = _per_period(spec, ctx, kpis)
    # One printed page (after the per-period table) for the charts and the bridge below
    # them: the page starts at the heading, so the charts are never split.
    spec.section(
        chart_row - 1,
        "MRR, and the bridge per month: opening + new + expansion + reactivation - "
        "contraction - churned = closing",
    )
    _bridge(spec, ctx, chart_row)
    return spec
