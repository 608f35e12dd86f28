"""What kind of source a path is, and whether an .xlsx file is safe to open.

Everything here looks at bytes and the zip directory only: nothing is decompressed
or parsed before these checks pass, so a zip bomb or a renamed file is refused with
one clear message (``SourceError``) instead of a crash or a memory blow-up.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from xlkpi.errors import SourceError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
MAX_TOTAL_UNCOMPRESSED = 4 * 1024**3  # 4 GiB of XML is far beyond 1,048,576 rows x 16 columns
MAX_RATIO = 100  # real sheets compress 3-20x; bombs compress 1000x
RATIO_CHECK_FROM = 10 * 1024**2  # parts smaller than 10 MiB can compress as they like

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_SAVE_AS = "open it in Excel and use File > Save As > Excel Workbook (.xlsx)"


def source_kind(path: Path) -> str:
    """``"xlsx"`` for a workbook file, ``"csv"`` for a folder of CSV files; else SourceError."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    if path.is_dir():
        return "csv"
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise SourceError(
            f"{path.name}: Excel 97-2003 (.xls) workbooks are not supported; {_SAVE_AS}"
        )
    if suffix in (".csv", ".txt", ".tsv"):
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
