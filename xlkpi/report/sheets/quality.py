"""Data quality: every non-fatal problem found in the raw data, and the rows each table gave."""

from __future__ import annotations

from xlkpi.report.sheets._common import excel_table, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import SheetSpec


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Data quality")
    for i, w in enumerate([20, 10, 22, 24, 70], start=1):
        spec.width(i, w)
    problems = list(getattr(ctx.raw, "problems", []) or [])
    r = heading(
        spec,
        "Data quality",
        f"{len(problems):,} finding(s) in the raw data; none of them stopped the report.",
    )
    spec.put(r, 1, "Rows used per table (up to the as-of date)", "section")
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
    r += 2
    spec.put(r, 1, "Findings", "section")
    r += 1
    top = r
    spec.header(r, 1, ["Sheet", "Row", "Column", "Value", "Problem"])
    for p in problems:
        r += 1
        value = (
            p.value if isinstance(p.value, int | float | str) or p.value is None else str(p.value)
        )
        spec.row(r, 1, [p.sheet, p.row, p.column, value, p.message], "cell")
    if not problems:
        r += 1
        spec.put(r, 1, "No problems found.", "note")
    else:
        excel_table(spec, "Data quality", top, 1, 5, r - top, style="TableStyleLight15")
    spec.title_rows = f"{top}:{top}"
    return spec
