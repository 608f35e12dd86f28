"""The raw-data contract (design/data-contract.md) as code: tables, columns, types, rules.

Everything else in ``xlkpi.data`` reads these definitions; nothing else hard-codes a
column name. Names are matched with :func:`normalise_name`, the one rule used for
sheet names, CSV file names, column headers, Settings keys and Targets KPI ids.

>>> normalise_name("  Order Date ")
'order_date'
>>> normalise_name("order-date") == normalise_name("ORDER_DATE")
True
>>> TABLES["orders"].required
('order_id', 'order_date', 'customer_id', 'revenue')
>>> find_table("Spend ")
'spend'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlkpi.data.grain import GRAINS
from xlkpi.kpi.options import OPTIONS
from xlkpi.kpi.presets import PRESETS

# Column kinds. "id" is text compared exactly (numbers written without ".0"); "text" is
# free text; "category" is text compared case-insensitively against ``allowed``.
KINDS = ("id", "text", "category", "date", "number", "int", "bool")
# What a number column measures, for how it is shown (the report's raw sheets): "money" (in
# the report currency), "rate" (a fraction, 0.25 = 25 %) or "" (a plain number).
UNITS = ("", "money", "rate")

_SEPARATORS = re.compile(r"[\s\-_]+")


def normalise_name(name: object) -> str:
    """The matching key of a sheet/column/key name: trimmed, lower case, ``-``/``_``/space as ``_``.

    >>> normalise_name("Customer-ID")
    'customer_id'
    >>> normalise_name(None)
    ''
    """
    if name is None:
        return ""
    return _SEPARATORS.sub("_", str(name).strip().lower()).strip("_")


@dataclass(frozen=True)
class Column:
    """One column of a contract table."""

    name: str
    kind: str
    required: bool = False
    minimum: float | None = None  # inclusive lower bound for numbers/ints
    maximum: float | None = None  # inclusive upper bound
    allowed: tuple[str, ...] = ()  # known values of a category (others: non-fatal finding)
    unique: bool = False  # a duplicate value is a data error
    meaning: str = ""
    unit: str = ""  # of UNITS: what a "number" column measures (how the raw sheets show it)


@dataclass(frozen=True)
class TableSpec:
    """One table of the contract: its canonical name and its columns, in contract order."""

    name: str
    columns: tuple[Column, ...]
    meaning: str = ""

    @property
    def title(self) -> str:
        """The sheet name users see: ``Orders``, ``Subscriptions``, ``NPS``.

        >>> TABLES["subscriptions"].title, TABLES["nps"].title
        ('Subscriptions', 'NPS')
        """
        return _ACRONYMS.get(self.name, self.name.replace("_", " ").title())

    @property
    def required(self) -> tuple[str, ...]:
        """Canonical names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)

    @property
    def names(self) -> tuple[str, ...]:
        """Canonical names of all columns."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column called ``name`` (canonical)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


ORDER_STATUSES = ("paid", "refunded", "returned", "cancelled")
DEVICES = ("desktop", "mobile", "tablet")
SPEND_CATEGORIES = ("marketing", "sales")

_C = Column
_ACRONYMS = {"nps": "NPS"}  # table names whose sheet title is not simply capitalised
TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "orders",
            (
                _C("order_id", "id", True, unique=True),
                _C("order_date", "date", True),
                _C("customer_id", "id", True),
                _C("revenue", "number", True, minimum=0, unit="money"),
                _C("cost", "number", minimum=0, unit="money"),
                _C("status", "category", allowed=ORDER_STATUSES),
                _C("channel", "text"),
                _C("device", "category", allowed=DEVICES),
            ),
            "one row per order",
        ),
        TableSpec(
            "customers",
            (
                _C("customer_id", "id", True, unique=True),
                _C("acquired_date", "date", True),
                _C("acquisition_channel", "text"),
                _C("marketing_originated", "bool"),
                _C("churned_date", "date"),
            ),
            "one row per customer account",
        ),
        TableSpec(
            "sessions",
            (
                _C("session_date", "date", True),
                _C("visitor_id", "id", True),
                _C("pageviews", "int", True, minimum=1),
                _C("device", "category", allowed=DEVICES),
                _C("source", "text"),
                _C("converted", "bool"),
                _C("micro_converted", "bool"),
                _C("email_optin", "bool"),
                _C("duration_seconds", "number", minimum=0),
            ),
            "one row per website visit",
        ),
        TableSpec(
            "leads",
            (
                _C("lead_id", "id", True, unique=True),
                _C("created_date", "date", True),
                _C("source", "text"),
                _C("mql_date", "date"),
                _C("sql_date", "date"),
                _C("won_date", "date"),
                _C("customer_id", "id"),
            ),
            "one row per lead",
        ),
        TableSpec(
            "spend",
            (
                _C("date", "date", True),
                _C("channel", "text", True),
                _C("category", "category", True, allowed=SPEND_CATEGORIES),
                _C("amount", "number", True, minimum=0, unit="money"),
                _C("impressions", "int", minimum=0),
                _C("clicks", "int", minimum=0),
            ),
            "sales and marketing cost per period x channel x category",
        ),
        TableSpec(
            "nps",
            (
                _C("response_date", "date", True),
                _C("score", "int", True, minimum=0, maximum=10),
                _C("customer_id", "id"),
                _C("segment", "text"),
            ),
            "one row per survey response",
        ),
        TableSpec(
            "subscriptions",
            (
                _C("month", "date", True),
                _C("customer_id", "id", True),
                _C("mrr", "number", True, minimum=0, unit="money"),
            ),
            "recurring revenue per customer x month",
        ),
    )
}

#: The Targets sheet, read like a data table.
TARGETS = TableSpec(
    "targets",
    (
        _C("kpi", "text", True),
        _C("target", "number", True),
        _C("warn", "number"),
    ),
    "one row per KPI",
)

#: Settings keys -> (kind, allowed values). Kinds: text, choice, date, number, fraction,
#: option (a definition option of ``xlkpi.kpi.options``, validated by its declaration),
#: preset (a bundle of options, ``xlkpi.kpi.presets``).
SETTINGS_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "currency": ("text", ()),
    "period": ("grain", GRAINS),
    "as_of": ("date", ()),
    "clv_years": ("number", ()),
    "discount_rate": ("fraction", ()),
    "gross_margin": ("fraction", ()),
    "preset": ("preset", tuple(PRESETS)),
    **{o.setting: ("option", o.values) for o in OPTIONS},
    # Report presentation: the Dashboard's headline tiles and what a partial period is
    # compared with.
    "dashboard_tiles": ("kpis", ()),
    "compare": ("choice", ("same_days", "last_complete")),
    # How dates are read: day/month order of 13/01/2025-style dates (blank: such dates are
    # an error, never guessed) and the one time zone of the report (xlkpi.data.dates).
    "date_order": ("choice", ("dmy", "mdy")),
    "time_zone": ("time_zone", ()),
}

SETTINGS_SHEET = "settings"
TARGETS_SHEET = "targets"

#: Every sheet name the reader looks for (normalised), in reading order.
SHEETS = (*TABLES, SETTINGS_SHEET, TARGETS_SHEET)


def find_table(sheet_name: object) -> str | None:
    """The canonical table (or ``settings``/``targets``) a sheet name stands for, else None.

    >>> find_table("Sheet1") is None
    True
    """
    key = normalise_name(sheet_name)
    return key if key in SHEETS else None


def no_table_error(source: str, seen: list[str]):
    """The error for a source holding no table of the contract: what was seen, what is wanted.

    >>> message = str(no_table_error("export.xlsx", ["'Order export'", "'Notes'"]))
    >>> message[:49]
    'export.xlsx: no table of the data contract found;'
    >>> "seen: 'Order export', 'Notes'. Did you mean 'Orders' (for 'Order export')?" in message
    True
    """
    import difflib

    from xlkpi.errors import SourceError

    wanted = [spec.title for spec in TABLES.values()]
    hints = []
    for shown in seen:
        name = shown.rsplit(" (empty)", 1)[0].strip("'\"")
        key = normalise_name(name.rsplit(".", 1)[0] if name.lower().endswith(".csv") else name)
        if not key or key in SHEETS:
            continue
        by_key = {normalise_name(t): t for t in wanted}
        close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.6)
        contains = [t for k, t in by_key.items() if k.rstrip("s") in key.split("_")]
        best = close[0] if close else None
        title = by_key[best] if best else (contains[0] if contains else None)
        if title:
            hints.append(f"{title!r} (for {name!r})")
    listed = ", ".join(seen) if seen else "nothing (it is empty)"
    message = f"{source}: no table of the data contract found; sheets or files seen: {listed}."
    if hints:
        message += f" Did you mean {', '.join(hints[:3])}?"
    message += (
        f" Name each sheet (or <table>.csv file) after a table: {', '.join(wanted)}"
        " (case, spaces, - and _ do not matter)."
    )
    return SourceError(message)


def match_columns(spec: TableSpec, headers: list[object]) -> dict[str, int]:
    """Map canonical column -> position in ``headers``; the first matching header wins.

    >>> match_columns(TABLES["subscriptions"], ["Customer ID", "MRR", "x", "Month", "mrr"])
    {'customer_id': 0, 'mrr': 1, 'month': 3}
    """
    wanted = set(spec.names)
    found: dict[str, int] = {}
    for i, header in enumerate(headers):
        key = normalise_name(header)
        if key in wanted and key not in found:
            found[key] = i
    return found


# The date column that places each table's rows in time (and that ``as_of`` cuts), and the
# event dates that have not happened yet on the as-of date (treated as blank). Read by the
# NumPy path (xlkpi.report) and the engine (xlkpi.engine) alike.
PRIMARY_DATE = {
    "orders": "order_date",
    "customers": "acquired_date",
    "sessions": "session_date",
    "leads": "created_date",
    "spend": "date",
    "nps": "response_date",
    "subscriptions": "month",
}
SECONDARY_DATES = {
    "customers": ("churned_date",),
    "leads": ("mql_date", "sql_date", "won_date"),
}
# The money column of a table whose total over the rows used the Reconciliation sheet ties
# out against the raw sheet (read by the NumPy path and the engine's ``tie_outs``).
MONEY_TOTAL = {"orders": "revenue", "subscriptions": "mrr", "spend": "amount"}
