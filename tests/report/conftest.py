"""Hand-made raw data for the report writer tests (RawData built directly, no reader)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from xlkpi.data.contract import TABLES
from xlkpi.data.model import RawData, Settings, Table

# The contract is the one list of sheet titles and date columns.
SHEETS = {name: spec.title for name, spec in TABLES.items()}
DATES = {c.name for spec in TABLES.values() for c in spec.columns if c.kind == "date"}


def make_table(name: str, columns: dict) -> Table:
    frame = pd.DataFrame(columns)
    for column in frame.columns:
        if column in DATES:
            frame[column] = pd.to_datetime(frame[column], format="ISO8601")
        elif frame[column].dtype == "str" or frame[column].dtype == object:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    rows = np.arange(len(frame), dtype=np.int64) + 2
    return Table(name, SHEETS.get(name, name), frame, rows, {c: c for c in frame.columns})


def make_raw(settings: Settings | None = None, **tables: dict) -> RawData:
    raw = RawData({n: make_table(n, t) for n, t in tables.items()}, settings or Settings())
    raw.source = "hand-made.xlsx"
    return raw


ORDERS = {
    "order_id": ["1", "2", "3", "4", "5", "6", "7", "8"],
    "order_date": [
        "2026-01-05",
        "2026-01-20",
        "2026-02-03",
        "2026-02-10",
        "2026-02-11",
        "2026-02-20 14:30",
        "2026-03-02",
        "2026-03-15",
    ],
    "customer_id": ["A", "B", "A", "C", '=HYPERLINK("http://x")', "B", "A", "C"],
    "revenue": [100.0, 200.0, 50.0, 80.0, 20.0, 70.0, 30.0, 45.5],
    "cost": [60.0, 120.0, 20.0, 40.0, 10.0, 30.0, 10.0, 20.0],
    "status": ["paid", None, "refunded", "paid", "returned", "paid", "paid", "cancelled"],
    "channel": ["email", "paid", "email", "organic", "paid", "email", "organic", "paid"],
}
NPS = {
    "response_date": [
        "2026-01-10",
        "2026-01-11",
        "2026-02-02",
        "2026-02-03",
        "2026-02-04",
        "2026-02-05",
        "2026-03-01",
        "2026-03-02",
        "2026-03-03",
        "2026-03-04",
        "2026-03-05",
    ],
    "score": [10, 3, 9, 7, 6, 10, 9, 8, np.nan, 2, 10],
    "segment": [
        "SMB",
        "SMB",
        "Enterprise",
        "SMB",
        "Enterprise",
        "SMB",
        "SMB",
        "Enterprise",
        "SMB",
        "Enterprise",
        "Enterprise",
    ],
}


@pytest.fixture
def small_raw() -> RawData:
    """Orders (with an '=HYPERLINK' id, a timestamp, every status) and NPS (a blank score)."""
    return make_raw(orders=ORDERS, nps=NPS)


CUSTOMERS = {
    "customer_id": ["A", "B", "C", "D", "E"],
    "acquired_date": ["2025-12-15", "2026-01-10", "2026-02-01", "2026-03-03", "2026-03-09"],
    "acquisition_channel": ["email", "paid", "organic", "paid", "email"],
    "marketing_originated": [True, True, False, True, False],
    "churned_date": [None, "2026-02-20", None, None, None],
}
SESSIONS = {
    "session_date": [
        "2026-01-02",
        "2026-01-03",
        "2026-01-03",
        "2026-02-01",
        "2026-02-05",
        "2026-03-01",
        "2026-03-02",
        "2026-03-02 10:00",
        "2026-03-10",
        "2026-03-14",
    ],
    "visitor_id": ["v1", "v2", "v1", "v3", "v1", "v4", "v4", "v5", "v1", "v6"],
    "pageviews": [1, 3, 2, 1, 5, 1, 4, 2, 1, 6],
    "device": [
        "desktop",
        "mobile",
        "desktop",
        "mobile",
        "desktop",
        "tablet",
        "mobile",
        "desktop",
        "desktop",
        "mobile",
    ],
    "source": [
        "organic",
        "paid",
        "email",
        "organic",
        "paid",
        "email",
        "email",
        "organic",
        "direct",
        "paid",
    ],
    "converted": [False, True, False, False, True, False, True, False, False, True],
    "micro_converted": [True, False, False, True, True, False, False, True, False, False],
    "email_optin": [False, True, False, False, False, True, False, False, False, True],
}
LEADS = {
    "lead_id": ["L1", "L2", "L3", "L4", "L5", "L6"],
    "created_date": [
        "2026-01-04",
        "2026-01-20",
        "2026-02-02",
        "2026-03-01",
        "2026-03-05",
        "2026-03-07",
    ],
    "source": ["paid", "email", "organic", "paid", "email", "paid"],
    "mql_date": ["2026-01-10", None, "2026-02-10", "2026-03-02", "2026-03-06", None],
    "sql_date": ["2026-01-20", None, "2026-03-01", "2026-03-04", None, None],
    "won_date": ["2026-02-01", None, "2026-03-03", None, None, None],
}
SPEND = {
    "date": [
        "2026-01-01",
        "2026-01-01",
        "2026-02-01",
        "2026-02-01",
        "2026-03-01",
        "2026-03-01",
        "2026-03-01",
    ],
    "channel": ["paid", "sales team", "paid", "email", "paid", "email", "sales team"],
    "category": ["marketing", "sales", "marketing", "marketing", "marketing", "marketing", "sales"],
    "amount": [500.0, 1000.0, 400.0, 100.0, 450.0, 120.0, 900.0],
    "impressions": [10000, None, 8000, 2000, 9000, 2500, None],
    "clicks": [250, None, 200, 80, 300, 90, None],
}
SUBSCRIPTIONS = {
    "month": [
        "2026-01-01",
        "2026-01-01",
        "2026-02-01",
        "2026-02-01",
        "2026-02-01",
        "2026-03-01",
        "2026-03-01",
        "2026-03-15",
    ],
    "customer_id": ["A", "B", "A", "B", "C", "A", "C", "D"],
    "mrr": [100.0, 50.0, 120.0, 50.0, 80.0, 120.0, 60.0, 40.0],
}


def all_tables() -> RawData:
    """Every table of the data contract, small enough to check by hand."""
    return make_raw(
        orders=ORDERS,
        customers=CUSTOMERS,
        sessions=SESSIONS,
        leads=LEADS,
        spend=SPEND,
        nps=NPS,
        subscriptions=SUBSCRIPTIONS,
    )


@pytest.fixture
def full_raw() -> RawData:
    """Every table of the data contract, small enough to check by hand."""
    return all_tables()
