"""Read the contract's sheets with python-calamine: the reader where fastexcel is missing.

fastexcel (:mod:`xlkpi.data.xlsx`) has no build for Pyodide, the Python of xlwings Lite;
python-calamine (the same Rust calamine parser) is shipped by Pyodide. This reader is
slower on big sheets (Python objects per cell) but gives the same :class:`RawSheet` s:
each sheet's first non-empty row is its header and rows keep their Excel numbers.

python-calamine shows an Excel error cell (``#N/A``, ``#REF!``...) as an empty cell; the
errors are therefore read from the sheet XML (one expat pass) and put back as their text,
as the fastexcel reader does, so the data checks report them instead of a blank.
"""

from __future__ import annotations

import re
import xml.parsers.expat
import zipfile
from pathlib import Path

import pandas as pd

from xlkpi.data.contract import find_table
from xlkpi.data.frames import read_frames
from xlkpi.data.raw import RawSheet
from xlkpi.data.source import check_member, check_package_parts
from xlkpi.data.xlsx_layout import _layout
from xlkpi.errors import CellProblem, SourceError

_CELL = re.compile(r"([A-Z]+)(\d+)$")


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def error_cells(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """``{sheet name: {(row index, column index): "#N/A"}}`` (0-based) of the contract
    sheets' error cells (``<c t="e">``)."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(path) as zf:
        refs, _, _ = _layout(zf)
        for ref in refs:
            cells: dict[tuple[int, int], str] = {}
            state = {"cell": None, "in_v": False, "text": ""}

            def start(name, attrs, state=state):
                local = name.rsplit("}", 1)[-1]
                if local == "c":
                    m = _CELL.match(attrs.get("r", ""))
                    state["cell"] = m if attrs.get("t") == "e" and m else None
                elif local == "v" and state["cell"] is not None:
                    state["in_v"], state["text"] = True, ""

            def end(name, state=state, cells=cells):
                if name.rsplit("}", 1)[-1] == "v" and state["in_v"]:
                    m = state["cell"]
                    cells[(int(m.group(2)) - 1, _column_index(m.group(1)))] = state["text"]
                    state["in_v"] = False

            def chars(data, state=state):
                if state["in_v"]:
                    state["text"] += data

            parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
            parser.StartElementHandler, parser.EndElementHandler = start, end
            parser.CharacterDataHandler = chars
            with zf.open(ref.part) as f:
                parser.ParseFile(f)
            if cells:
                found[ref.name] = cells
    return found


def check_parts(path: Path) -> None:
    """The fastexcel reader's zip guard on every part calamine reads: the contract sheets
    (references and used range too) and the workbook's other XML parts.

    calamine inflates a part to its real end whatever the zip directory declares, so a
    lying-size bomb would exhaust the memory of the browser tab (xlwings Lite)."""
    try:
        with zipfile.ZipFile(path) as zf:
            refs, _, _ = _layout(zf)
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"the workbook is damaged ({exc})") from exc
    check_package_parts(path, infos)
    sheets = {ref.part for ref in refs}
    for info in infos:
        if info.filename in sheets:
            check_member(path, info, sheet=True)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_workbook(path: Path) -> tuple[list[RawSheet], bool, list[CellProblem]]:
    """The contract sheets of ``path`` as raw sheets, the date1904 flag, and findings.

    Dates arrive as ``date``/``datetime`` objects (calamine applies the workbook's date
    system itself), so the flag is always False.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    check_parts(path)
    try:
        errors = error_cells(path)
    except (zipfile.BadZipFile, xml.parsers.expat.ExpatError, OSError) as exc:
        raise SourceError(f"the workbook is damaged ({exc})") from exc
    try:
        book = CalamineWorkbook.from_path(str(path))
        frames, header_rows = {}, {}
        for name in book.sheet_names:
            if find_table(name) is None:
                continue
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for (r, c), text in errors.get(name, {}).items():
                if r < len(rows) and c < len(rows[r]):
                    rows[r][c] = text
            start = next((i for i, r in enumerate(rows) if not all(_blank(v) for v in r)), None)
            if start is None:
                continue
            header = rows[start]
            width = max(j + 1 for j, v in enumerate(header) if not _blank(v))
            names = [
                str(v).strip() if not _blank(v) else f"(column {j + 1})"
                for j, v in enumerate(header[:width])
            ]
            body = [[None if v == "" else v for v in r[:width]] for r in rows[start + 1 :]]
            frames[name] = pd.DataFrame(body, columns=names, dtype=object)
            header_rows[name] = start + 1
    except CalamineError as exc:
        raise SourceError(f"cannot read {Path(path).name!r}: {exc}".splitlines()[0]) from exc
    sheets, findings = read_frames(frames, header_rows)
    return sheets, False, findings
