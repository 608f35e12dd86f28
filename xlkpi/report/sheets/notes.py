"""Text where people read: "–" footnotes (what is not defined and why) and long texts
wrapped inside their columns, so a sheet prints one page wide at a readable size."""

from __future__ import annotations

import math

from xlkpi.report.workbook import DASH, SheetSpec


def wrapped(spec: SheetSpec, row: int, cells: list[tuple[int, int, str]]) -> None:
    """Long texts in a row, each wrapped over columns first..last (merged when more than
    one): ``cells`` = [(first, last, text)]; the row is made tall enough for the longest,
    so it prints at the sheet's scale instead of widening the page."""
    from openpyxl.utils import get_column_letter

    lines = 1
    for first, last, text in cells:
        spec.put(row, first, text, "wrap")
        for col in range(first + 1, last + 1):
            spec.put(row, col, "", "wrap")
        if last > first:
            spec.merges.append(f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}")
        chars = sum(spec.widths.get(c, 8.43) for c in range(first, last + 1))
        lines = max(
            lines, *(math.ceil(len(p) / max(chars * 1.15 - 1, 1)) for p in str(text).split("\n"))
        )
    if lines > 1:
        spec.row_heights[row] = max(spec.row_heights.get(row, 0), 13.5 * lines + 3)


def footnote(spec: SheetSpec, row: int, col: int = 1) -> int:
    """Under a table: what "–" means there, with each KPI's reason (kept by ``put`` /
    ``row`` with ``na="dash"``), on one line when it fits; return the last row used
    (``row - 1`` when the table shows no "–")."""
    if not spec.dashes:
        return row - 1
    lines = [f"{what}: {reason}" for what, reason in spec.dashes.items()]
    spec.dashes = {}
    lead = f"{DASH} = not defined (never a zero)"
    if len(lead) + sum(len(x) + 2 for x in lines) <= 140:
        spec.put(row, col, f"{lead}: " + "; ".join(lines) + ".", "note")
        return row
    spec.put(row, col, f"{lead}:", "note")
    for r, line in enumerate(lines, start=row + 1):
        spec.put(r, col, line, "note")
    return row + len(lines)


def why(ctx, kpi: str, period: str | None = None) -> tuple[str, str]:
    """(KPI title, why it is not defined): the footnote of a "–" (``na="dash"``): the
    definition's denominator must be > 0; a KPI without one has no data, or, in the first
    period, no earlier period to start from."""
    definition = ctx.info(kpi).definition
    if " / " in definition:
        below = definition.rsplit(" / ", 1)[1].split(";")[0].strip(" ()")
        return ctx.info(kpi).title, f"needs {below} > 0"
    periods = ctx.result.periods  # (not ctx.labels: a list built per call, 5,000 calls)
    if periods and period == periods[0].label:
        return ctx.info(kpi).title, "the first period has no earlier one to start from"
    return ctx.info(kpi).title, "no data in the period"
