"""Parse one big sheet in pieces, on both cores, checking its zip member as it inflates.

fastexcel parses a sheet on one core. A 1,048,575-row sheet is ~330 MB of XML: about as
long to parse as any reader needs, and the other core idle. Here the reader thread
inflates the sheet's XML itself (:func:`xlkpi.data.source.inflated`: the zip-bomb count,
so nothing reaches fastexcel before it is counted, and memory stays bounded by the few
pieces in flight), cuts it at ``<row`` tags into pieces of :data:`PIECE` bytes, and two
threads parse the pieces with fastexcel, each as a small workbook of its own (the same
styles and shared strings, the sheet's header row, then that piece's rows).

Every piece must come out exactly as the whole sheet would: the same columns, the types
fastexcel infers from the first piece (which holds the header and the rows fastexcel
samples), no cell it could not fit, and each piece's rows at their Excel row numbers
(empty rows at a piece's end are put back). Any other shape (a cell error, a column
only some pieces have, a row without its number, a prefixed namespace) returns None, and
the caller parses the sheet whole as before: this path is a speed-up, never a different
reading.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from xlkpi.data import threads
from xlkpi.data.source import inflated

PIECES_FROM = 48 * 1024**2  # sheets whose XML is at least this big are parsed in pieces
PIECE = 16 * 1024**2  # XML bytes per piece
FIRST = 2 * 1024**2  # the first piece: the header and the rows fastexcel infers types from
SAMPLE_ROWS = 1000  # fastexcel's schema_sample_rows (its default)
# Each piece parses the workbook's shared strings again: pieces only while that costs
# little beside the piece itself (1/8 of it; the 7-sheet benchmark's 5.8 MB table made
# pieces cost 2 s more CPU than they saved). A bigger table: the whole parse.
MAX_STRINGS = PIECE // 8
IN_FLIGHT = 3  # pieces inflated but not yet parsed, at most (memory bound)
_TYPES = {"float", "int", "string", "boolean", "datetime", "date", "duration"}

_ROW_AT = re.compile(rb'<row\b[^>]*?\sr="([0-9]{1,7})"[^>]*>')
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class _Unfit(Exception):
    """The sheet is not one pieces reproduce exactly: parse it whole."""


def worth(size: int) -> bool:
    """Parse a sheet of ``size`` XML bytes in pieces? (big, and threads to run them)."""
    return size >= PIECES_FROM and threads.available()


def load_in_pieces(path: Path, info: zipfile.ZipInfo, header_row: int, book: dict) -> Any:
    """The sheet as :class:`xlkpi.data.xlsx_parse.Loaded`, or None: parse it whole.

    ``book``: ``{"styles": bytes | None, "strings": bytes | None, "date1904": bool}``.
    Either way the member has been inflated and counted to its end (SourceError on a
    lying size or damage), so the caller need not check it again.
    """
    chunks = inflated(path, info, PIECE)
    try:
        return _load(_pieces(chunks), header_row, book)
    except _Unfit:
        for _ in chunks:  # the rest is still counted: the caller's whole parse is safe
            pass
        return None
    finally:
        chunks.close()


def _load(pieces, header_row: int, book: dict) -> Any:
    from xlkpi.data.xlsx_parse import Loaded

    start, parts = next(pieces)
    xml = b"".join(parts)
    header = _header_xml(xml, header_row)
    opening = re.search(rb"<worksheet\b[^>]*>", xml)
    if opening is None or opening.group(0).endswith(b"/>"):
        raise _Unfit
    book = {**book, "opening": opening.group(0)}
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="xlkpi-piece") as pool:
        first = _parse(_workbook([xml], book), header_row, None)
        if first.num_rows < SAMPLE_ROWS:
            raise _Unfit  # fewer rows than fastexcel samples: the whole sheet may differ
        labels, dtypes = first.labels, first.dtypes
        done: list[tuple[int, Any]] = [(header_row + 1, first)]
        pending: list[tuple[int, Future]] = []
        try:
            for start, parts in pieces:
                if start <= header_row + 1:
                    raise _Unfit
                moved = _moved(header, header_row, start - 1)
                book_bytes = _workbook([book["opening"], b"<sheetData>", moved, *parts], book)
                pending.append((start, pool.submit(_parse, book_bytes, start - 1, dtypes)))
                del book_bytes, parts
                while len(pending) >= IN_FLIGHT:
                    done.append(_take(pending.pop(0), labels))
            while pending:
                done.append(_take(pending.pop(0), labels))
        finally:
            for _, future in pending:
                future.cancel()
    import pyarrow as pa

    schema = pa.schema([f.with_nullable(True) for f in done[0][1].batch.schema])
    batches = [pa.RecordBatch.from_arrays(b.columns, schema=schema) for b in _aligned(done, pa)]
    table = pa.Table.from_batches(batches, schema=schema)
    return Loaded(labels, table, [])


class _Piece:
    def __init__(self, sheet, batch) -> None:
        from xlkpi.data.xlsx_parse import _column_label

        self.labels = [_column_label(c) for c in sheet.selected_columns]
        self.dtypes = {c.name: c.dtype for c in sheet.selected_columns}
        self.batch = batch
        self.num_rows = batch.num_rows
        if any(t not in _TYPES for t in self.dtypes.values()):
            raise _Unfit  # e.g. a column blank in the sampled rows


def book_parts(zf: zipfile.ZipFile, date1904: bool) -> dict | None:
    """What every piece's workbook needs of the real one: styles (dates), shared strings;
    None when the shared strings are too big for pieces (:data:`MAX_STRINGS`).

    Read after :func:`xlkpi.data.source.check_package_parts` counted them."""
    import posixpath
    import xml.etree.ElementTree as ET

    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    found: dict[str, Any] = {"styles": None, "strings": None, "date1904": date1904}
    names = set(zf.namelist())
    for rel in rels.iter(f"{{{_RELS}}}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        key = {"styles": "styles", "sharedStrings": "strings"}.get(kind)
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        part = posixpath.normpath(part)
        if key and part in names:
            if key == "strings" and zf.getinfo(part).file_size > MAX_STRINGS:
                return None
            found[key] = zf.read(part)
    return found


def _parse(data: bytes, header_row: int, dtypes: dict | None) -> _Piece:
    import fastexcel

    try:
        sheet = fastexcel.read_excel(data).load_sheet(0, header_row=header_row - 1, dtypes=dtypes)
        batch, errors = sheet.to_arrow_with_errors()
    except Exception as exc:  # whatever fastexcel says, the whole parse says it better
        raise _Unfit from exc
    if errors and errors.errors:
        raise _Unfit  # cells it could not type: the whole parse reports them exactly
    return _Piece(sheet, batch)


def _take(item: tuple[int, Future], labels: list[str]) -> tuple[int, _Piece]:
    start, future = item
    piece = future.result()
    if piece.labels != labels:
        raise _Unfit
    return start, piece


def _aligned(done: list[tuple[int, _Piece]], pa) -> list:
    """The pieces' rows at their Excel rows: each piece up to the next one's first row is
    padded with the empty rows fastexcel drops at a range's end (as the whole sheet keeps
    them), up to the last piece holding a row."""
    last = max((i for i, (_, p) in enumerate(done) if p.num_rows), default=0)
    out = []
    for i, (start, piece) in enumerate(done[: last + 1]):
        out.append(piece.batch)
        if i < last:
            gap = done[i + 1][0] - start - piece.num_rows
            if gap < 0:
                raise _Unfit
            if gap:
                schema = piece.batch.schema
                out.append(pa.record_batch([pa.nulls(gap, f.type) for f in schema], schema=schema))
    return out


def _pieces(chunks):
    """``(first row number, XML)`` of each piece, cut at ``<row`` tags; the first piece
    (:data:`FIRST` bytes) also carries the sheet's head, up to ``<sheetData>``.

    A piece is the previous chunk's tail plus this chunk up to its last ``<row``: the
    bytes are copied once."""
    carry, start = b"", -1  # start: where the first piece's rows begin (-1: head not seen)
    for chunk in chunks:
        if start < 0:
            carry += chunk
            at = carry.find(b"<sheetData>")
            if at < 0:
                if len(carry) > 4 * 1024**2 or b"<sheetData/>" in carry:
                    raise _Unfit  # a prefixed namespace, or no rows
                continue
            at += len(b"<sheetData>")
            if len(carry) - at < FIRST and b"</sheetData>" not in carry:
                continue  # the first piece: at least FIRST bytes of rows
            head = _DIMENSION.sub(b"", carry[:at])
            chunk, start = carry[at:], len(head)
            cut = chunk.find(b"<row", FIRST)
            if cut > 0 and b"</sheetData>" not in chunk[:cut]:
                yield _numbered([head, memoryview(chunk)[:cut]], start)
                carry, chunk, start = b"", chunk[cut:], 0
            else:
                carry = head
        if b"</sheetData>" in chunk or b"</sheetData>" in carry[-16:] + chunk[:16]:
            rest = carry + chunk
            end = rest.find(b"</sheetData>", max(0, len(carry) - 16))
            yield _numbered([memoryview(rest)[:end]], start)
            return
        cut = chunk.rfind(b"<row")
        if cut <= 0:
            carry += chunk
            continue
        yield _numbered([carry, memoryview(chunk)[:cut]], start)
        carry, start = chunk[cut:], 0
    raise _Unfit  # no </sheetData>: damaged, the whole parse says how


def _numbered(parts: list, at: int) -> tuple[int, list]:
    """A piece (its bytes in parts, joined once, into its workbook) and the row number of
    its first row (a numbered ``<row`` at offset ``at`` of the parts' concatenation)."""
    near = b"".join(bytes(part[: at + 4096]) for part in parts)  # a tag may straddle two
    m = _ROW_AT.match(near, at)
    if m is None:
        raise _Unfit
    return int(m.group(1)), parts


def _header_xml(xml: bytes, header_row: int) -> bytes:
    m = re.search(rb'<row\b[^>]*?\sr="%d"[^>]*>' % header_row, xml)
    end = xml.find(b"</row>", m.end()) if m else -1
    if m is None or end < 0 or m.group(0).endswith(b"/>"):
        raise _Unfit
    return xml[m.start() : end + len(b"</row>")]


def _moved(header: bytes, old: int, new: int) -> bytes:
    """The header row's XML as row ``new``: its own number and its cells' references."""
    header = re.sub(rb'(<row\b[^>]*?\sr=")%d"' % old, rb'\g<1>%d"' % new, header, count=1)
    return re.sub(rb'(<c\b[^>]*?\sr="[A-Z]{1,3})%d"' % old, rb'\g<1>%d"' % new, header)


def _workbook(sheet: list, book: dict) -> bytes:
    """A one-sheet workbook whose sheet XML is the concatenation of ``sheet``, stored
    (nothing to inflate), the bytes joined once."""
    pr = '<workbookPr date1904="1"/>' if book["date1904"] else ""
    members: list[tuple[str, list]] = [
        ("[Content_Types].xml", [_CONTENT_TYPES]),
        ("_rels/.rels", [_ROOT_RELS]),
        ("xl/workbook.xml", [_BOOK.replace(b"<sheets>", pr.encode() + b"<sheets>")]),
        ("xl/_rels/workbook.xml.rels", [_BOOK_RELS]),
        ("xl/worksheets/sheet1.xml", [*sheet, b"</sheetData></worksheet>"]),
    ]
    if book.get("styles") is not None:
        members.append(("xl/styles.xml", [book["styles"]]))
    if book.get("strings") is not None:
        members.append(("xl/sharedStrings.xml", [book["strings"]]))
    return _stored_zip(members)


def _stored_zip(members: list[tuple[str, list]]) -> bytes:
    out: list = []
    central: list[bytes] = []
    offset = 0
    for name, parts in members:
        crc, size = 0, 0
        for part in parts:
            crc, size = zlib.crc32(part, crc), size + len(part)
        raw = name.encode()
        local = (
            struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 33, crc, size, size, len(raw), 0)
            + raw
        )
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                0,
                0,
                33,
                crc,
                size,
                size,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw
        )
        out += [local, *parts]
        offset += len(local) + size
    directory = b"".join(central)
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0
    )
    return b"".join([*out, directory, end])


_BOOK = (
    f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
    f'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
    "</Types>"
).encode()
_ROOT_RELS = (
    f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
    f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
).encode()
_BOOK_RELS = (
    f'<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
).encode()
