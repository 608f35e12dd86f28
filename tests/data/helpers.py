"""Build small test workbooks exactly as a user would type them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from openpyxl import Workbook


def make_xlsx(path: Path, sheets: dict[str, list[list]], *, top: int = 1, left: int = 1) -> Path:
    """Write ``sheets`` (name -> rows, first row = header) starting at row ``top``, col ``left``.

    Text starting with ``=`` is stored as text, never as a formula.
    """
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is None:
                    continue
                cell = ws.cell(row=top + i, column=left + j, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.value = value
                    cell.data_type = "s"
    wb.save(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


ORDERS_HEADER = ["order_id", "order_date", "customer_id", "revenue", "status"]
