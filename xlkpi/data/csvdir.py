"""Read a folder of ``<table>.csv`` files (``orders.csv``, ``Customers.csv``, ...).

Cells are read as text and typed by the same converters as workbook cells; a problem's
row is the file's line number (1-based, as a text editor or Excel shows it).
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from xlkpi.data.contract import SETTINGS_SHEET, TABLES, find_table, match_columns
from xlkpi.errors import CellProblem, SourceError

if TYPE_CHECKING:  # pandas is imported where a file is read (the engine's CSV path needs none)
    from xlkpi.data.raw import RawSheet


def read_folder(
    folder: Path, seen: list[str] | None = None, choose=None
) -> tuple[list[RawSheet], list[CellProblem]]:
    """Every ``*.csv`` in ``folder`` whose name is a contract table (other files ignored).

    ``seen``, when given, receives the name of every file in the folder (an empty
    contract file as ``"'orders.csv' (empty)"``), for the "no table found" message;
    ``choose`` (Settings -> Settings): the keys given beside the folder, under which its
    exports are adapted with its settings.csv (:func:`xlkpi.adapters.run.under_settings`).
    """
    sheets: dict[str, RawSheet] = {}
    findings: list[CellProblem] = []
    seen = [] if seen is None else seen
    exported: list[Path] = []  # other CSV files: exports an adapter may read
    mapping = _mapping(folder)
    try:
        paths = [folder] if folder.is_file() else sorted(folder.iterdir())
    except OSError as exc:
        raise SourceError(f"{folder}: cannot list the folder: {exc.strerror or exc}") from exc
    for path in paths:
        if path.name.startswith("."):
            continue
        seen.append(repr(path.name))
        if path.suffix.lower() != ".csv" or not path.is_file():
            continue
        key = find_table(path.stem)
        if key is None or _is_export(path, mapping):  # orders.csv may be a Shopify export too
            exported.append(path)
            continue
        if key in sheets:
            findings.append(
                CellProblem(
                    path.name,
                    1,
                    "(file)",
                    path.name,
                    f"ignored: {sheets[key].sheet} already holds the {key} table",
                )
            )
            continue
        raw = read_csv(path, key)
        if raw is not None:
            sheets[key] = raw
        else:
            seen[-1] += " (empty)"
    if exported:  # built under the folder's settings.csv (date_order, time_zone), --setting
        from xlkpi.adapters.run import under_settings

        with under_settings(sheets.get(SETTINGS_SHEET), choose):
            for path in exported:
                _adapt(path, sheets, findings, mapping)
    return list(sheets.values()), findings


#: A mapping file given on the command line (``--map FILE``) for the reads in this context.
MAP_FILE: ContextVar[Path | None] = ContextVar("xlkpi_map_file", default=None)
MAPPING_FILE = "mapping.csv"


def _mapping(folder: Path) -> tuple:
    """The user's mapping (``--map FILE`` or the folder's mapping.csv) as adapters; Ibis
    is loaded only when there is one."""
    if MAP_FILE.get() is None and not (folder.is_dir() and (folder / MAPPING_FILE).is_file()):
        return ()
    from xlkpi.adapters.mapping import mapping_adapters

    return tuple(mapping_adapters(folder if folder.is_dir() else None))


def _adapt(path: Path, sheets: dict, findings: list[CellProblem], mapping: tuple = ()) -> None:
    """A CSV export recognised by its headers, through its adapter (xlkpi.adapters)."""
    found = export_header(path, mapping)
    if found is None:  # said, never dropped in silence
        if path.name.lower() != MAPPING_FILE:
            findings.append(CellProblem(path.name, 1, "(file)", path.name, not_read(path)))
        return
    line, adapter = found
    from xlkpi.adapters.run import place, run_adapter

    raw = read_csv(path, "(export)", header_line=line)
    if raw is None:
        return
    adapted, note = run_adapter(adapter, raw)
    findings.append(note)
    place(sheets, adapted, path.name, findings)


#: what a file in no encoding the reader reads is said to be
UNDECODED = "not UTF-8, UTF-16 or Windows-1252 text (save it as CSV UTF-8)"


def not_read(path: Path) -> str:
    """Why a CSV file that no table's name and no export's header claims is not read."""
    lines = _first_lines(path)
    if lines:
        cells = ", ".join(c.strip() for c in lines[0][1] if c.strip())
        cells = cells if len(cells) <= 120 else cells[:117] + "..."
        return (
            f"not read: its name is no table's and its header ({cells}) is no export's "
            "xlkpi knows; name the file after its table (orders.csv, ...) or map its "
            "columns (mapping.csv)"
        )
    try:
        empty = not path.read_bytes().strip()
    except OSError as exc:
        return f"not read: {exc.strerror or exc}"
    if empty:
        return "not read: the file is empty"
    return f"not read: {UNDECODED}"


def _is_export(path: Path, mapping: tuple = ()) -> bool:
    """A file named after a table whose header is a platform export's (an adapter's).

    A file holding its table's required columns, or the Settings / Targets file, is not:
    then the adapters (and Ibis) are not even loaded.
    """
    key = find_table(path.stem)
    if key not in TABLES:
        return False
    lines = _first_lines(path)
    if lines and set(TABLES[key].required) <= set(match_columns(TABLES[key], lines[0][1])):
        return False
    return export_header(path, mapping) is not None


#: Exports may put title lines above their header (Google Ads: the report name and the
#: date range; LinkedIn: four); the header is looked for in this many first lines.
HEADER_SEARCH = 12


def export_header(path: Path, mapping: tuple = ()):
    """``(line, adapter)``: the first of the file's first lines an adapter recognises as
    its header; None when none does (or the file cannot be read as text)."""
    from xlkpi.adapters import recognise

    for line, cells in _first_lines(path):
        adapter = recognise(cells, mapping)
        if adapter is not None:
            return line, adapter
    return None


def read_headers(path: Path) -> list[str]:
    """The cells of the file's header: the line an adapter recognises, else the first."""
    found = export_header(path)
    lines = _first_lines(path)
    if found is not None:
        return dict(lines)[found[0]]
    return lines[0][1] if lines else []


def _encodings(path: Path) -> tuple[str, ...]:
    """The encodings to try: UTF-16 when the file starts with its byte-order mark (Google
    Ads' "CSV for Excel" and LinkedIn's exports are UTF-16 text separated by tabs), else
    UTF-8 (with or without a BOM), then Windows-1252."""
    try:
        with path.open("rb") as f:
            bom = f.read(2)
    except OSError:
        bom = b""
    return ("utf-16",) if bom in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252")


def _separator(line: str) -> str:
    """The separator a header line uses: the most frequent of ``,``, ``;`` and tab."""
    return max((",", ";", "\t"), key=line.count)


def _first_lines(path: Path) -> list[tuple[int, list[str]]]:
    import csv

    for encoding in _encodings(path):
        try:
            with path.open(encoding=encoding, newline="") as f:
                head = [f.readline() for _ in range(HEADER_SEARCH)]
        except UnicodeDecodeError:
            continue
        except OSError:
            return []
        out = []
        for number, text in enumerate(head, start=1):
            if text.strip().strip(",;").strip():
                out.append((number, next(csv.reader([text], delimiter=_separator(text)), [])))
        return out
    return []


def read_csv(path: Path, key: str, header_line: int | None = None) -> RawSheet | None:
    """One CSV file as text columns; None when it holds no header at all.

    The header is the first non-empty line, or line ``header_line`` (1-based) when given.
    """
    for encoding in _encodings(path):
        try:
            return _read(path, key, encoding, header_line)
        except UnicodeDecodeError:
            continue
    raise SourceError(f"{path.name}: cannot decode the file (save it as CSV UTF-8)")


def _read(path: Path, key: str, encoding: str, line: int | None = None) -> RawSheet | None:
    import pandas as pd

    from xlkpi.data.raw import RawSheet

    header_line, sep = _find_header(path, encoding, line)
    if header_line is None:
        return None
    try:
        frame = pd.read_csv(
            path,
            sep=sep,
            skiprows=header_line - 1,
            header=0,
            dtype="str",
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            encoding=encoding,
        )
    except pd.errors.ParserError as exc:
        raise SourceError(f"{path.name}: not a well-formed CSV file: {exc}") from exc
    except OSError as exc:
        raise SourceError(f"{path.name}: cannot read: {exc}") from exc
    headers = [
        f"(column {i + 1})" if str(h).startswith("Unnamed: ") else str(h)
        for i, h in enumerate(frame.columns)
    ]
    columns = [frame.iloc[:, j].reset_index(drop=True) for j in range(frame.shape[1])]
    return RawSheet(path.name, key, headers, columns, header_line + 1)


def _find_header(path: Path, encoding: str, at: int | None = None) -> tuple[int | None, str]:
    """1-based line of the first non-empty line (or of line ``at``), and the separator it
    uses (``,`` or ``;``)."""
    try:
        with path.open(encoding=encoding, newline="") as f:
            for number, line in enumerate(f, start=1):
                if (at is None or number == at) and line.strip().strip(",;").strip():
                    return number, _separator(line)
    except OSError as exc:
        raise SourceError(f"{path.name}: cannot read: {exc}") from exc
    return None, ","


def utf8_copies(files: list[Path], folder: str) -> list[Path] | None:
    """``files`` written again as UTF-8 into ``folder`` where one of them is not
    UTF-8 but Windows-1252 text, for DuckDB (it reads UTF-8 and UTF-16 only; this reader
    tries Windows-1252 after UTF-8, as here); None where each is UTF-8 (or not text the
    reader reads); SourceError where one is in neither encoding."""
    import codecs
    import shutil
    import uuid

    def decodes(path: Path, encoding: str) -> bool:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as f:
                while chunk := f.read(1 << 20):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
        return True

    if any(f.suffix.lower() == ".parquet" or _encodings(f)[0] != "utf-8-sig" for f in files):
        return None
    # each file's encoding, found once: UTF-8 first, then Windows-1252, as the reader tries
    found = [next((e for e in ("utf-8-sig", "cp1252") if decodes(f, e)), None) for f in files]
    if None in found:
        raise SourceError(UNDECODED)
    if all(e == "utf-8-sig" for e in found):
        return None
    out = []
    for f, encoding in zip(files, found, strict=True):
        copy = Path(folder) / f"{uuid.uuid4().hex}{f.suffix}"
        with (
            f.open(encoding=encoding, newline="") as src,
            copy.open("w", encoding="utf-8", newline="") as dst,
        ):
            shutil.copyfileobj(src, dst, 1 << 20)
        out.append(copy)
    return out
