"""Reconciliation: the proof inside the workbook that the live cells and the raw data agree
with Python.

Part 1 points at every live headline cell the other sheets recorded (``SheetSpec.checks``)
and sets its value beside the Python (KPI Data) value, with their difference as a formula.
Part 2 ties each embedded raw sheet out: rows read, rows used (dated up to the as-of date)
and the table's money total, as Excel formulas over the raw sheet next to Python's figures.
Every difference is rounded to 6 decimals (floating-point noise between the two engines)
and is 0 after recalculation; ``tests/report/test_recalc_reconciliation.py`` checks that.
"""

from __future__ import annotations

import math

import pandas as pd
from openpyxl.utils import get_column_letter

from xlkpi.data.contract import MONEY_TOTAL, PRIMARY_DATE, TABLES
from xlkpi.report.formulas import excel_date, quote_sheet
from xlkpi.report.sheets._common import excel_table, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import NA, Formula, SheetSpec, excel_round

TITLE = "Reconciliation"
COMPUTED = "xlkpi value"  # the column of what xlkpi computed (KPI Data), beside Excel's
DIGITS = 6  # differences are rounded to this many decimals
TOTALS = MONEY_TOTAL  # table -> the money column it ties out


def build(ctx: ReportContext, specs: list[SheetSpec]) -> SheetSpec:
    """The Reconciliation sheet over the live cells recorded in ``specs``."""
    spec = SheetSpec(TITLE)
    for i, w in enumerate([22, 28, 16, 12, 18, 18, 14], start=1):
        spec.width(i, w)
    checks = [(s.title, *c) for s in specs for c in s.checks]
    r = heading(
        spec,
        TITLE,
        f"{len(checks):,} live cell(s) checked against the value xlkpi computed; every "
        "difference should be 0 "
        f"(rounded to {DIGITS} decimals).",
    )
    spec.section(r, "Live headline cells", new_page=False)
    r += 1
    top = r
    spec.header(r, 1, ["Sheet", "KPI", "Segment", "Period", "Live cell", COMPUTED, "Difference"])
    for sheet, cell, kpi, segment, period in checks:
        r += 1
        value = ctx.value(kpi, period, segment)
        fmt = ctx.fmt(kpi)
        spec.row(r, 1, [sheet, ctx.info(kpi).title, segment, period], "cell")
        spec.put(r, 5, Formula(f"={quote_sheet(sheet)}!{cell}", value), "cell", fmt, na="error")
        spec.put(r, 6, value, "cell", fmt, na="error")
        spec.put(r, 7, _difference(f"E{r}", f"F{r}", value, value), "cell", "0.000000")
    if checks:
        excel_table(spec, TITLE, top, 1, 7, r - top, style="TableStyleLight15")
    else:
        r += 1
        spec.put(r, 1, _no_live_cells(ctx), "note")
    r += 2
    tie_out(spec, ctx, r)
    spec.freeze = f"A{top + 1}"
    return spec


def _difference(live: str, python: str, live_value, python_value) -> Formula:
    """``live - python`` rounded; 0 when neither is a number (undefined on both sides: "–"
    where people read, ``#N/A`` in KPI Data)."""
    text = (
        f"=IF(AND(NOT(ISNUMBER({live})),NOT(ISNUMBER({python}))),0,ROUND({live}-{python},{DIGITS}))"
    )
    lv, pv = _number(live_value), _number(python_value)
    if math.isnan(lv) and math.isnan(pv):
        cached = 0
    elif math.isnan(lv) or math.isnan(pv):
        cached = NA
    else:
        cached = excel_round(lv - pv, DIGITS)
    return Formula(text, cached)


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _no_live_cells(ctx: ReportContext) -> str:
    if not ctx.embed:
        return "Raw data not embedded: the report holds values only, no live cells to check."
    return "No live headline cells in this report."


def tie_out(spec: SheetSpec, ctx: ReportContext, r: int) -> int:
    """Rows read, rows used and totals per raw table: Excel over the raw sheet vs Python."""
    spec.section(r, "Source tie-out")
    if not ctx.embed:
        r += 1
        spec.put(r, 1, "Raw data not embedded: xlkpi's figures only.", "note")
    r += 1
    spec.header(r, 1, ["Raw sheet", "Figure", "Excel", "", "", COMPUTED, "Difference"])
    figures = ctx.result.tie_outs  # rows read and used, money totals: computed, not here
    for name, sheet, columns in _tables(ctx):
        if name not in figures.index:
            continue
        ref = ctx.refs.get(name)
        for label, excel, python, fmt in _figures(ctx, name, columns, figures.loc[name], ref):
            r += 1
            spec.row(r, 1, [ref.sheet if ref else sheet, label], "cell")
            spec.put(r, 6, python, "cell", fmt)
            if excel is not None:
                spec.put(r, 3, Formula(excel, python), "cell", fmt)
                spec.put(r, 7, _difference(f"C{r}", f"F{r}", python, python), "cell", "0.000000")
    return r


def _tables(ctx: ReportContext) -> list[tuple[str, str, list]]:
    """(table, sheet, columns) of every table of the report, then each table larger than a
    sheet (not copied: its figures are the engine's, with no formula beside them)."""
    where = getattr(ctx.raw, "where", None)
    out = [(n, t.sheet or n, list(t.frame.columns)) for n, t in ctx.raw.tables.items()]
    return out + [
        (n, f"{TABLES[n].title} (not copied)", list(where.tables[n].columns))
        for n in TABLES
        if n in ctx.oversized
    ]


def _figures(ctx, name: str, columns: list, figures: pd.Series, ref):
    """(label, Excel formula or None, Python value, format) of one raw table (``figures``:
    its row of the result's ``tie_outs``)."""
    count = "#,##0"
    embedded = ref is not None and ref.rows > 0 and ref.columns
    first = get_column_letter(1)
    rows = f"{quote_sheet(ref.sheet)}!${first}$2:${first}${ref.last_row}" if embedded else ""
    yield "Rows read", f"=ROWS({rows})" if embedded else None, int(figures.rows_read), count
    date = PRIMARY_DATE.get(name)
    stop = _stop(ctx, name)
    when = ""
    if embedded and date in ref.columns and stop is not None:
        when = f'{ref.rng(date)},"<"&{excel_date(stop)}'
    yield "Rows used", f"=COUNTIFS({when})" if when else None, int(figures.rows_used), count
    column = TOTALS.get(name)
    if column is None or column not in columns:
        return
    total = float(figures.total)
    excel = None
    if embedded and column in ref.columns and when:
        excel = f"=SUMIFS({ref.rng(column)},{when})"
    name = "MRR" if column == "mrr" else column  # the column's word, as a reader says it
    yield f"Total {name} (rows used)", excel, total, ctx.fmt("money")


def _stop(ctx, name: str) -> pd.Timestamp | None:
    """The first date not used: the day after as-of (the month after, for monthly rows)."""
    if ctx.as_of is None:
        return None
    as_of = pd.Timestamp(ctx.as_of).normalize()
    if name == "subscriptions":  # a row stands for its month
        return (as_of + pd.offsets.MonthBegin(1)).normalize()
    return as_of + pd.Timedelta(days=1)
