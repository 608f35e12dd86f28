"""Sheet values ⇄ DataFrames for the ribbon (pure Python: no Excel needed).

The data contract's reading rules apply: the header is the first non-empty row, data ends
at the first completely empty row (or the end of the values). The Excel row of the header
is returned with the frame (``header_rows`` of :func:`xlkpi.data.read_source`), so
problems are located as the user sees them.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from xlkpi.data.csvdir import HEADER_SEARCH

__all__ = ["frame_from_values", "frame_rows"]


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def frame_from_values(values: list[list[Any]]) -> tuple[pd.DataFrame, int] | None:
    """The table in a sheet's values and the Excel row of its header; None without a header.

    >>> f, header = frame_from_values([[None], ["id", "revenue"], [1.0, 9.5], [None], [2.0, 1]])
    >>> f.columns.tolist(), f["revenue"].tolist(), header
    (['id', 'revenue'], [9.5], 2)
    """
    rows = [list(r) if isinstance(r, list | tuple) else [r] for r in values or []]
    start = next((i for i, r in enumerate(rows) if not all(_blank(v) for v in r)), None)
    if start is None:
        return None
    header = rows[start]
    # wide as the widest of the first rows: an export's title lines sit above its header
    # (xlkpi.data.exports finds the header among them)
    width = max(
        (j + 1 for r in rows[start : start + HEADER_SEARCH] for j, v in enumerate(r)
         if not _blank(v)),
        default=0,
    )  # fmt: skip
    header = (header + [None] * width)[:width]
    names = [str(v).strip() if not _blank(v) else f"column {j + 1}" for j, v in enumerate(header)]
    data = []
    for r in rows[start + 1 :]:
        cells = (r + [None] * width)[:width]
        if all(_blank(v) for v in cells):
            break
        data.append(cells)
    return pd.DataFrame(data, columns=names, dtype=object), start + 1


def _cell(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, np.datetime64):
        return None if np.isnat(v) else pd.Timestamp(v).to_pydatetime()
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        return None if math.isnan(v) else float(v)
    if isinstance(v, dt.date | dt.datetime | bool | int | str):
        return v
    return str(v)


def frame_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """Header row + data rows of ``frame`` as plain Python values (blanks as None).

    >>> frame_rows(pd.DataFrame({"d": pd.to_datetime(["2026-01-31"]), "x": [float("nan")]}))
    [['d', 'x'], [datetime.datetime(2026, 1, 31, 0, 0), None]]
    """
    rows = [[str(c) for c in frame.columns]]
    for record in frame.itertuples(index=False, name=None):
        rows.append([_cell(v) for v in record])
    return rows
