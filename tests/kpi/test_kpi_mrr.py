"""The MRR bridge: hand-computed movements, and the exact identity on random data."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import xlkpi


def test_movements_reference():
    # a: 100 -> 120 expansion 20; b: 50 -> 0 churned 50; c: 80 -> 60 contraction 20;
    # d: new 30; e: reactivation 10 (had MRR before `previous`); f: 0 -> 0 nothing
    m = xlkpi.mrr_movements(
        {"a": 100, "b": 50, "c": 80, "f": 0},
        {"a": 120, "c": 60, "d": 30, "e": 10, "f": None},
        earlier={"e", "zz"},
    )
    assert m == (230.0, 30.0, 20.0, 20.0, 50.0, 10.0, 220.0)
    assert m._fields == (
        "opening", "new", "expansion", "contraction", "churned", "reactivation", "closing",
    )  # fmt: skip


def test_series_input_and_duplicate_ids_summed():
    prev = pd.Series([10.0, 5.0, 20.0], index=["a", "a", "b"])  # a has two subscriptions: 15
    cur = pd.Series([15.0, 25.0], index=["a", "b"])
    m = xlkpi.mrr_movements(prev, cur)
    assert m == (35.0, 0.0, 5.0, 0.0, 0.0, 0.0, 40.0)


def test_earlier_as_index_series_or_dict():
    prev, cur = {"a": 10}, {"a": 10, "r": 7}
    for earlier in (pd.Index(["r"]), pd.Series({"r": 3.0, "x": 0.0}), {"r": 5}, ["r"]):
        assert xlkpi.mrr_movements(prev, cur, earlier=earlier).reactivation == 7.0
    assert xlkpi.mrr_movements(prev, cur, earlier=pd.Series({"r": 0.0})).new == 7.0


def test_rounding_to_cents():
    # 0.125 -> 12.5 cents -> 12 (ties to even); 0.135 -> 13.5 -> 14
    m = xlkpi.mrr_movements({}, {"a": 0.125, "b": 0.135})
    assert m.new == 0.26 and m.in_cents()[1] == 26


def test_empty_months():
    m = xlkpi.mrr_movements({}, {})
    assert m == (0.0,) * 7
    assert xlkpi.mrr_movements(None, {"a": 5}).new == 5.0


AMOUNT = st.one_of(st.just(0.0), st.floats(0.01, 1e6, allow_nan=False))


@given(
    st.dictionaries(st.integers(0, 40), AMOUNT, max_size=30),
    st.dictionaries(st.integers(0, 40), AMOUNT, max_size=30),
    st.sets(st.integers(0, 60), max_size=20),
)
def test_identity_exact_in_cents(prev, cur, earlier):
    m = xlkpi.mrr_movements(prev, cur, earlier=earlier)
    o, new, exp, con, churn, react, close = m.in_cents()
    assert o + new + exp + react - con - churn == close
    assert min(m) >= 0.0
    fsum = m.opening + m.new + m.expansion + m.reactivation - m.contraction - m.churned
    assert abs(fsum - m.closing) <= 1e-9 * max(1.0, m.closing)


def test_identity_on_a_large_random_month():
    rng = np.random.default_rng(7)
    n = 200_000
    prev = pd.Series(np.round(rng.random(n) * 500, 2) * (rng.random(n) > 0.2), index=np.arange(n))
    cur = pd.Series(
        np.round(rng.random(n) * 500, 2) * (rng.random(n) > 0.2), index=np.arange(n) + 1000
    )
    m = xlkpi.mrr_movements(prev, cur, earlier=pd.Index(np.arange(n, n + 500)))
    o, new, exp, con, churn, react, close = m.in_cents()
    assert o + new + exp + react - con - churn == close
    assert o == round(prev.sum() * 100) and close == round(cur.sum() * 100)


def test_ratios_from_movements():
    m = xlkpi.mrr_movements({"a": 100, "b": 100}, {"a": 150, "c": 50})
    # opening 200, new 50, expansion 50, churned 100
    assert xlkpi.quick_ratio(m.new, m.expansion, m.contraction, m.churned) == 1.0
    assert xlkpi.net_revenue_retention(m.opening, m.expansion, m.contraction, m.churned) == 0.75
    assert xlkpi.revenue_churn_rate(m.opening, m.contraction, m.churned) == 0.5
    assert xlkpi.quick_ratio(50, 50, 0, 100, reactivation=100) == 2.0
