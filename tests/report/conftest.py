"""Hand-made raw data for the report writer tests (RawData built directly, no reader)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from xlkpi.data.model import RawData, Settings, Table

SHEETS = {
    "orders": "Orders",
    "customers": "Customers",
    "sessions": "Sessions",
    "leads": "Leads",
    "spend": "Spend",
    "nps": "NPS",
    "subscriptions": "Subscriptions",
}
DATES = {
    "order_date",
    "acquired_date",
    "churned_date",
    "session_date",
    "created_date",
    "mql_date",
    "sql_date",
    "won_date",
    "date",
    "response_date",
    "month",
}


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
