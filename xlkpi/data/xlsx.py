"""Read the contract's sheets of an .xlsx/.xlsm workbook fast (fastexcel, one thread per sheet).

Speed: fastexcel (Rust calamine) parses each sheet in one pass and releases the GIL, so
sheets are read concurrently (:mod:`xlkpi.data.xlsx_parse`, the pandas-free half, which
the command line starts before pandas is imported). Columns come back typed (float64,
datetime64, str); only a column holding a cell fastexcel could not fit into the
column's type is read a second time, as text, so that every cell's value as the user
typed it can be checked and reported. The workbook is opened read-only and never written.

Row numbers: the header is the first row holding any value, found by streaming the start
of the sheet's XML (cheap: it stops at that row); data row ``i`` is Excel row
``header + 1 + i`` because fastexcel keeps empty rows inside the used range.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd

from xlkpi.data.raw import RawSheet
from xlkpi.data.xlsx_parse import _NATIVE_ERRORS, Loaded, SheetParse, _first_line, claim
from xlkpi.errors import CellProblem, SourceError

T = TypeVar("T")

# fastexcel logs "Could not determine dtype for column N" for empty columns; without a
# handler Python would print that to stderr. A NullHandler keeps it out of users' consoles.
logging.getLogger("fastexcel").addHandler(logging.NullHandler())


def read_workbook(
    path: Path, finish: Callable[[RawSheet, bool], T] | None = None, seen: list | None = None
) -> tuple[list[T], bool, list[CellProblem]]:
    """The contract sheets of ``path`` as :class:`RawSheet` s, the date1904 flag, and findings.

    ``seen``, when given, receives the name of every sheet of the workbook (in tab order;
    an empty contract sheet as ``"'Orders' (empty)"``) for the "no table found" message.

    ``finish(raw, date1904)``, when given, runs in the reader thread as soon as a sheet is
    loaded (so the small sheets are typed while the big one is still being parsed) and its
    results are returned instead of the raw sheets, in tab order either way. The Settings
    sheet is loaded first, so ``finish`` usually has it before the tables.
    Call :func:`xlkpi.data.source.check_workbook_file` first. A parse the command line
    started early (:func:`xlkpi.data.xlsx_parse.prefetch`) is taken over when it is of
    this very file, unchanged.
    """
    parse = claim(path) or SheetParse(path)
    if parse.error is not None:
        raise parse.error
    if seen is not None:
        empty = {r.name for r in parse.chosen.values() if not parse.headers[r.key]}
        seen.extend(f"{n!r} (empty)" if n in empty else repr(n) for n in parse.names)
    date1904 = parse.date1904

    def then(ref, loaded: Loaded):
        raw = _to_raw(ref, parse.headers[ref.key], loaded)
        return raw if finish is None else finish(raw, date1904)

    results = parse.results(then)
    if not parse.todo:
        return [], date1904, parse.findings
    order = {ref.key: i for i, ref in enumerate(parse.chosen.values())}
    ranked = sorted(zip(parse.todo, results, strict=True), key=lambda pair: order[pair[0].key])
    return [result for _, result in ranked], date1904, parse.findings


def _to_raw(ref, header_row: int, loaded: Loaded) -> RawSheet:
    """The parsed Arrow columns as pandas, the bad columns as text with Excel errors kept."""
    try:
        batch = loaded.batch
        columns = [batch.column(j).to_pandas() for j in range(batch.num_columns)]
        for k, j in enumerate(loaded.bad_cols):
            columns[j] = loaded.retyped.column(k).to_pandas()
        if loaded.bad_cols:
            _put_error_literals(columns, loaded.errors)
    except _NATIVE_ERRORS as exc:
        raise SourceError(f"cannot read sheet {ref.name!r}: {_first_line(exc)}") from exc
    columns = [pd.Series(c).reset_index(drop=True) for c in columns]
    return RawSheet(ref.name, ref.key, loaded.headers, columns, header_row + 1)


_ERROR_LITERALS = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}


def _put_error_literals(columns: list[pd.Series], errors) -> None:
    """Excel error cells (#N/A, #REF!, ...) read as blank text: put the error back as text."""
    found: dict[int, dict[int, str]] = {}
    for error in errors:
        detail = error.detail
        if "'Error(" not in detail:
            continue
        name = detail.split("'Error(", 1)[1].split(")", 1)[0]
        row, col = error.offset_position
        found.setdefault(col, {})[row] = _ERROR_LITERALS.get(name, f"#{name.upper()}!")
    for col, cells in found.items():
        column = columns[col].copy()
        column.iloc[list(cells)] = list(cells.values())
        columns[col] = column
