"""The one validator and cleaner every KPI function uses.

Inputs may be a scalar, a Python list, a NumPy array, a pandas Series or
DataFrame, or the nested lists xlwings passes for a 2-D Excel range. The helpers
here flatten them, skip blanks and return NumPy arrays:

- :func:`numbers` -> ``float64`` array (blanks removed);
- :func:`labels` -> ``object`` array of stripped ``str`` (blanks removed);
- :func:`flags` -> ``bool`` array (blanks removed);
- :func:`total` -> the sum of a "sum argument" (a number or a range that is summed);
- :func:`scalar` -> one number (a number or a one-cell range).

Blanks are ``None``, ``""`` (or only spaces), ``NaN``, ``pd.NA`` and ``NaT``.

Booleans: a logical value (Excel's ``TRUE``/``FALSE``, Python ``True``/``False``,
a NumPy/pandas bool array) where a number is required is a ``KpiInputError``.
Excel's own ``SUM`` silently ignores logical values in a range, which hides a
wrong selection; xlkpi names the cell instead. Flag arguments (:func:`flags`) are
the place for logical values.

Text where a number is required is a ``KpiInputError`` naming the value, its
position (1-based: ``row r, column c of the range`` for a 2-D range, ``row r of
the range`` for one column, ``column c of the range`` for one row, else ``item i``;
the exception's ``position`` attribute is the 0-based index in the flattened input)
and the argument. Numbers stored as text (``"9"``) are text: fix them in Excel.

Inputs are never modified: arrays are read, and an array returned without a copy
is a read-only view.
"""

from __future__ import annotations

import math
import numbers as _numbers
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from xlkpi.errors import KpiInputError, KpiOverflowError

_BLANK_TYPES = (type(None), type(pd.NA), type(pd.NaT))
_TRUE = frozenset({"true", "yes", "y", "1", "wahr", "vrai"})
_FALSE = frozenset({"false", "no", "n", "0", "falsch", "faux"})


class _Flat:
    """A flattened input: ``values`` (list, Series or 1-D ndarray) and the 2-D shape, if any."""

    __slots__ = ("shape", "values")

    def __init__(self, values: Any, shape: tuple[int, int] | None = None) -> None:
        self.values = values
        self.shape = shape

    def where(self, index: int) -> str:
        """Human position of flat ``index``: see :func:`position`."""
        return position(index, self.shape)


def position(index: int, shape: tuple[int, int] | None) -> str:
    """Human position of flat ``index`` (1-based) in a range of ``shape``: ``row 2, column 1
    of the range``, ``row 3 of the range`` (one column), ``column 2 of the range`` (one
    row), ``item 5`` (no shape).

    >>> position(3, (10, 1)), position(1, (1, 4)), position(5, (3, 2)), position(4, None)
    ('row 4 of the range', 'column 2 of the range', 'row 3, column 2 of the range', 'item 5')
    """
    if shape is None:
        return f"item {index + 1}"
    nrows, ncols = shape
    row, col = divmod(index, max(ncols, 1))
    if ncols == 1:
        return f"row {row + 1} of the range"
    if nrows == 1:
        return f"column {col + 1} of the range"
    return f"row {row + 1}, column {col + 1} of the range"


def as_typed(v: Any) -> str:
    """A number as the user typed it: ``11`` (not ``11.0``), ``0.95``, ``1e+16``.

    >>> as_typed(11.0), as_typed(0.95), as_typed(-3), as_typed(1e16), as_typed(float("nan"))
    ('11', '0.95', '-3', '1e+16', 'nan')
    """
    if isinstance(v, bool | np.bool_):
        return str(bool(v)).upper()
    if isinstance(v, _numbers.Integral):
        return str(int(v))
    try:
        f = float(v)
    except (TypeError, ValueError, OverflowError):
        return repr(v)
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


def percent_slip(v: float) -> str:
    """``": did you mean 0.95, i.e. 95 %?"`` for a fraction typed as a percentage (1 < v <= 100).

    >>> percent_slip(95.0), percent_slip(0.5)
    (': did you mean 0.95, i.e. 95 %?', '')
    """
    if 1 < v <= 100:
        return f": did you mean {as_typed(round(v / 100, 12))}, i.e. {as_typed(v)} %?"
    return ""


def _flatten(x: Any) -> _Flat:
    """Flatten any accepted input to a list, Series or 1-D ndarray, remembering a 2-D shape."""
    if isinstance(x, pd.Series):
        return _Flat(x)
    if isinstance(x, pd.DataFrame):
        return _Flat(x.to_numpy().ravel(), x.shape)
    if isinstance(x, np.ndarray):
        if x.ndim == 2:
            return _Flat(x.ravel(), x.shape)
        return _Flat(x.reshape(-1))
    if isinstance(x, list | tuple):
        if x and isinstance(x[0], list | tuple):
            width = len(x[0])
            if all(isinstance(r, list | tuple) and len(r) == width for r in x):
                return _Flat([v for row in x for v in row], (len(x), width) if width else None)
            flat = []
            for item in x:
                if isinstance(item, list | tuple):
                    flat.extend(item)
                else:
                    flat.append(item)
            return _Flat(flat)
        return _Flat(x)
    if isinstance(x, str | bytes | dict):
        return _Flat([x])
    if isinstance(x, Iterable):
        return _Flat(list(x))
    return _Flat([x])


def _is_blank(v: Any) -> bool:
    if isinstance(v, _BLANK_TYPES):
        return True
    if isinstance(v, str):
        return not v.strip()
    if isinstance(v, float | np.floating):
        return math.isnan(v)
    return False


def _is_number_type(t: type) -> bool:
    return issubclass(t, _numbers.Real | Decimal) and not issubclass(t, bool | np.bool_)


def _describe(v: Any) -> str:
    if isinstance(v, bool | np.bool_):
        return f"logical value {str(bool(v)).upper()}"
    if isinstance(v, str):
        return f"text {v!r}"
    if _is_number_type(type(v)):
        return as_typed(v)
    return f"value {v!r} ({type(v).__name__})"


def _bad_value(argument: str, flat: _Flat, index: int, value: Any, why: str) -> KpiInputError:
    return KpiInputError(
        f"{argument}: {_describe(value)} at {flat.where(index)} {why}",
        value=value,
        position=index,
        argument=argument,
    )


def _list_to_floats(flat: _Flat, seq: list, argument: str, text: str) -> np.ndarray:
    """Convert a Python sequence to float64 (NaN for blanks), validating every value."""
    types = set(map(type, seq))
    if all(t is float or t is int or t is type(None) for t in types) or all(
        _is_number_type(t) or t is type(None) for t in types
    ):
        try:
            return np.array(seq, dtype=np.float64) if seq else np.empty(0)
        except OverflowError:
            pass  # an int too large for a float: the loop below names it
    out = np.empty(len(seq), dtype=np.float64)
    for i, v in enumerate(seq):
        if _is_blank(v):
            out[i] = np.nan
        elif _is_number_type(type(v)):
            try:
                out[i] = float(v)
            except OverflowError:
                raise _bad_value(argument, flat, i, v, "is too large to be a number") from None
        elif isinstance(v, str) and text == "skip":
            out[i] = np.nan
        else:
            why = (
                "is not a number (use 1/0 or a count, not TRUE/FALSE)"
                if isinstance(v, bool | np.bool_)
                else "is not a number"
                + (" (a number stored as text?)" if isinstance(v, str) else "")
            )
            raise _bad_value(argument, flat, i, v, why)
    return out


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
    hint: str = "",
) -> float:
    """Return one number: a number or a one-cell range; bounds are inclusive unless ``low_open``.

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
    too_high = high is not None and v > high
    if too_low or too_high:
        if low is not None and high is not None:
            rng = f"between {low:g} and {high:g}" + (f" (excluding {low:g})" if low_open else "")
        elif low is not None:
            rng = f"greater than {low:g}" if low_open else f"at least {low:g}"
        else:
            rng = f"at most {high:g}"
        if too_high and high == 1 and percent_slip(v):
            hint = percent_slip(v)
        raise KpiInputError(
            f"{argument}: {as_typed(v)} must be {rng}{hint}", value=v, argument=argument
        )
    return v


def _label(v: Any) -> str | None:
    if _is_blank(v):
        return None
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, bool | np.bool_):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float | np.floating) and float(v).is_integer():
        return str(int(v))
    if isinstance(v, np.generic):
        return str(v.item())
    return str(v)


def flat_labels(x: Any, argument: str) -> np.ndarray:
    """Every cell of ``x`` as stripped text, ``None`` for blanks: same length as the input.

    >>> flat_labels([["Paid"], [None], [7.0]], "statuses").tolist()
    ['Paid', None, '7']
    """
    v = _flatten(x).values
    if isinstance(v, pd.Series | np.ndarray):
        v = v.tolist()
    return np.array([_label(item) or None for item in v], dtype=object)


def labels(x: Any, argument: str) -> np.ndarray:
    """Return the non-blank cells of ``x`` as an object array of stripped ``str``.

    Numbers become text without a trailing ``.0`` (an id typed as ``1001`` in Excel
    arrives as ``1001.0`` and is ``"1001"`` here).

    >>> labels([[" paid "], [None], [1001.0], [""]], "statuses").tolist()
    ['paid', '1001']
    """
    flat = _flatten(x)
    v = flat.values
    if isinstance(v, pd.Series) and (
        pd.api.types.is_string_dtype(v.dtype) and not pd.api.types.is_object_dtype(v.dtype)
    ):
        s = v.dropna().str.strip()
        return s[s != ""].to_numpy(dtype=object)
    if isinstance(v, pd.Series):
        v = v.to_numpy(dtype=object)
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "iu":
            return v.astype(str).astype(object)
        v = v.tolist()
    out = [_label(item) for item in v]
    return np.array([s for s in out if s], dtype=object)


def flags(x: Any, argument: str, *, blank: bool | None = None) -> np.ndarray:
    """Return the cells of ``x`` as a bool array; blanks skipped, or read as ``blank``.

    Accepted: ``True``/``False``, 1/0, and the text TRUE/FALSE, yes/no, y/n, 1/0
    (any case). Anything else raises ``KpiInputError``. With ``blank=False`` a blank
    cell is FALSE and the result keeps the input's length (aligned with other columns).

    >>> flags([True, "yes", 0, None, "N"], "flags").tolist()
    [True, True, False, False]
    >>> flags([True, None], "converted", blank=False).tolist()
    [True, False]
    """
    flat = _flatten(x)
    v = flat.values
    if isinstance(v, pd.Series):
        if pd.api.types.is_bool_dtype(v.dtype):
            if blank is None:
                return v.dropna().to_numpy(dtype=bool)
            return v.fillna(blank).to_numpy(dtype=bool)
        v = v.to_numpy(dtype=object)
    if isinstance(v, np.ndarray):
        if v.dtype.kind == "b":
            return v.astype(bool)
        v = v.tolist()
    out = []
    for i, item in enumerate(v):
        if _is_blank(item):
            if blank is not None:
                out.append(blank)
            continue
        if isinstance(item, bool | np.bool_):
            out.append(bool(item))
            continue
        if _is_number_type(type(item)) and item in (0, 1):
            out.append(bool(item))
            continue
        if isinstance(item, str):
            t = item.strip().lower()
            if t in _TRUE:
                out.append(True)
                continue
            if t in _FALSE:
                out.append(False)
                continue
        raise _bad_value(argument, flat, i, item, "is not TRUE/FALSE, yes/no or 1/0")
    return np.array(out, dtype=bool)


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` as a Python float; NaN when the denominator is 0.

    >>> ratio(1, 4), ratio(1, 0)
    (0.25, nan)
    """
    if denominator == 0:
        return math.nan
    return finite(float(numerator) / float(denominator), "the result")


def count_nonblank(x: Any) -> int:
    """Number of non-blank cells of ``x`` (of any type).

    >>> count_nonblank([[1, None], ["n/a", ""]])
    2
    """
    v = _flatten(x).values
    if isinstance(v, pd.Series):
        v = v.to_numpy(dtype=object) if not pd.api.types.is_float_dtype(v.dtype) else v.to_numpy()
    if isinstance(v, np.ndarray) and v.dtype.kind == "f":
        return int(np.count_nonzero(~np.isnan(v)))
    if isinstance(v, np.ndarray) and v.dtype.kind in "iub":
        return int(v.size)
    return sum(1 for item in v if not _is_blank(item))


def matches(values: np.ndarray, wanted: str) -> np.ndarray:
    """Bool mask of ``values`` (text, ``None`` for blanks) equal to ``wanted``, ignoring case.

    Compares each distinct value once (hash-based), so a million cells cost little.

    >>> matches(np.array(["Paid", None, "paid ", "refunded"], dtype=object), "paid").tolist()
    [True, False, True, False]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    target = wanted.strip().casefold()
    hits = np.fromiter(
        (str(u).strip().casefold() == target for u in uniques), dtype=bool, count=len(uniques)
    )
    out = np.zeros(len(codes), dtype=bool)
    present = codes >= 0
    out[present] = hits[codes[present]]
    return out
