"""Take ``{sheet name: DataFrame}`` (what the Excel ribbon reads through xlwings).

Each DataFrame's column labels are the sheet's header row and its first data row is
Excel row ``header_rows.get(sheet, 1) + 1``; the index is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from xlkpi.data.contract import find_table
from xlkpi.data.raw import RawSheet
from xlkpi.errors import CellProblem, SourceError


def read_frames(
    frames: Mapping[str, pd.DataFrame], header_rows: Mapping[str, int] | None = None
) -> tuple[list[RawSheet], list[CellProblem]]:
    """The contract sheets among ``frames`` as :class:`RawSheet` s (other sheets ignored)."""
    header_rows = dict(header_rows or {})
    sheets: dict[str, RawSheet] = {}
    findings: list[CellProblem] = []
    for name, frame in frames.items():
        key = find_table(name)
        if key is None:
            continue
        if not isinstance(frame, pd.DataFrame):
            raise SourceError(
                f"sheet {name!r}: expected a pandas DataFrame, got {type(frame).__name__}"
            )
        if key in sheets:
            findings.append(
                CellProblem(
                    str(name),
                    1,
                    "(sheet)",
                    str(name),
                    f"ignored: sheet {sheets[key].sheet!r} already holds the {key} table",
                )
            )
            continue
        header = int(header_rows.get(name, 1))
        headers = [_label(c, j) for j, c in enumerate(frame.columns)]
        columns = [frame.iloc[:, j].reset_index(drop=True) for j in range(frame.shape[1])]
        sheets[key] = RawSheet(str(name), key, headers, columns, header + 1)
    return list(sheets.values()), findings


def _label(label: object, j: int) -> str:
    if label is None or (isinstance(label, float) and label != label):
        return f"(column {j + 1})"
    if isinstance(label, float) and label.is_integer():
        return str(int(label))
    return str(label)
