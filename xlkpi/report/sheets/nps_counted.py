"""The NPS sheet's steps 1-2 where the NPS table is larger than an Excel sheet (not copied):
each period's promoters, passives, detractors and responses counted by the engine where
the data is (:func:`xlkpi.engine.compare.nps_group_counts`), values in the place of the
response list. The summary's counts (steps 3-5) point at the latest period's row."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from xlkpi.engine.compare import nps_group_counts
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import SheetSpec

COUNTED = ["Promoters", "Passives", "Detractors", "Responses"]  # the engine's order


def counted_steps(
    spec: SheetSpec, ctx: ReportContext, top: int, col: int, groups: list[str]
) -> dict[str, tuple[str, int]] | None:
    """Write the counts table with its header on row ``top`` from column ``col``. Return
    the latest period's count of each of ``groups`` (label -> (formula to its cell, its
    value)): {} when that period has none, None when the NPS table is copied."""
    counts = nps_group_counts(ctx.raw, ctx.result.settings)
    if counts is None:
        return None
    counts = counts.reindex(ctx.labels)
    title = "Steps 1-2: the responses of each period counted by group, where the data is"
    spec.section(top - 1, title, col, new_page=False)  # for the screen: not printed
    spec.header(top, col, ["Period", *COUNTED])
    for i, label in enumerate(ctx.labels):
        r = top + 1 + i
        spec.put(r, col, label, "strong")
        values = counts.loc[label].tolist()
        spec.row(r, col + 1, values, "cell", ["#,##0"] * len(COUNTED), na="dash")
    for j, width in enumerate([12, 11, 11, 11, 11]):
        spec.width(col + j, width)
    last = counts.iloc[-1] if len(counts) else None
    if last is None or not last.notna().all():  # no answers counted in the latest period
        return {}
    latest = top + len(ctx.labels)
    cells = {g: f"${get_column_letter(col + 1 + COUNTED.index(g + 's'))}${latest}" for g in groups}
    return {g: (f"={cells[g]}", int(last.iloc[COUNTED.index(g + "s")])) for g in groups}
