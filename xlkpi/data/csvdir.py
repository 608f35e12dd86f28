"""Read a folder of ``<table>.csv`` files (``orders.csv``, ``Customers.csv``, ...).

Cells are read as text and typed by the same converters as workbook cells; a problem's
row is the file's line number (1-based, as a text editor or Excel shows it).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from xlkpi.data.contract import find_table
from xlkpi.data.raw import RawSheet
from xlkpi.errors import CellProblem, SourceError


def read_folder(
    folder: Path, seen: list[str] | None = None
) -> tuple[list[RawSheet], list[CellProblem]]:
    """Every ``*.csv`` in ``folder`` whose name is a contract table (other files ignored).

    ``seen``, when given, receives the name of every file in the folder (an empty
    contract file as ``"'orders.csv' (empty)"``), for the "no table found" message.
    """
    sheets: dict[str, RawSheet] = {}
    findings: list[CellProblem] = []
    seen = [] if seen is None else seen
    exported: list[Path] = []  # other CSV files: exports an adapter may read
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
        if key is None:
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
    for path in exported:
        _adapt(path, sheets, findings)
    return list(sheets.values()), findings


def _adapt(path: Path, sheets: dict[str, RawSheet], findings: list[CellProblem]) -> None:
    """A CSV export recognised by its headers, through its adapter (xlkpi.adapters)."""
    from xlkpi.adapters import recognise

    headers = read_headers(path)
    if not headers or recognise(headers) is None:
        return
    from xlkpi.adapters.run import run_adapter

    raw = read_csv(path, "(export)")
    if raw is None:
        return
    adapted, note = run_adapter(recognise(raw.headers), raw)
    findings.append(note)
    for sheet in adapted:
        if sheet.key in sheets:
            findings.append(
                CellProblem(
                    path.name,
                    1,
                    "(file)",
                    path.name,
                    f"its {sheet.key} ignored: {sheets[sheet.key].sheet} already holds "
                    f"the {sheet.key} table",
                )
            )
        else:
            sheets[sheet.key] = sheet


def read_headers(path: Path) -> list[str]:
    """The header cells of a CSV file (its first non-empty line), [] when unreadable."""
    import csv

    for encoding in ("utf-8-sig", "cp1252"):
        try:
            line_number, sep = _find_header(path, encoding)
            if line_number is None:
                return []
            with path.open(encoding=encoding, newline="") as f:
                for _ in range(line_number - 1):
                    f.readline()
                return next(csv.reader(f, delimiter=sep), [])
        except (UnicodeDecodeError, SourceError, csv.Error):
            continue
    return []


def read_csv(path: Path, key: str) -> RawSheet | None:
    """One CSV file as text columns; None when it holds no header at all."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return _read(path, key, encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError(f"{path.name}: cannot decode the file (save it as CSV UTF-8)")


def _read(path: Path, key: str, encoding: str) -> RawSheet | None:
    header_line, sep = _find_header(path, encoding)
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


def _find_header(path: Path, encoding: str) -> tuple[int | None, str]:
    """1-based line of the first non-empty line, and the separator it uses (``,`` or ``;``)."""
    try:
        with path.open(encoding=encoding, newline="") as f:
            for number, line in enumerate(f, start=1):
                if line.strip().strip(",;").strip():
                    sep = ";" if line.count(";") > line.count(",") else ","
                    return number, sep
    except OSError as exc:
        raise SourceError(f"{path.name}: cannot read: {exc}") from exc
    return None, ","
