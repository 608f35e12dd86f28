"""``read_source`` and ``check_source``: any source in, typed ``RawData`` (or its problems) out.

A source is a path to an .xlsx/.xlsm workbook, a path to a folder of ``<table>.csv``
files, or a ``{sheet name: DataFrame}`` dict. The source is only read, never written.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from xlkpi.data.arrowpool import system_pool
from xlkpi.data.checks import cross_checks
from xlkpi.data.contract import SETTINGS_SHEET, TABLES, TARGETS_SHEET, no_table_error
from xlkpi.data.csvdir import read_folder
from xlkpi.data.exports import frame_exports, held, workbook_exports
from xlkpi.data.frames import read_frames
from xlkpi.data.grain import parse_as_of
from xlkpi.data.limits import limit_findings
from xlkpi.data.model import RawData, Settings
from xlkpi.data.raw import RawSheet, cut_at_empty_row
from xlkpi.data.settings import (
    OptionProblem,
    choose,
    read_settings,
    read_targets,
    setting_values,
)
from xlkpi.data.source import source_kind
from xlkpi.data.tables import Typed, type_table
from xlkpi.data.targets import check_targets
from xlkpi.data.traps import trap_findings
from xlkpi.errors import CellProblem, DataError, MissingColumnError, OptionError, SourceError
from xlkpi.kpi.options import NPS_INVALID, validate
from xlkpi.kpi.presets import by_preset, option_values
from xlkpi.sources.dates import reading

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
    options: Mapping[str, object] | None = None,
    preset: str | None = None,
    settings: Mapping[str, object] | None = None,
) -> RawData:
    """Read and validate ``source`` against the data contract.

    ``nps_invalid`` (``"error"``/``"skip"``), ``as_of``, ``options`` (definition options,
    ``{"churn_denominator": "average"}``), ``preset`` and ``settings`` (any Settings key:
    ``{"date_order": "dmy", "time_zone": "Europe/Paris"}``, the command line's
    ``--setting``) override the Settings sheet (see :func:`xlkpi.data.settings.choose`).
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
    chooser = _Chooser(nps_invalid, options, preset, settings)
    outcome = _read(source, chooser=chooser, as_of=as_of, header_rows=header_rows)
    if not outcome.fatal:
        return outcome.data
    if len(outcome.missing) == 1 and len(outcome.fatal) == len(outcome.missing[0][1]):
        error = MissingColumnError(*outcome.missing[0])
        error.problems = list(outcome.fatal)
        raise error
    if any(isinstance(p, OptionProblem) for p in outcome.fatal):
        raise OptionError(str(DataError(outcome.fatal)), problems=outcome.fatal)
    raise DataError(outcome.fatal)


def check_source(
    source: Source,
    *,
    nps_invalid: str | None = None,
    header_rows: Mapping[str, int] | None = None,
    warnings: list | None = None,
    options: Mapping[str, object] | None = None,
    preset: str | None = None,
    settings: Mapping[str, object] | None = None,
) -> list[CellProblem]:
    """Every data error of ``source`` at once (missing required columns first); [] = clean.

    Raises ``SourceError`` only when the source itself cannot be read. When ``warnings``
    is a list, it receives the non-fatal findings (what the report's Data quality sheet
    lists: unknown statuses, orphan ids, rows after as-of, unusable targets, ...).

    >>> nps = pd.DataFrame({"response_date": ["2026-03-31", "2026-04-01"], "score": [9, 11]})
    >>> [str(p) for p in check_source({"NPS": nps})]
    ['NPS!score row 3: must be a whole number from 0 to 10 (value: 11)']
    """
    chooser = _Chooser(nps_invalid, options, preset, settings)
    outcome = _read(source, chooser=chooser, as_of=None, header_rows=header_rows)
    if warnings is not None:
        warnings.extend(outcome.data.problems)
    return outcome.fatal


@dataclass
class _Sheet:
    """One sheet after its reader thread is done: typed, unless it had to wait (NPS)."""

    key: str
    raw: RawSheet | None  # the sheet still to type (None once typed)
    sheet: str
    headers: list[str]
    result: object = None  # read_settings / type_table / read_targets outcome
    rules: object = None  # the DateRules a table was typed with


class _Typer:
    """Types each sheet in the reader thread that loaded it, as soon as it is loaded.

    So the small tables are typed while the big one is still being parsed (the vectorised
    work mostly runs outside the GIL). Only the NPS sheet depends on another sheet (the
    Settings' ``nps_invalid``); the Settings sheet is loaded first, and should it not be
    parsed yet, NPS is typed afterwards in the calling thread. Problems are gathered per
    sheet and put in a fixed order by :func:`_read`, whatever the threads' timing.
    """

    def __init__(self, chooser: _Chooser | None) -> None:
        self.settings: tuple[Settings, list, list] | None = None
        chooser = chooser or _Chooser(None, None, None)  # None: the Settings sheet alone
        self._choose = chooser
        self._override = chooser.options.get(NPS_INVALID.setting)
        self._override = self._override or chooser.given.get(NPS_INVALID.setting)
        self._decided = threading.Event()
        if self._override is not None:
            self._decided.set()

    def choose(self, settings: Settings) -> Settings:
        """``settings`` (a Settings sheet's) under the choices given beside the source."""
        return self._choose(settings)

    def nps_invalid(self) -> str:
        if self._override is not None:
            return self._override
        return self._choose(self.settings[0] if self.settings else Settings()).nps_invalid

    def no_settings_sheet(self) -> None:
        self._decided.set()

    def __call__(self, raw: RawSheet, date1904: bool) -> _Sheet:
        done = _Sheet(raw.key, raw, raw.sheet, list(raw.headers))
        if raw.key == SETTINGS_SHEET:
            self.settings = read_settings(raw)
            self._decided.set()
            done.result = self.settings
        elif raw.key in TABLES and (raw.key != "nps" or self._decided.is_set()):
            decided = self._decided.is_set()
            done.rules = self.rules()
            done.result = self.type(raw, date1904)
            if done.result.sensitive and not decided:
                return done  # its dates depend on Settings not read yet: kept to retype
        elif raw.key == TARGETS_SHEET:
            done.result = read_targets(cut_at_empty_row(raw), date1904)
        else:
            return done
        done.raw = None  # the raw columns are dropped as soon as typed (peak memory)
        return done

    def rules(self):
        """Settings date_order / time_zone as known so far (the defaults until read), under
        the choices given beside the source (``--setting time_zone=...`` beats the sheet)."""
        return self._choose(self.settings[0] if self.settings else Settings()).date_rules()

    def type(self, raw: RawSheet, date1904: bool) -> Typed:
        raw = cut_at_empty_row(raw)
        nps_invalid = self.nps_invalid() if raw.key == "nps" else NPS_INVALID.ERROR
        return type_table(
            TABLES[raw.key],
            raw,
            date1904=date1904,
            nps_invalid=nps_invalid,
            rules=self.rules(),
        )


class _Chooser:
    """The choices given beside the source (API, command line): validated before reading."""

    def __init__(self, nps_invalid, options, preset, given=None) -> None:
        self.options = option_values(options)
        self.given = setting_values(given)
        if nps_invalid is not None:
            self.options[NPS_INVALID.setting] = validate(
                NPS_INVALID, nps_invalid, argument="nps_invalid"
            )
        self.preset = None if preset is None else by_preset(preset).name

    def __call__(self, settings: Settings) -> Settings:
        return choose(settings, self.options, self.preset, self.given)


def _read(source, *, chooser, as_of, header_rows) -> _Outcome:
    with system_pool():  # see xlkpi.data.arrowpool: fewer page faults on big sheets
        return _read_typed(source, chooser=chooser, as_of=as_of, header_rows=header_rows)


def _read_typed(source, *, chooser, as_of, header_rows) -> _Outcome:
    typer = _Typer(chooser)
    seen: list[str] = []
    sheets, date1904, findings, label = _typed_sheets(source, header_rows, typer, seen)
    by_key = {s.key: s for s in sheets}
    del sheets
    if not any(key in by_key for key in (*TABLES, SETTINGS_SHEET, TARGETS_SHEET)):
        raise no_table_error(label, seen)
    fatal: list[CellProblem] = []
    settings = Settings()
    if typer.settings is not None:
        settings, bad, notes = typer.settings
        fatal += bad
        findings += notes
    settings = chooser(settings)
    if as_of is not None:
        settings = replace(settings, as_of=parse_as_of(as_of))
    data = RawData(tables={}, settings=settings, source=label)
    missing = []
    for key in TABLES:
        if key not in by_key:
            continue
        sheet = by_key.pop(key)
        typed = sheet.result
        if sheet.raw is not None and (typed is None or sheet.rules != typer.rules()):
            typed = typer.type(sheet.raw, date1904)
        sheet.raw = None
        fatal += typed.fatal
        findings += typed.findings
        if typed.table is None:
            lacking = [p.column for p in typed.fatal]
            missing.append((sheet.sheet, lacking, sheet.headers))
        else:
            data.tables[key] = typed.table
    if TARGETS_SHEET in by_key:
        targets, bad, notes = by_key[TARGETS_SHEET].result
        fatal += bad
        findings += notes
        if targets is not None:
            data.targets, notes = check_targets(targets, by_key[TARGETS_SHEET].sheet)
            findings += notes
    findings += cross_checks(data.tables, settings.as_of)
    findings += limit_findings(data.tables)
    findings += trap_findings(data.tables, fatal)
    data.problems = findings
    return _Outcome(data, _in_reading_order(fatal), missing)


def _in_reading_order(problems: list[CellProblem]) -> list[CellProblem]:
    """Missing columns first, then sheet by sheet, row by row (as the user scans the book);
    one problem per cell (an export cell two adapted tables read, once: Shopify's Created at)."""
    rank: dict[str, int] = {}
    for p in problems:
        rank.setdefault(p.sheet, len(rank))
    return sorted(
        {str(p): p for p in problems}.values(),
        key=lambda p: (not p.message.startswith("missing required column"), rank[p.sheet], p.row),
    )


def _typed_sheets(source, header_rows, typer: _Typer, seen: list[str]):
    """The source's sheets, each passed through ``typer`` (in the reader threads for xlsx).

    ``seen`` receives the names of every sheet (file, frame) the source holds.
    """
    if isinstance(source, Mapping):
        sheets, findings = read_frames(source, header_rows)
        seen.extend(repr(str(name)) for name in source)
        with reading(_own_rules(sheets, typer)):  # exports under the Settings frame's
            adapted, notes = frame_exports(source, header_rows, held(sheets))
        findings += notes
        return _type_in_order(sheets + adapted, typer), False, findings, "DataFrames"
    if not isinstance(source, str | os.PathLike):
        raise SourceError(
            f"cannot read data from a {type(source).__name__}: pass a workbook "
            f"path, a folder of CSV files or a dict of DataFrames"
        )
    path = Path(source).expanduser()
    if source_kind(path) == "csv":
        sheets, findings = read_folder(path, seen, typer.choose)
        return _type_in_order(sheets, typer), False, findings, path.name
    done, date1904, findings = _read_workbook(path, typer, seen)
    with reading(typer.rules()):  # exports pasted as sheets, under the Settings sheet's
        adapted, notes = workbook_exports(path, held(done))
    done += [typer(s, date1904) for s in adapted]
    return done, date1904, findings + notes, path.name


def _own_rules(sheets: list[RawSheet], typer: _Typer):
    """The date rules of the Settings among ``sheets`` (the defaults without one), under
    the keys given beside the source (``--setting``)."""
    from xlkpi.adapters.run import own_rules

    return own_rules(next((s for s in sheets if s.key == SETTINGS_SHEET), None), typer.choose)


def _read_workbook(path: Path, typer: _Typer, seen: list[str]):
    """fastexcel where it is installed, else python-calamine (Pyodide: xlwings Lite)."""
    try:
        import fastexcel  # noqa: F401
    except ImportError:
        from xlkpi.data.xlsx_calamine import read_workbook as read_with_calamine

        sheets, date1904, findings = read_with_calamine(path)
        seen.extend(repr(s.sheet) for s in sheets)
        return _type_in_order(sheets, typer), date1904, findings
    from xlkpi.data.xlsx import read_workbook

    return read_workbook(path, typer, seen)


def _type_in_order(sheets: list[RawSheet], typer: _Typer) -> list[_Sheet]:
    """Settings first (NPS depends on it), then the others, in the calling thread."""
    first = [s for s in sheets if s.key == SETTINGS_SHEET]
    if not first:
        typer.no_settings_sheet()
    done = {s.key: typer(s, False) for s in first}
    done.update((s.key, typer(s, False)) for s in sheets if s.key not in done)
    return [done[s.key] for s in sheets]
