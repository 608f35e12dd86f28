"""The date cells that are not ISO 8601: numbers as text, day/month/year, month names.

Split from :mod:`xlkpi.data.dates` (which calls :func:`other_dates` for the cells its
ISO fast path left); each shape is recognised by one regular expression over the
column and parsed vectorised.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from xlkpi.data.dates import (
    _DAY_MONTH,
    _MONTH_NAMES,
    _NUMERIC,
    _YEAR_FIRST,
    DateRules,
    ParsedDates,
    from_parts,
    in_range,
    matches,
    numbers_to_dates,
)


def other_dates(
    strs: pd.Series,
    rest: np.ndarray,
    date1904: bool,
    rules: DateRules,
    name: str,
    result: ParsedDates,
) -> None:
    """Parse the cells of ``strs`` marked in ``rest`` into ``result`` (in place)."""
    out = result.values
    left = rest.copy()
    numeric = left & matches(strs, _NUMERIC)
    if numeric.any():
        numbers = pd.to_numeric(strs[numeric], errors="coerce").to_numpy(dtype="float64")
        out[numeric], unix = numbers_to_dates(numbers, date1904, rules, name)
        result.sensitive = result.sensitive or unix
        left &= ~numeric
    if left.any():
        left = _year_first(strs, left, out)
    if left.any():
        left = _day_month(strs, left, rules, result)
    if left.any():
        _month_names(strs, left, out)


def _time_parts(groups: pd.DataFrame, first: int) -> tuple[np.ndarray, ...]:
    """Hour, minute, second (whole numbers) from the optional time groups at ``first``."""
    hour = pd.to_numeric(groups[first], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    minute = pd.to_numeric(groups[first + 1], errors="coerce").fillna(0).to_numpy(np.int64)
    second = pd.to_numeric(groups[first + 2], errors="coerce").fillna(0).to_numpy(np.int64)
    half = groups[first + 3].str.lower().to_numpy(dtype=object)
    pm, am = half == "p", half == "a"
    bad_half = (pm | am) & ((hour < 1) | (hour > 12))
    hour = np.where(pm, hour % 12 + 12, np.where(am, hour % 12, hour))
    hour[bad_half] = 99  # out of range: the cell is not a date
    return hour, minute, second


def _ints(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").fillna(0).to_numpy(dtype=np.int64)


def _year_first(strs: pd.Series, left: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``2025/01/13`` (never ambiguous: year, month, day)."""
    groups = strs[left].str.extract(_YEAR_FIRST)
    found = groups[0].notna().to_numpy(dtype=bool)
    if not found.any():
        return left
    g = groups[found]
    where = np.flatnonzero(left)[found]
    out[where] = from_parts(_ints(g[0]), _ints(g[1]), _ints(g[2]), *_time_parts(g, 3))
    left = left.copy()
    left[where] = False
    return left


def _day_month(strs: pd.Series, left: np.ndarray, rules: DateRules, result) -> np.ndarray:
    """``13/01/2025`` or ``01/13/2025``: read as Settings ``date_order`` says, else ambiguous."""
    groups = strs[left].str.extract(_DAY_MONTH)
    found = groups[0].notna().to_numpy(dtype=bool)
    if not found.any():
        return left
    g = groups[found]
    where = np.flatnonzero(left)[found]
    first, second, year = _ints(g[0]), _ints(g[2]), _ints(g[3])
    result.sensitive = True
    if rules.order is None:
        result.ambiguous[where] = True
        day_first = bool((first > 12).any()) and not bool((second > 12).any())
        month_first = bool((second > 12).any()) and not bool((first > 12).any())
        result.suggested = "dmy" if day_first else "mdy" if month_first else None
    else:
        day, month = (first, second) if rules.order == "dmy" else (second, first)
        result.values[where] = from_parts(year, month, day, *_time_parts(g, 4))
    left = left.copy()
    left[where] = False
    return left


def _month_names(strs: pd.Series, left: np.ndarray, out: np.ndarray) -> None:
    """``Jan 13, 2025``, ``13 January 2025``, ... (English month names, any case)."""
    todo = left.copy()
    for fmt in _MONTH_NAMES:
        if not todo.any():
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(strs[todo], format=fmt, errors="coerce")
        values = in_range(parsed.to_numpy(dtype="datetime64[ns]"))
        hit = ~np.isnat(values)
        where = np.flatnonzero(todo)[hit]
        out[where] = values[hit]
        todo[where] = False
