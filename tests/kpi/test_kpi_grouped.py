"""The ``*_by`` functions: the one definition of the row-counting KPIs, per group.

A scalar KPI function is its ``*_by`` function on one group, by construction; the
report calls the same ``*_by`` function with a group per period. These properties prove
that grouping changes nothing but which rows count: a group's value is the function on
that group's rows alone (or, for the KPIs that look back, on the rows up to it), and
the scalar functions agree on lists, arrays and Series.
"""

from __future__ import annotations

import math
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xlkpi
from xlkpi.kpi import _arrays
from xlkpi.kpi.marketing import marketing_originated_by
from xlkpi.kpi.orders import aov_by, repeat_purchase_rate_by, status_rate_by
from xlkpi.kpi.web import bounce_rate_by, device_share_by, returning_visitor_rate_by

N = 3  # groups
GROUP = st.integers(-1, N - 1)  # -1: a row left out


def same(got: float, want: float) -> bool:
    return (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, rel=1e-12)


def _rows(*columns):
    return st.lists(st.tuples(GROUP, *columns), max_size=25)


def _split(rows):
    group = np.array([r[0] for r in rows], dtype=np.int64)
    cols = [np.array([r[i] for r in rows]) for i in range(1, len(rows[0]))] if rows else []
    return group, cols


SHAPES = (list, np.array, pd.Series)


@settings(max_examples=60, deadline=None)
@given(_rows(st.integers(0, 10_000).map(lambda c: c / 100), st.booleans()))
def test_per_group_kpis_are_the_function_on_each_group(rows):
    group, cols = _split(rows)
    value, hit = cols if cols else (np.empty(0), np.empty(0, dtype=bool))
    by = (group, N)
    results = {
        "aov": (aov_by(value, by), lambda m: aov_by(value[m])),
        "status": (status_rate_by(hit, by), lambda m: status_rate_by(hit[m])),
        "value": (
            status_rate_by(hit, by, value),
            lambda m: status_rate_by(hit[m], revenues=value[m]),
        ),
        "marketing": (marketing_originated_by(hit, by), lambda m: marketing_originated_by(hit[m])),
        "bounce": (bounce_rate_by(value, by), lambda m: bounce_rate_by(value[m])),
        "device": (device_share_by(hit.astype(int), 2, by)[1], lambda m: share_of_ones(hit[m])),
    }
    for name, (grouped, alone) in results.items():
        for g in range(N):
            assert same(grouped[g], alone(group == g)[0]), (name, g)


def share_of_ones(hit):
    return device_share_by(hit.astype(int), 2)[1]


@settings(max_examples=60, deadline=None)
@given(_rows(st.sampled_from("abcd")))
def test_repeat_purchases_count_every_row_up_to_the_group(rows):
    group, cols = _split(rows)
    ids = cols[0] if cols else np.empty(0, dtype=object)
    codes, _ = pd.factorize(ids)
    got = repeat_purchase_rate_by(codes, (group, N))
    for g in range(N):
        upto = ids[(group >= 0) & (group <= g)].tolist()
        assert same(got[g], xlkpi.repeat_purchase_rate(upto)), g


@settings(max_examples=60, deadline=None)
@given(_rows(st.sampled_from("abcd")), st.sets(st.sampled_from("abcd")))
def test_returning_counts_the_group_against_the_earlier_rows(rows, before):
    group, cols = _split(rows)
    ids = cols[0] if cols else np.empty(0, dtype=object)
    codes, uniques = pd.factorize(ids)
    earlier = np.isin(uniques, sorted(before))
    got = repeat_purchase_rate_by(codes, (group, N), definition="returning", earlier=earlier)
    visitors = returning_visitor_rate_by(codes, (group, N))
    with mock.patch.object(_arrays, "BITMAP_CELLS", 0):  # distinct pairs hashed, not a bitmap
        hashed = repeat_purchase_rate_by(codes, (group, N), definition="returning", earlier=earlier)
        assert np.array_equal(hashed, got, equal_nan=True)
    for g in range(N):
        seen = sorted(before) + ids[(group >= 0) & (group < g)].tolist()
        now = ids[group == g].tolist()
        want = xlkpi.repeat_purchase_rate(now, definition="returning", earlier_ids=seen)
        assert same(got[g], want), g
        # The same rule without a history before the first group.
        seen = ids[(group >= 0) & (group < g)].tolist()
        want = xlkpi.repeat_purchase_rate(now, definition="returning", earlier_ids=seen)
        assert same(visitors[g], want), g
        if g == 0:  # no earlier group: ">= 2 sessions", the scalar function's rule
            assert same(visitors[g], xlkpi.returning_visitor_rate(now))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["v1", "v2", "v3", None]), max_size=15),
    st.lists(st.integers(0, 10_000).map(lambda c: c / 100), max_size=15),
)
def test_scalar_functions_agree_on_lists_arrays_and_series(ids, revenues):
    flags = [i is not None for i in ids]
    for shape in SHAPES:
        assert same(xlkpi.aov(shape(revenues)), xlkpi.aov(revenues))
        assert same(xlkpi.returning_visitor_rate(shape(ids)), xlkpi.returning_visitor_rate(ids))
        got = xlkpi.repeat_purchase_rate(shape(ids), definition="returning", earlier_ids=["v1"])
        want = xlkpi.repeat_purchase_rate(ids, definition="returning", earlier_ids=["v1"])
        assert same(got, want)
        assert same(
            xlkpi.marketing_originated_pct(shape(flags)), xlkpi.marketing_originated_pct(flags)
        )


def test_no_rows_is_nan_for_every_group_and_never_an_error():
    empty, none = np.empty(0), (np.empty(0, dtype=np.int64), N)
    for values in (
        aov_by(empty, none),
        status_rate_by(empty.astype(bool), none, empty),
        bounce_rate_by(empty, none, definition="ga4", duration_seconds=empty),
        repeat_purchase_rate_by(empty.astype(np.int64), none),
        repeat_purchase_rate_by(empty.astype(np.int64), none, definition="returning"),
        device_share_by(empty.astype(np.int64), 1, none)[0],
    ):
        assert values.shape == (N,) and np.isnan(values).all()
    assert math.isnan(xlkpi.aov([])) and math.isnan(xlkpi.repeat_purchase_rate([]))


def test_a_group_of_zero_revenue_orders_is_zero_not_nan():
    # Orders with revenue 0 are orders: AOV 0; by value, no revenue at all: NaN.
    by = (np.array([0, 0, 1]), 2)
    assert aov_by(np.array([0.0, 0.0, 5.0]), by).tolist() == [0.0, 5.0]
    got = status_rate_by(np.array([True, False, True]), by, np.array([0.0, 0.0, 5.0]))
    assert math.isnan(got[0]) and got[1] == 1.0
