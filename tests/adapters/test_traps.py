"""Shapes that give plausible wrong numbers are findings with the count and the fix
(issue 17), and clean data raises none of them."""

from __future__ import annotations

import pandas as pd
import pytest

from xlkpi.data import check_source, read_source


def _findings(frames, *, fatal_ok=False):
    warnings: list = []
    fatal = check_source(frames, warnings=warnings)
    assert fatal_ok or fatal == []
    return [w.message for w in warnings]


def _orders(n=6, revenue=10.0, months=12, ids=None):
    dates = pd.date_range("2024-01-15", periods=months, freq="MS")
    return pd.DataFrame({
        "order_id": ids if ids is not None else [f"O{i}" for i in range(n)],
        "order_date": [dates[i % months] for i in range(n)],
        "customer_id": [f"C{i % 60}" for i in range(n)],
        "revenue": revenue,
    })  # fmt: skip


def _one(messages, fragment):
    return [m for m in messages if fragment in m]


def test_clean_orders_raise_no_trap():
    orders = _orders(n=24, months=12)
    assert not _one(_findings({"Orders": orders}), "Orders cover")
    assert not _one(_findings({"Orders": orders}), "revenue 0")


def test_zero_value_orders():
    orders = _orders(n=24)
    orders.loc[[3, 7], "revenue"] = 0
    [m] = _one(_findings({"Orders": orders}), "revenue 0")
    assert m.startswith("2 completed order(s) have revenue 0")


def test_clv_window_shorter_than_12_months():
    [m] = _one(_findings({"Orders": _orders(n=60, months=5)}), "Orders cover")
    assert m.startswith("Orders cover 5 month(s)") and "12 months" in m
    assert not _one(_findings({"Orders": _orders(n=49, months=5)}), "Orders cover")


def test_line_item_rows_in_orders():
    orders = _orders(n=6, ids=["A", "A", "A", "B", "C", "C"])
    messages = _findings({"Orders": orders}, fatal_ok=True)
    [m] = _one(messages, "repeat an order_id")
    assert m.startswith("3 row(s) repeat an order_id") and "line item" in m


def test_mixed_currencies():
    orders = _orders(n=6)
    orders["Currency"] = ["EUR", "EUR", "USD", "EUR", "usd", None]
    [m] = _one(_findings({"Orders": orders}), "currencies")
    assert "2 currencies (3 in EUR, 2 in USD)" in m
    orders["Currency"] = "EUR"
    assert not _one(_findings({"Orders": orders}), "currencies")


def _subs(rows):
    return pd.DataFrame(rows, columns=["month", "customer_id", "mrr"])


def test_subscription_level_rows():
    rows = [(f"2025-0{1 + i % 6}-01", f"C{i}", 49.0) for i in range(8)]
    [m] = _one(_findings({"Subscriptions": _subs(rows)}), "single row")
    assert m.startswith("8 of 8 customers have a single row over 6 months")
    monthly = [(f"2025-0{m}-01", f"C{c}", 49.0) for c in range(8) for m in range(1, 7)]
    assert not _one(_findings({"Subscriptions": _subs(monthly)}), "single row")


def test_yearly_rows_in_subscriptions():
    rows = [("2023-03-01", "C1", 1200.0), ("2024-03-01", "C1", 1200.0),
            ("2025-03-01", "C1", 1200.0), ("2025-01-01", "C2", 50.0),
            ("2025-02-01", "C2", 50.0)]  # fmt: skip
    [m] = _one(_findings({"Subscriptions": _subs(rows)}), "12 months apart")
    assert m.startswith("1 customer(s) have rows exactly 12 months apart")


@pytest.mark.parametrize("events", [True, False])
def test_event_level_rows_in_sessions(events):
    if events:  # 15 sessions exported as 60 event rows (the GA4 case)
        rows = [("2025-01-13", f"u{s}", 1) for s in range(15) for _ in range(4)]
    else:
        rows = [("2025-01-13", f"u{s}", 1 + s % 3) for s in range(15)]
    sessions = pd.DataFrame(rows, columns=["session_date", "visitor_id", "pageviews"])
    found = _one(_findings({"Sessions": sessions}), "one row per event")
    if events:
        assert found[0].startswith("45 of 60 rows repeat a visitor on the same day")
    else:
        assert found == []


def test_traps_are_on_the_read_data():
    data = read_source({"Orders": _orders(n=60, months=5)})
    assert any("Orders cover 5 month(s)" in p.message for p in data.problems)


def _cases():
    """Each trap's data (and clean data): the tables as the reader and the engine get them."""
    zero = _orders(n=24)
    zero.loc[[3, 7], "revenue"] = 0
    mixed = _orders(n=6)
    mixed["currency"] = ["EUR", "EUR", "USD", "EUR", "usd", None]
    single = [(f"2025-0{1 + i % 6}-01", f"C{i}", 49.0) for i in range(8)]
    yearly = [("2023-03-01", "C1", 1200.0), ("2024-03-01", "C1", 1200.0),
              ("2025-03-01", "C1", 1200.0), ("2025-01-01", "C2", 50.0),
              ("2025-02-01", "C2", 50.0)]  # fmt: skip
    events = [("2025-01-13", f"u{s}", 1) for s in range(15) for _ in range(4)]
    return {
        "clean": {"orders": _orders(n=24, months=12)},
        "zero": {"orders": zero},
        "short": {"orders": _orders(n=60, months=5)},
        "line items": {"orders": _orders(n=6, ids=["A", "A", "A", "B", "C", "C"])},
        "currencies": {"orders": mixed},
        "single rows": {"subscriptions": _subs(single)},
        "yearly": {"subscriptions": _subs(yearly)},
        "events": {"sessions": pd.DataFrame(events, columns=["session_date", "visitor_id",
                                                               "pageviews"])},
    }  # fmt: skip


@pytest.mark.parametrize("case", list(_cases()))
def test_the_engine_finds_the_same_traps_by_queries(case):
    """A warehouse's tables (here an in-memory DuckDB) get the reader's trap findings,
    counted by queries: the same messages, by the same thresholds."""
    import ibis

    from xlkpi.data.traps import TrapFinding
    from xlkpi.sources.api import check
    from xlkpi.sources.traps import QueryTrap

    frames = _cases()[case]
    warnings: list = []
    check_source(frames, warnings=warnings)
    expected = sorted(w.message for w in warnings if isinstance(w, TrapFinding))
    backend = ibis.duckdb.connect()
    for name, frame in frames.items():
        backend.create_table(name, frame)
    _, notes = check(backend)
    assert sorted(n.message for n in notes if isinstance(n, QueryTrap)) == expected
    assert (expected == []) == (case == "clean")
