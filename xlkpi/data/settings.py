"""The Settings sheet (key in column A, value in column B) and the Targets sheet."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from xlkpi.data.contract import SETTINGS_KEYS, TARGETS, normalise_name
from xlkpi.data.convert import to_number
from xlkpi.data.grain import AS_OF_HINT, parse_as_of, parse_grain
from xlkpi.data.model import Settings
from xlkpi.data.problems import plain
from xlkpi.data.raw import RawSheet
from xlkpi.data.tables import type_table
from xlkpi.errors import CellProblem, OptionError
from xlkpi.kpi.options import by_setting, validate
from xlkpi.kpi.presets import by_preset, option_values, preset_values


class OptionProblem(CellProblem):
    """A Settings cell holding a value its definition option does not allow: reading raises
    ``OptionError`` (the one error for a bad option) listing every bad cell."""


_HEADER_WORDS = {"key", "setting", "settings", "name", "parameter", "option"}


def read_settings(
    raw: RawSheet, *, numbered: bool = True
) -> tuple[Settings, list[CellProblem], list[CellProblem]]:
    """Settings from a key/value sheet: ``(settings, fatal problems, findings)``.

    The sheet has no header: its first row is read like every other (a ``key | value``
    title row is recognised and skipped). Blank values keep the default. A key given twice
    with two values is an error naming both places (``A5`` and ``A9`` of a sheet, rows 5
    and 9 of settings.csv; ``numbered=False``, a stored table, whose rows have no order or
    number (:mod:`xlkpi.sources.settings`): both values): no value is chosen by its place.
    Given twice with the same value as read (``DMY`` and ``dmy``, ``3`` and ``3.0``), or
    once blank, it is accepted and not reported: every source compares values here.
    """
    settings, fatal, findings = Settings(), [], []
    explicit: set[str] = set()
    first: dict[str, tuple[int, object, object]] = {}  # key -> (row, value, parsed)
    keys = raw.columns[0] if raw.columns else pd.Series(dtype="str")
    values = raw.columns[1] if len(raw.columns) > 1 else pd.Series([None] * len(keys))
    heads = [None if h.startswith("(column ") else h for h in raw.headers] + [None, None]
    pairs = [(raw.first_row - 1, heads[0], heads[1])]
    pairs += zip(raw.rows().tolist(), keys.tolist(), values.tolist(), strict=False)
    key_col = "A"
    for row, key, value in pairs:
        name = normalise_name(plain(key))
        if not name or name in _HEADER_WORDS:
            continue
        value = plain(value)
        if name not in SETTINGS_KEYS:
            findings.append(
                CellProblem(
                    raw.sheet,
                    row,
                    key_col,
                    plain(key),
                    f"unknown setting ignored (known: {', '.join(SETTINGS_KEYS)})",
                )
            )
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        parsed, error = _parse_setting(name, value)
        if error:
            problem = OptionProblem if by_setting(name) or name == "preset" else CellProblem
            fatal.append(problem(raw.sheet, row, "B", value, f"setting {name}: {error}"))
        elif name in first:
            if parsed != first[name][2]:
                fatal.append(_twice(raw, name, first[name], row, value, numbered))
        else:
            settings = replace(settings, **{name: parsed})
            explicit.add(name)
            first[name] = (row, value, parsed)
    settings = replace(settings, sheet_keys=frozenset(explicit))
    return apply_preset(settings, settings.preset, keep=explicit), fatal, findings


def _twice(raw: RawSheet, name: str, first: tuple, row: int, value, numbered) -> CellProblem:
    """The error of key ``name`` given again on ``row`` with another value than ``first``'s
    (its row, value): both places named, as the user finds them: cells (A5), a file's rows
    (row 5), or (not ``numbered``: a stored table) the two rows' values."""
    text, column = f"as {first[1]!r} and {value!r}", "B"
    if numbered:
        where = (lambda r: f"row {r}") if raw.sheet.lower().endswith(".csv") else "A{}".format
        text, column = f"in {where(first[0])} ({first[1]!r}) and {where(row)} ({value!r})", "A"
    return CellProblem(
        raw.sheet, row, column, value, f"setting {name}: given twice, {text}; keep one"
    )


def setting_values(given) -> dict[str, object]:
    """Settings key -> value of ``given`` (the command line's ``--setting KEY=VALUE``, the
    API's ``settings=``): a mapping or ``"key=value"`` texts, any key of the Settings sheet
    (:data:`~xlkpi.data.contract.SETTINGS_KEYS`), each value read by the sheet's own parser.
    Raises ``OptionError`` naming an unknown key (and the known ones) or a bad value (and
    what is expected).

    >>> setting_values(["Date-Order=DMY", "time_zone=Australia/Sydney", "clv_years=5"])
    {'date_order': 'dmy', 'time_zone': 'Australia/Sydney', 'clv_years': 5.0}
    >>> setting_values({"timezone": "UTC"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xlkpi.errors.OptionError: unknown setting 'timezone'; known: currency, period, as_of, ...
    """
    if not given:
        return {}
    pairs = given.items() if isinstance(given, Mapping) else map(_key_value, _texts(given))
    out: dict[str, object] = {}
    for key, value in pairs:
        name = normalise_name(key)
        if name not in SETTINGS_KEYS:
            known = ", ".join(SETTINGS_KEYS)
            raise OptionError(f"unknown setting {key!r}; known: {known}", value=key)
        if isinstance(value, list | tuple):  # dashboard_tiles as a list of ids
            value = ", ".join(map(str, value))
        if value is None or (isinstance(value, str) and not value.strip()):
            raise OptionError(f"setting {name}: no value given", value=value, option=name)
        parsed, error = _parse_setting(name, value)
        if error:
            raise OptionError(f"setting {name} {value!r}: {error}", value=value, option=name)
        out[name] = parsed
    return out


def _texts(given) -> list:
    return [given] if isinstance(given, str) else list(given)


def _key_value(text: object) -> tuple[str, str]:
    key, sep, value = str(text).partition("=")
    if not sep:
        raise OptionError(f"setting {text!r}: expected KEY=VALUE, e.g. time_zone=Europe/Paris")
    return key, value


def choose(settings: Settings, options=None, preset: str | None = None, given=None) -> Settings:
    """``settings`` under the choices given by the command line or the API.

    Precedence, highest first: ``options`` (``--option``, ``build_report(options=...)``),
    ``given`` (``--setting``: Settings keys -> values read by :func:`setting_values`; a
    ``preset`` among them counts as ``preset``, which beats it), the Settings sheet's
    keys, the preset (``preset`` replaces the sheet's), the defaults.

    >>> sheet = Settings(churn_denominator="average", sheet_keys=frozenset({"churn_denominator"}))
    >>> t = choose(sheet, preset="stripe")  # the sheet's key beats the preset
    >>> t.preset, t.churn_window, t.churn_denominator
    ('stripe', 'rolling_30d', 'average')
    >>> choose(t, {"churn_denominator": "start"}).churn_denominator  # the option beats both
    'start'
    """
    chosen = option_values(options)
    given = dict(given or {})
    preset = given.pop("preset", None) if preset is None else preset
    given.pop("preset", None)
    if given:  # set explicitly, as a sheet's keys are: a preset does not change them
        settings = replace(settings, **given, sheet_keys=settings.sheet_keys | set(given))
    if preset is not None:
        settings = apply_preset(settings, preset, keep=settings.sheet_keys)
    return replace(settings, **chosen)


def apply_preset(settings: Settings, preset: str, *, keep=()) -> Settings:
    """``settings`` with the options of ``preset`` (``xlkpi.kpi.presets``), except the
    Settings keys in ``keep`` (set explicitly: they override the preset).

    >>> apply_preset(Settings(), "stripe").churn_window
    'rolling_30d'
    >>> apply_preset(Settings(churn_denominator="average"), "stripe",
    ...              keep={"churn_denominator"}).churn_denominator
    'average'
    """
    name = by_preset(preset).name
    values = {k: v for k, v in preset_values(name).items() if k not in keep}
    return replace(settings, preset=name, **values)


def _parse_setting(name: str, value: object) -> tuple[object, str | None]:
    kind, allowed = SETTINGS_KEYS[name]
    if kind == "preset":
        try:
            return by_preset(value).name, None
        except OptionError:
            return None, f"expected one of {', '.join(allowed)}"
    if kind == "option":
        try:
            return validate(by_setting(name), value), None
        except OptionError:
            return None, f"expected {by_setting(name).allowed()}"
    if kind == "text":
        text = str(value).strip().upper()
        ok = re.fullmatch(r"[A-Z]{3}", text)
        return (text, None) if ok else (None, "expected a 3-letter ISO currency code, e.g. USD")
    if kind == "kpis":
        return _parse_kpis(value)
    if kind == "time_zone":
        return _parse_time_zone(value)
    if kind == "choice":
        choice = normalise_name(value)
        if choice in allowed:
            return choice, None
        return None, f"expected one of {', '.join(allowed)}"
    if kind == "date":
        try:
            return parse_as_of(value), None
        except OptionError:
            return None, f"not {AS_OF_HINT}"
    if kind == "grain":
        try:
            return parse_grain(value), None
        except OptionError:
            return None, f"expected one of {', '.join(allowed)}"
    text = str(value).strip()
    percent = text.endswith("%")
    numbers, bad = to_number(pd.Series([text[:-1] if percent else value], dtype=object))
    number = float(numbers[0])
    if bad[0] or np.isnan(number):
        return None, "not a number"
    if percent:
        number /= 100
    if kind == "fraction" and not 0 <= number <= 1:
        return None, "expected a fraction from 0 to 1 (e.g. 0.1 or 10%)"
    if kind == "number" and number <= 0:
        return None, "must be greater than 0"
    return number, None


def _parse_time_zone(value: object) -> tuple[str | None, str | None]:
    """An IANA time zone name (``Europe/Paris``, ``America/New_York``) or ``UTC``."""
    text = str(value).strip()
    if text.upper() in ("UTC", "GMT", "Z"):
        return "UTC", None
    try:
        pd.Timestamp("2026-01-01", tz=text)
    except Exception:  # pytz/zoneinfo raise several kinds for an unknown name
        return None, "expected a time zone name such as UTC, Europe/Paris or America/New_York"
    return text, None


def _parse_kpis(value: object) -> tuple[tuple[str, ...] | None, str | None]:
    """A comma-separated list of report KPI ids (``revenue, nps``), checked against the
    catalogue."""
    from xlkpi.kpi.catalogue import report_kpis

    known = [k.id for k in report_kpis()]
    ids = [normalise_name(part) for part in str(value).split(",")]
    ids = [i for i in ids if i]
    unknown = [i for i in ids if i not in known]
    if unknown:
        return None, f"unknown KPI id {unknown[0]!r} (known: {', '.join(known)})"
    if not ids:
        return None, "expected KPI ids separated by commas, e.g. revenue, orders, nps"
    return tuple(dict.fromkeys(ids)), None


def read_targets(raw: RawSheet, date1904: bool = False):
    """Targets as a DataFrame ``kpi`` (str, normalised id), ``target``, ``warn`` (float64)."""
    typed = type_table(TARGETS, raw, date1904=date1904)
    if typed.table is None:
        return None, typed.fatal, typed.findings
    frame = typed.table.frame
    kpi = frame["kpi"].map(normalise_name, na_action="ignore").astype("str")
    warn = frame["warn"] if "warn" in frame else pd.Series(np.nan, index=frame.index)
    targets = pd.DataFrame(
        {
            "kpi": kpi,
            "target": frame["target"],
            "warn": warn.astype(float),
            "row": typed.table.rows,  # Excel row, for findings (xlkpi.data.targets)
        }
    )
    dup = (kpi.duplicated(keep="first") & kpi.notna()).to_numpy(dtype=bool)
    fatal = list(typed.fatal)
    header = typed.table.headers.get("kpi", "kpi")
    for i in np.flatnonzero(dup):
        fatal.append(
            CellProblem(
                raw.sheet,
                int(typed.table.rows[i]),
                header,
                kpi.iloc[i],
                "a second target for the same KPI",
            )
        )
    targets = targets[kpi.notna().to_numpy()].reset_index(drop=True)
    return targets, fatal, typed.findings
