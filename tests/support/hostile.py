"""Hostile and malformed inputs, generated on the fly (no binary fixtures in the repo).

A workbook is a zip; :func:`write_zip` writes one with full control over every header
field (CRC, flags, compression method, declared sizes), so the tests can build what a
damaged disk, a hand-edited file or an attacker produces. The benchmark
``benchmarks/zip_bomb.py`` builds its lying-size bomb with :func:`lying_bomb` too.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


@dataclass
class Member:
    """One zip member as it is to be written (defaults: honest deflate)."""

    name: str
    data: bytes  # the uncompressed bytes (ignored when ``raw`` is given)
    method: int = 8
    flags: int = 0
    crc: int | None = None  # None: the true CRC
    file_size: int | None = None  # None: the true size
    raw: bytes | None = None  # the stored (compressed) bytes, as is


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip file of ``members``, headers written exactly as given."""
    out = io.BytesIO()
    central = []
    for m in members:
        stored = m.raw if m.raw is not None else _deflate(m.data) if m.method == 8 else m.data
        crc = zlib.crc32(m.data) if m.crc is None else m.crc
        size = len(m.data) if m.file_size is None else m.file_size
        name = m.name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                m.flags,
                m.method,
                0,
                0x21,
                crc,
                len(stored),
                size,
                len(name),
                0,
            )
        )
        out.write(name + stored)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                m.flags,
                m.method,
                0,
                0x21,
                crc,
                len(stored),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    size = out.tell() - start
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size, start, 0)
    )
    Path(path).write_bytes(out.getvalue())
    return Path(path)


def workbook_bytes(sheets: dict[str, list[list]]) -> dict[str, bytes]:
    """The members of a small honest workbook (openpyxl), by name."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


ORDERS = {
    "Orders": [
        ["order_id", "order_date", "customer_id", "revenue"],
        [1, "2026-01-05", "C1", 100.0],
        [2, "2026-02-05", "C2", 50.0],
    ]
}


def damaged(path: Path, how: str, sheets: dict[str, list[list]] | None = None) -> Path:
    """A workbook whose first sheet's zip member is damaged in one way.

    ``how``: ``deflate`` (garbage compressed data), ``crc`` (wrong CRC), ``encrypted``
    (the encryption flag set), ``method`` (compression method 99, AES), ``bzip2-bad``
    (method 12 with data that is not bzip2), ``truncated`` (compressed data cut short).
    """
    parts = workbook_bytes(sheets or ORDERS)
    members = [Member(n, d) for n, d in parts.items()]
    m = next(x for x in members if x.name == SHEET)
    if how == "deflate":
        m.raw = b"\xff\xfe\xfd" + bytes(range(256)) * 4
    elif how == "crc":
        m.crc = zlib.crc32(m.data) ^ 0xDEADBEEF
    elif how == "encrypted":
        m.flags = 1
    elif how == "method":
        m.method = 99
    elif how == "bzip2-bad":
        m.method = 12
        m.raw = b"not bzip2 data at all"
    elif how == "truncated":
        m.raw = _deflate(m.data)[: len(m.data) // 4]
    else:  # pragma: no cover - a typo in a test
        raise ValueError(how)
    return write_zip(path, members)


def with_sheet_xml(path: Path, sheet_xml: bytes, sheets: dict[str, list[list]] | None = None):
    """A workbook whose first sheet's XML is replaced by ``sheet_xml`` (crafted rows, ...)."""
    parts = workbook_bytes(sheets or ORDERS)
    parts[SHEET] = sheet_xml
    return write_zip(path, [Member(n, d) for n, d in parts.items()])


def sheet_xml(rows: str) -> bytes:
    """A worksheet part holding the given ``<row>`` elements."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def inline_row(r: str, *values) -> str:
    """One ``<row r=...>`` of inline-string / number cells."""
    cells = "".join(
        f'<c t="inlineStr"><is><t>{v}</t></is></c>' if isinstance(v, str) else f"<c><v>{v}</v></c>"
        for v in values
    )
    return f'<row r="{r}">{cells}</row>'


def lying_bomb(path: Path, inflated: int, *, honest_blocks: int = 0) -> Path:
    """An Orders workbook whose sheet XML inflates to about ``inflated`` bytes of rows,
    while its zip directory declares only the honest prefix (and that prefix's CRC).

    The deflate stream is a full-flushed prefix, then one full-flushed block of rows
    repeated (identical bytes each time, so building a GB bomb takes milliseconds),
    then the closing tags. ``honest_blocks`` of those 1 MiB blocks are declared too (so
    the declared size and ratio look plausible), with the CRC of all that.
    """
    header = inline_row("1", "order_id", "order_date", "customer_id", "revenue")
    prefix = sheet_xml(header + inline_row("2", 1, 46027, "C1", 100)).split(b"</sheetData>")[0]
    filler = b'<row><c><v>7</v></c><c><v>46027</v></c><c t="inlineStr"><is><t>C9</t></is></c></row>'
    block = filler * (1024**2 // len(filler))
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    body = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    prefix += block * honest_blocks
    assert c.compress(block) + c.flush(zlib.Z_FULL_FLUSH) == body  # same bytes each time
    tail = c.compress(b"</sheetData></worksheet>") + c.flush()
    stream = head + body * max(1, inflated // len(block)) + tail
    parts = workbook_bytes(ORDERS)
    members = [Member(n, d) for n, d in parts.items() if n != SHEET]
    members.append(Member(SHEET, prefix, raw=stream, crc=zlib.crc32(prefix), file_size=len(prefix)))
    return write_zip(path, members)
