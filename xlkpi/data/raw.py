"""The readers' common output: one sheet's header and untyped columns, located in Excel rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xlkpi.data.convert import blank_mask
from xlkpi.errors import CellProblem

#: The column of the finding that says which adapter read an export (xlkpi.adapters).
SOURCE_NOTE = "(source)"


@dataclass
class RawSheet:
    """A sheet (or CSV file, or DataFrame) as read, before typing.

    ``columns[j]`` holds the cells under ``headers[j]``; its row ``i`` is Excel row
    ``first_row + i``. Readers keep every row of the used range; :func:`cut_at_empty_row`
    then applies the contract's "data ends at the first completely empty row".
    """

    sheet: str  # name as in the source
    key: str  # normalised name: "orders", "settings", ...
    headers: list[str]
    columns: list[pd.Series]
    first_row: int  # Excel row (or CSV line) of the first data row
    findings: list[CellProblem] = field(default_factory=list)
    # the source row of each data row, when not consecutive from ``first_row`` (a table an
    # adapter made from an export: each row names the export line it came from)
    row_numbers: np.ndarray | None = None
    # required columns this source cannot give (an aggregated export has no visitor ids):
    # not an error; the KPIs that need them say "not available"
    unmeasured: tuple[str, ...] = ()
    # what the source calls each column (an export's own header for a contract column an
    # adapter made): problems name it, not the contract's name
    labels: dict[str, str] = field(default_factory=dict)
    # a column's own source rows, where a row takes its cells from several source rows (an
    # adapted order from its line items: a cell names its own line, not the order's first)
    cell_rows: dict[str, np.ndarray] = field(default_factory=dict)
    # data errors found before typing (an adapted export's order whose lines disagree)
    errors: list[CellProblem] = field(default_factory=list)

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def rows(self) -> np.ndarray:
        """Excel row numbers of the data rows, int64."""
        if self.row_numbers is not None:
            return self.row_numbers
        return np.arange(self.first_row, self.first_row + self.height, dtype=np.int64)


def cut_at_empty_row(raw: RawSheet) -> RawSheet:
    """Drop everything from the first completely empty row on (noting ignored rows after it)."""
    n = raw.height
    if n == 0:
        return raw
    empty = np.ones(n, dtype=bool)
    # Typed (non-text) columns first: their blank test is cheap and usually settles it.
    for col in sorted(raw.columns, key=lambda c: c.dtype == object or c.dtype == "str"):
        empty &= blank_mask(col)
        if not empty.any():
            return raw
    stop = int(np.argmax(empty))
    after = ~empty[stop:]
    if after.any():
        first_ignored = stop + int(np.argmax(after))
        raw.findings.append(
            CellProblem(
                raw.sheet,
                raw.first_row + first_ignored,
                "(row)",
                None,
                f"{int(after.sum())} non-empty row(s) after the empty row "
                f"{raw.first_row + stop} are ignored (data ends at the first empty row)",
            )
        )
    raw.columns = [c.iloc[:stop].reset_index(drop=True) for c in raw.columns]
    if raw.row_numbers is not None:
        raw.row_numbers = raw.row_numbers[:stop]
    raw.cell_rows = {name: rows[:stop] for name, rows in raw.cell_rows.items()}
    return raw
