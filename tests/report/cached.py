"""Every formula cell of a report carries its Python value as the cached result, and that
value is what LibreOffice computes when it recalculates the workbook."""

from __future__ import annotations

import datetime as dt
import functools
import os
from types import SimpleNamespace

import pytest
from openpyxl.utils import coordinate_to_tuple, get_column_letter

from tests.support import xlsx_cells


@functools.lru_cache(maxsize=2)
def _read(path: str, stamp: tuple) -> tuple[dict, list]:
    return xlsx_cells.read(path)


def _cells(path) -> tuple[dict, list]:
    """(values, formula cells) of a file: parsed once while it is unchanged (a test reads a
    report's values and its formulas; tests/support/xlsx_cells.py is openpyxl's reading)."""
    stat = os.stat(path)
    return _read(os.path.abspath(path), (stat.st_mtime_ns, stat.st_size, stat.st_ino))


def cell_values(path) -> dict[tuple[str, str], object]:
    """(sheet, cell) -> value as a viewer shows it (cached results for formulas): what
    ``openpyxl.load_workbook(path, read_only=True, data_only=True)`` gives each stored cell."""
    if isinstance(path, dict):
        return path
    return dict(_cells(path)[0])


def formula_cells(path) -> list[tuple[str, str]]:
    """(sheet, cell) of every formula the report wrote (openpyxl's data type "f")."""
    return list(_cells(path)[1])


class SheetValues:
    """One sheet's stored values read as a loaded openpyxl sheet gives them (data_only):
    ``ws["C9"].value``, ``ws.cell(row, column).value`` (None where no cell is stored),
    ``ws.max_row`` and ``ws.iter_rows(values_only=True)`` (every row from 1, as wide as the
    widest)."""

    def __init__(self, cells: dict[str, object]):
        self._cells = cells

    def __getitem__(self, ref: str):
        return SimpleNamespace(value=self._cells.get(ref), coordinate=ref)

    def cell(self, row: int, column: int):
        return self[f"{get_column_letter(column)}{row}"]

    @property
    def max_row(self) -> int:
        return max((coordinate_to_tuple(ref)[0] for ref in self._cells), default=1)

    def iter_rows(self, *, values_only: bool):
        assert values_only, "only values are stored"
        at = {coordinate_to_tuple(ref): value for ref, value in self._cells.items()}
        width = max((c for _, c in at), default=1)
        for r in range(1, max((r for r, _ in at), default=1) + 1):
            yield tuple(at.get((r, c)) for c in range(1, width + 1))


def sheet_values(values: dict[tuple[str, str], object]) -> dict[str, SheetValues]:
    """Sheet title -> its :class:`SheetValues`, from :func:`cell_values`."""
    sheets: dict[str, dict] = {}
    for (sheet, ref), value in values.items():
        sheets.setdefault(sheet, {})[ref] = value
    return {title: SheetValues(cells) for title, cells in sheets.items()}


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
