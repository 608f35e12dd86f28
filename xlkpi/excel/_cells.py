"""Excel cell values in and out, as each runtime passes them (used by :mod:`boundary`).

Arguments are read with ``convert="raw"`` so xlwings hands them over untouched:

- **xlwings Lite / Server** (Office.js): a scalar or nested lists of JSON values; numbers
  as ``int``/``float``, blanks as ``None`` or ``""``, an error cell as a dict
  ``{"type": "Error", "basicValue": "#SPILL!", "errorType": "Spill"}``, a formatted or
  linked value as a dict with a ``basicValue``.
- **classic xlwings** (COM): a scalar or tuples of rows; numbers as ``float``, blanks as
  ``None``, dates as ``datetime``, an error cell as the COM error code (an ``int``
  ``0x800A0000 + CVErr``, e.g. ``-2146826246`` for ``#N/A``; COM passes numbers as floats).
- direct Python calls (tests, notebooks): lists, arrays, error literals as text.

:func:`grid` cleans all of these in one pass over the cell *types* (C-level ``map``) and,
only where needed, a pass over the few odd cells: a column of a million numbers costs one
NumPy conversion, not a Python step per cell.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import os
from collections.abc import Callable
from typing import Any

import numpy as np

from xlkpi.errors import EXCEL_ERROR_LITERALS

#: Excel's error literals and the Office.js ``errorType`` of each (Excel.ErrorCellValueType).
ERROR_TYPES = {
    "#DIV/0!": "Div0",
    "#N/A": "NotAvailable",
    "#NAME?": "Name",
    "#NULL!": "Null",
    "#NUM!": "Num",
    "#REF!": "Ref",
    "#VALUE!": "Value",
    "#GETTING_DATA": "GettingData",
    "#SPILL!": "Spill",
    "#CALC!": "Calc",
    "#FIELD!": "Field",
    "#BLOCKED!": "Blocked",
    "#CONNECT!": "Connect",
    "#BUSY!": "Busy",
    "#UNKNOWN!": "Unknown",
    "#PYTHON!": "Python",
}
assert set(ERROR_TYPES) == EXCEL_ERROR_LITERALS
_LITERAL_OF_TYPE = {v.lower(): k for k, v in ERROR_TYPES.items()}
#: The seven errors xlwings' Office.js writer turns into error objects by itself.
CLASSIC_SEVEN = frozenset(list(ERROR_TYPES)[:7])

_COM_BASE = -2146828288  # 0x800A0000 as a signed 32-bit int; + CVErr number
_CVERR = {
    2000: "#NULL!",
    2007: "#DIV/0!",
    2015: "#VALUE!",
    2023: "#REF!",
    2029: "#NAME?",
    2036: "#NUM!",
    2042: "#N/A",
    2043: "#GETTING_DATA",
    2045: "#SPILL!",
    2046: "#CONNECT!",
    2047: "#BLOCKED!",
    2048: "#UNKNOWN!",
    2049: "#FIELD!",
    2050: "#CALC!",
}
#: COM error code -> literal (classic xlwings passes these ints for error cells).
COM_ERRORS = {_COM_BASE + k: v for k, v in _CVERR.items()}
_COM_RANGE = range(_COM_BASE + 2000, _COM_BASE + 2300)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def on_server() -> bool:
    """True under xlwings Lite/Server (``XLWINGS_ON_SERVER``), where ints are JSON numbers."""
    return os.environ.get("XLWINGS_ON_SERVER", "").lower() == "true"


class ErrorCell(Exception):
    """An error cell found in an argument: ``literal`` (``#SPILL!``) at flat ``index``."""

    def __init__(self, literal: str, index: int) -> None:
        super().__init__(literal)
        self.literal = literal
        self.index = index


def error_literal(v: Any, *, com: bool) -> str | None:
    """The error literal a cell value stands for, or None when it is not an error."""
    if isinstance(v, str):
        if v.lstrip()[:1] == "#":
            text = v.strip().upper()
            return text if text in EXCEL_ERROR_LITERALS else None
        return None
    if isinstance(v, dict):
        if v.get("type") != "Error":
            return None
        basic = str(v.get("basicValue") or "").strip().upper()
        if basic in EXCEL_ERROR_LITERALS:
            return basic
        kind = str(v.get("errorType") or "").lower()
        return _LITERAL_OF_TYPE.get(kind, "#UNKNOWN!")
    if com and type(v) is int and v in _COM_RANGE:
        return COM_ERRORS.get(v, "#UNKNOWN!")
    return None


def _odd_cell(v: Any, index: int, com: bool) -> Any:
    """One cell that is not a plain number or None: the error it carries, or its value."""
    literal = error_literal(v, com=com)
    if literal is not None:
        raise ErrorCell(literal, index)
    if isinstance(v, str):
        return None if not v.strip() else v
    if isinstance(v, dict):  # FormattedNumber, String, Boolean, Double, entity: the value
        return _odd_cell(v.get("basicValue"), index, com)
    if isinstance(v, dt.datetime):  # classic passes dates as datetimes; Office.js as serials
        return (v.replace(tzinfo=None) - _EXCEL_EPOCH) / dt.timedelta(days=1)
    if isinstance(v, dt.date):
        return float((v - _EXCEL_EPOCH.date()).days)
    return v


_NUMBER_TYPES = frozenset({float, int, type(None)})
#: ``is_header(text, next non-blank cell below it or None)``: is that text a header?
IsHeader = Callable[[str, Any], bool]
_LOOK = frozenset("# \t\n\r\xa0")  # first characters of text that may be an error or blank
_LOOK_OR_EMPTY = _LOOK | {""}  # "" (the empty text) is a blank too


def _as_rows(value: Any) -> tuple[list[Any], tuple[int, int]] | None:
    """Flatten a 2-D argument to one list and its shape; None when ragged or not 2-D."""
    if isinstance(value, np.ndarray):
        if value.ndim == 2:
            return value.ravel().tolist(), value.shape
        flat = value.reshape(-1).tolist()
        return flat, (1, len(flat))
    if not isinstance(value, list | tuple):
        return [value], (1, 1)
    if not value:
        return [], (0, 0)
    row_types = set(map(type, value))  # C-speed passes: no Python step per row
    if not row_types <= {list, tuple}:
        if row_types & {list, tuple}:
            return None
        return list(value), (1, len(value))
    width = len(value[0])
    flat = list(itertools.chain.from_iterable(value))
    if len(flat) != len(value) * width:  # ragged (rows of equal total length pass: rare)
        return None
    return flat, (len(value), width)


def _odd_cells(flat: list[Any], kinds: set[type], com: bool) -> list[int]:
    """Indices of the cells that need a look, in order: every cell of a type other than
    float, None and text (and int under Office.js), and text that is blank or starts like
    an error literal. The cells' types are coded in one C-level pass (no Python step per
    cell); only text cells are then looked at one by one."""
    plain = {float, type(None), str} if com else {float, int, type(None), str}
    code = {t: 0 if t in plain else 1 for t in kinds}
    if str in kinds:
        code[str] = 2
    if kinds == {str}:  # a column of text (statuses, ids): no type pass needed
        codes = np.full(len(flat), 2, dtype=np.int8)
    else:
        codes = np.fromiter(map(code.__getitem__, map(type, flat)), np.int8, count=len(flat))
    odd = np.flatnonzero(codes == 1).tolist()
    if str in kinds:  # only text that may be an error literal or blank: C-level passes
        at = np.flatnonzero(codes == 2)
        texts = flat if at.size == len(flat) else list(map(flat.__getitem__, at.tolist()))
        first = map(operator.itemgetter(slice(0, 1)), texts)
        look = np.fromiter(map(_LOOK_OR_EMPTY.__contains__, first), dtype=bool, count=at.size)
        odd += at[look].tolist()
        odd.sort()
    return odd


def _blank_headers(flat: list[Any], shape: tuple[int, int], is_header: IsHeader) -> bool:
    """Blank the header of each column (of the row, for one row) in place: its first
    non-blank cell, when it is text and ``is_header(text, next non-blank cell or None)``."""
    rows, cols = shape
    lines = [range(cols)] if rows == 1 else [range(c, rows * cols, cols) for c in range(cols)]
    found = False
    for line in lines:
        cells = (i for i in line if flat[i] is not None)
        first = next(cells, None)
        if first is None or type(flat[first]) is not str:
            continue
        below = next(cells, None)
        if is_header(flat[first], None if below is None else flat[below]):
            flat[first] = None
            found = True
    return found


def grid(value: Any, is_header: IsHeader | None = None) -> np.ndarray:
    """An argument as a 2-D array: ``float64`` (NaN = blank) when every cell is a number or
    blank, else ``object`` (``None`` = blank, numbers, text, booleans). Raises
    :class:`ErrorCell` for the first error cell (any of Excel's 16 error kinds).
    With ``is_header``, a text cell atop each column that it accepts is blanked (see
    :mod:`xlkpi.excel._headers`): a column of numbers under a header is still ``float64``.

    >>> grid([[9], [None], [10.0]]).tolist()
    [[9.0], [nan], [10.0]]
    >>> grid([["paid"], [""]]).tolist()
    [['paid'], [None]]
    >>> grid([["Score"], [9]], is_header=lambda text, below: True).tolist()
    [[nan], [9.0]]
    """
    flat_shape = _as_rows(value)
    if flat_shape is None:  # ragged: a list of single cells and rows, read as one row
        flat = [c for item in value for c in (item if isinstance(item, list | tuple) else [item])]
        shape = (1, len(flat))
    else:
        flat, shape = flat_shape
    com = not on_server()
    kinds = set(map(type, flat))
    if not kinds <= _NUMBER_TYPES or (com and int in kinds):
        for i in _odd_cells(flat, kinds, com):
            flat[i] = _odd_cell(flat[i], i, com)
        kinds = set(map(type, flat))
    if is_header is not None and str in kinds and _blank_headers(flat, shape, is_header):
        kinds = set(map(type, flat))
    if kinds <= _NUMBER_TYPES:
        try:
            return np.array(flat, dtype=np.float64).reshape(shape)
        except OverflowError:  # an int beyond float range: the KPI layer names it
            pass
    out = np.empty(len(flat), dtype=object)
    out[:] = flat
    return out.reshape(shape)


def error_value(literal: str) -> Any:
    """What a UDF returns for an Excel error so that every runtime shows a real error.

    The seven classic literals are returned as text: xlwings Lite/Server turn them into
    error objects themselves (adapted to the Office.js runtime version), classic xlwings
    shows them as text (its COM path cannot return an error; upstream issue #776). The
    newer kinds (``#SPILL!``, ``#CALC!``, ...) can only come from an input cell of an Excel
    that has them; under Lite/Server they are returned as the Office.js error object.
    """
    if literal in CLASSIC_SEVEN or not on_server():
        return literal
    # one cell of a 2-D result: a bare dict would be written as a key/value table
    return [[{"type": "Error", "errorType": ERROR_TYPES.get(literal, "Unknown")}]]
