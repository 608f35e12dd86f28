"""Excel ranges as the KPI functions receive them: flattening, blanks, positions, error text.

Part of the one validator every KPI function uses (:mod:`xlkpi.kpi._input` states the
rules and re-exports these helpers): a scalar, list, NumPy array, pandas Series or
DataFrame, or xlwings' nested lists of a 2-D range, flattened once; a bad cell is named
by its 1-based position in the range.
"""

from __future__ import annotations

import math
import numbers as _numbers
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from xlkpi.errors import KpiInputError

_BLANK_TYPES = (type(None), type(pd.NA), type(pd.NaT))


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
