"""The report's per-period values equal the catalogue's scalar functions on each period's rows.

The report calls each KPI's ``*_by`` function once over a million rows (a group per
period) where the scalar function calls it with one group; these properties prove that
the rows the report passes per period are the ones the documented definition names.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xlkpi
from tests.engine.frames.compute_fixtures import make_raw, value
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis

DAYS = ["2026-01-10", "2026-02-10", "2026-03-10"]
LABELS = ["2026-01", "2026-02", "2026-03"]
STATUSES = ["paid", "refunded", "returned", "cancelled"]


def same(got: float, want: float) -> bool:
    return (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)


order_rows = st.lists(
    st.tuples(
        st.integers(0, 2),  # period
        st.sampled_from(["A", "B", "C", "D"]),  # customer
        st.integers(0, 10_000).map(lambda c: c / 100),  # revenue
        st.sampled_from(STATUSES),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=50, deadline=None)
@given(order_rows, st.sampled_from(["count", "value"]))
def test_orders_kpis_equal_the_functions(rows, basis):
    frame = pd.DataFrame(rows, columns=["p", "customer_id", "revenue", "status"])
    frame["order_date"] = [DAYS[p] for p in frame.p]
    frame["order_id"] = [str(i) for i in range(len(frame))]
    r = compute_kpis(make_raw(Settings(refund_basis=basis), orders=frame.drop(columns="p")))
    for p in range(frame.p.min(), frame.p.max() + 1):
        rows_p = frame[frame.p == p]
        done = rows_p[rows_p.status == "paid"]
        label = LABELS[p]
        assert same(value(r, "aov", label), xlkpi.aov(done.revenue.tolist()))
        for kpi, fn in (("refund_rate", xlkpi.refund_rate), ("return_rate", xlkpi.return_rate)):
            want = fn(rows_p.status.tolist(), basis=basis, revenues=rows_p.revenue.tolist())
            assert same(value(r, kpi, label), want)
        upto = frame[(frame.p <= p) & (frame.status == "paid")]
        want = xlkpi.repeat_purchase_rate(upto.customer_id.tolist())
        assert same(value(r, "repeat_purchase_rate", label), want)


@settings(max_examples=50, deadline=None)
@given(order_rows)
def test_returning_customer_rate_equals_the_function(rows):
    frame = pd.DataFrame(rows, columns=["p", "customer_id", "revenue", "status"])
    frame["order_date"] = [DAYS[p] for p in frame.p]
    frame["order_id"] = [str(i) for i in range(len(frame))]
    shopify = Settings(repeat_purchase_definition="returning")
    r = compute_kpis(make_raw(shopify, orders=frame.drop(columns="p")))
    paid = frame[frame.status == "paid"]
    for p in range(frame.p.min(), frame.p.max() + 1):
        now, before = paid[paid.p == p].customer_id, paid[paid.p < p].customer_id
        want = xlkpi.repeat_purchase_rate(
            now.tolist(), definition="returning", earlier_ids=before.tolist()
        )
        assert same(value(r, "repeat_purchase_rate", LABELS[p]), want)


session_rows = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.integers(1, 4).map(float),  # pageviews
        st.sampled_from(["desktop", "mobile", "tablet", None]),
        st.floats(0, 30),  # duration
        st.booleans(),  # converted
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=50, deadline=None)
@given(session_rows)
def test_sessions_kpis_equal_the_functions(rows):
    frame = pd.DataFrame(
        rows, columns=["p", "pageviews", "device", "duration_seconds", "converted"]
    )
    frame["session_date"] = [DAYS[p] for p in frame.p]
    frame["visitor_id"] = [f"v{i % 5}" for i in range(len(frame))]
    raw = frame.drop(columns="p")
    single = compute_kpis(make_raw(sessions=raw))
    ga4 = compute_kpis(make_raw(Settings(bounce_definition="ga4"), sessions=raw))
    for p in range(frame.p.min(), frame.p.max() + 1):
        rows_p = frame[frame.p == p]
        label = LABELS[p]
        assert same(value(single, "bounce_rate", label), xlkpi.bounce_rate(rows_p.pageviews))
        want = xlkpi.bounce_rate(
            rows_p.pageviews,
            definition="ga4",
            duration_seconds=rows_p.duration_seconds,
            converted=rows_p.converted,
        )
        assert same(value(ga4, "bounce_rate", label), want)
        if p == frame.p.min():  # no earlier period: only ">= 2 sessions" makes a returner
            want = xlkpi.returning_visitor_rate(rows_p.visitor_id.tolist())
            assert same(value(single, "returning_visitor_rate", label), want)
        # Every period: >= 2 sessions in it, or one in an earlier period (hand-counted).
        earlier = set(frame[frame.p < p].visitor_id)
        counts = rows_p.visitor_id.value_counts()
        back = sum(1 for v, c in counts.items() if c >= 2 or v in earlier)
        want = back / len(counts) if len(counts) else np.nan
        assert same(value(single, "returning_visitor_rate", label), want)
        # The report's rule: every session counts in the denominator, a blank device too
        # (the scalar function skips blank cells, so the blanks are filled in for it).
        devices = [d if isinstance(d, str) else "(not set)" for d in rows_p.device]
        for device in set(frame.device.dropna()):
            want = xlkpi.device_share(devices, device=device)
            assert same(value(single, "device_share", label, device), want)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.booleans()), min_size=1, max_size=20))
def test_marketing_originated_equals_the_function(rows):
    frame = pd.DataFrame(rows, columns=["p", "marketing_originated"])
    frame["acquired_date"] = [DAYS[p] for p in frame.p]
    frame["customer_id"] = [f"c{i}" for i in range(len(frame))]
    r = compute_kpis(make_raw(customers=frame.drop(columns="p")))
    for p in range(frame.p.min(), frame.p.max() + 1):
        flags = frame[frame.p == p].marketing_originated.to_numpy()
        want = xlkpi.marketing_originated_pct(flags) if len(flags) else np.nan
        assert same(value(r, "marketing_originated_pct", LABELS[p]), want)
