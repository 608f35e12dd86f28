"""The small workbooks fastexcel parses a big sheet's pieces as (:mod:`xlkpi.data.xlsx_pieces`).

Each is a stored zip (nothing to inflate) built in memory: the real workbook's styles
and, when the piece carries them, shared strings; one sheet (the piece), or two (the
index sheet of :mod:`xlkpi.data.xlsx_strings` beside the first piece).
"""

from __future__ import annotations

import struct

try:  # ISA-L's CRC-32 is five times zlib's (the pieces' bytes are checksummed once each)
    from isal.isal_zlib import crc32
except ImportError:  # pragma: no cover - depends on the platform (Pyodide)
    from zlib import crc32

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(sheet: list, book: dict, extra: bytes | None = None) -> bytes:
    """A one-sheet workbook whose sheet XML is the concatenation of ``sheet``, stored
    (nothing to inflate), the bytes joined once; ``extra``: a second sheet's XML."""
    pr = '<workbookPr date1904="1"/>' if book["date1904"] else ""
    head, rels = (_BOOK, _BOOK_RELS) if extra is None else (_BOOK_2, _BOOK_RELS_2)
    members: list[tuple[str, list]] = [
        ("[Content_Types].xml", [_CONTENT_TYPES]),
        ("_rels/.rels", [_ROOT_RELS]),
        ("xl/workbook.xml", [head.replace(b"<sheets>", pr.encode() + b"<sheets>")]),
        ("xl/_rels/workbook.xml.rels", [rels]),
        ("xl/worksheets/sheet1.xml", [*sheet, b"</sheetData></worksheet>"]),
    ]
    if extra is not None:
        members.append(("xl/worksheets/sheet2.xml", [extra]))
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
            crc, size = crc32(part, crc), size + len(part)
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
_BOOK_2 = _BOOK.replace(b"</sheets>", b'<sheet name="T" sheetId="2" r:id="rId4"/></sheets>')
_BOOK_RELS_2 = _BOOK_RELS.replace(
    b"</Relationships>",
    f'<Relationship Id="rId4" Type="{_DOC}/worksheet" Target="worksheets/sheet2.xml"/>'
    "</Relationships>".encode(),
)
