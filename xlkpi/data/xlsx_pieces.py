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

import contextlib
import re
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from xlkpi.data import threads, xlsx_strings
from xlkpi.data.source import inflated
from xlkpi.data.xlsx_book import workbook
from xlkpi.data.xlsx_strings import Refused as _Unfit  # the sheet: parse it whole

PIECES_FROM = 48 * 1024**2  # sheets whose XML is at least this big are parsed in pieces
PIECE = 16 * 1024**2  # XML bytes per piece
FIRST = 2 * 1024**2  # the first piece: the header and the rows fastexcel infers types from
SAMPLE_ROWS = 1000  # fastexcel's schema_sample_rows (its default)
# Up to this size every piece carries the workbook's shared strings and parses them again
# (little beside the piece itself). A bigger table (the 7-sheet benchmark's is 5.8 MB) is
# parsed once and shared by the pieces (:mod:`xlkpi.data.xlsx_strings`).
MAX_STRINGS = PIECE // 8
IN_FLIGHT = 3  # pieces inflated but not yet parsed, at most (memory bound)
_TYPES = {"float", "int", "string", "boolean", "datetime", "date", "duration"}

_ROW_AT = re.compile(rb'<row\b[^>]*?\sr="([0-9]{1,7})"[^>]*>')
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def worth(size: int) -> bool:
    """Parse a sheet of ``size`` XML bytes in pieces? (big, and threads to run them)."""
    return size >= PIECES_FROM and threads.available()


def load_in_pieces(path: Path, info: zipfile.ZipInfo, header_row: int, book: dict) -> Any:
    """The sheet as :class:`xlkpi.data.xlsx_parse.Loaded`, or None: parse it whole.

    ``book``: ``{"styles": bytes | None, "strings": bytes | None, "date1904": bool,
    "shared": xlsx_strings.Strings | None}`` (:func:`book_parts`).
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
        first, table = _first(xml, header_row, book)
        if first.num_rows < SAMPLE_ROWS:
            raise _Unfit  # fewer rows than fastexcel samples: the whole sheet may differ
        labels, dtypes = first.labels, first.dtypes
        if table is not None:  # the pieces go without the shared strings
            header = xlsx_strings.inline_header(header, table)
            book = {**book, "strings": None, "table": table}
        done: list[tuple[int, Any]] = [(header_row + 1, first)]
        pending: list[tuple[int, Future]] = []
        try:
            for start, parts in pieces:
                if start <= header_row + 1:
                    raise _Unfit
                moved = _moved(header, header_row, start - 1)
                task = pool.submit(_parse_piece, [moved, *parts], start - 1, dtypes, book)
                pending.append((start, task))
                del parts
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


def book_parts(zf: zipfile.ZipFile, date1904: bool) -> dict:
    """What every piece's workbook needs of the real one: styles (dates), shared strings,
    and (``shared``) where the table goes when it is too big for every piece to carry
    (:data:`MAX_STRINGS`): one :class:`xlkpi.data.xlsx_strings.Strings` per workbook.

    Read after :func:`xlkpi.data.source.check_package_parts` counted them."""
    import posixpath
    import xml.etree.ElementTree as ET

    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    found: dict[str, Any] = {"styles": None, "strings": None, "date1904": date1904}
    found["shared"] = None
    names = set(zf.namelist())
    for rel in rels.iter(f"{{{_RELS}}}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        key = {"styles": "styles", "sharedStrings": "strings"}.get(kind)
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        part = posixpath.normpath(part)
        if key and part in names:
            found[key] = zf.read(part)
            if key == "strings" and len(found[key]) > MAX_STRINGS:
                found["shared"] = xlsx_strings.Strings()
    return found


def _first(xml: bytes, header_row: int, book: dict) -> tuple[_Piece, Any]:
    """The first piece, parsed with the real shared strings; and, when the table is too
    big for every piece to carry (``book["shared"]``), the table as fastexcel reads it:
    made here by the first big sheet (its index sheet read from the same workbook, so
    the table is parsed once), waited for by the others."""
    shared = book.get("shared")
    if shared is None:
        return _parse(workbook([xml], book), header_row, None), None
    if not shared.claim():
        first = _parse(workbook([xml], book), header_row, None)
        return first, shared.wait()
    table = None
    try:
        index, n = xlsx_strings.index_sheet(book["strings"])
        reader = _reader(workbook([xml], book, extra=index))
        with contextlib.suppress(Exception):  # else the whole parse, for every big sheet
            table = xlsx_strings.table_of(reader, n)
    finally:
        shared.put(table)
    if table is None:
        raise _Unfit
    return _parse(reader, header_row, None), table


def _parse_piece(sheet: list, header_row: int, dtypes: dict, book: dict) -> _Piece:
    """A later piece (``sheet``: its header row and rows) in its own workbook; with the
    shared strings marked and resolved from ``book["table"]`` when it carries none."""
    table = book.get("table")
    if table is None:
        data = workbook([book["opening"], b"<sheetData>", *sheet], book)
        return _parse(data, header_row, dtypes)
    rows, written = xlsx_strings.mark(sheet[1:])
    data = workbook([book["opening"], b"<sheetData>", sheet[0], rows], book)
    del rows
    piece = _parse(data, header_row, dtypes)
    piece.batch = xlsx_strings.resolve(piece.batch, table, written)
    return piece


def _reader(data: bytes) -> Any:
    import fastexcel

    try:
        return fastexcel.read_excel(data)
    except Exception as exc:
        raise _Unfit from exc


def _parse(data: Any, header_row: int, dtypes: dict | None) -> _Piece:
    """Sheet 1 of ``data`` (a workbook's bytes, or a reader of it) as a piece."""
    reader = _reader(data) if isinstance(data, bytes) else data
    try:
        sheet = reader.load_sheet(0, header_row=header_row - 1, dtypes=dtypes)
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
