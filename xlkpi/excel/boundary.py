"""The Excel boundary of the UDFs: Excel input in, Excel values (or error literals) out.

Every ``KPI_*`` function goes through :func:`excel_udf`, so every UDF treats Excel's
input and reports problems the same way:

- range arguments arrive as 2-D nested lists (``ndim=2``), blanks as ``None`` and error
  cells as their literal (``"#N/A"``, thanks to ``err_to_str=True``);
- an error cell in the input is passed on unchanged, as Excel's own functions do
  (``SUM`` over a ``#N/A`` is ``#N/A``);
- a blank or omitted required value gives ``#N/A``;
- bad data (text for a number, a score of 11, ...) gives ``#VALUE!``;
- an undefined result (NaN: a zero denominator, no responses, ...) gives ``#DIV/0!``.

The reason of the latest error is kept in a short log; ``KPI_LAST_ERROR()`` shows it in
a cell. Classic xlwings shows an error literal as text; xlwings Lite and xlwings Server
turn it into a real Excel error.
"""

from __future__ import annotations

import collections
import functools
import itertools
import logging
import math
import numbers
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from xlkpi.errors import EXCEL_ERROR_LITERALS, XlkpiError

__all__ = [
    "DIV0",
    "EXCEL_ERRORS",
    "NA",
    "VALUE",
    "ExcelInput",
    "excel_udf",
    "last_error",
    "number",
    "option",
    "optional_values",
    "options",
    "values",
]

DIV0 = "#DIV/0!"
NA = "#N/A"
VALUE = "#VALUE!"
NUM = "#NUM!"

EXCEL_ERRORS = EXCEL_ERROR_LITERALS  # what err_to_str can hand a UDF

_log = logging.getLogger("xlkpi.excel")
_errors: collections.deque[tuple[float, str, str]] = collections.deque(maxlen=50)


class ExcelInput(Exception):
    """An argument Excel passed cannot be used; ``literal`` is the Excel error to return."""

    def __init__(self, literal: str, message: str) -> None:
        super().__init__(message)
        self.literal = literal


def record(function: str, message: str) -> None:
    """Remember why ``function`` returned an error (shown by ``KPI_LAST_ERROR``)."""
    _errors.append((time.time(), function, message))
    _log.info("%s: %s", function, message)


def last_error() -> str:
    """``"KPI_X: reason"`` of the latest error, or ``""`` when none happened yet."""
    if not _errors:
        return ""
    _, function, message = _errors[-1]
    return f"{function}: {message}"


def clear_errors() -> None:
    """Forget the error log (tests, and a fresh start)."""
    _errors.clear()


# --------------------------------------------------------------------------- input
def _rows(value: Any) -> list[list[Any]]:
    """Excel input as a 2-D list (a scalar becomes ``[[value]]``)."""
    if isinstance(value, list | tuple):
        if not value:
            return [[]]
        if all(isinstance(r, list | tuple) for r in value):
            return [list(r) for r in value]
        return [list(value)]
    return [[value]]


def _is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _check_errors(rows: list[list[Any]], argument: str) -> None:
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS:
                literal = v.strip().upper()
                raise ExcelInput(
                    literal,
                    f"{argument} holds the error {literal} (row {i + 1}, column {j + 1} "
                    "of the range); fix that cell first",
                )


_NUMBER_CELLS = frozenset({float, int, type(None)})


def _number_grid(value: Any) -> np.ndarray | None:
    """The range as a 2-D float array (blank = NaN) when every cell is a number or blank.

    This is the common case (a column of scores, revenues, page views) and the fast one:
    one C-level pass over the cell types and one conversion, instead of a Python loop per
    cell. A range holding text (possibly an error literal) or booleans returns None and
    takes the careful path, which names the offending cell.
    """
    if not isinstance(value, list) or not value:
        return None
    if isinstance(value[0], list):
        try:
            kinds = set(map(type, itertools.chain.from_iterable(value)))
        except TypeError:  # a mix of rows and single cells: not a range
            return None
    else:
        kinds = set(map(type, value))
    if not kinds <= _NUMBER_CELLS:
        return None
    try:
        grid = np.array(value, dtype=float)
    except ValueError:  # ragged rows: not a rectangular range
        return None
    return grid if grid.ndim == 2 else grid.reshape(1, -1)


def values(value: Any, argument: str, *, required: bool = False) -> list[list[Any]] | np.ndarray:
    """A range argument: its cells as a 2-D float array, or a 2-D list when not all numbers.

    Error cells are passed on (:class:`ExcelInput`). With ``required``, a range with no
    value at all is "missing" (``#N/A``), e.g. the cost of ``KPI_CPC``; otherwise an all-blank
    range goes to the KPI, which decides (no responses: ``#DIV/0!``).

    >>> values([[9.0], [None], [10.0]], "scores").tolist()
    [[9.0], [nan], [10.0]]
    >>> values([["paid"], [None]], "statuses")
    [['paid'], [None]]
    >>> values(5.0, "visitors")
    [[5.0]]
    """
    grid = _number_grid(value)
    if grid is not None:
        if required and np.isnan(grid).all():
            raise ExcelInput(NA, f"{argument} is blank")
        return grid
    rows = _rows(value)
    _check_errors(rows, argument)
    if required and all(_is_blank(v) for row in rows for v in row):
        raise ExcelInput(NA, f"{argument} is blank")
    return rows


def number(value: Any, argument: str, *, default: Any = None) -> Any:
    """A single-value argument (a cell or a typed number); blank means ``default``.

    A blank without a default is "missing" (``#N/A``); a range of several values is
    ``#VALUE!``. The value is returned as Excel gave it; the KPI validates it.

    >>> number([[0.9]], "confidence")
    0.9
    >>> number(None, "confidence", default=0.95)
    0.95
    """
    rows = _rows(value)
    _check_errors(rows, argument)
    cells = [v for row in rows for v in row if not _is_blank(v)]
    if not cells:
        if default is None:
            raise ExcelInput(NA, f"{argument} is blank")
        return default
    if len(cells) > 1:
        raise ExcelInput(VALUE, f"{argument} must be a single value, got a range of {len(cells)}")
    return cells[0]


def optional_values(value: Any, argument: str) -> list[list[Any]] | None:
    """An optional range argument: None when omitted or blank, else like :func:`values`.

    >>> optional_values(None, "revenues") is None
    True
    >>> optional_values([[1.0], [None]], "revenues").tolist()
    [[1.0], [nan]]
    """
    rows = values(value, argument)
    if isinstance(rows, np.ndarray):
        return None if np.isnan(rows).all() else rows
    if all(_is_blank(v) for row in rows for v in row):
        return None
    return rows


def option(value: Any, argument: str) -> str | None:
    """An optional text option (a definition choice); blank or omitted means the default.

    >>> option([["Average"]], "denominator")
    'average'
    >>> option(None, "denominator") is None
    True
    """
    chosen = number(value, argument, default="")
    if chosen == "":
        return None
    return str(chosen).strip().lower()


def options(**chosen: Any) -> dict[str, Any]:
    """The keyword options actually given (omitted ones, None, use the KPI's default)."""
    return {k: v for k, v in chosen.items() if v is not None}


# --------------------------------------------------------------------------- output
def _cell(v: Any) -> Any:
    """One Python value as an Excel cell value (NaN becomes ``#DIV/0!``, never a blank)."""
    if v is None:
        return ""
    if isinstance(v, bool | str):
        return v
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Real):
        f = float(v)
        if math.isnan(f):
            return DIV0
        if math.isinf(f):
            return NUM
        return f
    try:  # pandas.NA, NaT
        import pandas as pd

        if pd.isna(v):
            return DIV0
    except (TypeError, ValueError):
        pass
    return v


def to_excel(result: Any) -> Any:
    """A KPI result as what the UDF returns: a number, an error literal, or a 2-D table.

    >>> to_excel(float("nan"))
    '#DIV/0!'
    >>> to_excel(None)
    '#N/A'
    >>> to_excel([["share", float("nan")], ["n", 0]])
    [['share', '#DIV/0!'], ['n', 0]]
    >>> import collections
    >>> to_excel(collections.namedtuple("Interval", "low high")(0.25, float("nan")))
    [['low', 'high'], [0.25, '#DIV/0!']]
    """
    if result is None:
        return NA
    if hasattr(result, "to_rows"):
        result = result.to_rows()
    elif isinstance(result, tuple) and hasattr(result, "_fields"):  # a named result: spill
        result = [list(result._fields), list(result)]  # a header row, then the values
    if isinstance(result, list | tuple):
        rows = _rows(result)
        return [[_cell(v) for v in row] for row in rows]
    return _cell(result)


def _reason_for(result: Any) -> str | None:
    if result == DIV0:
        return "the result is undefined (division by zero: no data or a zero denominator)"
    if result == NA:
        return "no result for this input"
    if result == NUM:
        return "the result is infinite"
    if isinstance(result, list) and any(v == DIV0 for row in result for v in row):
        return "part of the table is undefined (division by zero: no data)"
    return None


def excel_udf(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a UDF body and map its outcome to an Excel value in ONE place.

    ``ExcelInput`` → its literal; ``XlkpiError`` (bad data) and any other ``ValueError`` or
    ``TypeError`` → ``#VALUE!``; NaN → ``#DIV/0!``; ``None`` → ``#N/A``. Any unexpected
    exception also gives ``#VALUE!`` (a cell must never show a traceback); every error's
    reason goes to the log read by ``KPI_LAST_ERROR``.
    """
    name = func.__name__

    @functools.wraps(func)
    def wrapper(*args: Any) -> Any:
        try:
            result = to_excel(func(*args))
        except ExcelInput as exc:
            record(name, str(exc))
            return exc.literal
        except (XlkpiError, ValueError, TypeError) as exc:
            record(name, str(exc))
            return VALUE
        except Exception as exc:  # a bug must not break the user's sheet
            _log.exception("%s failed", name)
            record(name, f"internal error {type(exc).__name__}: {exc}")
            return VALUE
        reason = _reason_for(result)
        if reason:
            record(name, reason)
        return result

    return wrapper
