"""The Settings and Targets of a source the engine reads: a folder's files
(``settings.csv``, ``targets.csv``) or a warehouse's (or DuckDB database's) tables of
those names, read by the workbook reader's own code: they hold a few rows, and so the date
rules, definition options, as-of date and grain, and their problems, are exactly the
reader's (:func:`xlkpi.data.settings.read_settings`).

A stored table is read as ``settings.csv`` is: its first column the key, its second the
value (the column names are the header: ``key``, ``value``). Its rows have no order, so a
problem names the row by its key (``settings.value (key 'time_zone')``), as a contract
table's problems name a row by its id, and a key given twice with two values is an error
naming both values: compared as read, by the reader, as on every source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xlkpi.data.contract import SETTINGS_SHEET, TARGETS_SHEET
from xlkpi.data.model import Settings

SHEETS = (SETTINGS_SHEET, TARGETS_SHEET)
#: rows a stored Settings or Targets table may hold (a bigger one is someone else's table)
STORED_ROWS = 1000


@dataclass
class FolderSettings:
    """A source's Settings (the defaults without a settings file or table), its problems,
    its usable targets."""

    settings: Settings = field(default_factory=Settings)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    targets: object = None  # DataFrame kpi/target/warn, or None


def read_files(files: dict, given: dict | None = None) -> FolderSettings:
    """``files``: the source's ``settings`` / ``targets`` by sheet key: a CSV file's path,
    or a stored table (:class:`~xlkpi.sources.connect.Located`); ``given``: Settings keys
    chosen beside the source (:func:`xlkpi.data.settings.setting_values`), which beat the
    source's own."""
    out = _read_all(files)
    if given:
        from xlkpi.data.settings import choose

        out.settings = choose(out.settings, given=given)
    return out


def _read_all(files: dict) -> FolderSettings:
    out = FolderSettings()
    for key in SHEETS:
        if key not in files:
            continue
        stored = not isinstance(files[key], Path)
        raw, rows = _stored(files[key], key, out) if stored else (_csv(files[key], key), None)
        if raw is not None:
            bad, notes = _read(raw, out, numbered=not stored)
            out.errors += _by_key(bad, raw, rows)
            out.warnings += _by_key(notes, raw, rows)
    return out


def _csv(path: Path, key: str):
    from xlkpi.data.csvdir import read_csv

    return read_csv(path, key)


def _read(raw, out: FolderSettings, numbered: bool = True) -> tuple[list, list]:
    """Read ``raw`` (a Settings or Targets sheet) into ``out``: (errors, warnings);
    ``numbered``: its rows have numbers (a file's; a stored table's have none)."""
    from xlkpi.data.raw import cut_at_empty_row
    from xlkpi.data.settings import read_settings, read_targets
    from xlkpi.data.targets import check_targets

    if raw.key == SETTINGS_SHEET:
        out.settings, bad, notes = read_settings(raw, numbered=numbered)
        return bad, notes
    targets, bad, notes = read_targets(cut_at_empty_row(raw))
    if targets is not None:
        out.targets, more = check_targets(targets, raw.sheet)
        notes = notes + more
    return bad, notes


def _stored(found, key: str, out: FolderSettings):
    """(RawSheet, {row: its key}) of a stored table, its rows in key order; (None, None)
    for a table too big to be Settings or Targets (a warning says it was not read)."""
    import numpy as np

    from xlkpi.data.raw import RawSheet
    from xlkpi.sources.validate import QueryProblem

    failure = None
    try:
        frame = found.table.limit(STORED_ROWS + 1).to_pandas()
    except Exception as exc:  # the driver's (no access to the table, ...): its first line
        from xlkpi.sources.connect import _first_line

        failure = f"{found.label}: cannot read the {key.title()} table: {_first_line(exc)}"
    if failure is not None:  # raised outside the driver's exception: no traceback of it
        from xlkpi.errors import SourceError

        raise SourceError(failure)
    if len(frame) > STORED_ROWS or frame.shape[1] == 0:
        why = f"more than {STORED_ROWS:,} rows" if len(frame) > STORED_ROWS else "no columns"
        out.warnings.append(QueryProblem(found.label, None, "(table)", found.label,
                            f"not read as {key.title()}: {why}"))  # fmt: skip
        return None, None
    frame = frame[frame.notna().any(axis=1)]  # no row ends a table: they have no order
    frame = frame.astype(object).where(frame.notna(), None)
    order = sorted(range(len(frame)), key=lambda i: tuple(map(str, frame.iloc[i].tolist())))
    frame = frame.iloc[order].reset_index(drop=True)
    headers = [str(c) for c in frame.columns]
    columns = [frame.iloc[:, j] for j in range(frame.shape[1])]
    raw = RawSheet(found.label, key, headers, columns, 2)
    rows = {1: "column names"}
    rows.update((i + 2, f"{headers[0]} {v!r}") for i, v in enumerate(columns[0].tolist()))
    raw.row_numbers = np.arange(2, 2 + len(frame), dtype=np.int64)
    return raw, rows


def _by_key(problems: list, raw, rows: dict | None) -> list:
    """A stored table's problems named by key and column name (its rows have no number)."""
    if rows is None:
        return list(problems)
    from xlkpi.sources.validate import QueryProblem

    letters = {chr(ord("A") + j): h for j, h in enumerate(raw.headers)}
    return [
        QueryProblem(
            p.sheet, None, letters.get(p.column, p.column), p.value, p.message, rows.get(p.row, "")
        )
        if p.sheet == raw.sheet
        else p
        for p in problems
    ]


def as_sheets(folder: FolderSettings) -> dict:
    """``{"Settings": DataFrame, "Targets": DataFrame}`` of a source's Settings (the keys
    it set, and those given beside it) and usable targets, as a workbook holds them: for
    a report built from the source's tables as DataFrames (:func:`xlkpi.data.read_source`
    reads them back with the same parser, so the report has the source's Settings)."""
    import pandas as pd

    settings = folder.settings
    keys = sorted(settings.sheet_keys | ({"preset"} if settings.preset != "xlkpi" else set()))
    values = [getattr(settings, key) for key in keys]
    values = [", ".join(v) if isinstance(v, tuple) else v for v in values]
    out = {}
    if keys:
        out["Settings"] = pd.DataFrame({"key": keys, "value": pd.Series(values, dtype=object)})
    if folder.targets is not None and len(folder.targets):
        out["Targets"] = folder.targets[["kpi", "target", "warn"]].reset_index(drop=True)
    return out


def engine_options(settings: Settings) -> dict:
    """The definition options (and CLV years) of ``settings`` as the engine takes them:
    option name -> choice."""
    from xlkpi.kpi.options import OPTIONS

    out = {o.name: getattr(settings, o.setting) for o in OPTIONS}
    out["clv_years"] = settings.clv_years
    return out
