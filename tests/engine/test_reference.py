"""Hand-computed values of the engine's KPIs, and properties: a period's engine value equals
the pure scalar function (``xlkpi.aov`` & co.) applied to that period's rows."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xlkpi
from tests.engine.frames.compute_fixtures import make_raw, orders
from xlkpi.data.model import Settings
from xlkpi.engine import compile_sql, expression, kpi_data, tables_from_raw
from xlkpi.engine.sqltext import to_sql


def _values(raw, kind="month", options=None) -> dict:
    table = kpi_data(tables_from_raw(raw), period=kind, options=options)
    return {(r.period, r.kpi, r.segment): r.value for r in table.itertuples()}


def test_orders_by_hand():
    # Jan: 100 paid (A), 50 blank status (B), 30 refunded (A); Feb: 200 paid (A), 80 returned
    # (C), 20 cancelled (B, 28 Feb 23:30); Mar: 40 " PAID" (C). Cost 60/20/10/120/40/5/30.
    v = _values(make_raw(orders=orders()))
    want = {
        "revenue": (150, 200, 40),
        "orders": (2, 1, 1),
        "aov": (75, 200, 40),
        "profit": (70, 80, 10),
        "refund_rate": (1 / 3, 0, 0),
        "return_rate": (0, 1 / 3, 0),
        "repeat_purchase_rate": (0, 1 / 2, 1 / 3),
    }
    for kpi, values in want.items():
        got = [v[(p, kpi, "")] for p in ("2026-01", "2026-02", "2026-03")]
        assert got == pytest.approx(values), kpi


def test_refund_rate_by_value_by_hand():
    v = _values(make_raw(orders=orders()), options={"refund_rate.basis": "value"})
    assert v[("2026-01", "refund_rate", "")] == pytest.approx(30 / 180)
    assert v[("2026-02", "return_rate", "")] == pytest.approx(80 / 300)


def test_a_period_outside_a_tables_dates_is_not_zero():
    # Sessions reach into April, Orders stop in March: April's revenue is not defined.
    sessions = pd.DataFrame({"session_date": ["2026-01-02", "2026-04-02"],
                             "visitor_id": ["v1", "v2"], "pageviews": [1.0, 2.0]})  # fmt: skip
    v = _values(make_raw(orders=orders(), sessions=sessions))
    assert math.isnan(v[("2026-04", "revenue", "")])
    assert v[("2026-04", "sessions", "")] == 1 and v[("2026-02", "sessions", "")] == 0


def test_the_week_of_a_late_saturday_order():
    v = _values(make_raw(orders=orders()), kind="week")
    assert v[("2026-W09", "orders", "")] == 0 and v[("2026-W09", "refund_rate", "")] == 0
    assert v[("2026-W09", "aov", "")] != v[("2026-W09", "aov", "")]  # no completed order: NaN


def test_sql_divides_by_nullif():
    assert "NULLIF" in compile_sql("aov", dialect="postgres")


DAYS = ["2026-01-10", "2026-02-10", "2026-03-10"]
order_rows = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.sampled_from(["A", "B", "C", "D"]),
        st.integers(0, 10_000).map(lambda c: c / 100),
        st.sampled_from(["paid", "refunded", "returned", "cancelled"]),
    ),
    min_size=1,
    max_size=20,
)


def same(got: float, want: float) -> bool:
    return (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, rel=1e-9)


@settings(max_examples=15, deadline=None)
@given(order_rows, st.sampled_from(["count", "value"]))
def test_a_periods_value_is_the_scalar_function_on_its_rows(rows, basis):
    frame = pd.DataFrame(rows, columns=["p", "customer_id", "revenue", "status"])
    frame["order_date"] = [DAYS[p] for p in frame.p]
    frame["order_id"] = [str(i) for i in range(len(frame))]
    raw = make_raw(Settings(refund_basis=basis), orders=frame.drop(columns="p"))
    tables = tables_from_raw(raw)
    options = {"refund_rate.basis": basis}
    got = {}
    con = tables["orders"]._find_backend().con
    for kpi in ("aov", "refund_rate", "return_rate", "repeat_purchase_rate"):
        # the expression's DuckDB text, run where its tables are: the examples share 8 texts
        out = con.execute(to_sql(expression(kpi, tables, options=options), "duckdb")).df()
        got[kpi] = dict(zip(out.period, out.value, strict=True))
    first = 12 * (2026 - 1970)  # the month ordinal of 2026-01
    for p in range(frame.p.min(), frame.p.max() + 1):
        rows_p = frame[frame.p == p]
        done = rows_p[rows_p.status == "paid"]
        assert same(got["aov"][first + p], xlkpi.aov(done.revenue.tolist()))
        for kpi, fn in (("refund_rate", xlkpi.refund_rate), ("return_rate", xlkpi.return_rate)):
            want = fn(rows_p.status.tolist(), basis=basis, revenues=rows_p.revenue.tolist())
            assert same(got[kpi][first + p], want)
        upto = frame[(frame.p <= p) & (frame.status == "paid")]
        want = xlkpi.repeat_purchase_rate(upto.customer_id.tolist())
        assert same(got["repeat_purchase_rate"][first + p], want)
