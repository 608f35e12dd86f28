"""The NPS sheet's steps 1-2 where the responses are not listed one by one: each period's
promoters, passives, detractors and responses (:func:`xlkpi.engine.compare.nps_group_counts`)
in the place of the response list, and the summary's counts (steps 3-5) point at the
latest period's row. Two cases:

- the NPS table is larger than an Excel sheet (not copied): values counted by the engine
  where the data is;
- the NPS data sheet holds more responses than the sheet lists (``nps.LIST_LIMIT``): the
  counts the NPS KPIs were computed from, the latest period's a live ``COUNTIFS`` over the
  NPS data sheet per group (``live``) and the responses their sum, unless the formulas do
  not implement the options in force.
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl.utils import get_column_letter

from xlkpi.engine.compare import nps_group_counts
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import Formula, SheetSpec

COUNTED = ["Promoters", "Passives", "Detractors", "Responses"]  # the engine's order
# group label -> the COUNTIFS of that group in the latest period, over the NPS data sheet
LiveCount = Callable[[str], str]


def counted_steps(
    spec: SheetSpec,
    ctx: ReportContext,
    top: int,
    col: int,
    groups: list[str],
    live: LiveCount | None = None,
) -> dict[str, tuple[str, int]] | None:
    """Write the counts table with its header on row ``top`` from column ``col``: values;
    with ``live``, the latest period's row is formulas (each group's count and the
    responses' sum), cached with the counts: one COUNTIFS scans the whole data sheet, so
    one per period would cost the recalculation periods x rows. Return the latest
    period's count of each of ``groups`` (label -> (formula to its cell, its value)): {}
    when that period has none, None when there are no counts."""
    counts = nps_group_counts(ctx.raw, ctx.result)
    if counts is None:
        return None
    counts = counts.reindex(ctx.labels)
    how = "where the data is" if ctx.oversized.get("nps") else "by xlkpi"
    if live:
        how += "; the latest period by COUNTIFS over the NPS data sheet"
    elif not ctx.oversized.get("nps"):
        how += " (the formulas lack an option in force)"
    title = f"Steps 1-2: the responses of each period counted by group, {how}"
    spec.section(top - 1, title, col, new_page=False)  # for the screen: not printed
    spec.header(top, col, ["Period", *COUNTED])
    first, last = (get_column_letter(col + 1 + j) for j in (0, len(groups) - 1))
    for i, label in enumerate(ctx.labels):
        r = top + 1 + i
        spec.put(r, col, label, "strong")
        values = counts.loc[label].tolist()
        if live is None or label != ctx.labels[-1] or counts.loc[label].isna().any():
            spec.row(r, col + 1, values, "cell", ["#,##0"] * len(COUNTED), na="dash")
            continue  # "–": no answers counted there
        for j, group in enumerate(groups):
            value = int(values[COUNTED.index(group + "s")])
            spec.put(r, col + 1 + j, Formula(live(group), value), "live", "#,##0")
        total = Formula(f"=SUM({first}{r}:{last}{r})", int(values[-1]))
        spec.put(r, col + 1 + len(groups), total, "live", "#,##0")
    for j, width in enumerate([12, 11, 11, 11, 11]):
        spec.width(col + j, width)
    last_row = counts.iloc[-1] if len(counts) else None
    if last_row is None or not last_row.notna().all():  # no answers counted in the latest period
        return {}
    latest = top + len(ctx.labels)
    cells = {g: f"${get_column_letter(col + 1 + COUNTED.index(g + 's'))}${latest}" for g in groups}
    return {g: (f"={cells[g]}", int(last_row.iloc[COUNTED.index(g + "s")])) for g in groups}


def subtitle(ctx: ReportContext, list_limit: int) -> str:
    """The NPS sheet's A2: where its numbers come from, and why the responses are not
    listed one by one when they are not (beyond a sheet, or more than ``list_limit``)."""
    if "nps" in ctx.oversized:
        where = getattr(ctx.raw, "where", None)
        limit = getattr(where, "limit", None) or 1_048_575
        return (
            f"Values computed by the engine where the data is. The individual responses "
            f"are not listed: the NPS table has {ctx.oversized['nps']:,} rows, more than an "
            f"Excel sheet holds ({limit:,} data rows); steps 1-2 (column L) are each period's "
            "responses counted by group where the data is, and no formula reads the table."
        )
    if not ctx.embed:
        return "Values computed by xlkpi (raw data not embedded in this report)."
    text = "The five steps of the manual Excel workflow, as live formulas over the NPS data sheet."
    ref = ctx.refs.get("nps")
    if ref is not None and ref.rows > list_limit:
        text += (
            f" The individual responses are not listed: the NPS data sheet has {ref.rows:,} "
            f"rows, more than {list_limit:,}; steps 1-2 (column L) are each period's responses "
            "counted by group, the latest period's with COUNTIFS over it."
        )
    return text
