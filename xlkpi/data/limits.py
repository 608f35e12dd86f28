"""Excel's limits, checked once on the typed tables: what the report cannot copy as is.

A report copies the raw tables into sheets. Excel holds at most 16,384 columns per
sheet and 32,767 characters per cell (and 1,048,576 rows, which
:func:`xlkpi.report.build.embed_decision` handles: such tables are not copied). Text
that is too long is cut to 32,767 characters in the copy, and columns past the 16,384th
are left out of it; each case is one Data quality finding, so nothing changes silently.
KPIs are computed from the full data either way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi.data.model import Table
from xlkpi.data.problems import cell_problems
from xlkpi.errors import CellProblem
from xlkpi.text import EXCEL_MAX_CELL_CHARS, EXCEL_MAX_COLUMNS


def limit_findings(tables: dict[str, Table]) -> list[CellProblem]:
    """One finding per table with too many columns, and per over-long text cell (capped)."""
    out: list[CellProblem] = []
    for table in tables.values():
        frame = table.frame
        header_row = int(table.rows[0]) - 1 if len(table.rows) else 1
        if frame.shape[1] > EXCEL_MAX_COLUMNS:
            out.append(
                CellProblem(
                    table.sheet,
                    header_row,
                    "(columns)",
                    frame.shape[1],
                    f"{frame.shape[1]:,} columns: the report copies the first "
                    f"{EXCEL_MAX_COLUMNS:,} (Excel's limit) and leaves out the "
                    f"{frame.shape[1] - EXCEL_MAX_COLUMNS:,} after them",
                )
            )
        for j in range(min(frame.shape[1], EXCEL_MAX_COLUMNS)):
            column = frame.iloc[:, j]
            if column.dtype != object and not isinstance(column.dtype, pd.StringDtype):
                continue
            if not _may_be_long(column):
                continue
            lengths = column.str.len() if column.dtype != object else column.map(_length)
            long = lengths.to_numpy(dtype="float64", na_value=0) > EXCEL_MAX_CELL_CHARS
            if long.any():
                name = str(frame.columns[j])
                header = table.headers.get(name, name)
                values = pd.Series([f"{len(v):,} characters" for v in column[long]])
                out += cell_problems(
                    table.sheet,
                    table.rows[long],
                    header,
                    values,
                    np.ones(int(long.sum()), dtype=bool),
                    f"text longer than Excel's {EXCEL_MAX_CELL_CHARS:,} characters per cell: "
                    f"cut to {EXCEL_MAX_CELL_CHARS:,} in the report's copy (KPIs use it whole)",
                )
    return out


def _may_be_long(column: pd.Series) -> bool:
    """False when no cell can exceed the limit: an Arrow-backed column's longest value in
    UTF-8 bytes (a character is at least one byte) is within it. Reads only the offsets,
    where counting characters reads every byte (0.4 s on a million-row sheet)."""
    if getattr(column.dtype, "storage", None) != "pyarrow":
        return True
    import pyarrow as pa
    import pyarrow.compute as pc

    longest = pc.max(pc.binary_length(pa.array(column.array))).as_py()
    return longest is not None and longest > EXCEL_MAX_CELL_CHARS


def _length(value) -> int:
    return len(value) if isinstance(value, str) else 0
