"""Acquisition: spend, clicks, CTR, CPC, new customers, CAC and ROAS per channel; CAC mix."""

from __future__ import annotations

import math

from openpyxl.utils import get_column_letter

from xlkpi.kpi.options import CAC_BASIS
from xlkpi.report.declared import Declared, fallback_note, setting
from xlkpi.report.sheets._common import chart, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.notes import footnote, why
from xlkpi.report.workbook import PAGE_POINTS, Formula, SheetSpec, plain

CHANNEL_COLUMNS = [
    ("Channel", "channel", None),
    ("Spend", "spend", "money"),
    ("Clicks", "clicks", "count"),
    ("Impressions", "impressions", "count"),
    ("CTR", "ctr", "rate"),
    ("CPC", "cpc", "money"),
    ("New customers", "new_customers", "count"),
    ("CAC", "cac", "money"),
    ("Revenue", "revenue", "money"),
    ("ROAS", "roas", "ratio"),
]
RATIOS = {"ctr", "cpc", "cac", "roas"}
PERIOD_KPIS = [
    "new_customers",
    "cac",
    "marketing_pct_of_cac",
    "marketing_originated_pct",
    "cpa",
    "cpc",
    "ctr",
    "roi",
]
TOP = 5
# The Total row's CAC formula divides the Spend column (marketing + sales) by the new
# customers: the fully loaded basis. Under another basis the Total is KPI Data's value.
TOTAL_CAC = Declared({CAC_BASIS: (CAC_BASIS.FULLY_LOADED,)})


def _total_row(spec: SheetSpec, ctx: ReportContext, r: int, first: int, last: int) -> None:
    spec.put(r, 1, "Total", "strong")
    missing = TOTAL_CAC.unsupported(["cac"], ctx.result.settings)

    def col(key):
        return get_column_letter(1 + [c for _, c, _ in CHANNEL_COLUMNS].index(key))

    for i, (_, key, unit) in enumerate(CHANNEL_COLUMNS[1:], start=2):
        letter = get_column_letter(i)
        if key in ("spend", "clicks", "impressions", "new_customers", "revenue"):
            cells = f"{letter}{first}:{letter}{last}"
            f = f"=IF(COUNT({cells})=0,NA(),SUM({cells}))"  # no data at all is not 0
        else:
            num, den = {
                "ctr": ("clicks", "impressions"),
                "cpc": ("spend", "clicks"),
                "cac": ("spend", "new_customers"),
                "roas": ("revenue", "spend"),
            }[key]
            top = f"{col(num)}{r}"
            if key in ("ctr", "cpc"):  # only the channels that report the denominator
                rows = f"{first}:{{c}}{last}"
                top = (
                    f"SUMIFS({col(num)}{rows.format(c=col(num))},"
                    f'{col(den)}{rows.format(c=col(den))},"<>")'
                )
            f = f"=IF(OR(NOT(ISNUMBER({col(den)}{r})),{col(den)}{r}=0),NA(),{top}/{col(den)}{r})"
        if key == "cac" and missing is not None:
            value = ctx.result.channels.attrs["cac"]
            cell = spec.put(r, i, value, "strong", ctx.fmt(unit), na="dash")
            spec.comments[cell] = fallback_note(missing)
            continue
        spec.put(r, i, Formula(f, _total(spec, key, r, first, last)), "strong", ctx.fmt(unit))


def _numbers(spec: SheetSpec, col: int, first: int, last: int) -> list[float]:
    """The values of cells ``col``, rows first..last, NaN where not a number."""
    out = []
    for r in range(first, last + 1):
        put = spec.cells.get((r, col))
        value = plain(put.value) if put is not None else None
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        out.append(float(value) if numeric else math.nan)
    return out


def _total(spec: SheetSpec, key: str, r: int, first: int, last: int) -> float:
    """The Python value of the Total row's formula for column ``key`` (NaN: #N/A)."""
    keys = [c for _, c, _ in CHANNEL_COLUMNS]

    def values(k):
        return _numbers(spec, 1 + keys.index(k), first, last)

    if key in ("spend", "clicks", "impressions", "new_customers", "revenue"):
        numbers = [v for v in values(key) if math.isfinite(v)]
        return math.fsum(numbers) if numbers else math.nan
    num, den = {
        "ctr": ("clicks", "impressions"),
        "cpc": ("spend", "clicks"),
        "cac": ("spend", "new_customers"),
        "roas": ("revenue", "spend"),
    }[key]
    below = _total(spec, den, r, first, last)
    if key in ("ctr", "cpc"):  # SUMIFS over the channels that report the denominator
        pairs = zip(values(num), values(den), strict=True)
        top = math.fsum(n for n, d in pairs if math.isfinite(d) and math.isfinite(n))
    else:
        top = _total(spec, num, r, first, last)
    return top / below if math.isfinite(below) and below != 0 else math.nan


def _channels(spec: SheetSpec, ctx: ReportContext) -> int:
    table = getattr(ctx.result, "channels", None)
    if table is None or not len(table):
        spec.put(
            TOP,
            1,
            "No channel table: needs sheet Spend with columns date, channel, category, amount.",
            "note",
        )
        return TOP + 2
    labels = ctx.labels
    span = f"{labels[0]} to {labels[-1]}" if labels else ""
    spec.section(TOP - 1, f"By channel, whole report range ({span})", new_page=False)
    spec.header(TOP, 1, [t for t, _, _ in CHANNEL_COLUMNS])
    r = TOP
    for row in table.itertuples(index=False):
        r += 1
        for i, (title, key, unit) in enumerate(CHANNEL_COLUMNS, start=1):
            value = getattr(row, key, None)
            value = ctx.shown(value, "channel") if i == 1 and isinstance(value, str) else value
            spec.put(
                r,
                i,
                value,
                "label" if i == 1 else "cell",
                ctx.fmt(unit) if unit else None,
                na="dash" if key in RATIOS else "blank",  # a blank: nothing recorded
                why=(title, why(ctx, key)[1]) if key in RATIOS else None,
            )
    _total_row(spec, ctx, r + 1, TOP + 1, r)
    below = max(r + 4, footnote(spec, r + 2) + 2)  # charts below the table and its footnote
    charts = [  # (column, title, y axis, number format, anchor column)
        (8, "CAC by channel", "CAC", ctx.fmt("money"), "A"),
        (10, "ROAS by channel", "Revenue / spend", '0.0"x"', "E"),
        (2, "Spend by channel", "Spend", ctx.fmt("money"), "I"),
    ]
    for col, title, y_title, fmt, anchor in charts:
        spec.chart(
            chart(
                "bar",
                title,
                cats=(1, TOP + 1, r),
                series=[(col, TOP, r)],
                x_title="Channel",
                y_title=y_title,
                fmt=fmt,
                width=12,
                height=6.5,
                outliers=True,
            ),
            f"{anchor}{below}",
        )
    bottom = spec.below_charts(below)
    if spec.points(1, bottom) > PAGE_POINTS:  # a long channel list: charts on a new page
        spec.breaks.append(below)
    return bottom + 1


def _per_period(spec: SheetSpec, ctx: ReportContext, r: int) -> None:
    kpis = [k for k in PERIOD_KPIS if ctx.has(k)]
    if not kpis:
        return
    spec.section(r, "Per period")
    r += 1
    spec.header(r, 1, ["Period"] + [ctx.info(k).title for k in kpis])
    latest = ctx.latest.label if ctx.latest else None
    for label in ctx.labels:
        r += 1
        spec.put(r, 1, label, "strong")
        for i, kpi in enumerate(kpis, start=2):
            live = ctx.live(kpi) if label == latest else None
            if live is not None:
                cell = spec.put(r, i, live, "live", ctx.fmt(kpi))
                spec.check(cell, kpi, label)
            else:
                value = ctx.value(kpi, label)
                cell = spec.put(
                    r, i, value, "cell", ctx.fmt(kpi), na="dash", why=why(ctx, kpi, label)
                )
                spec.comments[cell] = ctx.fallback(kpi) if label == latest else None
    footnote(spec, r + 2)


def _cac_words(ctx: ReportContext) -> str:
    """What acquisition cost counts under the ``cac_basis`` in force (its declared words)."""
    basis = setting(ctx.result.settings, CAC_BASIS)
    return next(c.doc for c in CAC_BASIS.choices if c.value == basis)


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Acquisition")
    for i, w in enumerate([16, 14, 12, 14, 10, 12, 14, 13, 14, 10], start=1):
        spec.width(i, w)
    heading(
        spec,
        "Acquisition",
        "Sales and marketing cost against the customers it brought. "
        f"CAC = acquisition cost / new customers (acquisition cost: {_cac_words(ctx)}); "
        "ROAS = revenue / spend.",
    )
    r = _channels(spec, ctx)
    _per_period(spec, ctx, r)
    return spec
