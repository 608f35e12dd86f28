"""Small hand-made raw data sets for the compute tests (RawData built directly)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi.data.contract import TABLES
from xlkpi.data.model import RawData, Settings, Table

# The contract is the one list of sheet titles and date columns.
SHEETS = {name: spec.title for name, spec in TABLES.items()}
DATES = {c.name for spec in TABLES.values() for c in spec.columns if c.kind == "date"}


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


def sessions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "session_date": [
                "2026-01-02",
                "2026-01-03",
                "2026-01-10",
                "2026-01-20",
                "2026-02-01",
                "2026-02-05",
                "2026-02-06",
            ],
            "visitor_id": ["v1", "v1", "v2", "v3", "v1", "v4", "v4"],
            "pageviews": [1.0, 3.0, 1.0, 2.0, 1.0, 1.0, 1.0],
            "device": ["desktop", "mobile", "mobile", "Tablet", "desktop", "mobile", "mobile"],
            "source": ["organic", "organic", "paid", "email", "organic", "paid", "paid"],
            "converted": [False, True, False, False, False, False, True],
            "micro_converted": [False, False, True, False, False, False, False],
            "email_optin": [False, True, False, False, False, True, True],
            "duration_seconds": [5.0, 100.0, 20.0, 3.0, 2.0, 50.0, 1.0],
        }
    )


def leads() -> pd.DataFrame:
    nat = None
    return pd.DataFrame(
        {
            "lead_id": ["L1", "L2", "L3", "L4", "L5"],
            "created_date": ["2026-01-05", "2026-01-10", "2026-01-15", "2026-02-01", "2026-02-10"],
            "mql_date": ["2026-01-10", "2026-02-01", nat, "2026-02-02", "2026-02-11"],
            "sql_date": ["2026-01-20", nat, nat, "2026-02-03", "2026-03-01"],
            "won_date": ["2026-02-15", nat, nat, "2026-02-04", "2026-03-20"],
        }
    )


def customers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D", "E"],
            "acquired_date": ["2025-12-15", "2026-01-10", "2026-01-20", "2026-02-05", "2025-12-01"],
            "churned_date": [None, "2026-02-20", None, "2026-02-25", "2026-01-15"],
            "acquisition_channel": ["Ads", "seo", "ads ", None, "Ads"],
            "marketing_originated": [True, False, True, False, True],
        }
    )


def spend() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": ["2026-01-01", "2026-01-01", "2026-01-01", "2026-02-01", "2026-02-01"],
            "channel": ["Ads", "Ads", "SEO", "Ads", "SEO"],
            "category": ["marketing", "sales", "marketing", "marketing", "Sales"],
            "amount": [300.0, 100.0, 200.0, 400.0, 100.0],
            "impressions": [1000.0, np.nan, np.nan, 2000.0, np.nan],
            "clicks": [50.0, np.nan, np.nan, 100.0, np.nan],
        }
    )


def subscriptions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": ["2026-01-01"] * 3 + ["2026-02-15"] * 3 + ["2026-03-01"] * 5,
            "customer_id": ["A", "B", "C", "A", "B", "D", "A", "B", "C", "D", "E"],
            "mrr": [100.0, 50.0, 30.0, 120.0, 50.0, 40.0, 100.0, 0.0, 30.0, 40.0, 10.0],
        }
    )
