"""Exports pasted as sheets: a workbook's (or a dict of DataFrames') other sheets, and its
*Mapping* sheet, through the adapters (:mod:`xlkpi.adapters`).

A sheet whose name is not a contract table is read when its header, in one of its first
rows (an export may put title lines above it), is recognised by an adapter or by the
user's mapping: the *Mapping* sheet, else ``--map FILE``. Its rows are then read as
text, as a CSV export's are, and the adapter's tables join the contract sheets. A
sheet named after a contract table that lacks the table's required columns is given the
same chance (the export pasted into the template's *Orders* sheet).

Nothing here imports Ibis (the adapters) unless a sheet looks like a table: a row of at
least :data:`MIN_HEADER` filled cells among its first rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from xlkpi.data.contract import TABLES, find_table, match_columns, normalise_name
from xlkpi.data.csvdir import HEADER_SEARCH, MAP_FILE
from xlkpi.data.raw import RawSheet
from xlkpi.errors import CellProblem, SourceError

MAPPING_SHEET = "mapping"
#: A header has at least this many filled cells (a sheet of notes is not an export).
MIN_HEADER = 3


@dataclass
class Grid:
    """A sheet as text cells, no header chosen yet: ``columns[j][i]`` is Excel row
    ``first_row + i``."""

    name: str
    first_row: int
    columns: list[pd.Series]

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def row(self, i: int) -> list[str]:
        return [_text(c.iloc[i]) for c in self.columns]

    def looks_like_table(self) -> bool:
        rows = range(min(HEADER_SEARCH, self.height))
        return any(sum(bool(v) for v in self.row(i)) >= MIN_HEADER for i in rows)

    def sheet(self, header: int, key: str) -> RawSheet:
        """The rows below grid row ``header`` as a sheet whose header is that row."""
        names = [v or f"(column {j + 1})" for j, v in enumerate(self.row(header))]
        columns = [c.iloc[header + 1 :].reset_index(drop=True) for c in self.columns]
        return RawSheet(self.name, key, names, columns, self.first_row + header + 1)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def grid_of_frame(name: str, frame: pd.DataFrame, header_row: int = 1) -> Grid:
    """A DataFrame (its labels the sheet's first filled row) as a grid."""
    labels = pd.Series(list(frame.columns), dtype=object)
    columns = [
        pd.concat([labels.iloc[j : j + 1], frame.iloc[:, j]], ignore_index=True).astype(object)
        for j in range(frame.shape[1])
    ]
    return Grid(str(name), header_row, columns)


def workbook_grid(path: Path, name: str, n_rows: int | None = None) -> Grid | None:
    """Sheet ``name`` of the workbook as text cells from Excel row 1 (fastexcel, else
    python-calamine in Pyodide); None when the sheet is empty."""
    try:
        import fastexcel
    except ImportError:
        return _calamine_grid(path, name, n_rows)
    try:
        sheet = fastexcel.read_excel(path).load_sheet(
            name, header_row=None, skip_rows=0, n_rows=n_rows, dtypes="string"
        )
        batch = sheet.to_arrow()
    except Exception as exc:  # fastexcel's errors, bad bytes: one readable line
        raise SourceError(f"cannot read sheet {name!r}: {str(exc).splitlines()[0]}") from None
    if batch.num_columns == 0 or batch.num_rows == 0:
        return None
    columns = [batch.column(j).to_pandas().astype(object) for j in range(batch.num_columns)]
    return Grid(name, 1, columns)


def _calamine_grid(path: Path, name: str, n_rows: int | None) -> Grid | None:
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
    rows = sheet.to_python(skip_empty_area=True, nrows=n_rows)
    if not rows:
        return None
    start = (sheet.start or (0, 0))[0] + 1
    width = max(len(r) for r in rows)
    cells = [[_calamine_text(v) for v in (*r, *([None] * (width - len(r))))] for r in rows]
    columns = [pd.Series([r[j] for r in cells], dtype=object) for j in range(width)]
    return Grid(name, start, columns)


def _calamine_text(value):
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def mapping_of(grid: Grid | None, label: str) -> tuple:
    """The adapters of a *Mapping* sheet (its first filled row is the header)."""
    if grid is None:
        return ()
    header = next((i for i in range(grid.height) if any(grid.row(i))), None)
    if header is None:
        return ()
    names = grid.row(header)
    rows = [dict(zip(names, grid.row(i), strict=True)) for i in range(header + 1, grid.height)]
    if not any(normalise_name(k) == "source" and v for row in rows for k, v in row.items()):
        return ()  # the template's Mapping sheet as it comes: nothing mapped
    try:
        from xlkpi.adapters.mapping import mapping_from_rows
    except ImportError:  # xlwings Lite: no Ibis yet
        raise SourceError(
            f"{label}: a mapping needs the adapters (Ibis), not available here; clear the "
            "sources on this sheet or build the report with Python on your computer"
        ) from None
    return tuple(mapping_from_rows(rows, label, grid.first_row + header + 1))


@dataclass
class Held:
    """What the source's own contract sheets hold: ``tables`` (table -> sheet) with rows
    under their required columns, and ``retry``: sheets named after a table that lack a
    required column (an export pasted into the template's *Orders* sheet)."""

    tables: dict[str, str]
    retry: set[str]


def held(sheets) -> Held:
    """:class:`Held` of the sheets read (RawSheets, or the reader's typed sheets). An empty
    sheet (the template's) holds nothing: an export's table takes its place."""
    out = Held({}, set())
    for sheet in sheets:
        spec = TABLES.get(sheet.key)
        if spec is None:
            continue
        if not set(spec.required) <= set(match_columns(spec, sheet.headers)):
            out.retry.add(sheet.sheet)
            continue
        raw = sheet if isinstance(sheet, RawSheet) else getattr(sheet, "raw", None)
        table = getattr(getattr(sheet, "result", None), "table", None)
        rows = raw.height if raw is not None else len(table.frame) if table is not None else 0
        if rows:
            out.tables[sheet.key] = sheet.sheet
    return out


def given_mapping() -> tuple:
    """``--map FILE``, when given (it applies to a workbook as to a folder)."""
    if MAP_FILE.get() is None:
        return ()
    from xlkpi.adapters.mapping import mapping_adapters

    return tuple(mapping_adapters(None))


def adapt_grids(
    grids: list[Grid], held: Held, mapping: tuple
) -> tuple[list[RawSheet], list[CellProblem]]:
    """The contract sheets the adapters make of ``grids`` (those an adapter recognises),
    and the findings saying which adapter read which sheet. ``held``: the contract
    tables the source's own sheets already hold (an export's table is then ignored)."""
    sheets: dict[str, RawSheet] = {}
    findings: list[CellProblem] = []
    try:
        import ibis  # noqa: F401 - the adapters are Ibis expressions
    except ImportError:  # xlwings Lite: no Ibis yet; said, not silently skipped
        name = grids[0].name
        return [], [CellProblem(name, 1, "(sheet)", name, "sheets other than the contract's "
                                "are read as exports only where Ibis is installed")]  # fmt: skip
    for grid in grids:
        found = _header(grid, mapping)
        if found is None:
            continue
        from xlkpi.adapters.run import place, run_adapter

        line, adapter = found
        adapted, note = run_adapter(adapter, grid.sheet(line, "(export)"))
        findings.append(note)
        place(sheets, adapted, grid.name, findings, set(held.tables))
    return list(sheets.values()), findings


def _header(grid: Grid, mapping: tuple):
    from xlkpi.adapters import recognise

    for i in range(min(HEADER_SEARCH, grid.height)):
        adapter = recognise(grid.row(i), mapping)
        if adapter is not None:
            return i, adapter
    return None


def frame_exports(
    frames: Mapping[str, pd.DataFrame], header_rows: Mapping[str, int] | None, held: Held
) -> tuple[list[RawSheet], list[CellProblem]]:
    """The exports among a dict of DataFrames (the ribbon's live sheets)."""
    header_rows = dict(header_rows or {})
    grids, mapping = [], given_mapping()
    for name, frame in frames.items():
        if not isinstance(frame, pd.DataFrame):
            continue
        grid = grid_of_frame(name, frame, int(header_rows.get(name, 1)))
        if normalise_name(name) == MAPPING_SHEET:
            mapping = mapping_of(grid, str(name)) + mapping
        elif _candidate(name, held) and grid.looks_like_table():
            grids.append(grid)
    if not grids:
        return [], []
    return adapt_grids(grids, held, mapping)


def workbook_exports(path: Path, held: Held) -> tuple[list[RawSheet], list[CellProblem]]:
    """The exports among a workbook's sheets of no contract table (and its Mapping)."""
    mapping, candidates = given_mapping(), []
    for name in sheet_names(path):
        if normalise_name(name) == MAPPING_SHEET:
            mapping = mapping_of(workbook_grid(path, name), name) + mapping
        elif _candidate(name, held):
            head = workbook_grid(path, name, n_rows=HEADER_SEARCH)
            if head is not None and head.looks_like_table():
                candidates.append(name)
    grids = [g for g in (workbook_grid(path, n) for n in candidates) if g is not None]
    return adapt_grids(grids, held, mapping) if grids else ([], [])


def _candidate(name: str, held: Held) -> bool:
    """A sheet of no contract table, or a contract sheet lacking a required column."""
    return find_table(name) is None or name in held.retry


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheet names, in tab order (its sheet list only)."""
    import zipfile

    from xlkpi.data.xlsx_layout import _layout

    with zipfile.ZipFile(path) as zf:
        return _layout(zf)[2]
