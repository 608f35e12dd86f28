"""Unbounded and overflowing input (issue 9 items 19-20): closed forms, bounds, one rule."""

from __future__ import annotations

import math
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

import xlkpi
from xlkpi.errors import KpiInputError, KpiOverflowError
from xlkpi.kpi.customers import MAX_YEARS


def _loop(m, r, d, years):
    """The definition, summed year by year (the reference for the closed form)."""
    return math.fsum(m * r ** (t - 1) / (1.0 + d) ** t for t in range(1, years + 1))


@given(
    m=st.floats(-1e6, 1e6),
    r=st.floats(0, 1),
    d=st.floats(-0.9, 1),  # a discount rate is at most 1 (100 %): 2 is a slip
    years=st.integers(0, 60),
)
def test_closed_form_equals_the_year_by_year_sum(m, r, d, years):
    expected = _loop(m, r, d, years)
    got = xlkpi.clv_discounted(m, r, d, years)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-9 * max(1.0, abs(m)))


@pytest.mark.parametrize(("r", "d"), [(1.0, 0.0), (0.5, -0.5), (0.9999999, -0.0000001), (0.0, 0.1)])
def test_closed_form_at_and_near_q_equals_one(r, d):
    assert xlkpi.clv_discounted(100, r, d, 40) == pytest.approx(_loop(100, r, d, 40), rel=1e-9)


def test_the_longest_relationship_equals_the_sum():
    assert xlkpi.clv_discounted(1, 0.9, 0.1, MAX_YEARS) == pytest.approx(_loop(1, 0.9, 0.1, 1000))


@pytest.mark.parametrize("years", [1e9, 1e16, MAX_YEARS + 1, -1, 2.5, math.inf])
def test_years_must_be_a_whole_number_up_to_the_maximum(years):
    with pytest.raises(KpiInputError, match="years"):
        xlkpi.clv_discounted(0, 0, 0, years)


def test_overflowing_clv_is_the_overflow_error():
    with pytest.raises(KpiOverflowError, match="overflows"):
        xlkpi.clv_discounted(1e308, 1, -0.5, 1000)
    with pytest.raises(KpiOverflowError):
        xlkpi.clv(1e308, 10, 10)


def test_a_sum_that_overflows_is_the_overflow_error_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(KpiOverflowError, match="revenue: the sum overflows"):
            xlkpi.profit([1e308, 1e308], 0)


def test_denormal_trials_are_a_clear_error_not_a_division_by_zero():
    with pytest.raises(KpiInputError, match="less than one trial"):
        xlkpi.rate_interval(0, 5e-324)
    low, high = xlkpi.rate_interval(0, 1)
    assert 0 <= low <= high <= 1


def test_overflowing_report_sums_are_not_defined_and_silent():
    from tests.engine.frames.compute_fixtures import make_raw, orders
    from xlkpi.engine.compute import compute_kpis

    frame = orders()
    frame.loc[[0, 1], "revenue"] = 1e308  # both in January
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = compute_kpis(make_raw(orders=frame)).table
    jan = table[(table.period == "2026-01") & (table.segment == "")].set_index("kpi").value
    assert math.isnan(jan["revenue"]) and math.isnan(jan["aov"])
    assert table.value.map(lambda v: not math.isinf(v)).all()
    feb = table[(table.period == "2026-02") & (table.kpi == "revenue")].value
    assert feb.iloc[0] == 200.0


@pytest.mark.parametrize(
    ("fn", "args"),
    [
        pytest.param(xlkpi.roas, (1e308, 1e-300), id="roas"),
        pytest.param(xlkpi.cpc, (1e308, 1e-300), id="cpc"),
        pytest.param(xlkpi.aov, ([1e308, 1e308],), id="aov"),
    ],
)
def test_python_functions_never_return_infinity(fn, args):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(KpiOverflowError, match="overflows"):
            fn(*args)
