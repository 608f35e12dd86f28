"""The one door every report cell goes through: a Python value as an Excel cell.

Safety rules live here and only here:

- text is never a formula: a ``str`` starting with ``=`` (or looking like an Excel error)
  is stored as text with a quote prefix; only :class:`Formula` values become formulas;
- an undefined number (NaN, None, NaT, pd.NA) becomes a blank cell, the intended
  ``#N/A`` error where a KPI value is expected (``na="error"``: data sheets and the
  ranges charts read), or "–" where a person reads it (``na="dash"``: report tables,
  a footnote says why) - never the text "nan";
- NumPy / pandas scalars become plain Python values Excel understands.

Cells reach the file by one of two equivalent routes: :func:`make_cell` (an openpyxl
cell, for the few cells written through openpyxl) or :func:`cell_xml` (the SpreadsheetML
of the cell, which :func:`xlkpi.report.workbook.render` generates for every report sheet
and which is spliced into the saved workbook: openpyxl's per-cell serialising cost ~20 µs
a cell).
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import numbers
import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

from xlkpi.report import styles
from xlkpi.text import cell_chars, excel_escape, xml_text


class Formula(str):
    """An Excel formula (``"=SUM(A1:A3)"``) and ``value``, what Python computed it to be.

    The value is saved as the cell's cached result, so that a viewer which does not
    recalculate (mail previews, Quick Look, pandas / openpyxl ``data_only``) shows the
    number; Excel recalculates on load (``fullCalcOnLoad``). A number, text (``""`` for an
    empty-text result; a ``str`` is always text), a bool, a date, or the ``#N/A`` error the
    report's formulas return where a value is undefined: :data:`NA`, NaN or None.

    >>> f = Formula("=1+1", 2)
    >>> f, f.value
    ('=1+1', 2)
    """

    def __new__(cls, text: str, value: Any):
        self = super().__new__(cls, text)
        self.value = value
        return self

    def __reduce__(self):
        return (Formula, (str(self), self.value))


NA = object()  # the intended #N/A error value


DASH = "–"  # what a report table shows where a value is not defined (na="dash")


def undefined(value: Any) -> bool:
    """True for a missing or non-finite number: what ``na`` decides how to show.

    >>> undefined(float("inf")), undefined(None), undefined(0.0), undefined("x")
    (True, True, False, False)
    """
    if value is NA or is_missing(value):
        return True
    return isinstance(value, float | np.floating) and not math.isfinite(value)


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA.

    >>> is_missing(float("nan")), is_missing(pd.NaT), is_missing(0), is_missing("")
    (True, True, False, False)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return False


def plain(value: Any, *, na: str = "blank") -> Any:
    """``value`` as a plain Python value for openpyxl (see the module rules).

    >>> plain(np.float64(2.5)), plain(np.int64(3)), plain(float("nan")), plain(None, na="error")
    (2.5, 3, None, '#N/A')
    >>> plain(pd.Timestamp("2026-03-01")), plain(pd.Timestamp("2026-03-01 14:05"))
    (datetime.date(2026, 3, 1), datetime.datetime(2026, 3, 1, 14, 5))
    """
    if value is NA or is_missing(value):
        return "#N/A" if (na == "error" or value is NA) else None
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        value = float(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else ("#N/A" if na == "error" else None)
    if isinstance(value, pd.Timestamp | np.datetime64 | dt.datetime):
        ts = pd.Timestamp(value)
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
        return ts.date() if ts == ts.normalize() else ts.to_pydatetime()
    if isinstance(value, pd.Timedelta):
        return value.total_seconds() / 86400.0
    return value


def needs_text_guard(value: Any) -> bool:
    """True for data text that openpyxl would otherwise turn into a formula or an error."""
    return (
        isinstance(value, str)
        and not isinstance(value, Formula)
        and (value.startswith("=") or value in ERROR_CODES)
    )


def make_cell(
    ws, value: Any, *, style: str | None = None, fmt: str | None = None, na: str = "blank"
) -> WriteOnlyCell:
    """A styled cell for ``ws`` holding ``value`` under the module's safety rules."""
    cell = WriteOnlyCell(ws)
    if isinstance(value, Formula):
        cell.value = str(value)  # openpyxl stores "=..." as a formula
    else:
        v = plain(value, na=na)
        if v == "#N/A" and not isinstance(value, str):  # plain() made it: an intended #N/A
            cell.value = v  # openpyxl stores an error code as an error cell
        elif needs_text_guard(v):
            cell.value = excel_escape(cell_chars(v))
            cell.data_type = "s"
            cell.quotePrefix = True
        elif isinstance(v, str):
            cell.value = excel_escape(cell_chars(v))  # openpyxl refuses control characters
        else:
            cell.value = v
            if isinstance(v, dt.datetime) and not fmt:
                fmt = styles.DATETIME_FORMAT
            elif isinstance(v, dt.date) and not fmt:
                fmt = styles.DATE_FORMAT
    styles.apply(cell, style, fmt)
    return cell


# ----------------------------------------------------------------------- cell XML

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def excel_serial(value: dt.date | dt.time) -> float:
    """Excel's serial number of a date, date-time or time of day (the 1900 date system).

    >>> excel_serial(dt.date(2026, 3, 1)), excel_serial(dt.datetime(2026, 3, 1, 6))
    (46082, 46082.25)
    """
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    delta = value - _EXCEL_EPOCH
    days = delta.days - (1 if 0 < delta.days <= 60 else 0)  # Excel's 1900-02-29
    seconds = delta.seconds + delta.microseconds / 1e6
    return days + seconds / 86400 if seconds else days


_STYLE_IDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # workbook -> StyleIds


class StyleIds:
    """The style id (cellXfs index) of each (style name, number format, quote prefix).

    Each combination goes through :func:`styles.apply` once per workbook; cells then only
    carry the id. ``StyleIds.of(wb)`` is the workbook's one instance.
    """

    def __init__(self, wb):
        self._wb = weakref.ref(wb)
        self._ids: dict[tuple, int] = {}

    @classmethod
    def of(cls, wb) -> StyleIds:
        ids = _STYLE_IDS.get(wb)
        if ids is None:
            ids = _STYLE_IDS[wb] = cls(wb)
        return ids

    def __call__(self, style: str | None, fmt: str | None = None, quote: bool = False) -> int:
        key = (style, fmt, quote)
        sid = self._ids.get(key)
        if sid is None:
            cell = WriteOnlyCell(_Sheet(self._wb()))
            styles.apply(cell, style, fmt)
            if quote:
                cell.quotePrefix = True
            sid = self._ids[key] = cell.style_id if cell.has_style else 0
        return sid


@dataclass
class _Sheet:
    """What an openpyxl cell needs of its sheet to register a style: the workbook."""

    parent: Any


def num_text(v: float) -> str:
    """A computed number as SpreadsheetML text: 16 significant digits, as openpyxl writes.

    Rounding the last binary digit away shows a KPI of 0.845 (computed 0.8449999999999999)
    as 85 %, not 84 %, in every spreadsheet application.

    >>> num_text(2.0), num_text(0.1 + 0.2), num_text(1e20)
    ('2', '0.3', '1e+20')
    """
    return f"{v:.16g}"


def cached_xml(value: Any) -> tuple[str, str]:
    """The type attribute and ``<v>`` text of a formula's cached result (see :class:`Formula`).

    >>> cached_xml(0.5), cached_xml("Watch"), cached_xml(float("nan")), cached_xml(True)
    (('', '0.5'), (' t="str"', 'Watch'), (' t="e"', '#N/A'), (' t="b"', '1'))
    """
    if value is NA:
        return ' t="e"', "#N/A"
    if isinstance(value, str):  # always text, even "#N/A" (a data text a formula returns)
        return ' t="str"', xml_text(value[:32767])
    v = plain(value, na="error")
    if isinstance(v, str):  # an undefined or non-finite number: the formulas' #N/A
        return ' t="e"', v
    if isinstance(v, bool):
        return ' t="b"', str(int(v))
    if isinstance(v, int):
        return "", str(v)
    if isinstance(v, dt.date | dt.time):
        v = excel_serial(v)
    if isinstance(v, numbers.Real):
        return "", num_text(float(v))
    raise TypeError(f"a formula cannot have the cached value {value!r}")


def excel_round(value: float, digits: int = 0) -> float:
    """Excel's ``ROUND``: half away from zero, of the number as Excel shows it (15 digits).

    >>> excel_round(2.675, 2), excel_round(-0.5), excel_round(float("nan"), 2)
    (2.68, -1.0, nan)
    """
    if not math.isfinite(value):
        return math.nan
    exact = decimal.Decimal(f"{value:.15g}")
    step = decimal.Decimal(1).scaleb(-digits)
    return float(exact.quantize(step, rounding=decimal.ROUND_HALF_UP))


def _s(sid: int) -> str:
    return f' s="{sid}"' if sid else ""


def cell_tail(value: Any, ids: StyleIds, style: str | None, fmt: str | None, na: str) -> str:
    """The SpreadsheetML of one cell after ``<c r="A1"`` ("" for nothing to write).

    Same rules and result as :func:`make_cell`: only a :class:`Formula` is a formula; data
    text is an inline string (quote-prefixed when it starts with ``=`` or is an error
    literal); undefined numbers are blank or the intended ``#N/A``; dates are serials.
    """
    if isinstance(value, Formula):
        kind, cached = cached_xml(value.value)
        return f"{_s(ids(style, fmt))}{kind}><f>{xml_text(value[1:])}</f><v>{cached}</v></c>"
    if na == "dash" and undefined(value):
        return cell_tail(DASH, ids, "dash", None, "blank")
    v = plain(value, na=na)
    if isinstance(v, str):
        if v == "#N/A" and not isinstance(value, str):  # plain() made it: an intended #N/A
            return f'{_s(ids(style, fmt))} t="e"><v>#N/A</v></c>'
        text = xml_text(cell_chars(v))  # what an Excel cell holds at most
        if text:
            stripped = text.strip()
            space = ' xml:space="preserve"' if stripped and stripped != text else ""
            sid = ids(style, fmt, needs_text_guard(v))
            return f'{_s(sid)} t="inlineStr"><is><t{space}>{text}</t></is></c>'
        v = None
    if v is None:
        sid = ids(style, fmt)
        return f"{_s(sid)}/>" if sid else ""
    if isinstance(v, bool):
        return f'{_s(ids(style, fmt))} t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int):
        return f"{_s(ids(style, fmt))}><v>{v}</v></c>"
    if isinstance(v, float):
        return f"{_s(ids(style, fmt))}><v>{num_text(v)}</v></c>"
    if isinstance(v, dt.datetime):
        fmt = fmt or styles.DATETIME_FORMAT
    elif isinstance(v, dt.date):
        fmt = fmt or styles.DATE_FORMAT
    elif isinstance(v, dt.time):
        fmt = fmt or "h:mm:ss"
    if isinstance(v, dt.date | dt.time):
        return f"{_s(ids(style, fmt))}><v>{num_text(float(excel_serial(v)))}</v></c>"
    if isinstance(v, numbers.Real):
        return cell_tail(float(v), ids, style, fmt, na)
    raise TypeError(f"a report cell cannot hold a {type(value).__name__}: {value!r}")


def cell_xml(
    ref: str,
    value: Any,
    ids: StyleIds,
    *,
    style: str | None = None,
    fmt: str | None = None,
    na: str = "blank",
) -> str:
    """The ``<c>`` element of cell ``ref`` holding ``value`` ("" when there is nothing)."""
    tail = cell_tail(value, ids, style, fmt, na)
    return f'<c r="{ref}"{tail}' if tail else ""
