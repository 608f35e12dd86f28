"""The raw tables copied into the report as Excel tables (extra columns kept).

Written in one streaming pass, column-wise converted, because these are the big sheets.
Their layout (sheet name, column letters, rows) is known before anything is written so
that the live formulas of the other sheets can point at them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi.report import styles
from xlkpi.report.formulas import RawRef
from xlkpi.report.sheets._common import add_table, make_table
from xlkpi.report.workbook import make_cell, needs_text_guard

TITLES = {
    "orders": "Orders data",
    "customers": "Customers data",
    "sessions": "Sessions data",
    "leads": "Leads data",
    "spend": "Spend data",
    "nps": "NPS data",
    "subscriptions": "Subscriptions data",
}
ORDER = list(TITLES)


def sheet_title(name: str) -> str:
    return TITLES.get(name, f"{name.replace('_', ' ').capitalize()} data")[:31]


def headers(table) -> list[str]:
    """Header texts of a table: as the user typed them, unique, never blank."""
    out, seen = [], set()
    for col in table.frame.columns:
        text = str(table.headers.get(col, col) if table.headers else col).strip() or str(col)
        base, n = text, 2
        while text.lower() in seen:
            text, n = f"{base} ({n})", n + 1
        seen.add(text.lower())
        out.append(text)
    return out


def layout(raw) -> dict[str, RawRef]:
    """Where each raw table will sit: canonical name -> RawRef."""
    names = sorted(raw.tables, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    return {
        name: RawRef(
            name,
            sheet_title(name),
            {str(c): i for i, c in enumerate(raw.tables[name].frame.columns, 1)},
            len(raw.tables[name].frame),
        )
        for name in names
    }


def total_cells(raw) -> int:
    return sum(t.frame.shape[0] * max(t.frame.shape[1], 1) for t in raw.tables.values())


def _column(ws, series: pd.Series) -> list:
    """Plain Python values of one column: None for blanks, guarded cells for risky text."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        values = series.dt.tz_localize(None) if series.dt.tz is not None else series
        midnight = bool((values.dropna() == values.dropna().dt.normalize()).all())
        conv = values.dt.date if midnight else values.dt.to_pydatetime()
        mask = values.isna().to_numpy()
        out = list(np.asarray(conv, dtype=object))
        return [None if m else v for v, m in zip(out, mask, strict=True)]
    if pd.api.types.is_bool_dtype(series.dtype):
        return [bool(v) for v in series.to_numpy()]
    if pd.api.types.is_numeric_dtype(series.dtype):
        arr = series.to_numpy(dtype=float, na_value=np.nan)
        out = arr.astype(object)
        out[~np.isfinite(arr)] = None
        return out.tolist()
    out = series.astype(object).where(series.notna(), None).tolist()
    for i, v in enumerate(out):
        if isinstance(v, str):
            if needs_text_guard(v):
                out[i] = make_cell(ws, v)
        elif v is not None and not isinstance(v, int | float | bool):
            out[i] = make_cell(ws, v)  # dates / numpy scalars in an extra column
    return out


def write(wb, raw, refs: dict[str, RawRef], steps=None) -> None:
    """Append every raw sheet to ``wb`` (write-only) as an Excel table."""
    from openpyxl.utils import get_column_letter

    for name, ref in refs.items():
        if steps is not None:
            steps.start(f"sheet {ref.sheet}")
        table = raw.tables[name]
        ws = wb.create_sheet(ref.sheet)
        names = headers(table)
        for i, text in enumerate(names, 1):
            ws.column_dimensions[get_column_letter(i)].width = max(11, min(28, len(text) + 4))
        ws.freeze_panes = "A2"
        styles.page_setup(ws, title_rows="1:1")
        ws.append([make_cell(ws, text, style="header") for text in names])
        frame = table.frame
        columns = [_column(ws, frame[c]) for c in frame.columns]
        for values in zip(*columns, strict=True):
            ws.append(values)
        if names:
            add_table(ws, make_table(ref.sheet, 1, 1, names, ref.rows, "TableStyleLight1"))
