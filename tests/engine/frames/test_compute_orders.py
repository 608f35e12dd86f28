"""Orders family per period, against hand-computed references (see compute_fixtures.orders).

Orders: Jan #1 A 100 paid, #2 B 50 blank, #3 A 30 refunded; Feb #4 A 200 paid,
#5 C 80 returned, #6 B 20 cancelled (Feb 28 23:30); Mar #7 C 40 " PAID".
"""

from __future__ import annotations

import math

import pytest

from tests.engine.frames.compute_fixtures import make_raw, orders, series, value
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis


@pytest.fixture
def result():
    return compute_kpis(make_raw(orders=orders()))


@pytest.mark.parametrize(
    ("kpi", "expected"),
    [
        ("revenue", [150.0, 200.0, 40.0]),  # Jan 100+50; Feb 200; Mar 40 (" PAID" counts)
        ("orders", [2.0, 1.0, 1.0]),
        ("profit", [70.0, 80.0, 10.0]),  # 150-(60+20); 200-120; 40-30
        ("aov", [75.0, 200.0, 40.0]),  # 150/2; 200/1; 40/1
        ("refund_rate", [1 / 3, 0.0, 0.0]),  # Jan #3 of 3 orders placed
        ("return_rate", [0.0, 1 / 3, 0.0]),  # Feb #5 of #4,#5,#6
        ("repeat_purchase_rate", [0.0, 0.5, 1 / 3]),  # A twice by Feb; A,B,C by Mar
        # 12 months to period end x clv_years 3: Jan 150/2 buyers x 3; Feb 350/2 x 3;
        # Mar 390/3 x 3 (= AOV x orders per customer x years)
        ("clv", [225.0, 525.0, 390.0]),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_orders_family_by_hand(result, kpi, expected):
    assert series(result, kpi) == pytest.approx(expected)


def test_periods_and_labels(result):
    assert [p.label for p in result.periods] == ["2026-01", "2026-02", "2026-03"]
    assert str(result.periods[1].end.date()) == "2026-02-28"
    assert result.settings.period == "month"
    assert str(result.settings.as_of.date()) == "2026-03-15"  # last date in the data
    assert result.rows_used == {"orders": 7}


def test_table_shape_and_order(result):
    t = result.table
    assert list(t.columns) == ["period", "kpi", "segment", "value"]
    keys = list(zip(t.period, t.kpi, t.segment, strict=True))
    assert keys == sorted(keys)
    assert set(t.segment) == {""}


def test_refund_basis_value():
    raw = make_raw(Settings(refund_basis="value"), orders=orders())
    r = compute_kpis(raw)
    assert value(r, "refund_rate", "2026-01") == pytest.approx(30 / 180)
    assert value(r, "return_rate", "2026-02") == pytest.approx(80 / 300)
    assert r.options["refund_rate.basis"] == "value"


def test_as_of_cuts_later_rows_whole_day_counts():
    r = compute_kpis(make_raw(orders=orders()), as_of="2026-02-10")
    assert [p.label for p in r.periods] == ["2026-01", "2026-02"]
    assert value(r, "return_rate", "2026-02") == pytest.approx(1 / 2)  # #4, #5 only
    assert r.rows_used == {"orders": 5}
    # 23:30 on the as-of day still counts
    r = compute_kpis(make_raw(orders=orders()), as_of="2026-02-28")
    assert value(r, "return_rate", "2026-02") == pytest.approx(1 / 3)


def test_zero_denominator_is_nan_not_zero():
    frame = orders()
    frame["status"] = ["paid", None, "refunded", "refunded", "returned", "cancelled", "paid"]
    r = compute_kpis(make_raw(orders=frame))
    assert value(r, "orders", "2026-02") == 0.0
    assert value(r, "revenue", "2026-02") == 0.0
    assert math.isnan(value(r, "aov", "2026-02"))


def test_missing_cost_and_status_make_those_kpis_unavailable():
    frame = orders().drop(columns=["cost", "status"])
    r = compute_kpis(make_raw(orders=frame))
    assert "cost" in r.unavailable["profit"] and "Orders" in r.unavailable["profit"]
    assert r.unavailable["refund_rate"].startswith("needs sheet Orders with columns")
    assert "profit" not in set(r.table.kpi)
    assert series(r, "orders") == [3.0, 3.0, 1.0]  # blank status = paid


def test_quarter_and_week_periods():
    r = compute_kpis(make_raw(orders=orders()), period="quarter")
    assert [p.label for p in r.periods] == ["2026-Q1"]
    assert series(r, "revenue") == [390.0]
    w = compute_kpis(make_raw(orders=orders()), period="Week")
    assert w.periods[0].label == "2026-W02"  # Mon 2026-01-05
    assert w.periods[-1].label == "2026-W11"  # Sun 2026-03-15
    assert len(w.periods) == 10
    assert value(w, "revenue", "2026-W02") == 100.0
    assert math.isnan(value(w, "aov", "2026-W03"))  # no orders that week
