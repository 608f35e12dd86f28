"""A report's live formulas, recalculated by LibreOffice, equal the Python KPI Data values;
the reports a test module checks are written first and recalculated in ONE LibreOffice call
(:func:`recalculated_batch`: a fresh LibreOffice costs more CPU than a small report's
recalculation), each test then checks its own copy."""

from __future__ import annotations

import dataclasses
import math
import shutil
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import pytest

from tests.report.cached import (
    SheetValues,
    assert_cached_values_match,
    cell_values,
    formula_cells,
    kpi_value,
    sheet_values,
)
from tests.support import libreoffice
from xlkpi.engine.compute import compute_kpis
from xlkpi.report.build import write_workbook


@dataclasses.dataclass
class Written:
    """A written report (its checks: the live cells) and, once recalculated, its copy."""

    path: Path
    raw: object = None
    result: object = None
    checks: list = dataclasses.field(default_factory=list)
    recalculated: Path | None = None

    @cached_property
    def values(self) -> dict[str, SheetValues]:
        """Sheet title -> the recalculated sheet's values (as openpyxl's data_only)."""
        return sheet_values(cell_values(self.recalculated))


def write_live(raw, path, embed_raw="auto", **compute_options) -> Written:
    """The report of ``raw`` written at ``path`` with its live cells (not recalculated)."""
    result = compute_kpis(raw, **compute_options)
    written = Written(Path(path), raw, result)
    write_workbook(path, raw, result, checks=written.checks, embed_raw=embed_raw)
    return written


def check_live(written: Written):
    """Every formula cell's cached value is what LibreOffice computed, every live cell
    equals KPI Data ("–" or #N/A where undefined), and no formula is an error other than
    #N/A; returns (result, checks, recalculated workbook: sheets loaded when first read)."""
    result, checks, path = written.result, written.checks, written.path
    assert checks, "the report wrote no live formula cells"
    values = cell_values(written.recalculated)  # each file read once per mode
    formulas = formula_cells(path)
    assert assert_cached_values_match(cell_values(path), values, formulas) >= len(checks)
    for sheet, cell, kpi, segment, period in checks:
        expected = kpi_value(result, kpi, segment, period)
        got = values.get((sheet, cell))
        where = f"{sheet}!{cell} ({kpi} {period})"
        if math.isnan(expected):
            # "–" where people read (a report sheet), #N/A on the hidden sheets
            assert got in ("#N/A", "–"), f"{where}: expected #N/A or –, got {got!r}"
        else:
            assert isinstance(got, int | float), f"{where}: got {got!r}"
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-9), where
    errors = [
        (s, c, values.get((s, c)))
        for s, c in formulas
        if isinstance(values.get((s, c)), str)
        and values[(s, c)].startswith("#")
        and values[(s, c)] != "#N/A"
    ]
    assert errors == []
    return result, checks, _Sheets(written)


class _Sheets:
    """``book[sheet]``: a sheet of the recalculated workbook, read on first use."""

    def __init__(self, written: Written):
        self._written = written

    def __getitem__(self, sheet):
        return self._written.values[sheet]


class Batch(dict):
    """Case id -> its :class:`Written`, recalculated; a case whose writing failed raises
    its error in the test that asks for it (the other cases' tests still run)."""

    def __getitem__(self, case) -> Written:
        got = super().__getitem__(case)
        if isinstance(got, BaseException):
            raise got
        return got


def recalculated_batch(cases: dict[str, Callable[[Path], Written]], root: Path) -> Batch:
    """Each case's writer called with its own folder, then every written workbook
    recalculated by one LibreOffice call; the cases by id. A writer returns a
    :class:`Written` (its ``path`` a file in that folder, named as it likes)."""
    libreoffice.soffice_or_skip()
    batch = Batch()
    for i, (case, write) in enumerate(cases.items()):
        folder = root / f"case{i:02d}"
        folder.mkdir(parents=True)
        try:
            batch[case] = write(folder)
        except Exception as exc:  # raised again by the case's own test
            batch[case] = exc
    written = [w for w in dict.values(batch) if isinstance(w, Written)]
    inputs = root / "in"  # distinct names for one call: case folder + the file's name
    inputs.mkdir()
    links = []
    for w in written:
        link = inputs / f"{w.path.parent.name}-{w.path.name}"
        shutil.copyfile(w.path, link)  # not a symlink: LibreOffice names its copy after
        links.append(link)  # the resolved file
    copies = libreoffice.recalculate_many(links, root / "out", workers=1)
    for w, copy in zip(written, copies, strict=True):
        w.recalculated = copy
    return batch
