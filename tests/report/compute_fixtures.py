"""Small hand-made raw data sets for the compute tests (RawData built directly)."""

from __future__ import annotations

import numpy as np
import pandas as pd

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


def table(name: str, frame: pd.DataFrame) -> Table:
    frame = frame.copy()
    for column in frame.columns:
        if column in DATES:
            frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return Table(
        name,
        SHEETS[name],
        frame,
        np.arange(len(frame), dtype=np.int64) + 2,
        {c: c for c in frame.columns},
    )


def make_raw(settings: Settings | None = None, **frames: pd.DataFrame) -> RawData:
    return RawData({n: table(n, f) for n, f in frames.items()}, settings or Settings())


def orders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": ["1", "2", "3", "4", "5", "6", "7"],
            "order_date": [
                "2026-01-05",
                "2026-01-20",
                "2026-01-25",
                "2026-02-03",
                "2026-02-10",
                "2026-02-28 23:30",
                "2026-03-15",
            ],
            "customer_id": ["A", "B", "A", "A", "C", "B", "C"],
            "revenue": [100.0, 50.0, 30.0, 200.0, 80.0, 20.0, 40.0],
            "cost": [60.0, 20.0, 10.0, 120.0, 40.0, 5.0, 30.0],
            "status": ["paid", None, "refunded", "paid", "returned", "cancelled", " PAID"],
            "channel": ["ads", "seo", "ads", "ads", "seo", "seo", "ads"],
        }
    )


def nps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "response_date": [
                "2026-01-03",
                "2026-01-10",
                "2026-01-15",
                "2026-01-20",
                "2026-01-21",
                "2026-02-02",
                "2026-02-05",
            ],
            "score": [10.0, 9.0, 7.0, 3.0, np.nan, 6.0, 8.0],
            "segment": ["Enterprise", "SMB", "SMB", "Enterprise", "SMB", "SMB", "Enterprise"],
        }
    )


def value(result, kpi: str, period: str, segment: str = "") -> float:
    """One value of a KpiResult's table (KeyError if the row is absent)."""
    t = result.table
    hit = t[(t.kpi == kpi) & (t.period == period) & (t.segment == segment)]
    if len(hit) != 1:
        raise KeyError((kpi, period, segment, len(hit)))
    return float(hit.value.iloc[0])


def series(result, kpi: str, segment: str = "") -> list[float]:
    t = result.table
    return t[(t.kpi == kpi) & (t.segment == segment)].value.tolist()
