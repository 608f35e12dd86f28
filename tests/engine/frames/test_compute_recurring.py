"""Recurring revenue family and the MRR bridge (see compute_fixtures.subscriptions).

Jan: A 100, B 50, C 30 (180). Feb: A 120, B 50, D 40 (210; C absent = churned).
Mar: A 100, B 0, C 30, D 40, E 10 (180).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engine.frames.compute_fixtures import make_raw, series, subscriptions, value
from xlkpi.engine.compute import compute_kpis

NAN = math.nan


@pytest.fixture
def result():
    return compute_kpis(make_raw(subscriptions=subscriptions()))


def test_bridge_by_hand(result):
    b = result.mrr_bridge
    assert list(b.columns) == [
        "period", "opening", "new", "expansion", "contraction", "churned", "reactivation",
        "closing",
    ]  # fmt: skip
    # Feb: D new 40, A +20, C churned 30. Mar: E new 10, A -20, B churned 50, C back 30.
    assert b.iloc[0].tolist() == ["2026-02", 180.0, 40.0, 20.0, 0.0, 30.0, 0.0, 210.0]
    assert b.iloc[1].tolist() == ["2026-03", 210.0, 10.0, 0.0, 20.0, 50.0, 30.0, 180.0]


@pytest.mark.parametrize(
    ("kpi", "expected"),
    [
        ("mrr", [180.0, 210.0, 180.0]),
        ("arr", [2160.0, 2520.0, 2160.0]),
        ("mrr_new", [NAN, 40.0, 10.0]),  # nothing to compare January with
        ("mrr_reactivation", [NAN, 0.0, 30.0]),
        ("revenue_churn_rate", [NAN, 30 / 180, 70 / 210]),
        ("nrr", [NAN, 170 / 180, 140 / 210]),
        ("quick_ratio", [NAN, 60 / 30, 10 / 70]),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_recurring_family_by_hand(result, kpi, expected):
    assert series(result, kpi) == pytest.approx(expected, nan_ok=True)


def test_quarter_sums_the_months():
    r = compute_kpis(make_raw(subscriptions=subscriptions()), period="quarter")
    assert value(r, "mrr", "2026-Q1") == 180.0  # the closing MRR of March
    assert value(r, "mrr_churned", "2026-Q1") == 80.0
    assert value(r, "nrr", "2026-Q1") == pytest.approx((180 + 20 - 20 - 80) / 180)
    assert len(r.mrr_bridge) == 2  # the bridge stays monthly


def test_missing_sheet():
    r = compute_kpis(make_raw(subscriptions=subscriptions().drop(columns="mrr")))
    assert r.unavailable["mrr"] == "needs sheet Subscriptions with columns month, mrr, customer_id"
    assert r.mrr_bridge is None


cents = st.integers(0, 50_000).map(lambda c: c / 100)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 6), cents), min_size=1, max_size=60))
def test_bridge_identity_exact_to_the_cent(rows):
    frame = pd.DataFrame(
        {
            "month": [f"2025-{m + 1:02d}-{1 + c:02d}" for m, c, _ in rows],
            "customer_id": [f"c{c}" for _, c, _ in rows],
            "mrr": [v for _, _, v in rows],
        }
    )
    r = compute_kpis(make_raw(subscriptions=frame))
    b = r.mrr_bridge
    month_total = frame.assign(m=frame.month.str[:7]).groupby("m").mrr.sum()
    for row in b.itertuples(index=False):
        moved = row.opening + row.new + row.expansion + row.reactivation
        moved -= row.contraction + row.churned
        assert round(moved, 2) == pytest.approx(row.closing, abs=1e-9)
        assert row.closing == pytest.approx(month_total.get(row.period, 0.0), abs=0.005)
        assert min(row.new, row.expansion, row.contraction, row.churned, row.reactivation) >= 0
    assert np.allclose(b.opening.to_numpy()[1:], b.closing.to_numpy()[:-1])
