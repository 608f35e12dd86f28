"""Date cells in the shapes exports write them, parsed column by column (vectorised).

Accepted, besides Excel serials and real dates:

- ISO 8601 (``2026-03-31``, ``2026-03-31 14:05``), also with an offset or zone as
  Shopify, Stripe and APIs write it (``+0100``, ``+01:00``, ``Z``, `` UTC``): such an
  instant is converted to the report's time zone (Settings ``time_zone``, default UTC);
  a time without an offset is taken as already in that zone;
- ``YYYYMMDD`` (GA4's ``event_date``, the CDNOW data set), as text or as a number;
- Unix time in seconds, milliseconds, microseconds or nanoseconds: the unit comes from
  the column's name (``..._ms``, ``..._micros``, GA4's ``event_timestamp``) or else from
  the magnitude of the column's values, one unit per column;
- ``2025/01/13``; ``13/01/2025`` and ``01/13/2025`` (``/``, ``.`` or ``-``, optionally
  with a time and AM/PM) read day-first or month-first as Settings ``date_order`` says:
  a column holding such dates without that setting is *ambiguous*, never guessed;
- month names: ``Jan 13, 2025``, ``January 13, 2025``, ``13 Jan 2025``, ``13-Jan-2025``.

>>> r = parse_dates(pd.Series(["2025-01-13 18:03:04 +0100", "20250113", "Jan 13, 2025"]))
>>> [str(v)[:19] for v in r.values]
['2025-01-13T17:03:04', '2025-01-13T00:00:00', '2025-01-13T00:00:00']
>>> r = parse_dates(pd.Series(["13/01/2025"]))
>>> bool(r.ambiguous[0]), r.suggested
(True, 'dmy')
>>> str(parse_dates(pd.Series(["13/01/2025"]), rules=DateRules("dmy")).values[0])[:10]
'2025-01-13'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api import types as ptypes

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_EXCEL_EPOCH_1904 = pd.Timestamp("1904-01-01")
MAX_SERIAL = 2958465  # 9999-12-31
MIN_DATE = pd.Timestamp("1900-01-01")
MAX_DATE = pd.Timestamp("2199-12-31 23:59:59")
_ZONE = r"(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
ISO_DATE = rf"^\d{{4}}-\d{{2}}-\d{{2}}(?:[ T]{_CLOCK}(?:\s?{_ZONE})?)?$"
_ZONED = rf"\d:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?\s?{_ZONE}$"
_TIME = r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s?([AaPp])[Mm])?)?"
_DAY_MONTH = rf"^(\d{{1,2}})([/.\-])(\d{{1,2}})\2(\d{{4}}){_TIME}$"
_YEAR_FIRST = rf"^(\d{{4}})/(\d{{1,2}})/(\d{{1,2}}){_TIME}$"
_NUMERIC = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"
_MONTH_NAMES = (
    "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%b %d %Y", "%B %d %Y",
    "%b %d, %Y %H:%M", "%b %d, %Y, %I:%M:%S %p", "%b %d, %Y %I:%M %p", "%d %b %Y %H:%M",
)  # fmt: skip
ORDERS = ("dmy", "mdy")
#: Unix time units by column name (normalised): GA4's event_timestamp is in microseconds.
_UNIT_NAMES = (
    (re.compile(r"(^|_)(ns|nanos|nanoseconds)($|_)"), "ns"),
    (re.compile(r"(^|_)(us|usec|micros|microseconds|event_timestamp)($|_)"), "us"),
    (re.compile(r"event_(previous_|server_)?timestamp|user_first_touch_timestamp"), "us"),
    (re.compile(r"(^|_)(ms|msec|millis|milliseconds)($|_)"), "ms"),
)
_PER_UNIT = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}


@dataclass(frozen=True)
class DateRules:
    """How the report reads dates: Settings ``date_order`` and ``time_zone``."""

    order: str | None = None  # "dmy" | "mdy" | None (day/month dates are then ambiguous)
    time_zone: str = "UTC"


DEFAULT_RULES = DateRules()


@dataclass
class ParsedDates:
    """A parsed column: ``datetime64[ns]`` values (NaT where blank or not a date).

    ``ambiguous`` marks day/month cells left unread because no ``date_order`` was set
    (``suggested`` is the only order all of them fit, when one is ruled out);
    ``sensitive`` says the values depend on the rules (offsets, Unix time, day/month).
    """

    values: np.ndarray
    ambiguous: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    suggested: str | None = None
    sensitive: bool = False

    def __post_init__(self) -> None:
        if len(self.ambiguous) != len(self.values):
            self.ambiguous = np.zeros(len(self.values), dtype=bool)


def ambiguous_message(count: int, suggested: str | None) -> str:
    """The problem of ``count`` day/month dates of a column read without Settings
    ``date_order`` (``suggested``: the one order their values allow, if any): the same
    words for the workbook reader and the engine.

    >>> ambiguous_message(2, "dmy")[:60]
    '2 date(s) in this column, like this one, can be read day-fir'
    """
    fits = {"dmy": "dmy (day first)", "mdy": "mdy (month first)"}
    hint = f"; these dates only fit {fits[suggested]}" if suggested else ""
    return (
        f"{count} date(s) in this column, like this one, can be read day-first or "
        "month-first: set date_order to dmy (day first) or mdy (month first) in the "
        f"Settings (sheet, settings.csv, settings table, or --setting date_order=...){hint}; "
        "xlkpi never guesses"
    )


def matches(strs: pd.Series, pattern: str) -> np.ndarray:
    """Where text matches ``pattern`` (RE2 on Arrow text: pandas' own path can be 6x slower)."""
    if getattr(strs.dtype, "storage", "") == "pyarrow":
        found = pc.match_substring_regex(pa.array(strs.array), pattern)
        return np.asarray(pc.fill_null(found, False), dtype=bool)
    return strs.str.match(pattern).fillna(False).to_numpy(dtype=bool)


def nat(n: int) -> np.ndarray:
    return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")


def _ns(values) -> np.ndarray:
    return np.asarray(values, dtype="datetime64[ns]")


def in_range(values: np.ndarray) -> np.ndarray:
    """``values`` with dates outside 1900-2199 as NaT (a typo, not a date)."""
    values = _ns(values).copy()
    values[(values < MIN_DATE.to_datetime64()) | (values > MAX_DATE.to_datetime64())] = (
        np.datetime64("NaT")
    )
    return values


def to_zone(utc: np.ndarray, time_zone: str) -> np.ndarray:
    """UTC instants as wall times in ``time_zone`` (naive ``datetime64[ns]``)."""
    if time_zone == "UTC" or len(utc) == 0:
        return _ns(utc)
    index = pd.DatetimeIndex(_ns(utc)).tz_localize("UTC").tz_convert(time_zone)
    return _ns(index.tz_localize(None))


def serials(values: np.ndarray, date1904: bool) -> np.ndarray:
    """Excel serial numbers -> datetime64[ns]; NaT for impossible serials."""
    values = np.asarray(values, dtype="float64")
    ok = np.isfinite(values) & (values >= 1) & (values <= MAX_SERIAL)
    epoch = _EXCEL_EPOCH_1904 if date1904 else _EXCEL_EPOCH
    nanos = np.where(ok, values, 0) * 86_400e9
    out = _ns(epoch.to_datetime64().astype("datetime64[ns]") + np.round(nanos).astype("int64"))
    out[~ok] = np.datetime64("NaT")
    return out


def unix_unit(name: str, values: np.ndarray) -> str:
    """The unit of a column of Unix times: from its name, else from its median's magnitude."""
    key = re.sub(r"[\s\-_]+", "_", str(name).strip().lower())
    for pattern, unit in _UNIT_NAMES:
        if pattern.search(key):
            return unit
    median = float(np.median(values)) if len(values) else 0.0
    return "s" if median < 1e11 else "ms" if median < 1e14 else "us" if median < 1e17 else "ns"


def numbers_to_dates(
    values: np.ndarray, date1904: bool, rules: DateRules, name: str = ""
) -> tuple[np.ndarray, bool]:
    """Numbers -> dates: Excel serials, ``YYYYMMDD``, Unix time; and whether Unix time was seen.

    Serials run up to 2,958,465 (9999-12-31); whole numbers 19000101-21991231 are
    ``YYYYMMDD``; from 100,000,000 on a number is Unix time (1973 on, in seconds).
    """
    values = np.asarray(values, dtype="float64")
    out = serials(values, date1904)
    big = np.isfinite(values) & (values > MAX_SERIAL)
    if not big.any():
        return out, False
    whole = big & (np.mod(np.where(big, values, 0), 1) == 0)
    ymd = whole & (values >= 19000101) & (values <= 21991231)
    if ymd.any():
        out[ymd] = ymd_parts(values[ymd].astype(np.int64))
    unix = big & (values >= 1e8)
    if not unix.any():
        return out, False
    unit = unix_unit(name, values[unix])
    numbers, per = values[unix], _PER_UNIT[unit]
    fits = np.abs(numbers * per) < 9.2e18
    whole_ns = np.where(fits, np.trunc(numbers), 0).astype(np.int64) * per  # exact
    fraction = np.round((numbers - np.trunc(numbers)) * per).astype(np.int64)
    stamps = nat(len(numbers))
    stamps[fits] = (whole_ns + fraction)[fits].view("datetime64[ns]")
    out[unix] = in_range(to_zone(stamps, rules.time_zone))
    return out, True


def ymd_parts(number: np.ndarray) -> np.ndarray:
    """Whole numbers ``YYYYMMDD`` -> dates (NaT when the month or day is impossible)."""
    return from_parts(number // 10000, number // 100 % 100, number % 100)


def from_parts(year, month, day, hour=None, minute=None, second=None) -> np.ndarray:
    """Dates from whole-number parts (arrays); NaT where a part is out of its range."""
    frame = pd.DataFrame({"year": year, "month": month, "day": day})
    for unit, part in (("hour", hour), ("minute", minute), ("second", second)):
        frame[unit] = 0 if part is None else part
    limits = {"month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59),
              "second": (0, 59)}  # fmt: skip
    bad = np.zeros(len(frame), dtype=bool)
    for unit, (low, high) in limits.items():
        bad |= ~frame[unit].between(low, high).to_numpy(dtype=bool)
    frame[bad] = 0
    frame.loc[bad, ["year", "month", "day"]] = [2000, 1, 1]
    out = _ns(pd.to_datetime(frame, errors="coerce"))
    out[bad] = np.datetime64("NaT")
    return in_range(out)


def parse_dates(
    s: pd.Series, *, date1904: bool = False, rules: DateRules = DEFAULT_RULES, name: str = ""
) -> ParsedDates:
    """Parse one raw column (typed, text or mixed objects) with ``rules``; see the module."""
    s = s.reset_index(drop=True)
    kind = ptypes.infer_dtype(s, skipna=True) if s.dtype == object else ""
    if ptypes.is_datetime64_any_dtype(s.dtype) or kind in ("datetime64", "datetime", "date"):
        return _real_dates(s, rules)
    if ptypes.is_bool_dtype(s.dtype):
        return ParsedDates(nat(len(s)))
    if ptypes.is_numeric_dtype(s.dtype) or kind in ("floating", "integer"):
        numbers = pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64")
        out, unix = numbers_to_dates(numbers, date1904, rules, name)
        return ParsedDates(out, sensitive=unix)
    if s.dtype == object and kind not in ("string", "empty"):
        return _mixed(s, date1904, rules, name)
    from xlkpi.data.convert import _strings

    return parse_strings(_strings(s), date1904, rules, name)


def _real_dates(s: pd.Series, rules: DateRules) -> ParsedDates:
    """Real dates/datetimes; timezone-aware ones converted to the report's zone."""
    parsed = pd.to_datetime(s, errors="coerce", utc=_aware(s))
    zoned = getattr(parsed.dt, "tz", None) is not None
    if zoned:
        parsed = parsed.dt.tz_convert(rules.time_zone).dt.tz_localize(None)
    return ParsedDates(in_range(parsed.to_numpy(dtype="datetime64[ns]")), sensitive=zoned)


def _aware(s: pd.Series) -> bool:
    if getattr(s.dtype, "tz", None) is not None:
        return True
    if s.dtype != object:
        return False
    return any(getattr(v, "tzinfo", None) is not None for v in s.dropna().iloc[:1000])


def parse_strings(strs: pd.Series, date1904: bool, rules: DateRules, name: str = "") -> ParsedDates:
    """Trimmed text (NaN where blank) -> dates; the ISO cells take the fast path."""
    out = nat(len(strs))
    result = ParsedDates(out)
    iso = matches(strs, ISO_DATE)
    if iso.any():
        _iso(strs, iso, out, rules, result)
    rest = ~iso & strs.notna().to_numpy(dtype=bool)
    if rest.any():
        from xlkpi.data.other_dates import other_dates

        other_dates(strs, rest, date1904, rules, name, result)
    return result


def _iso(strs: pd.Series, iso: np.ndarray, out: np.ndarray, rules, result) -> None:
    long = iso & (strs.str.len().fillna(0).to_numpy() > 16)  # a zone needs a time
    zoned = long.copy()
    if long.any():
        zoned[long] = matches(strs[long], ".*" + _ZONED)
    plain = iso & ~zoned
    if plain.any():
        parsed = pd.to_datetime(strs[plain], format="ISO8601", errors="coerce")
        out[plain] = in_range(parsed.to_numpy(dtype="datetime64[ns]"))
    if zoned.any():
        text = strs[zoned].str.replace(r"\s*UTC$", "+00:00", regex=True)
        text = text.str.replace(r"\s+(?=[+-]\d{2}(?::?\d{2})?$)", "", regex=True)
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
        utc = parsed.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
        out[zoned] = in_range(to_zone(utc, rules.time_zone))
        result.sensitive = True


def _mixed(s: pd.Series, date1904: bool, rules: DateRules, name: str) -> ParsedDates:
    """Object column mixing Python dates, numbers and strings (DataFrames input)."""
    out = nat(len(s))
    result = ParsedDates(out)
    is_str = np.fromiter((isinstance(v, str) for v in s), dtype=bool, count=len(s))
    if is_str.any():
        text = pd.Series(s[is_str].tolist(), dtype="str").str.strip()
        part = parse_strings(text.where(text != ""), date1904, rules, name)
        out[is_str] = part.values
        result.ambiguous[is_str] = part.ambiguous
        result.suggested, result.sensitive = part.suggested, part.sensitive
    other = np.flatnonzero(~is_str & s.notna().to_numpy(dtype=bool))
    if other.size:
        sub = s.iloc[other]
        is_bool = np.fromiter((isinstance(v, bool | np.bool_) for v in sub), bool, len(sub))
        numbers = pd.to_numeric(sub, errors="coerce").to_numpy(dtype="float64")
        numeric = ~np.isnan(numbers) & ~is_bool
        values, unix = numbers_to_dates(numbers[numeric], date1904, rules, name)
        out[other[numeric]] = values
        rest = ~numeric & ~is_bool
        if rest.any():
            real = _real_dates(sub[rest].reset_index(drop=True), rules)
            out[other[rest]] = real.values
            unix = unix or real.sensitive
        result.sensitive = result.sensitive or unix
    return result
