"""The MRR bridge sums exactly (opening + movements = closing, in cents) under every switch,
and the switches only move MRR between movements (hypothesis properties)."""

from __future__ import annotations

import dataclasses

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engine.frames.compute_fixtures import make_raw
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis
from xlkpi.kpi.recurring import mrr_bridge

CENTS = st.integers(min_value=0, max_value=50_000)
MONTH = st.dictionaries(st.sampled_from("abcdefg"), CENTS.map(lambda c: c / 100), max_size=7)
MONTHS = st.lists(MONTH, min_size=2, max_size=8)
SWITCHES = st.tuples(st.integers(0, 4), st.sampled_from(["reactivation", "expansion"]))


def _balanced(m) -> bool:
    o, n, e, c, ch, r, cl = m.in_cents()
    return o + n + e + r - c - ch == cl


@settings(max_examples=150, deadline=None)
@given(MONTHS, SWITCHES)
def test_bridge_sums_exactly_under_every_switch(months, switch):
    window, counted_as = switch
    bridge = mrr_bridge(months, reactivation_months=window, reactivation_as=counted_as)
    assert len(bridge) == len(months) - 1
    assert all(_balanced(m) for m in bridge)
    if counted_as == "expansion":
        assert all(m.reactivation == 0 for m in bridge)


@settings(max_examples=150, deadline=None)
@given(MONTHS, SWITCHES)
def test_switches_only_move_mrr_between_gains(months, switch):
    """New + expansion + reactivation (the gains) and every other figure are the same under
    any switch: a returning customer's MRR is only labelled differently."""
    window, counted_as = switch
    base = mrr_bridge(months)
    other = mrr_bridge(months, reactivation_months=window, reactivation_as=counted_as)
    for a, b in zip(base, other, strict=True):
        assert a.in_cents()[0] == b.in_cents()[0] and a.in_cents()[3:5] == b.in_cents()[3:5]
        assert a.in_cents()[6] == b.in_cents()[6]
        assert sum(a.in_cents()[i] for i in (1, 2, 5)) == sum(b.in_cents()[i] for i in (1, 2, 5))
        assert b.reactivation <= a.reactivation  # a window only turns reactivation into new


@settings(max_examples=40, deadline=None)
@given(MONTHS, SWITCHES, st.sampled_from(["exclude", "include"]))
def test_report_bridge_sums_exactly_under_every_switch(months, switch, quick):
    rows = [
        (f"2026-{i + 1:02d}-01", cid, mrr) for i, month in enumerate(months)
        for cid, mrr in month.items()
    ]  # fmt: skip
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=["month", "customer_id", "mrr"])
    window, counted_as = switch
    s = dataclasses.replace(
        Settings(),
        reactivation_months=window,
        reactivation_as=counted_as,
        quick_ratio_reactivation=quick,
    )
    bridge = compute_kpis(make_raw(s, subscriptions=frame)).mrr_bridge
    cents = (bridge.drop(columns="period") * 100).round().astype("int64")
    assert (
        cents.opening + cents.new + cents.expansion + cents.reactivation
        - cents.contraction - cents.churned == cents.closing
    ).all()  # fmt: skip
