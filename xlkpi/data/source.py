"""What kind of source a path is, and whether an .xlsx file is safe to open.

:func:`check_workbook_file` looks at bytes and the zip directory only: a renamed file,
an encrypted or exotically compressed member, or a directory declaring a bomb is refused
with one clear message (``SourceError``) before anything is decompressed.

The directory can lie, though: a member may declare a small size (and the CRC of that
prefix) while its deflate data inflates to gigabytes. fastexcel (calamine) inflates a
member to its real end, whatever the directory says. So :func:`check_member`
decompresses every member that is to be parsed once, streaming, counting the bytes it
ACTUALLY produces, and refuses the workbook as soon as they exceed the declared size
(which is itself bounded by the limits below): memory stays at one buffer, and the
honest workbook pays one inflate pass (ISA-L's inflate where installed, 2x zlib's speed).
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

from xlkpi.errors import SourceError
from xlkpi.text import EXCEL_MAX_ROWS

try:  # ISA-L inflates about twice as fast as zlib; not in Pyodide
    from isal import isal_zlib as _inflate
except ImportError:  # pragma: no cover - depends on the platform
    import zlib as _inflate

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
MAX_TOTAL_UNCOMPRESSED = 4 * 1024**3  # 4 GiB of XML is far beyond 1,048,576 rows x 16 columns
MAX_RATIO = 100  # real sheets compress 3-20x; bombs compress 1000x
RATIO_CHECK_FROM = 10 * 1024**2  # parts smaller than 10 MiB can compress as they like

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_SAVE_AS = "open it in Excel and use File > Save As > Excel Workbook (.xlsx)"


def source_kind(path: Path) -> str:
    """``"xlsx"`` for a workbook file, ``"csv"`` for a folder of CSV files or one CSV file;
    else SourceError."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    if path.is_dir():
        return "csv"
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise SourceError(
            f"{path.name}: Excel 97-2003 (.xls) workbooks are not supported; {_SAVE_AS}"
        )
    if suffix == ".csv":
        return "csv"  # one CSV file: a contract table or an export an adapter reads
    if suffix in (".txt", ".tsv"):
        raise SourceError(
            f"{path.name}: pass the folder that holds the CSV files (one <table>.csv per "
            f"table, e.g. orders.csv), not a single CSV file"
        )
    check_workbook_file(path)
    return "xlsx"


def check_workbook_file(path: Path) -> None:
    """Refuse anything that is not a sane .xlsx/.xlsm zip, before any parsing."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        raise SourceError(f"{path}: cannot open: {exc.strerror or exc}") from exc
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted(path):
            raise SourceError(
                f"{path.name}: the workbook is password-protected (encrypted); remove the "
                f"password (File > Info > Protect Workbook) and save it again"
            )
        raise SourceError(
            f"{path.name}: this is an Excel 97-2003 (.xls) file, not .xlsx; {_SAVE_AS}"
        )
    if not head.startswith(_ZIP_MAGIC):
        what = "text (CSV?)" if _looks_like_text(head) else "not a workbook"
        raise SourceError(
            f"{path.name}: not an Excel workbook (.xlsx) - the file is {what} with an "
            f".xlsx/.xlsm name; {_SAVE_AS}, or pass a folder of <table>.csv files"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SourceError(
            f"{path.name}: the workbook is damaged (not a valid zip: {exc}); "
            f"open and repair it in Excel, then save it again"
        ) from exc
    names = {i.filename.lstrip("/") for i in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise SourceError(
            f"{path.name}: a zip file but not an Excel workbook "
            f"(no xl/workbook.xml; a renamed .docx/.zip?)"
        )
    if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
        raise SourceError(f"{path.name}: binary workbooks (.xlsb) are not supported; {_SAVE_AS}")
    _check_sizes(path, infos)


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        if info.flag_bits & 0x1:
            raise SourceError(
                f"{path.name}: part {info.filename} of the workbook is encrypted; "
                f"remove the password in Excel and save the workbook again"
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise SourceError(
                f"{path.name}: part {info.filename} uses compression method "
                f"{info.compress_type}, which Excel does not write (only stored or deflate); "
                f"open and repair it in Excel, then save it again"
            )
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise SourceError(
            f"{path.name}: refused: the workbook unpacks to {total / 1024**3:.1f} GiB "
            f"(limit {MAX_TOTAL_UNCOMPRESSED / 1024**3:.0f} GiB)"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_FROM and ratio > MAX_RATIO:
            raise SourceError(
                f"{path.name}: refused: part {info.filename} expands {ratio:.0f}x "
                f"({info.file_size / 1024**2:.0f} MiB); this looks like a zip bomb, not a workbook"
            )


def _is_encrypted(path: Path) -> bool:
    """An OLE file holding an ``EncryptedPackage`` stream is an encrypted OOXML workbook."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as f:
        chunk = f.read(8 * 1024**2)
        if marker in chunk:
            return True
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 1024**2))
        return marker in f.read()


def _looks_like_text(head: bytes) -> bool:
    """No NUL bytes and mostly printable: CSV or other text saved under a workbook name."""
    if not head or b"\x00" in head:
        return False
    printable = sum(32 <= b < 127 or b in (9, 10, 13) or b >= 128 for b in head)
    return printable / len(head) > 0.95


# Bigger buffers mean fewer round trips through the GIL: with another thread busy in
# Python each one can wait for it (a 300 MB sheet: 3.8 s with 1/4 MiB, 1.3 s with 4/16).
_READ = 4 * 1024**2  # compressed bytes read at a time
_OUT = 16 * 1024**2  # most decompressed bytes held at a time


def _damaged(path: Path, info: zipfile.ZipInfo, why: str) -> SourceError:
    return SourceError(
        f"{path.name}: the workbook is damaged (part {info.filename}: {why}); "
        f"open and repair it in Excel, then save it again"
    )


#: A sheet part up to this size also has its cell and row references scanned (a crafted
#: ``r="99999999999"`` makes calamine allocate terabytes and abort the process). Bigger
#: parts are not scanned: the scan would cost about as much as the inflate itself.
SCAN_REFS_UP_TO = 32 * 1024**2
# The scan maps every digit to "0" and every capital letter to "A" (bytes.translate keeps
# offsets), so that each out-of-grid reference shape is one fixed needle for bytes.find.
_SHAPES = bytes.maketrans(b"0123456789" + bytes(range(65, 91)), b"0" * 10 + b"A" * 26)
_TOO_LONG = [b'r="' + b"A" * k + b"0" * 8 for k in range(4)] + [b'r="AAAA']
_SEVEN = [b'r="' + b"A" * k + b"0" * 7 + b'"' for k in range(4)]
_SUSPECT = re.compile(rb'r="(?:A{0,3}0{7}|AAAA)')


def _check_refs(path: Path, info: zipfile.ZipInfo, text: bytes) -> None:
    """Refuse row/cell references beyond XFD1048576 (``r="99999999999"``, ``r="ZZZZ1"``)."""
    shapes = text.translate(_SHAPES)
    # one pass finds whether any reference has 7+ digits or 4+ letters; only then the
    # exact needles below (9 passes) are needed
    suspect = _SUSPECT.search(shapes) is not None
    bad = [i for i in (shapes.find(n) for n in _TOO_LONG) if i >= 0] if suspect else []
    for needle in _SEVEN if suspect else ():  # rows 1,000,000 to 9,999,999: only some are out
        at = shapes.find(needle)
        while at >= 0 and not bad:
            end = text.index(b'"', at + 3)
            if int(text[end - 7 : end]) > EXCEL_MAX_ROWS:
                bad.append(at)
            at = shapes.find(needle, at + 1)
    if not bad:
        _check_area(path, info, text, shapes)
    if bad:
        at = min(bad) + 3
        ref = text[at : text.find(b'"', at)][:30].decode("utf-8", "replace")
        raise _damaged(
            path,
            info,
            f"cell or row reference {ref!r} is outside Excel's grid "
            f"(columns A to XFD, rows 1 to {EXCEL_MAX_ROWS:,})",
        )


#: The most cells a sheet's used range may span (rows x columns, from A1 to its farthest
#: cell): calamine allocates the whole rectangle, so a valid but sparse sheet with one
#: stray cell at XFD1048576 would ask for 17 billion cells and abort the process.
MAX_GRID_CELLS = 200_000_000
_ROW_REFS = re.compile(rb'<row [^>]*?r="([0-9]{1,7})"')
_WIDE_COLS = re.compile(rb'<c [^>]*?r="([A-Z]{2,3})[0-9]')


def _column_number(letters: bytes) -> int:
    n = 0
    for b in letters:
        n = n * 26 + b - 64
    return n


# Bounds from the shapes alone: the longest row number and the longest column letters
# present (``<row r="0000000"``, ``r="AAA0``). Most sheets are proved small by these
# finds, without the regular expressions below (0.19 s on a 12 MiB sheet).
_ROW_DIGITS = [(k, b'<row r="' + b"0" * k + b'"') for k in range(7, 0, -1)]
_COL_LETTERS = [(16_384, b'r="AAA0'), (702, b'r="AA0')]


def _area_bound(shapes: bytes) -> int:
    """An upper bound of the cells the sheet's references can span (see _check_area)."""
    rows = next((10**k - 1 for k, needle in _ROW_DIGITS if needle in shapes), 0)
    cols = next((n for n, needle in _COL_LETTERS if needle in shapes), 26)
    return min(rows, EXCEL_MAX_ROWS) * cols


def _check_area(path: Path, info: zipfile.ZipInfo, text: bytes, shapes: bytes) -> None:
    """Refuse a sheet whose cells span more than :data:`MAX_GRID_CELLS` (see there)."""
    if _area_bound(shapes) <= MAX_GRID_CELLS:
        return
    rows = max((int(r) for r in set(_ROW_REFS.findall(text))), default=0)
    wide = set(_WIDE_COLS.findall(text))
    cols = max((_column_number(c) for c in wide), default=26)
    if rows * cols > MAX_GRID_CELLS:
        raise SourceError(
            f"{path.name}: part {info.filename}: its cells span {rows:,} rows x {cols:,} "
            f"columns, more than xlkpi reads ({MAX_GRID_CELLS:,} cells); delete the stray "
            f"cells far from the data (Ctrl+End in Excel goes to the last one) and save again"
        )


def _to_data(path: Path, info: zipfile.ZipInfo, f) -> None:
    """Seek ``f`` to ``info``'s data, past its local header (SourceError when none is there)."""
    f.seek(info.header_offset)
    head = f.read(30)
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise _damaged(path, info, "no local header where the directory points")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    f.seek(info.header_offset + 30 + name_len + extra_len)


def check_member(path: Path, info: zipfile.ZipInfo, *, sheet: bool = False) -> None:
    """Inflate ``info``'s data once, counting; SourceError unless it is exactly the declared size.

    Nothing is kept: at most ``_OUT`` decompressed bytes exist at any time, and the
    count stops one buffer past the declared size, so a bomb costs milliseconds. A
    ``sheet`` part up to :data:`SCAN_REFS_UP_TO` also has its references checked.
    """
    try:
        with path.open("rb") as f:
            _to_data(path, info, f)
            scan = sheet and info.file_size <= SCAN_REFS_UP_TO
            if info.compress_type == zipfile.ZIP_STORED:
                if info.compress_size != info.file_size:
                    raise _damaged(path, info, "stored size differs from its declared size")
                if scan:
                    _check_refs(path, info, f.read(info.file_size))
                return
            _count(path, info, f, scan)
    except OSError as exc:
        raise SourceError(f"{path.name}: cannot read: {exc.strerror or exc}") from exc


def _count(path: Path, info: zipfile.ZipInfo, f, scan: bool) -> None:
    carry = b""  # the end of the previous buffer: a reference may straddle two
    for out in _inflated(path, info, f):
        if scan:
            _check_refs(path, info, carry + out)
            carry = out[-64:]


def inflated(path: Path, info: zipfile.ZipInfo, size: int = _OUT):
    """The member's decompressed bytes, ``size`` at most at a time, counted as
    :func:`check_member` counts them: SourceError as soon as they pass the declared size
    (a lying-size bomb costs one buffer), or when the data is damaged or cut short."""
    try:
        with path.open("rb") as f:
            _to_data(path, info, f)
            if info.compress_type == zipfile.ZIP_STORED:
                if info.compress_size != info.file_size:
                    raise _damaged(path, info, "stored size differs from its declared size")
                left = info.file_size
                while left > 0:
                    data = f.read(min(left, size))
                    if not data:
                        raise _damaged(path, info, "the stored data is cut short")
                    left -= len(data)
                    yield data
                return
            yield from _inflated(path, info, f, size)
    except OSError as exc:
        raise SourceError(f"{path.name}: cannot read: {exc.strerror or exc}") from exc


def _inflated(path: Path, info: zipfile.ZipInfo, f, size: int = _OUT):
    inflater = _inflate.decompressobj(-15)
    declared, produced, left = info.file_size, 0, info.compress_size
    data = b""
    try:
        while not inflater.eof:
            if data:
                out = inflater.decompress(data, size)
                data = inflater.unconsumed_tail
            elif left > 0:
                data = f.read(min(left, _READ))
                if not data:
                    break
                left -= len(data)
                continue
            else:  # all read: what the inflater still holds back (``size`` at a time)
                out = inflater.decompress(b"", size)
                if not out:
                    break
            produced += len(out)
            if produced > declared:
                raise SourceError(
                    f"{path.name}: refused: part {info.filename} inflates to more than the "
                    f"{declared:,} bytes its zip directory declares (a lying size: "
                    f"this looks like a zip bomb, not a workbook)"
                )
            if out:
                yield out
    except _inflate.error as exc:
        raise _damaged(path, info, f"bad compressed data: {exc}") from exc
    if not inflater.eof or produced != declared:
        raise _damaged(path, info, f"{produced:,} of {declared:,} bytes could be decompressed")


def check_package_parts(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """:func:`check_member` on the parts a reader parses besides the worksheets (the
    workbook, its relationships, styles, shared strings, ...)."""
    for info in infos:
        name = info.filename
        if name.endswith((".xml", ".rels")) and not name.startswith("xl/worksheets/"):
            check_member(path, info)
