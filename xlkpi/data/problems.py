"""Turn a mask of bad cells into :class:`CellProblem` s (only the flagged cells are touched)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from xlkpi.errors import CellProblem

#: At most this many problems are listed per sheet, column and kind of problem; one more
#: line then says how many further rows have the same problem.
LIMIT = 1000


def plain(value: object) -> object:
    """A cell value as a plain Python value for messages (no numpy/pandas wrappers)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else str(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def cell_problems(
    sheet: str,
    rows: np.ndarray,
    header: str,
    values: pd.Series,
    mask: np.ndarray,
    message: str | list[str],
    *,
    limit: int = LIMIT,
) -> list[CellProblem]:
    """One problem per flagged cell (``message`` shared, or one per flagged cell), capped."""
    where = np.flatnonzero(mask)
    if where.size == 0:
        return []
    shown = where[:limit]
    picked = values.iloc[shown].tolist()
    messages = message if isinstance(message, list) else [message] * len(shown)
    out = [
        CellProblem(sheet, int(rows[i]), header, plain(v), m)
        for i, v, m in zip(shown, picked, messages, strict=False)
    ]
    if where.size > limit:
        first = messages[0] if messages else ""
        out.append(
            CellProblem(
                sheet,
                int(rows[where[limit]]),
                header,
                None,
                f"and {where.size - limit} more row(s) from here on: {first}",
            )
        )
    return out
