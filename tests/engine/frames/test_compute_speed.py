"""compute_kpis on a full sheet: 1,048,575 orders and as many sessions.

How fast it is, is measured by benchmarks/run.py (timing asserts belong there, not in
tests a loaded CI machine can make flaky); this test proves a full sheet computes right.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.engine.frames.compute_fixtures import make_raw
from xlkpi.engine.compute import compute_kpis

pytestmark = pytest.mark.slow
ROWS = 1_048_575  # a full Excel sheet below its header


def big_raw():
    rng = np.random.default_rng(7)
    day = np.datetime64("2024-01-01") + rng.integers(0, 730, ROWS).astype("timedelta64[D]")
    customers = pd.array([f"C{i}" for i in range(30_000)], dtype="str")
    visitors = pd.array([f"V{i}" for i in range(300_000)], dtype="str")
    status = pd.array(["paid", "refunded", "returned", "cancelled"], dtype="str")
    orders = pd.DataFrame(
        {
            "order_id": pd.array(np.arange(ROWS).astype(str), dtype="str"),
            "order_date": day,
            "customer_id": customers[rng.integers(0, 30_000, ROWS)],
            "revenue": rng.gamma(2.0, 100.0, ROWS).round(2),
            "cost": rng.gamma(2.0, 40.0, ROWS).round(2),
            "status": status[rng.choice(4, ROWS, p=[0.9, 0.04, 0.04, 0.02])],
        }
    )
    sessions = pd.DataFrame(
        {
            "session_date": day[rng.permutation(ROWS)],
            "visitor_id": visitors[rng.integers(0, 300_000, ROWS)],
            "pageviews": rng.integers(1, 8, ROWS).astype(float),
            "device": pd.array(["desktop", "mobile", "tablet"], dtype="str")[
                rng.integers(0, 3, ROWS)
            ],
            "converted": rng.random(ROWS) < 0.03,
            "email_optin": rng.random(ROWS) < 0.02,
        }
    )
    return make_raw(orders=orders, sessions=sessions)


def test_a_full_sheet_of_orders_and_sessions_computes():
    raw = big_raw()
    result = compute_kpis(raw)
    assert len(result.periods) == 24
    assert result.table[result.table.kpi == "orders"].value.sum() == pytest.approx(
        ROWS * 0.9, rel=0.01
    )
