"""Data quality: every non-fatal problem found in the raw data, and the rows each table gave.

Each finding in a raw table gets the address of its cell in the embedded raw sheet, as a
link to it (``HYPERLINK("#'Orders data'!D3", ...)``), and the report KPIs reading that
column (the catalogue's ``needs``).
"""

from __future__ import annotations

import numpy as np

from xlkpi.data.contract import TABLES
from xlkpi.report.formulas import quote_sheet
from xlkpi.report.sheets._common import excel_table, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.notes import wrapped
from xlkpi.report.workbook import Formula, SheetSpec


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Data quality")
    for i, w in enumerate([18, 8, 14, 16, 42, 18, 24], start=1):  # fits a page at 100 %
        spec.width(i, w)
    problems = list(getattr(ctx.raw, "problems", []) or [])
    r = heading(
        spec,
        "Data quality",
        f"{len(problems):,} finding(s) in the raw data; none of them stopped the report.",
    )
    spec.section(r, "Rows used per table (up to the as-of date)", new_page=False)
    r += 1
    spec.header(r, 1, ["Table", "Rows read", "Rows used"])
    used = dict(getattr(ctx.result, "rows_used", {}) or {})
    for name, table in ctx.raw.tables.items():
        r += 1
        spec.row(
            r,
            1,
            [table.sheet or name, len(table.frame), used.get(name)],
            "cell",
            [None, "#,##0", "#,##0"],
        )
    for name, rows in ctx.oversized.items():  # counted where the data is: not copied
        r += 1
        title = f"{TABLES[name].title} (not copied)"
        spec.row(r, 1, [title, rows, used.get(name)], "cell", [None, "#,##0", "#,##0"])
    r = _sources(spec, r, problems)
    r += 2
    spec.section(r, "Findings")
    if problems and not ctx.embed:
        spec.put(r, 3, "Raw data not embedded: no cell addresses in this report.", "note")
    r += 1
    top = r
    spec.header(r, 1, ["Sheet", "Row", "Column", "Value", "Problem", "Cell", "KPIs affected"])
    locate = Locator(ctx)
    kpis: dict[tuple, str] = {}  # (table, column) -> affected KPIs: once, not per finding
    for p in problems:
        r += 1
        value = (
            p.value if isinstance(p.value, int | float | str) or p.value is None else str(p.value)
        )
        table, column, address = locate(p)
        link = None
        if address:
            text = address.replace("'", "")
            link = Formula(f'=HYPERLINK("#{address}","{text}")', text)
        spec.row(r, 1, [p.sheet, p.row], "cell")
        spec.put(r, 6, link, "link" if link else "cell")
        if (table, column) not in kpis:
            kpis[(table, column)] = ", ".join(affected(ctx, table, column))
        long = [(3, p.column), (5, p.message), (7, kpis[(table, column)])]
        if isinstance(value, str):
            long.append((4, value))
        else:
            spec.put(r, 4, value, "wrap")
        wrapped(spec, r, [(c, c, "" if t is None else str(t)) for c, t in long])
    if not problems:
        r += 1
        spec.put(r, 1, "No problems found.", "note")
    else:
        excel_table(spec, "Data quality", top, 1, 7, r - top, style="TableStyleLight15")
    return spec


def _sources(spec: SheetSpec, r: int, problems: list) -> int:
    """The exports an adapter or a mapping read (xlkpi.adapters): file, adapter, what it did."""
    from xlkpi.data.raw import SOURCE_NOTE

    notes = [p for p in problems if p.column in (SOURCE_NOTE, "(file)")]  # and not used
    if not notes:
        return r
    r += 2
    spec.section(r, "Sources: exports read as downloaded", new_page=False)
    r += 1
    spec.header(r, 1, ["File", "Read by", "Rows read, left out and why"])
    for p in notes:
        r += 1
        by = str(p.value) if p.column == SOURCE_NOTE else "(not used)"
        spec.row(r, 1, [p.sheet, by, p.message], "cell")
    return r


class Locator:
    """``locate(problem)`` -> (table, canonical column, address in the embedded raw sheet).

    Any part it cannot find is ``None`` (a Settings or Targets finding, a row the table
    does not hold, raw data not embedded).
    """

    def __init__(self, ctx: ReportContext):
        self.ctx = ctx
        self.by_sheet = {t.sheet: (name, t) for name, t in ctx.raw.tables.items()}

    def __call__(self, p):
        hit = self.by_sheet.get(p.sheet)
        if hit is None:
            return None, None, None
        name, table = hit
        typed = {str(v).strip().lower(): k for k, v in (table.headers or {}).items()}
        column = typed.get(str(p.column).strip().lower())
        if column is None and p.column in table.frame.columns:
            column = p.column
        ref = self.ctx.refs.get(name)
        if column is None or ref is None or str(column) not in ref.columns or p.row is None:
            return name, column, None  # (a warehouse row has no number: its key is said)
        rows = np.asarray(table.rows)
        i = int(np.searchsorted(rows, p.row))
        if i >= len(rows) or rows[i] != p.row:
            return name, column, None
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(ref.columns[str(column)])
        return name, column, f"{quote_sheet(ref.sheet)}!{letter}{i + 2}"


def affected(ctx: ReportContext, table: str | None, column: str | None) -> list[str]:
    """Titles of the report KPIs that read ``table.column`` (catalogue needs)."""
    if table is None or column is None:
        return []
    from xlkpi.kpi.catalogue import report_kpis

    settings = ctx.result.settings
    return [
        entry.title
        for entry in report_kpis()
        if any(
            t == table and column in cols
            for t, cols in (*entry.needs_for(settings), *entry.optional)
        )
    ]
