"""Vectorised cell converters: one raw column in, the typed column and a "bad cell" mask out.

A raw column is whatever a reader produced: a typed column from fastexcel (``float64``,
``datetime64``, ``str``), a column of strings (CSV, or an xlsx column re-read as text),
or an ``object`` column of Python values (DataFrames handed over by xlwings). Every
converter accepts all of them, works on whole columns, and never raises on bad data:
it returns ``(values, bad)`` where ``bad[i]`` is True for a non-blank cell it could not
convert (that value is NaN/NaT/False in ``values``). Blank cells are never bad.

>>> values, bad = to_number(pd.Series(["1,234.50", "$12", " ", "abc", 3]))
>>> values.tolist()[:2], bad.tolist()
([1234.5, 12.0], [False, False, False, True, False])
>>> to_date(pd.Series(["2026-03-31 14:05", 46112, "31/03/2026"]))[0].tolist()[:2]
[Timestamp('2026-03-31 14:05:00'), Timestamp('2026-03-31 00:00:00')]
>>> to_bool(pd.Series(["Yes", "n", None, "maybe"]))[1].tolist()
[False, False, False, True]
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api import types as ptypes

from xlkpi.data.dates import DEFAULT_RULES, DateRules, parse_dates

_THOUSANDS = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$"
_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"
_TRUE = ("true", "1", "1.0", "yes", "y")
_FALSE = ("false", "0", "0.0", "no", "n")


def blank_mask(s: pd.Series) -> np.ndarray:
    """True where a cell is blank: missing, or text that is empty after trimming."""
    na = np.array(s.isna().to_numpy(dtype=bool))
    if s.dtype == object:
        kind = ptypes.infer_dtype(s, skipna=True)
        if kind in ("string", "empty"):
            return na | (s.astype("str").str.strip() == "").fillna(False).to_numpy(dtype=bool)
        if kind not in ("mixed", "mixed-integer", "unknown-array"):
            return na  # no text at all: numbers, dates, booleans
        is_str = np.fromiter((isinstance(v, str) for v in s), dtype=bool, count=len(s))
        if is_str.any():
            text = pd.Series(s[is_str].tolist(), dtype="str").str.strip()
            na[is_str] |= (text == "").to_numpy(dtype=bool)
        return na
    if ptypes.is_string_dtype(s.dtype):
        na |= (s.str.strip() == "").fillna(False).to_numpy(dtype=bool)
    return na


def _strings(s: pd.Series) -> pd.Series:
    """The column as trimmed ``str`` values, NaN where blank (for parsing)."""
    if ptypes.is_string_dtype(s.dtype) and s.dtype != object:
        out = s.str.strip()
    elif ptypes.infer_dtype(s, skipna=True) in ("string", "empty"):
        out = s.astype("str").str.strip()
    else:
        out = pd.Series([_text_of(v) for v in s], index=s.index, dtype="str")
        out = out.str.strip()
    return out.where(out != "")


def _text_of(v: object) -> str | None:
    """One Python value as text the way Excel shows it (numbers without a trailing .0)."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return None
    if isinstance(v, bool | np.bool_):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float | np.floating) and float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(v)
        return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat(sep=" ")
    return str(v)


def _format_numbers(values: np.ndarray) -> pd.Series:
    """Floats as text: integral ones without ``.0`` (ids stored as numbers); NaN stays NaN."""
    values = np.asarray(values, dtype="float64")
    integral = np.isfinite(values) & (np.abs(values) < 1e15) & (np.mod(values, 1) == 0)
    ints = pc.cast(pa.array(np.where(integral, values, 0).astype(np.int64)), pa.string())
    other = ~integral & ~np.isnan(values)
    if not other.any():
        return pc.if_else(pa.array(integral), ints, pa.scalar(None, pa.string())).to_pandas()
    floats = pc.cast(pa.array(values, from_pandas=True), pa.string())
    return pc.if_else(pa.array(integral), ints, floats).to_pandas()


def isin(s: pd.Series, values) -> np.ndarray:
    """``s.isin(values)`` as a bool array; fast for large ``values`` on arrow-backed text."""
    if s.dtype == "str" and getattr(s.dtype, "storage", "") == "pyarrow":
        arrow = pa.array(s.array)
        wanted = pa.array(pd.Series(values, dtype="str").dropna().array).cast(arrow.type)
        return np.asarray(pc.fill_null(pc.is_in(arrow, value_set=wanted), False), dtype=bool)
    return s.isin(values).to_numpy(dtype=bool)


def to_text(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Text/ids: ``str`` dtype, trimmed, NaN where blank. Never bad.

    A text cell that starts with ``=`` stays that text.
    """
    s = s.reset_index(drop=True)
    if ptypes.is_bool_dtype(s.dtype):
        out = s.map({True: "TRUE", False: "FALSE"}).astype("str")
    elif ptypes.is_numeric_dtype(s.dtype):
        out = _format_numbers(s.to_numpy(dtype="float64", na_value=np.nan))
    elif ptypes.is_datetime64_any_dtype(s.dtype):
        out = pd.Series([_text_of(v) for v in s], dtype="str")
    else:
        out = _strings(s)
    return out.astype("str"), np.zeros(len(s), dtype=bool)


def _parse_number_strings(strs: pd.Series) -> pd.Series:
    """Numeric strings -> float: ``"1,234.50"``, ``"$12"``, ``"-€3"``; NaN when not a number.

    Runs on Arrow kernels; only cells holding a currency symbol or a comma are rewritten.
    """
    arr = pa.array(strs.astype("str").array)
    money = _fill(pc.match_substring_regex(arr, r"[$€£¥]"))
    if np.any(money):  # "$12" -> "12", "-€3" -> "-3"
        fixed = pc.replace_substring_regex(arr, r"^([+-]?)\s*[$€£¥]\s*", r"\1")
        arr = pc.if_else(pa.array(money), fixed, arr)
    commas = _fill(pc.match_substring_regex(arr, _THOUSANDS))
    if np.any(commas):
        arr = pc.if_else(pa.array(commas), pc.replace_substring(arr, ",", ""), arr)
    numeric = _fill(pc.match_substring_regex(arr, _NUMBER))
    out = np.full(len(arr), np.nan)
    if np.any(numeric):
        out[numeric] = pc.cast(pc.filter(arr, pa.array(numeric)), pa.float64()).to_numpy(
            zero_copy_only=False
        )
    return pd.Series(out, index=strs.index, dtype="float64")


def _fill(mask) -> np.ndarray:
    """An Arrow boolean result as a numpy mask (null = False)."""
    return np.asarray(pc.fill_null(mask, False), dtype=bool)


def to_number(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Numbers: ``float64``, NaN where blank; text that is not a number is bad."""
    s = s.reset_index(drop=True)
    blank = blank_mask(s)
    if ptypes.is_bool_dtype(s.dtype) or ptypes.is_datetime64_any_dtype(s.dtype):
        values = np.full(len(s), np.nan)
    elif ptypes.is_numeric_dtype(s.dtype):
        values = np.array(s.to_numpy(dtype="float64", na_value=np.nan))
    elif s.dtype == object:
        values = _object_numbers(s, blank)
    else:
        values = np.array(_parse_number_strings(_strings(s)).to_numpy(dtype="float64"))
    bad = ~blank & ~np.isfinite(values)
    values[bad] = np.nan
    return pd.Series(values, dtype="float64"), bad


def _object_numbers(s: pd.Series, blank: np.ndarray) -> np.ndarray:
    """Object column (DataFrames input): C-speed conversion, Python only for the leftovers."""
    values = np.array(pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64"))
    maybe_bool = np.flatnonzero((values == 0) | (values == 1))  # to_numeric turns True into 1
    if maybe_bool.size:
        is_bool = np.array([isinstance(v, bool | np.bool_) for v in s.iloc[maybe_bool]])
        values[maybe_bool[is_bool]] = np.nan
    rest = np.flatnonzero(np.isnan(values) & ~blank)
    if rest.size:
        text = pd.Series([v if isinstance(v, str) else None for v in s.iloc[rest]], dtype="str")
        values[rest] = _parse_number_strings(text.str.strip()).to_numpy(dtype="float64")
    return values


def to_int(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Whole numbers: ``float64`` holding integers (NaN where blank); fractions are bad."""
    values, bad = to_number(s)
    arr = values.to_numpy(copy=True)
    frac = np.isfinite(arr) & (np.mod(arr, 1) != 0)
    arr[frac] = np.nan
    return pd.Series(arr, dtype="float64"), bad | frac


def to_date(
    s: pd.Series, *, date1904: bool = False, rules: DateRules = DEFAULT_RULES, name: str = ""
) -> tuple[pd.Series, np.ndarray]:
    """Dates: ``datetime64[ns]``, NaT where blank; serials, real dates, ISO strings and the
    other shapes of :mod:`xlkpi.data.dates` accepted (a day/month date without a
    ``date_order`` in ``rules`` is bad here; the reader reports it once per column)."""
    s = s.reset_index(drop=True)
    blank = blank_mask(s)
    parsed = parse_dates(s, date1904=date1904, rules=rules, name=name)
    bad = ~blank & np.isnat(parsed.values)
    return pd.Series(parsed.values, dtype="datetime64[ns]"), bad


def to_bool(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Booleans: ``bool``; TRUE/FALSE, 1/0, yes/no, y/n in any case; blank is False."""
    s = s.reset_index(drop=True)
    blank = blank_mask(s)
    if ptypes.is_bool_dtype(s.dtype):
        values = np.array(s.fillna(False).to_numpy(dtype=bool))
        return pd.Series(values, dtype=bool), np.zeros(len(s), dtype=bool)
    if ptypes.is_numeric_dtype(s.dtype):
        arr = s.to_numpy(dtype="float64", na_value=np.nan)
        values = arr == 1
        bad = ~blank & ~np.isin(arr, (0.0, 1.0))
        return pd.Series(values, dtype=bool), bad
    if s.dtype == object:
        s = s.map(lambda v: ("true" if v else "false") if isinstance(v, bool | np.bool_) else v)
    lowered = _strings(s).str.lower()
    values = lowered.isin(_TRUE).to_numpy(dtype=bool)
    bad = ~blank & ~values & ~lowered.isin(_FALSE).to_numpy(dtype=bool)
    return pd.Series(values, dtype=bool), bad


CONVERTERS = {
    "id": to_text,
    "text": to_text,
    "category": to_text,
    "number": to_number,
    "int": to_int,
    "bool": to_bool,
}


def convert(kind: str, s: pd.Series, *, date1904: bool = False) -> tuple[pd.Series, np.ndarray]:
    """Convert one raw column to the contract ``kind`` (see :data:`xlkpi.data.contract.KINDS`)."""
    if kind == "date":
        return to_date(s, date1904=date1904)
    return CONVERTERS[kind](s)
