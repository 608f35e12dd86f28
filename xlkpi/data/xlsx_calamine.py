"""Read the contract's sheets with python-calamine: the reader where fastexcel is missing.

fastexcel (:mod:`xlkpi.data.xlsx`) has no build for Pyodide, the Python of xlwings Lite;
python-calamine (the same Rust calamine parser) is shipped by Pyodide. This reader is
slower on big sheets (Python objects per cell) but gives the same :class:`RawSheet` s:
each sheet's first non-empty row is its header and rows keep their Excel numbers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from xlkpi.data.contract import find_table
from xlkpi.data.frames import read_frames
from xlkpi.data.raw import RawSheet
from xlkpi.errors import CellProblem, SourceError


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_workbook(path: Path) -> tuple[list[RawSheet], bool, list[CellProblem]]:
    """The contract sheets of ``path`` as raw sheets, the date1904 flag, and findings.

    Dates arrive as ``date``/``datetime`` objects (calamine applies the workbook's date
    system itself), so the flag is always False.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        frames, header_rows = {}, {}
        for name in book.sheet_names:
            if find_table(name) is None:
                continue
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
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
