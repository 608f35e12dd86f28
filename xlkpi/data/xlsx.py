"""Read the contract's sheets of an .xlsx/.xlsm workbook fast (fastexcel, one thread per sheet).

Speed: fastexcel (Rust calamine) parses each sheet in one pass and releases the GIL, so
sheets are read concurrently. Columns come back typed (float64, datetime64, str); only a
column holding a cell fastexcel could not fit into the column's type is read a second
time, as text, so that every cell's value as the user typed it can be checked and
reported. The workbook is opened read-only and never written.

Row numbers: the header is the first row holding any value, found by streaming the start
of the sheet's XML (cheap: it stops at that row); data row ``i`` is Excel row
``header + 1 + i`` because fastexcel keeps empty rows inside the used range.
"""

from __future__ import annotations

import logging
import os
import posixpath
import xml.etree.ElementTree as ET
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from xlkpi.data.contract import SETTINGS_SHEET, find_table
from xlkpi.data.raw import RawSheet
from xlkpi.data.source import check_member
from xlkpi.errors import CellProblem, SourceError
from xlkpi.text import EXCEL_MAX_ROWS

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAX_SMALL_PART = 64 * 1024**2

T = TypeVar("T")

# fastexcel logs "Could not determine dtype for column N" for empty columns; without a
# handler Python would print that to stderr. A NullHandler keeps it out of users' consoles.
logging.getLogger("fastexcel").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class _SheetRef:
    name: str
    key: str
    part: str  # zip member of the worksheet XML
    size: int  # its uncompressed size, to read the biggest sheets first


def read_workbook(
    path: Path, finish: Callable[[RawSheet, bool], T] | None = None, seen: list | None = None
) -> tuple[list[T], bool, list[CellProblem]]:
    """The contract sheets of ``path`` as :class:`RawSheet` s, the date1904 flag, and findings.

    ``seen``, when given, receives the name of every sheet of the workbook (in tab order;
    an empty contract sheet as ``"'Orders' (empty)"``) for the "no table found" message.

    ``finish(raw, date1904)``, when given, runs in the reader thread as soon as a sheet is
    loaded (so the small sheets are typed while the big one is still being parsed) and its
    results are returned instead of the raw sheets, in tab order either way. The Settings
    sheet is loaded first, so ``finish`` usually has it before the tables.
    Call :func:`xlkpi.data.source.check_workbook_file` first.
    """
    with zipfile.ZipFile(path) as zf:
        refs, date1904, names = _layout(zf)
        findings: list[CellProblem] = []
        chosen: dict[str, _SheetRef] = {}
        for ref in refs:
            if ref.key in chosen:
                findings.append(
                    CellProblem(
                        ref.name,
                        1,
                        "(sheet)",
                        ref.name,
                        f"ignored: sheet {chosen[ref.key].name!r} "
                        f"already holds the {ref.key} table",
                    )
                )
            else:
                chosen[ref.key] = ref
        headers = {ref.key: _first_value_row(zf, ref.part) for ref in chosen.values()}
        infos = {i.filename: i for i in zf.infolist()}
    if seen is not None:
        empty = {r.name for r in chosen.values() if not headers[r.key]}
        seen.extend(f"{n!r} (empty)" if n in empty else repr(n) for n in names)
    todo = sorted(
        (r for r in chosen.values() if headers[r.key]),
        key=lambda r: (r.key != SETTINGS_SHEET, -r.size),
    )
    if not todo:
        return [], date1904, findings
    for name, info in infos.items():  # what fastexcel reads besides the sheets, first
        if name.endswith((".xml", ".rels")) and not name.startswith("xl/worksheets/"):
            check_member(path, info)

    def work(ref: _SheetRef):
        check_member(path, infos[ref.part], sheet=True)  # in the thread: zlib/ISA-L release the GIL
        raw = _load(path, ref, headers[ref.key])
        return raw if finish is None else finish(raw, date1904)

    workers = max(1, min(len(todo), os.cpu_count() or 1, 4))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(work, ref) for ref in todo]
        try:
            results = [f.result() for f in futures]  # the first failure, in a fixed order
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    order = {ref.key: i for i, ref in enumerate(refs)}
    ranked = sorted(zip(todo, results, strict=True), key=lambda pair: order[pair[0].key])
    return [result for _, result in ranked], date1904, findings


def _read_small(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > _MAX_SMALL_PART:
        raise SourceError(f"{name} is implausibly large ({info.file_size} bytes)")
    return zf.read(name)


def _layout(zf: zipfile.ZipFile) -> tuple[list[_SheetRef], bool, list[str]]:
    """Contract sheets (in tab order) mapped to their XML parts, the 1904 date flag, and
    the names of all sheets."""
    try:
        book = ET.fromstring(_read_small(zf, "xl/workbook.xml"))
        rels = ET.fromstring(_read_small(zf, "xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError, *_UNZIP_ERRORS) as exc:
        raise SourceError(f"the workbook is damaged (cannot read its sheet list: {exc})") from exc
    targets = {
        r.get("Id"): r.get("Target", "")
        for r in rels.iter(f"{{{_NS_PKG}}}Relationship")
        if r.get("Type", "").endswith("/worksheet")
    }
    pr = book.find(f"{{{_NS_MAIN}}}workbookPr")
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    members = {i.filename: i.file_size for i in zf.infolist()}
    refs, names = [], []
    for sheet in book.iter(f"{{{_NS_MAIN}}}sheet"):
        name, rid = sheet.get("name", ""), sheet.get(f"{{{_NS_REL}}}id")
        names.append(name)
        key = find_table(name)
        if key is None or rid not in targets:
            continue
        target = targets[rid]
        part = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        if part in members:
            refs.append(_SheetRef(name, key, part, members[part]))
    return refs, date1904, names


# What Python's zipfile raises on a damaged member: bad CRC, bad deflate data, the
# encryption flag, an unknown compression method, a cut-off file.
_UNZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    EOFError,
    OSError,
)


def _row_number(r: str | None, previous: int, part: str) -> int:
    """The ``r`` attribute of a ``<row>``: an Excel row number (1 to 1,048,576) or absent."""
    if r is None:
        return previous + 1
    if not (r.isascii() and r.isdigit() and 0 < int(r) <= EXCEL_MAX_ROWS):
        raise SourceError(
            f"the workbook is damaged (sheet XML {part}: row number {r[:30]!r} is not an "
            f"Excel row, 1 to {EXCEL_MAX_ROWS:,}); open and repair it in Excel"
        )
    return int(r)


class _Found(Exception):
    pass


def _first_value_row(zf: zipfile.ZipFile, part: str) -> int | None:
    """Excel row number of the first row holding a value (streams only up to that row)."""
    state = {"row": 0, "has": False, "in_v": False, "text": False}

    def start(name, attrs):
        local = name.rsplit("}", 1)[-1]
        if local == "row":
            state["row"] = _row_number(attrs.get("r"), state["row"], part)
            state["has"] = False
        elif local in ("v", "t"):
            state["in_v"] = True

    def end(name):
        local = name.rsplit("}", 1)[-1]
        if local in ("v", "t"):
            state["in_v"] = False
        elif local == "row" and state["has"]:
            raise _Found

    def chars(data):
        if state["in_v"] and data.strip():
            state["has"] = True

    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        with zf.open(part) as f:
            while chunk := f.read(64 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Found:
        return state["row"]
    except (xml.parsers.expat.ExpatError, *_UNZIP_ERRORS) as exc:
        raise SourceError(f"the workbook is damaged (sheet XML {part}: {exc})") from exc
    return None


_ERROR_LITERALS = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}


def _put_error_literals(columns: list[pd.Series], errors) -> None:
    """Excel error cells (#N/A, #REF!, ...) read as blank text: put the error back as text."""
    found: dict[int, dict[int, str]] = {}
    for error in errors:
        detail = error.detail
        if "'Error(" not in detail:
            continue
        name = detail.split("'Error(", 1)[1].split(")", 1)[0]
        row, col = error.offset_position
        found.setdefault(col, {})[row] = _ERROR_LITERALS.get(name, f"#{name.upper()}!")
    for col, cells in found.items():
        column = columns[col].copy()
        column.iloc[list(cells)] = list(cells.values())
        columns[col] = column


def _column_label(info) -> str:
    name = info.name
    if name.startswith("__UNNAMED__"):
        return f"(column {_letters(info.absolute_index)})"
    return name


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


# fastexcel raises FastExcelError subclasses (CalamineError, CalamineCellError, ArrowError,
# ...), but bad bytes also surface as OverflowError/ValueError from its argument
# conversion, pyarrow's ArrowException (a ValueError etc.), OSError and RuntimeError.
_NATIVE_ERRORS = (ArithmeticError, ValueError, OSError, RuntimeError)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def _load(path: Path, ref: _SheetRef, header_row: int) -> RawSheet:
    """Read one sheet with fastexcel; re-read as text any column with unconvertible cells."""
    import fastexcel  # imported here: without it (Pyodide) read.py uses xlsx_calamine

    as_text = ref.key == SETTINGS_SHEET
    try:
        reader = fastexcel.read_excel(path)
        sheet = reader.load_sheet(
            ref.name, header_row=header_row - 1, dtypes="string" if as_text else None
        )
        batch, errors = sheet.to_arrow_with_errors()
        headers = [_column_label(c) for c in sheet.selected_columns]
        columns = [batch.column(j).to_pandas() for j in range(batch.num_columns)]
        bad_cols = sorted({e.position[1] for e in errors.errors}) if errors else []
        if bad_cols:
            retyped = reader.load_sheet(
                ref.name, header_row=header_row - 1, use_columns=bad_cols, dtypes="string"
            ).to_arrow()
            for k, j in enumerate(bad_cols):
                columns[j] = retyped.column(k).to_pandas()
            _put_error_literals(columns, errors.errors)
    except (fastexcel.FastExcelError, *_NATIVE_ERRORS) as exc:
        raise SourceError(f"cannot read sheet {ref.name!r}: {_first_line(exc)}") from exc
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":  # pyo3's, a BaseException: a Rust panic
            raise
        raise SourceError(f"cannot read sheet {ref.name!r}: {_first_line(exc)}") from exc
    columns = [pd.Series(c).reset_index(drop=True) for c in columns]
    return RawSheet(ref.name, ref.key, headers, columns, header_row + 1)
