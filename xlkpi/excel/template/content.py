"""What the template workbook holds: instructions, raw-table headers, settings, targets.

The raw tables are the data contract's (``xlkpi.data.contract``): its sheets, columns,
date columns and required columns, so the template cannot drift from what the reader accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlkpi.data.grain import GRAINS
from xlkpi.kpi.options import OPTIONS, setting_doc
from xlkpi.kpi.presets import PRESETS

__all__ = [
    "MAPPING_COLUMNS",
    "SETTINGS",
    "START_HERE",
    "TARGET_COLUMNS",
    "RawSheet",
    "mapping_rows",
    "raw_sheets",
    "sheet_title",
]


@dataclass(frozen=True)
class RawSheet:
    """One raw sheet of the template: name, columns, date columns, required columns."""

    name: str
    columns: tuple[str, ...]
    dates: tuple[str, ...] = ()
    required: tuple[str, ...] = ()


# Settings sheet: key, default, meaning (data-contract.md and the catalogue's options).
SETTINGS: tuple[tuple[str, object, str], ...] = (
    ("currency", "USD", "ISO currency code, used for number formats"),
    ("period", GRAINS[0], f"{', '.join(GRAINS[:-1])} or {GRAINS[-1]}: the grain of the trends"),
    ("as_of", None, "closing date of the report; blank = the last date in the data"),
    ("clv_years", 3, "expected relationship years for the simple CLV"),
    ("discount_rate", 0.10, "annual rate for the discounted CLV"),
    ("gross_margin", None, "margin for margin-based CLV; blank = from Orders cost, else 1.0"),
    (
        "preset",
        "xlkpi",
        f"one of {', '.join(PRESETS)}: a bundle of the definitions below"
        " (a key set below overrides it)",
    ),
    # the definition options, from their one declaration
    *((o.setting, o.default, setting_doc(o)) for o in OPTIONS),
    ("dashboard_tiles", None, "KPI ids of the dashboard tiles, comma-separated; blank = default"),
    ("compare", "same_days", "partial latest period: same_days (like for like) or last_complete"),
    (
        "date_order",
        None,
        "dmy (13/01/2025) or mdy (01/13/2025): how day/month dates are read; "
        "blank = such dates are an error",
    ),
    ("time_zone", "UTC", "the report's time zone: timestamps with an offset are converted to it"),
)

TARGET_COLUMNS = ("kpi", "target", "warn")

#: The Mapping sheet's columns: those of mapping.csv (xlkpi.adapters.mapping), and a note.
MAPPING_COLUMNS = ("table", "column", "source", "format", "note")


def mapping_rows() -> tuple[tuple[str, str, None, None, str], ...]:
    """One row per contract column, its source left to fill: the Mapping sheet's rows.

    >>> mapping_rows()[0][:2], mapping_rows()[0][4][:8]
    (('orders', 'order_id'), 'required')
    """
    from xlkpi.data.contract import TABLES

    return tuple(
        (spec.name, c.name, None, None, _mapping_note(c))
        for spec in TABLES.values()
        for c in spec.columns
    )


def _mapping_note(column) -> str:
    need = "required" if column.required else "optional"
    hint = {"date": "; format: dmy, mdy or ymd for day/month dates",
            "category": "; format: value=contract value; ..."}.get(column.kind, "")  # fmt: skip
    return f"{need} {column.kind}{hint}" + (f": {column.meaning}" if column.meaning else "")


START_HERE: tuple[str, ...] = (
    "xlkpi - B2B e-commerce and marketing KPIs",
    "",
    "1. Paste your exports into the raw sheets (Orders, Customers, Sessions, Leads, Spend,",
    "   NPS, Subscriptions), below the header row. Every sheet is optional; in a sheet you",
    "   use, the dark blue columns are required, the light blue ones optional. Extra",
    "   columns are ignored.",
    "   An export as downloaded (Shopify, Stripe, GA4, ad platforms, CRMs, surveys) can",
    "   also go in a sheet of its own, any name: it is recognised by its header. For any",
    "   other export, name its column for each contract column on the Mapping sheet.",
    "2. Optional: adjust Settings (currency, period, definitions) and Targets.",
    "3. KPI tab > Check data lists every bad cell (sheet, row, column, value).",
    "4. KPI tab > Build report writes '<this book> KPI report.xlsx' next to this workbook",
    "   and opens it. This workbook is never changed; an existing report is never replaced.",
    "",
    "No data yet? KPI tab > Insert sample data fills the empty raw sheets with a sample.",
    "",
    "KPI functions in any cell, e.g. =KPI_NPS(NPS!B2:B500) or =KPI_CHURN(C4, C3).",
    "An error such as #VALUE! or #DIV/0! is explained by =KPI_LAST_ERROR().",
    "",
    "Needs: Python with xlkpi installed from its repository (xlkpi is not on PyPI yet:",
    "in a checkout of the repository run  pip install .  ), the xlwings add-in",
    "(xlwings addin install), and in Excel: File > Options > Trust Center > Trust Center",
    "Settings > Macro Settings > Trust access to the VBA project object model (for",
    "xlwings > Import Functions). A downloaded copy of this file: right-click it >",
    "Properties > Unblock, then open it and click Enable Content.",
    "Guide: docs/getting-started-excel.md in the xlkpi repository.",
)


def sheet_title(table: str) -> str:
    """The sheet name users see for a contract table: ``orders`` → ``Orders``, ``nps`` → ``NPS``.

    >>> sheet_title("subscriptions"), sheet_title("nps")
    ('Subscriptions', 'NPS')
    """
    from xlkpi.data.contract import TABLES

    spec = TABLES.get(table.lower())
    return spec.title if spec else table.replace("_", " ").title()  # Settings, Targets


def raw_sheets() -> tuple[RawSheet, ...]:
    """The raw sheets of the data contract, in contract order."""
    from xlkpi.data.contract import TABLES

    return tuple(
        RawSheet(
            sheet_title(spec.name),
            tuple(c.name for c in spec.columns),
            tuple(c.name for c in spec.columns if c.kind == "date"),
            tuple(c.name for c in spec.columns if c.required),
        )
        for spec in TABLES.values()
    )
