"""Payloads shaped as xlwings' Office.js client sends them (xlwings Lite and Server).

A book: ``client``, ``version``, ``book`` (name, active sheet, selection), ``names`` and
``sheets``, each sheet's used-range ``values`` as Office.js reads them: empty cells "",
dates as ISO strings ending in "Z" (what ``xlwings.pro._xlremote`` parses back).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import xlwings as xw


def js_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%dT00:00:00.000Z")
    return v


def sheet(name: str, rows: list[list[Any]]) -> dict:
    width = max((len(r) for r in rows), default=1)
    values = [[js_value(v) for v in r] + [""] * (width - len(r)) for r in rows] or [[""]]
    return {"name": name, "values": values, "pictures": [], "tables": []}


def book(sheets: dict[str, list[list[Any]]], name: str = "Sales.xlsx") -> dict:
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": name, "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": [sheet(n, rows) for n, rows in sheets.items()],
    }


def sample_book(seed: int = 2026) -> dict:
    """The sample data set as a workbook of raw sheets, as Office.js would send it."""
    from xlkpi.data.sample import sample_tables
    from xlkpi.excel.frames import frame_rows
    from xlkpi.excel.template.content import sheet_title

    return book({sheet_title(t): frame_rows(f) for t, f in sample_tables(seed=seed).items()})


def function_call(func_name: str, args: list, address: str = "Sheet1!C1") -> dict:
    """A custom-functions-call body as custom-functions-code.js builds it."""
    return {
        "client": "Office.js",
        "func_name": func_name,
        "args": args,
        "caller_address": f"[Sales.xlsx]{address}",
        "session_id": "test-session",
        "culture_info_name": "en-US",
        "date_format": "M/d/yyyy",
        "version": xw.__version__,
        "runtime": "1.4",
    }


def actions(book_json: dict, func: str | None = None) -> list[dict]:
    acts = book_json["actions"]
    return [a for a in acts if func is None or a["func"] == func]


def remote_book(payload: dict):
    """``xw.Book`` on xlwings' remote interpreter, as xlwings' own tests open one (the
    engine registry holds it only when a licence key was set before xlwings was imported).
    Needs ``XLWINGS_LICENSE_KEY`` (``noncommercial`` in tests)."""
    from xlwings.pro import _xlremote

    impl = _xlremote.App(_xlremote.Apps(), add_book=False).books.open(payload)
    return xw.Book(impl=impl)
