"""Properties over the catalogue: bounds, scale and order invariance, input types, no mutation."""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import xlkpi
from xlkpi.kpi.catalogue import CATALOGUE

SCORES = st.lists(st.one_of(st.integers(0, 10), st.none()), max_size=60)
COUNTS = st.integers(0, 10**6)
MONEY = st.floats(0, 1e9, allow_nan=False)
POSITIVE = st.floats(1e-3, 1e9, allow_nan=False)
FACTOR = st.floats(1e-3, 1e3, allow_nan=False)
IDS = st.lists(st.one_of(st.sampled_from(["a", "b", "c", "d", "e"]), st.none()), max_size=40)


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-9)


def _shapes(values: list):
    """The same data as a list, ndarray, Series, 2-D column and 2-D row of xlwings."""
    return [
        values,
        np.array([np.nan if v is None else v for v in values], dtype=float)
        if all(v is None or isinstance(v, int | float) for v in values)
        else np.array(values, dtype=object),
        pd.Series(values, dtype=object),
        [[v] for v in values],
        [list(values)] if values else [],
    ]


@given(SCORES)
def test_nps_bounded_and_type_independent(scores):
    results = [xlkpi.nps(shape) for shape in _shapes(scores)]
    assert all(_same(r, results[0]) for r in results)
    if not math.isnan(results[0]):
        assert -100.0 <= results[0] <= 100.0
        b = xlkpi.nps_breakdown(scores)
        assert b.promoters + b.passives + b.detractors == b.responses
        assert b.promoters_share + b.passives_share + b.detractors_share == pytest.approx(1.0)
        assert xlkpi.nps_margin_of_error(scores) >= 0.0


@given(SCORES, st.randoms())
def test_nps_order_invariant(scores, rnd):
    shuffled = list(scores)
    rnd.shuffle(shuffled)
    assert _same(xlkpi.nps(scores), xlkpi.nps(shuffled))


@given(IDS)
def test_id_rates_bounded_and_type_independent(ids):
    for fn in (xlkpi.repeat_purchase_rate, xlkpi.returning_visitor_rate):
        results = [fn(shape) for shape in _shapes(ids)]
        assert all(_same(r, results[0]) for r in results)
        assert math.isnan(results[0]) or 0.0 <= results[0] <= 1.0


BOUNDED = [
    xlkpi.conversion_rate,
    xlkpi.email_optin_rate,
    xlkpi.qualified_lead_rate,
    xlkpi.lead_to_close_rate,
    xlkpi.ctr,
    xlkpi.churn_rate,
    xlkpi.retention_rate,
]


@pytest.mark.parametrize("fn", BOUNDED, ids=lambda f: f.__name__)
@given(part=COUNTS, extra=COUNTS)
def test_bounded_rates_in_0_1(fn, part, extra):
    r = fn(part, part + extra)
    assert math.isnan(r) or 0.0 <= r <= 1.0
    assert math.isnan(r) == (part + extra == 0)


@given(k=COUNTS, extra=COUNTS)
def test_rate_interval_brackets_the_rate(k, extra):
    n = k + extra
    low, high = xlkpi.rate_interval(k, n)
    if n:
        assert 0.0 <= low <= k / n + 1e-12 and k / n - 1e-12 <= high <= 1.0


# Scale invariance: money / count KPIs scale with the money, rates do not.
SCALES = [
    (xlkpi.cac, 1),
    (xlkpi.cpa, 1),
    (xlkpi.cpc, 1),
    (xlkpi.roas, 0),  # revenue / spend: both money, the ratio is unchanged
    (xlkpi.roi, 0),
    (xlkpi.marketing_pct_of_cac, 0),
]


@pytest.mark.parametrize(("fn", "power"), SCALES, ids=lambda v: getattr(v, "__name__", str(v)))
@given(a=MONEY, b=POSITIVE, k=FACTOR)
def test_money_scale_invariance(fn, power, a, b, k):
    if fn in (xlkpi.cac, xlkpi.cpa, xlkpi.cpc):  # money / count: scale the money only
        assert fn(k * a, b) == pytest.approx(k * fn(a, b), rel=1e-9, abs=1e-6)
    else:  # money / money: scale both
        assert _same(fn(k * a, k * b), fn(a, b))


@given(st.lists(MONEY, max_size=30), FACTOR)
def test_aov_and_mrr_scale(values, k):
    scaled = [k * v for v in values]
    assert _same(xlkpi.aov(scaled), k * xlkpi.aov(values)) or not values
    assert xlkpi.mrr(scaled) == pytest.approx(k * xlkpi.mrr(values), rel=1e-9, abs=1e-6)


@given(a=COUNTS, b=COUNTS, k=st.integers(1, 1000))
def test_rates_are_scale_free(a, b, k):
    lo, hi = min(a, b), max(a, b)
    assert _same(xlkpi.conversion_rate(k * lo, k * hi), xlkpi.conversion_rate(lo, hi))


def test_inputs_are_not_mutated():
    data = {
        "list": [10, None, 9, "", 0],
        "nested": [[10], [None], [9], [""], [0]],
        "ndarray": np.array([10.0, np.nan, 9.0, 0.0]),
        "series": pd.Series([10.0, np.nan, 9.0, 0.0]),
    }
    before = copy.deepcopy(data)
    for value in data.values():
        xlkpi.nps(value)
        xlkpi.nps_breakdown(value, invalid="skip")
        xlkpi.aov(value)
        xlkpi.mrr(value)
        xlkpi.cac(value, 3)
        xlkpi.repeat_purchase_rate(value)
    for key, value in data.items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(value, before[key])
        elif isinstance(value, pd.Series):
            pd.testing.assert_series_equal(value, before[key])
        else:
            assert value == before[key]


def test_returned_arrays_never_alias_writable_input():
    from xlkpi.kpi._input import numbers

    arr = np.array([1.0, 2.0, 3.0])
    out = numbers(arr, "x")
    with pytest.raises(ValueError):
        out[0] = 99.0
    assert arr[0] == 1.0


def test_scalar_catalogue_functions_accept_every_shape():
    # every scalar KPI whose first argument is a range: same answer for each shape
    data = {
        "aov": [100.0, 50.0, None],
        "nps": [10, 0, 9],
        "bounce_rate": [1, 2, 1],
        "mrr": [10.0, 20.0],
        "refund_rate": ["paid", "refunded"],
        "repeat_purchase_rate": ["a", "a", "b"],
        "marketing_originated_pct": [True, False],
        "device_share": ["mobile", "desktop"],
    }
    for kpi in CATALOGUE:
        if kpi.id in data:
            results = [kpi.function(shape) for shape in _shapes(data[kpi.id])]
            assert all(_same(r, results[0]) for r in results), kpi.id
