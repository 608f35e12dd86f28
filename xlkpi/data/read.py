"""``read_source`` and ``check_source``: any source in, typed ``RawData`` (or its problems) out.

A source is a path to an .xlsx/.xlsm workbook, a path to a folder of ``<table>.csv``
files, or a ``{sheet name: DataFrame}`` dict. The source is only read, never written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from xlkpi.data.checks import cross_checks
from xlkpi.data.contract import SETTINGS_SHEET, TABLES, TARGETS_SHEET
from xlkpi.data.csvdir import read_folder
from xlkpi.data.frames import read_frames
from xlkpi.data.model import RawData, Settings
from xlkpi.data.raw import RawSheet, cut_at_empty_row
from xlkpi.data.settings import read_settings, read_targets
from xlkpi.data.source import source_kind
from xlkpi.data.tables import type_table
from xlkpi.data.xlsx import read_workbook
from xlkpi.errors import CellProblem, DataError, MissingColumnError, SourceError

Source = str | os.PathLike | Mapping[str, pd.DataFrame]


@dataclass
class _Outcome:
    data: RawData
    fatal: list[CellProblem] = field(default_factory=list)
    missing: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


def read_source(
    source: Source,
    *,
    nps_invalid: str | None = None,
    as_of: str | pd.Timestamp | None = None,
    header_rows: Mapping[str, int] | None = None,
) -> RawData:
    """Read and validate ``source`` against the data contract.

    ``nps_invalid`` (``"error"``/``"skip"``) and ``as_of`` override the Settings sheet.
    ``header_rows`` gives, for DataFrame input, the Excel row of each sheet's header
    (default 1). Raises ``SourceError`` when the source cannot be read,
    ``MissingColumnError`` when a sheet lacks a required column, and ``DataError``
    listing every bad cell otherwise; non-fatal findings are in ``RawData.problems``.

    >>> orders = pd.DataFrame({"Order ID": [1001.0], "Order Date": ["2026-03-31"],
    ...                        "customer_id": ["C1"], "Revenue": ["$1,200.50"]})
    >>> frame = read_source({"Orders": orders}).tables["orders"].frame
    >>> frame[["order_id", "revenue"]].values.tolist(), frame["order_date"][0].date()
    ([['1001', 1200.5]], datetime.date(2026, 3, 31))
    """
    outcome = _read(source, nps_invalid=nps_invalid, as_of=as_of, header_rows=header_rows)
    if not outcome.fatal:
        return outcome.data
    if len(outcome.missing) == 1 and len(outcome.fatal) == len(outcome.missing[0][1]):
        error = MissingColumnError(*outcome.missing[0])
        error.problems = list(outcome.fatal)
        raise error
    raise DataError(outcome.fatal)


def check_source(
    source: Source,
    *,
    nps_invalid: str | None = None,
    header_rows: Mapping[str, int] | None = None,
) -> list[CellProblem]:
    """Every data error of ``source`` at once (missing required columns first); [] = clean.

    Raises ``SourceError`` only when the source itself cannot be read.

    >>> nps = pd.DataFrame({"response_date": ["2026-03-31", "2026-04-01"], "score": [9, 11]})
    >>> [str(p) for p in check_source({"NPS": nps})]
    ['NPS!score row 3: must be a whole number from 0 to 10 (value: 11)']
    """
    return _read(source, nps_invalid=nps_invalid, as_of=None, header_rows=header_rows).fatal


def _read(source, *, nps_invalid, as_of, header_rows) -> _Outcome:
    sheets, date1904, findings, label = _raw_sheets(source, header_rows)
    by_key = {s.key: s for s in sheets}
    del sheets  # each raw sheet is dropped as soon as it is typed (peak memory)
    fatal: list[CellProblem] = []
    settings = Settings()
    if SETTINGS_SHEET in by_key:
        settings, bad, notes = read_settings(by_key[SETTINGS_SHEET])
        fatal += bad
        findings += notes
    if nps_invalid is not None:
        settings = replace(settings, nps_invalid=_choice(nps_invalid, ("error", "skip")))
    if as_of is not None:
        settings = replace(settings, as_of=_timestamp(as_of))
    data = RawData(tables={}, settings=settings, source=label)
    missing = []
    for key in TABLES:
        if key not in by_key:
            continue
        raw = cut_at_empty_row(by_key.pop(key))
        typed = type_table(TABLES[key], raw, date1904=date1904, nps_invalid=settings.nps_invalid)
        fatal += typed.fatal
        findings += typed.findings
        if typed.table is None:
            lacking = [p.column for p in typed.fatal]
            missing.append((raw.sheet, lacking, list(raw.headers)))
        else:
            data.tables[key] = typed.table
    if TARGETS_SHEET in by_key:
        targets, bad, notes = read_targets(cut_at_empty_row(by_key[TARGETS_SHEET]), date1904)
        fatal += bad
        findings += notes
        if targets is not None:
            data.targets = targets
    findings += cross_checks(data.tables, settings.as_of)
    data.problems = findings
    return _Outcome(data, _in_reading_order(fatal), missing)


def _in_reading_order(problems: list[CellProblem]) -> list[CellProblem]:
    """Missing columns first, then sheet by sheet, row by row (as the user scans the book)."""
    rank: dict[str, int] = {}
    for p in problems:
        rank.setdefault(p.sheet, len(rank))
    return sorted(
        problems,
        key=lambda p: (not p.message.startswith("missing required column"), rank[p.sheet], p.row),
    )


def _raw_sheets(source, header_rows) -> tuple[list[RawSheet], bool, list[CellProblem], str]:
    if isinstance(source, Mapping):
        sheets, findings = read_frames(source, header_rows)
        return sheets, False, findings, "DataFrames"
    if not isinstance(source, str | os.PathLike):
        raise SourceError(
            f"cannot read data from a {type(source).__name__}: pass a workbook "
            f"path, a folder of CSV files or a dict of DataFrames"
        )
    path = Path(source).expanduser()
    if source_kind(path) == "csv":
        sheets, findings = read_folder(path)
        return sheets, False, findings, path.name
    sheets, date1904, findings = read_workbook(path)
    return sheets, date1904, findings, path.name


def _choice(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise DataError(f"nps_invalid must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _timestamp(value) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise DataError(f"as_of must be a date (YYYY-MM-DD), not {value!r}") from exc
    if pd.isna(stamp):
        raise DataError(f"as_of must be a date (YYYY-MM-DD), not {value!r}")
    return stamp
