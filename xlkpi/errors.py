"""The xlkpi exception hierarchy: every error xlkpi raises is an ``XlkpiError``.

``XlkpiError`` subclasses ``ValueError`` so callers that already catch bad
values keep working. The CLI turns any ``XlkpiError`` into one readable line
and a non-zero exit code; the Excel UDFs turn it into an Excel error value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from xlkpi.text import printable

#: Every error literal Excel can put in a cell, spelled as Excel (and xlwings' err_to_str) shows it.
EXCEL_ERROR_LITERALS = frozenset(
    {
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#PYTHON!",
    }
)


class XlkpiError(ValueError):
    """Root of every error xlkpi raises on purpose.

    Its message shows non-printable characters (from sheet names, headers, values)
    escaped, so printing it cannot send escape sequences to a terminal.
    """

    def __str__(self) -> str:
        return printable(super().__str__())


class KpiInputError(XlkpiError):
    """A KPI function was given a value it cannot use (text for a number, a score of 11, ...).

    ``value`` is the offending value, ``position`` its 0-based index in the
    flattened input (``None`` for a scalar argument), ``argument`` the name of
    the parameter it came through.
    """

    def __init__(
        self,
        message: str,
        *,
        value: Any = None,
        position: int | None = None,
        argument: str | None = None,
    ) -> None:
        super().__init__(message)
        self.value = value
        self.position = position
        self.argument = argument


class KpiOverflowError(KpiInputError):
    """A KPI value would be beyond the float range (|x| > 1.8e308): it is not reported.

    Excel functions return ``#NUM!`` for it (Excel's own error for a number too large).
    """


@dataclass(frozen=True)
class CellProblem:
    """One bad cell of the raw data, located the way the user sees it in Excel."""

    sheet: str
    row: int  # Excel row number, 1-based, as shown in Excel's row header
    column: str  # the column header as the user typed it
    value: Any
    message: str

    def __str__(self) -> str:
        text = f"{self.sheet}!{self.column} row {self.row}: {self.message} (value: {self.value!r})"
        return printable(text)  # data text (headers, sheet names) shown escaped


class DataError(XlkpiError):
    """The raw data breaks the data contract: one or more bad cells or a missing column.

    ``problems`` lists every problem found, so ``xlkpi check`` can show them all at once.
    """

    def __init__(self, problems: Iterable[CellProblem] | str, *, sheet: str | None = None):
        if isinstance(problems, str):
            self.problems: list[CellProblem] = []
            message = problems
        else:
            self.problems = list(problems)
            shown = "; ".join(str(p) for p in self.problems[:5])
            more = len(self.problems) - 5
            message = f"{len(self.problems)} data error(s): {shown}" + (
                f"; and {more} more (run `xlkpi check` to list them all)" if more > 0 else ""
            )
        super().__init__(message)
        self.sheet = sheet


class MissingColumnError(DataError):
    """A present sheet lacks a required column of the data contract."""

    def __init__(self, sheet: str, missing: list[str], found: list[str]):
        self.missing = list(missing)
        self.found = list(found)
        super().__init__(
            f"sheet {sheet!r} is missing required column(s) {', '.join(missing)}; "
            f"found columns: {', '.join(str(f) for f in found) or '(none)'}",
            sheet=sheet,
        )


class SourceError(XlkpiError):
    """The input file or folder cannot be read (not a workbook, corrupt, too large, ...)."""


class OutputError(XlkpiError):
    """The report cannot be written where asked (same path as the input, folder missing, ...)."""


class OptionError(KpiInputError, DataError):
    """A definition option has a value it does not allow: the one error for a bad option,
    wherever it was given (a KPI function's keyword, a UDF argument, the Settings sheet,
    ``compute_kpis``' settings). ``option`` is the option's name (``"churn_rate.denominator"``).

    It is a ``KpiInputError`` (a KPI function rejected an argument) and a ``DataError``
    (a Settings cell breaks the contract; ``problems`` then lists every bad cell read).
    """

    def __init__(
        self,
        message: str,
        *,
        value: Any = None,
        argument: str | None = None,
        option: str | None = None,
        problems: Iterable[CellProblem] = (),
    ) -> None:
        super().__init__(message, value=value, argument=argument)
        self.option = option
        self.problems = list(problems)


def internal_error_line(exc: BaseException) -> str:
    """What the command line says of an exception no ``xlkpi`` error type caught: the
    engine out of memory in words a user can act on, else an internal error to report."""
    from xlkpi.sources.memory import out_of_memory

    return out_of_memory(exc) or (
        f"internal error ({type(exc).__name__}: {exc}); please report it with the input"
    )
