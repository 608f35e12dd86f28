"""Where a workbook's contract sheets are, and where their headers start (zip + XML only).

The sheet list (``xl/workbook.xml`` and its relationships) mapped to the contract's
tables, the 1904 date flag, and each sheet's header row, found by streaming the start of
its XML up to the first row holding a value. No pandas, no fastexcel: both readers
(:mod:`xlkpi.data.xlsx_parse`, :mod:`xlkpi.data.xlsx_calamine`) start here.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import xml.parsers.expat
import zipfile
import zlib
from dataclasses import dataclass

from xlkpi.data.contract import find_table
from xlkpi.errors import SourceError
from xlkpi.text import EXCEL_MAX_ROWS

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAX_SMALL_PART = 64 * 1024**2


@dataclass(frozen=True)
class _SheetRef:
    name: str
    key: str
    part: str  # zip member of the worksheet XML
    size: int  # its uncompressed size, to read the biggest sheets first


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
