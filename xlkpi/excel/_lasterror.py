"""Why a ``KPI_*`` cell shows an error, kept per calling cell (read by ``KPI_LAST_ERROR``).

The calling cell comes from the runtime: xlwings Server (and its Wasm mode) inject a
:class:`xlwings.server.Caller` (book, sheet, cell) when a function declares one; classic
xlwings passes the calling ``Range`` for a parameter named ``caller``. Each reason is
stored under ``(book, sheet, cell)``; a later success of that cell removes it.

Limits, on purpose written down: the store is a dict in the Python process. Under
several xlwings Server workers each worker knows only the cells it computed, so
``KPI_LAST_ERROR`` may answer from another worker that never saw the error (it then
says so). A runtime that passes no caller (e.g. a client without ``caller_address``)
files reasons under one shared "unknown cell" key: the latest of those is shown. The
error value itself cannot carry the text: Office.js' error objects have no message field
and xlwings only builds a ``CustomFunctions.Error`` (always ``#VALUE!``) from an
exception, which would lose the error kind. Every reason is also logged (logger
``xlkpi.excel``, level INFO), so a server log has them all.
"""

from __future__ import annotations

import collections
import logging
import re
from typing import Any

_log = logging.getLogger("xlkpi.excel")
_MAX = 10_000  # cells remembered per process (least recently failed forgotten first)

Key = tuple[str, str, str]
UNKNOWN: Key = ("", "", "")
_errors: collections.OrderedDict[Key, tuple[str, str]] = collections.OrderedDict()
_ADDRESS = re.compile(
    r"^\s*(?:\[(?P<book>[^\]]*)\])?(?:'?(?P<sheet>(?:[^'!]|'')+)'?!)?"
    r"\$?(?P<col>[A-Za-z]{1,3})\$?(?P<row>[0-9]{1,7})(?::\S*)?\s*$"
)


def _norm_cell(address: str) -> str:
    """``$B$10`` / ``b10`` / ``B10:C12`` -> ``B10`` (the top-left cell, no dollars)."""
    m = _ADDRESS.match(address or "")
    return f"{m['col'].upper()}{m['row']}" if m else str(address).replace("$", "").upper()


def caller_key(caller: Any) -> Key:
    """``(book, sheet, cell)`` of a runtime's caller object, ``UNKNOWN`` when there is none."""
    if caller is None:
        return UNKNOWN
    try:
        if hasattr(caller, "sheet_name"):  # xlwings.server.Caller
            return (caller.book_name or "", caller.sheet_name, _norm_cell(caller.address))
        sheet = caller.sheet  # classic xlwings: the calling Range
        return (sheet.book.name, sheet.name, _norm_cell(caller.address))
    except Exception:  # an unexpected runtime object must not break the function
        return UNKNOWN


def record(key: Key, function: str, message: str) -> None:
    """Remember why ``function`` returned an error in the cell ``key``."""
    _errors.pop(key, None)
    _errors[key] = (function, message)
    while len(_errors) > _MAX:
        _errors.popitem(last=False)
    where = "!".join(p for p in key[1:] if p) or "an unknown cell"
    _log.info("%s in %s: %s", function, where, message)


def succeeded(key: Key) -> None:
    """The cell ``key`` computed a value: forget its earlier error."""
    _errors.pop(key, None)


def clear() -> None:
    """Forget every reason (tests, and a fresh start)."""
    _errors.clear()


def _label(key: Key, here: Key) -> str:
    book, sheet, cell = key
    if key == UNKNOWN:
        return ""
    if (book, sheet) == here[:2]:
        return f"{cell}: "
    return f"{sheet}!{cell}: "


def explain(cell: Any, here: Key) -> str:
    """The reason for ``cell`` (an address text such as ``"B10"`` or ``"Sheet2!B10"``, as
    ``CELL("address", B10)`` gives it) seen from the calling cell ``here``; with no cell,
    the latest reason of ``here``'s sheet (or of any cell, when the caller is unknown)."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        same_sheet = [k for k in _errors if k[:2] == here[:2] or here == UNKNOWN]
        if not same_sheet:
            return "no KPI error on this sheet so far (in this Python process)"
        key = same_sheet[-1]
        function, message = _errors[key]
        return f"{_label(key, here)}{function}: {message}"
    text = str(cell)
    m = _ADDRESS.match(text)
    if not m:
        return f'give the cell as an address, e.g. "B10" or CELL("address", B10); got {text!r}'
    sheet = (m["sheet"] or "").replace("''", "'") or here[1]
    key = (m["book"] if m["book"] is not None else here[0], sheet, _norm_cell(text))
    found = _errors.get(key)
    if found is None and m["book"] is None:  # the caller may not know its book's name
        found = next((v for k, v in reversed(_errors.items()) if k[1:] == key[1:]), None)
    if found is None:
        return (
            f"no KPI error recorded for {sheet}!{key[2]} (by this Python process; under "
            "several xlwings Server workers only the worker that computed the cell knows)"
        )
    return f"{found[0]}: {found[1]}"
