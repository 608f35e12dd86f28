"""The Excel boundary of the UDFs: Excel input in, Excel values (or real errors) out.

Every ``KPI_*`` function goes through :func:`excel_udf`, on every runtime (classic
xlwings, xlwings Lite, xlwings Server), so every UDF treats input and problems the same:

- every argument is read with :data:`ARG` (``convert="raw"``): xlwings hands the cells
  over untouched and :func:`values` cleans them in one vectorised pass
  (:mod:`xlkpi.excel._cells`); a full column of 1,048,576 cells takes milliseconds;
- an error cell in the input (any of Excel's 16 kinds, ``#N/A`` to ``#SPILL!``,
  ``#CALC!``, ``#BUSY!``, ...) is passed on as that error, as Excel's own functions do;
- a blank or omitted required value gives ``#N/A``;
- bad data (text for a number, a score of 11, ...) gives ``#VALUE!``;
- an undefined result (NaN: a zero denominator, no responses, ...) gives ``#DIV/0!``;
- a result beyond the float range gives ``#NUM!`` (the overflow rule, docs/kpis.md).

The reason of an error is kept for the calling cell (:mod:`xlkpi.excel._lasterror`):
``=KPI_LAST_ERROR(CELL("address", B10))`` shows it; a later success clears it. Classic
xlwings shows an error literal as text; xlwings Lite and xlwings Server show a real error.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import logging
import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from xlkpi.errors import EXCEL_ERROR_LITERALS, KpiOverflowError, XlkpiError
from xlkpi.excel import _cells, _headers, _lasterror
from xlkpi.kpi._input import position

__all__ = [
    "ARG",
    "DIV0",
    "EXCEL_ERRORS",
    "NA",
    "NUM",
    "RET",
    "VALUE",
    "ExcelInput",
    "excel_udf",
    "last_error",
    "number",
    "option",
    "optional_values",
    "options",
    "values",
    "with_caller",
]

DIV0 = "#DIV/0!"
NA = "#N/A"
VALUE = "#VALUE!"
NUM = "#NUM!"
EXCEL_ERRORS = EXCEL_ERROR_LITERALS

#: xlwings options of every argument: raw cells (no per-cell cleaning by xlwings).
ARG = {"convert": "raw"}
#: xlwings options of every result: rows as returned.
RET = {"transpose": False}

_log = logging.getLogger("xlkpi.excel")
_here: contextvars.ContextVar[_lasterror.Key] = contextvars.ContextVar(
    "xlkpi_calling_cell", default=_lasterror.UNKNOWN
)


class ExcelInput(Exception):
    """An argument Excel passed cannot be used; ``literal`` is the Excel error to return."""

    def __init__(self, literal: str, message: str) -> None:
        super().__init__(message)
        self.literal = literal


def record(function: str, message: str) -> None:
    """Remember why ``function`` returned an error in the calling cell."""
    _lasterror.record(_here.get(), function, message)


def last_error(cell: Any = None) -> str:
    """The reason shown by ``KPI_LAST_ERROR(cell)`` in the calling cell (see ``_lasterror``)."""
    while isinstance(cell, list | tuple | np.ndarray):  # a range or 1x1 range: its first cell
        cell = next(iter(np.ravel(np.asarray(cell, dtype=object))), None)
    if _cells.error_literal(cell, com=not _cells.on_server()) is not None:
        return 'give the address of the cell, e.g. CELL("address", B10), not the cell itself'
    return _lasterror.explain(cell, _here.get())


def clear_errors() -> None:
    """Forget every recorded reason (tests, and a fresh start)."""
    _lasterror.clear()


# --------------------------------------------------------------------------- input
def _grid(value: Any, argument: str, data: str = "") -> np.ndarray:
    try:
        return _cells.grid(value, _headers.header_test(data) if data else None)
    except _cells.ErrorCell as err:
        shape = np.shape(value) if isinstance(value, list | tuple | np.ndarray) else None
        where = position(err.index, shape if shape and len(shape) == 2 else None)
        raise ExcelInput(
            err.literal,
            f"{argument} holds the error {err.literal} ({where}); fix that cell first",
        ) from None


def _blank(grid: np.ndarray) -> np.ndarray:
    if grid.dtype.kind == "f":
        return np.isnan(grid)
    return np.equal(grid, None)


def values(value: Any, argument: str, *, required: bool = False, data: str = "") -> np.ndarray:
    """A range argument as a 2-D array: float (NaN = blank) when all numbers, else object.

    Error cells are passed on (:class:`ExcelInput`). With ``required``, a range with no
    value at all is "missing" (``#N/A``), e.g. the cost of ``KPI_CPC``; otherwise an all-blank
    range goes to the KPI, which decides (no responses: ``#DIV/0!``). ``data`` (the
    argument's declared ``Arg.data``) skips a header and checks category labels
    (:mod:`xlkpi.excel._headers`).

    >>> values([[9], [None], [10.0]], "scores").tolist()
    [[9.0], [nan], [10.0]]
    >>> values([["paid"], [""]], "statuses").tolist()
    [['paid'], [None]]
    >>> values(5.0, "visitors").tolist()
    [[5.0]]
    """
    grid = _grid(value, argument, data)
    if data and grid.dtype.kind == "O":
        _headers.check_labels(grid, data, argument)
    if required and _blank(grid).all():
        raise ExcelInput(NA, f"{argument} is blank")
    return grid


def number(value: Any, argument: str, *, default: Any = None, data: str = "") -> Any:
    """A single-value argument (a cell or a typed number); blank means ``default``.

    A blank without a default is "missing" (``#N/A``); a range of several values is
    ``#VALUE!``. The value is returned as Excel gave it; the KPI validates it.

    >>> number([[0.9]], "confidence")
    0.9
    >>> number(None, "confidence", default=0.95)
    0.95
    """
    grid = values(value, argument, data=data)
    cells = grid[~_blank(grid)]
    if not cells.size:
        if default is None:
            raise ExcelInput(NA, f"{argument} is blank")
        return default
    if cells.size > 1:
        raise ExcelInput(VALUE, f"{argument} must be a single value, got a range of {cells.size}")
    cell = cells[0]
    return cell.item() if isinstance(cell, np.generic) else cell


def optional_values(value: Any, argument: str, *, data: str = "") -> np.ndarray | None:
    """An optional range argument: None when omitted or blank, else like :func:`values`.

    >>> optional_values(None, "revenues") is None
    True
    >>> optional_values([[1.0], [None]], "revenues").tolist()
    [[1.0], [nan]]
    """
    grid = values(value, argument, data=data)
    return None if _blank(grid).all() else grid


def option(value: Any, argument: str, *, data: str = "") -> str | None:
    """An optional text option (a definition choice); blank or omitted means the default.
    A choice of a category (``data``: the device to count) must be a known label.

    >>> option([["Average"]], "denominator")
    'average'
    >>> option(None, "denominator") is None
    True
    """
    chosen = number(value, argument, default="")
    if chosen == "":
        return None
    return _headers.check_label(str(chosen), data, argument).strip().lower()


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
        rows = [list(r) if isinstance(r, list | tuple) else [r] for r in result]
        if rows and all(len(r) == 1 for r in rows) and not isinstance(result[0], list | tuple):
            rows = [[r[0] for r in rows]]  # a flat list is one row
        return [[_cell(v) for v in row] for row in rows]
    return _cell(result)


def _reason_for(result: Any) -> str | None:
    cells = [v for row in result for v in row] if isinstance(result, list) else [result]
    if DIV0 in cells:
        if isinstance(result, list):
            return "part of the table is undefined (division by zero: no data)"
        return "the result is undefined (division by zero: no data or a zero denominator)"
    if NA in cells:
        return "no result for this input"
    if NUM in cells:
        return f"the result overflows (is beyond ±{np.finfo(float).max:.2g})"
    return None


def _caller_hint() -> Any:
    """``Caller | None`` under xlwings Lite/Server (xlwings injects the calling cell)."""
    if not _cells.on_server():
        return None
    try:
        from xlwings.pro.caller import Caller
    except Exception:  # no PRO licence key: no caller, KPI_LAST_ERROR keys by "unknown"
        return None
    return Caller | None


def with_caller(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give ``func`` the hidden ``caller`` parameter each runtime fills with the calling cell.

    Under xlwings Lite/Server it is keyword-only and annotated ``Caller | None``
    (``xlwings.server.Caller`` is injected, hidden from Excel). Under classic xlwings it is
    the last positional parameter named ``caller`` (xlwings passes the calling ``Range``
    and leaves it out of the VBA signature). During the call the cell is available to
    :func:`record` and :func:`last_error`.
    """
    params = list(inspect.signature(func).parameters.values())
    n = len(params)
    hint = _caller_hint()

    @functools.wraps(func)
    def wrapper(*args: Any, caller: Any = None) -> Any:
        if hint is None and len(args) > n:  # classic: the caller came last, positionally
            caller, args = args[n], args[:n]
        token = _here.set(_lasterror.caller_key(caller))
        try:
            return func(*args)
        finally:
            _here.reset(token)

    if hint is None:
        extra = inspect.Parameter("caller", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None)
        wrapper.__annotations__ = dict(func.__annotations__)
    else:
        extra = inspect.Parameter(
            "caller", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=hint
        )
        wrapper.__annotations__ = {**func.__annotations__, "caller": hint}
    wrapper.__signature__ = inspect.Signature([*params, extra])
    return wrapper


def excel_udf(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a UDF body and map its outcome to an Excel value in ONE place.

    ``ExcelInput`` → its error; ``KpiOverflowError`` → ``#NUM!``; ``XlkpiError`` (bad data)
    and any other ``ValueError`` or ``TypeError`` → ``#VALUE!``; NaN → ``#DIV/0!``;
    ``None`` → ``#N/A``. Any unexpected exception also gives ``#VALUE!`` (a cell must never
    show a traceback). The reason goes to the calling cell's entry read by
    ``KPI_LAST_ERROR``; a success clears that entry. NumPy warnings are silenced here
    (an overflow is reported as ``#NUM!``, not printed on stderr).
    """
    name = func.__name__

    @functools.wraps(func)
    def body(*args: Any) -> Any:
        try:
            with np.errstate(all="ignore"):
                result = to_excel(func(*args))
        except ExcelInput as exc:
            record(name, str(exc))
            return _cells.error_value(exc.literal)
        except KpiOverflowError as exc:
            record(name, str(exc))
            return NUM
        except (XlkpiError, ValueError, TypeError, OverflowError) as exc:
            record(name, str(exc))
            return VALUE
        except Exception as exc:  # a bug must not break the user's sheet
            _log.exception("%s failed", name)
            record(name, f"internal error {type(exc).__name__}: {exc}")
            return VALUE
        reason = _reason_for(result)
        if reason:
            record(name, reason)
        else:
            _lasterror.succeeded(_here.get())
        return result

    return with_caller(body)


def excel_parameters(udf: Callable[..., Any]) -> dict[str, inspect.Parameter]:
    """The parameters Excel shows for ``udf`` (without the hidden ``caller``)."""
    params = inspect.signature(udf).parameters
    return {k: p for k, p in params.items() if k != "caller"}
