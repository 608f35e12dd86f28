"""Every formula cell of a report carries its Python value as the cached result, and that
value is what LibreOffice computes when it recalculates the workbook."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest


def _cells(path, *, data_only: bool):
    """(sheet, cell object) of every stored cell, read in openpyxl's fast read-only mode."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        for ws in wb.worksheets:
            ws.reset_dimensions()  # every row of the file, whatever <dimension> says
            for row in ws.iter_rows():
                for cell in row:
                    if getattr(cell, "coordinate", None):  # not an EmptyCell
                        yield ws.title, cell
    finally:
        wb.close()


def cell_values(path) -> dict[tuple[str, str], object]:
    """(sheet, cell) -> value as a viewer shows it (cached results for formulas)."""
    if isinstance(path, dict):
        return path
    return {(title, cell.coordinate): cell.value for title, cell in _cells(path, data_only=True)}


def formula_cells(path) -> list[tuple[str, str]]:
    """(sheet, cell) of every formula the report wrote."""
    return [
        (title, cell.coordinate)
        for title, cell in _cells(path, data_only=False)
        if cell.data_type == "f"
    ]


def _same(cached, computed) -> bool:
    if cached in (None, "") or computed in (None, ""):  # an empty-text result reads as None
        return cached in (None, "") and computed in (None, "")
    if isinstance(cached, bool) or isinstance(computed, bool):
        return cached == computed
    if isinstance(cached, dt.datetime | dt.date) and isinstance(computed, dt.datetime | dt.date):
        return abs(pd_seconds(cached) - pd_seconds(computed)) < 1e-3
    if isinstance(cached, int | float) and isinstance(computed, int | float):
        return computed == pytest.approx(cached, rel=1e-9, abs=1e-9)
    return cached == computed


def pd_seconds(value) -> float:
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return value.timestamp()


def assert_cached_values_match(path, recalculated, cells=None) -> int:
    """Each formula cell's cached value is present and equals LibreOffice's recalculation.

    A cached value may be missing only where the recalculated result is empty text.
    Returns the number of formula cells checked. ``path`` and ``recalculated``: files, or
    their :func:`cell_values`.
    """
    cells = formula_cells(path) if cells is None else cells
    cached = cell_values(path)
    computed = cell_values(recalculated)
    wrong = []
    for sheet, ref in cells:
        mine, theirs = cached.get((sheet, ref)), computed.get((sheet, ref))
        if not _same(mine, theirs):
            wrong.append(f"{sheet}!{ref}: cached {mine!r}, recalculated {theirs!r}")
    assert not wrong, f"{len(wrong)} of {len(cells)} formula cells differ:\n" + "\n".join(
        wrong[:20]
    )
    return len(cells)


def kpi_value(result, kpi, segment, period) -> float:
    """The KPI Data value of (kpi, segment, period); fails unless exactly one row holds it."""
    t = result.table
    hit = t[(t["kpi"] == kpi) & (t["segment"].fillna("") == segment) & (t["period"] == period)]
    assert len(hit) == 1, f"KPI Data has no single row for {kpi}[{segment}] {period}"
    return float(hit["value"].iloc[0])
