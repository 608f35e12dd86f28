"""Numeric guards of the KPI functions: numbers, sums, single values, ratios, overflow.

Part of the one validator every KPI function uses (:mod:`xlkpi.kpi._input` states the
rules and re-exports these helpers).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from xlkpi.errors import KpiInputError, KpiOverflowError
from xlkpi.kpi._ranges import (
    _BLANK_TYPES,
    _bad_value,
    _Flat,
    _flatten,
    _is_number_type,
    as_typed,
    percent_slip,
)


def _why_not(v: Any) -> str:
    if isinstance(v, bool | np.bool_):
        return "is not a number (use 1/0 or a count, not TRUE/FALSE)"
    return "is not a number" + (" (a number stored as text?)" if isinstance(v, str) else "")


def _kind(t: type) -> int:
    """0 blank, 1 number, 2 text, 3 anything else (logical values included)."""
    if issubclass(t, _BLANK_TYPES):
        return 0
    if _is_number_type(t):
        return 1
    return 2 if issubclass(t, str) else 3


def _list_to_floats(flat: _Flat, seq: list, argument: str, text: str) -> np.ndarray:
    """Convert a Python sequence to float64 (NaN for blanks), validating every value.

    Vectorised: the cells' types are coded in one C-level pass; only text cells up to
    the first that is not blank are looked at one by one (a stray text cell in a column
    of a million numbers costs milliseconds wherever it is).
    """
    types = set(map(type, seq))
    if all(t is float or t is int or t is type(None) for t in types) or all(
        _is_number_type(t) or t is type(None) for t in types
    ):
        try:
            return np.array(seq, dtype=np.float64) if seq else np.empty(0)
        except OverflowError:
            pass  # an int too large for a float: named below
    kind = {t: _kind(t) for t in types}
    codes = np.fromiter(map(kind.__getitem__, map(type, seq)), dtype=np.int8, count=len(seq))
    other = np.flatnonzero(codes == 3)
    first = int(other[0]) if other.size else len(seq)
    if text != "skip":
        for i in np.flatnonzero(codes == 2).tolist():
            if i > first:
                break
            if seq[i].strip():
                first = i
                break
    if first < len(seq):
        raise _bad_value(argument, flat, first, seq[first], _why_not(seq[first]))
    cells = np.empty(len(seq), dtype=object)
    cells[:] = seq
    cells[codes != 1] = None
    try:
        return cells.astype(np.float64)
    except OverflowError:  # an int too large for a float: name the first
        for i in np.flatnonzero(codes == 1).tolist():
            try:
                float(seq[i])
            except OverflowError:
                raise _bad_value(argument, flat, i, seq[i], "is too large to be a number") from None
        raise


def flat_numbers(x: Any, argument: str, *, text: str = "error") -> tuple[np.ndarray, _Flat]:
    """Return ``(values, flat)``: every cell as float64 with NaN for blanks, same length as input.

    ``text="skip"`` turns text into NaN instead of raising (for ``invalid="skip"``).
    The array may be a read-only view of the input.
    """
    flat = _flatten(x)
    v = flat.values
    if isinstance(v, pd.Series):
        dtype = v.dtype
        if pd.api.types.is_bool_dtype(dtype):
            if len(v):
                raise _bad_value(
                    argument, flat, 0, v.iloc[0], "is not a number (a TRUE/FALSE column)"
                )
            return np.empty(0), flat
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype):
            arr = v.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            return _list_to_floats(flat, v.to_numpy(dtype=object).tolist(), argument, text), flat
    elif isinstance(v, np.ndarray):
        kind = v.dtype.kind
        if kind == "f":
            arr = v.astype(np.float64, copy=False)
        elif kind in "iu":
            arr = v.astype(np.float64)
        elif kind == "b":
            if v.size:
                raise _bad_value(argument, flat, 0, v[0], "is not a number (a TRUE/FALSE array)")
            return np.empty(0), flat
        else:
            return _list_to_floats(flat, v.tolist(), argument, text), flat
    else:
        return _list_to_floats(flat, list(v), argument, text), flat
    if arr.base is not None or arr is v:  # may share memory with the caller's data
        arr = arr.view()
        arr.flags.writeable = False
    return arr, flat


def numbers(x: Any, argument: str, *, text: str = "error") -> np.ndarray:
    """Return the non-blank values of ``x`` as a 1-D float64 array (blanks skipped).

    >>> numbers([[1, None], ["", 2.5]], "cost").tolist()
    [1.0, 2.5]
    >>> numbers(np.array([3, 4]), "n").tolist()
    [3.0, 4.0]
    >>> numbers(["a"], "cost")
    Traceback (most recent call last):
    ...
    xlkpi.errors.KpiInputError: cost: text 'a' at item 1 is not a number (a number stored as text?)
    """
    arr, _ = flat_numbers(x, argument, text=text)
    odd = ~np.isfinite(arr)  # NaN (a blank) or ±inf (an error); one pass either way
    if odd.any():
        if np.isinf(arr).any():
            raise_at(x, argument, np.isinf, "is infinite", text=text)
        arr = arr[~odd]
    return arr


def first_index(x: Any, argument: str, predicate, *, text: str = "error") -> tuple[int, Any, _Flat]:
    """Locate the first cell of ``x`` for which ``predicate(float array)`` is True (error path)."""
    arr, flat = flat_numbers(x, argument, text=text)
    with np.errstate(invalid="ignore"):
        hits = np.flatnonzero(predicate(arr) & ~np.isnan(arr))
    i = int(hits[0]) if hits.size else 0
    v = flat.values
    original = v.iloc[i] if isinstance(v, pd.Series) else v[i] if len(v) else None
    return i, original, flat


def raise_at(x: Any, argument: str, predicate, why: str, *, text: str = "error") -> None:
    """Raise a ``KpiInputError`` at the first cell of ``x`` where ``predicate`` holds."""
    i, value, flat = first_index(x, argument, predicate, text=text)
    if isinstance(value, np.generic):
        value = value.item()
    raise _bad_value(argument, flat, i, value, why)


def check_finite(arr: np.ndarray, x: Any, argument: str) -> None:
    """Raise when ``arr`` (cleaned from ``x``) holds an infinity."""
    if arr.size and not np.isfinite(arr).all():
        raise_at(x, argument, np.isinf, "is infinite")


def total(x: Any, argument: str, *, allow_negative: bool = False) -> float:
    """Return the sum of a "sum argument": a number, or a range whose non-blank cells are summed.

    Blank (or an all-blank range) is 0, as in Excel. Negative values raise unless
    ``allow_negative``.

    >>> total(5, "visitors")
    5.0
    >>> total([[1, 2], [None, 3]], "cost")
    6.0
    >>> total(-1, "cost")
    Traceback (most recent call last):
    ...
    xlkpi.errors.KpiInputError: cost: -1 must not be negative
    """
    if type(x) is float or type(x) is int:
        if x != x:  # NaN scalar is a blank
            return 0.0
        if math.isinf(x):
            raise KpiInputError(f"{argument}: {x!r} is infinite", value=x, argument=argument)
        if x < 0 and not allow_negative:
            raise KpiInputError(
                f"{argument}: {as_typed(x)} must not be negative",
                value=x,
                position=0,
                argument=argument,
            )
        return float(x)
    arr = numbers(x, argument)
    check_finite(arr, x, argument)
    if not allow_negative and arr.size and arr.min() < 0:
        raise_at(x, argument, lambda a: a < 0, "must not be negative")
    return finite(sum_of(arr), f"{argument}: the sum")


#: The largest finite float; a KPI value beyond it "overflows" (see docs/kpis.md, Overflow).
FLOAT_MAX = float(np.finfo(np.float64).max)


def sum_of(arr: np.ndarray) -> float:
    """``arr.sum()`` as a Python float, ``±inf`` when it overflows, without a NumPy warning."""
    with np.errstate(over="ignore", invalid="ignore"):
        return float(arr.sum())


def finite(value: float, what: str) -> float:
    """``value`` itself when finite; else the overflow rule: :class:`KpiOverflowError`.

    NaN (undefined) passes through; only ±inf, which finite inputs reach by overflowing
    the float range, raises.

    >>> finite(2.5, "revenue")
    2.5
    >>> finite(float("inf"), "revenues: the sum")
    Traceback (most recent call last):
    ...
    xlkpi.errors.KpiOverflowError: revenues: the sum overflows (is beyond ±1.8e+308)
    """
    if math.isinf(value):
        raise KpiOverflowError(f"{what} overflows (is beyond ±{FLOAT_MAX:.2g})", value=value)
    return value


def scalar(
    x: Any,
    argument: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    hint: str = "",
) -> float:
    """Return one number: a number or a one-cell range; bounds are inclusive unless open.

    >>> scalar([[0.95]], "confidence", low=0, high=1)
    0.95
    >>> scalar(2, "confidence", low=0, high=1)
    Traceback (most recent call last):
    ...
    xlkpi.errors.KpiInputError: confidence: 2 must be between 0 and 1: did you mean 0.02, i.e. 2 %?
    """
    arr = numbers(x, argument)
    if arr.size != 1:
        what = "is blank" if arr.size == 0 else f"has {arr.size} values"
        raise KpiInputError(f"{argument}: needs exactly one number but {what}", argument=argument)
    v = float(arr[0])
    if math.isinf(v):
        raise KpiInputError(f"{argument}: {v!r} is infinite", value=v, argument=argument)
    too_low = low is not None and (v <= low if low_open else v < low)
    too_high = high is not None and (v >= high if high_open else v > high)
    if too_low or too_high:
        if low is not None and high is not None:
            excluded = [f"{b:g}" for b, o in ((low, low_open), (high, high_open)) if o]
            rng = f"between {low:g} and {high:g}" + (
                f" (excluding {' and '.join(excluded)})" if excluded else ""
            )
        elif low is not None:
            rng = f"greater than {low:g}" if low_open else f"at least {low:g}"
        else:
            rng = f"below {high:g}" if high_open else f"at most {high:g}"
        if too_high and high == 1 and percent_slip(v):
            hint = percent_slip(v)
        raise KpiInputError(
            f"{argument}: {as_typed(v)} must be {rng}{hint}", value=v, argument=argument
        )
    return v


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` as a Python float; NaN when the denominator is 0.

    >>> ratio(1, 4), ratio(1, 0)
    (0.25, nan)
    """
    if denominator == 0:
        return math.nan
    return finite(float(numerator) / float(denominator), "the result")


def interval(text: str) -> dict[str, Any]:
    """The :func:`scalar` bounds of a declared interval (``Arg.within``): ``"[0, 1]"``,
    ``"(0, 1)"``, ``"(-1, 1]"``; an empty text is no bound.

    >>> interval("(-1, 1]")
    {'low': -1.0, 'high': 1.0, 'low_open': True, 'high_open': False}
    >>> interval("")
    {}
    """
    text = text.strip()
    if not text:
        return {}
    if text[0] not in "[(" or text[-1] not in "])" or text[1:-1].count(",") != 1:
        raise ValueError(f"an interval is written like [0, 1] or (-1, 1]; got {text!r}")
    low, high = (float(part) for part in text[1:-1].split(","))
    return {"low": low, "high": high, "low_open": text[0] == "(", "high_open": text[-1] == ")"}


def within(x: Any, argument: str, declared: str) -> float:
    """One number in the declared interval (``Arg.within``), a likely percent slip named.

    >>> within(0.1, "discount_rate", "(-1, 1]")
    0.1
    >>> within(10, "discount_rate", "(-1, 1]")
    Traceback (most recent call last):
    ...
    xlkpi.errors.KpiInputError: discount_rate: 10 must be between -1 and 1 (excluding -1): \
did you mean 0.1, i.e. 10 %?
    """
    return scalar(x, argument, **interval(declared))
