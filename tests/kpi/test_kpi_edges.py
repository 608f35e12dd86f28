"""Named edge fixtures (empty, one value, all blanks, NaN inside, zero denominators)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import xlkpi

EMPTY = []
ALL_BLANK = [None, "", float("nan"), "   "]
NAN_INSIDE = np.array([10.0, np.nan, 0.0, 9.0])  # like [10, 0, 9]

# functions over one range of values: (function, one value, its expected result)
ARRAY_KPIS = {
    "nps": (xlkpi.nps, [10], 100.0),
    "aov": (xlkpi.aov, [125.0], 125.0),
    "bounce_rate": (xlkpi.bounce_rate, [1], 1.0),
    "returning_visitor_rate": (xlkpi.returning_visitor_rate, ["v1"], 0.0),
    "repeat_purchase_rate": (xlkpi.repeat_purchase_rate, ["c1"], 0.0),
    "device_share": (xlkpi.device_share, ["mobile"], 1.0),
    "refund_rate": (xlkpi.refund_rate, ["refunded"], 1.0),
    "return_rate": (xlkpi.return_rate, ["paid"], 0.0),
    "marketing_originated_pct": (xlkpi.marketing_originated_pct, [False], 0.0),
    "nps_margin_of_error": (xlkpi.nps_margin_of_error, [7], 0.0),
}


@pytest.mark.parametrize("name", sorted(ARRAY_KPIS))
@pytest.mark.parametrize("fixture", [EMPTY, ALL_BLANK], ids=["empty", "all-blank"])
def test_no_values_is_nan(name, fixture):
    fn = ARRAY_KPIS[name][0]
    assert math.isnan(fn(fixture))


@pytest.mark.parametrize("name", sorted(ARRAY_KPIS))
def test_one_value(name):
    fn, one, expected = ARRAY_KPIS[name]
    assert fn(one) == pytest.approx(expected)


def test_nan_inside_is_a_blank():
    # [10, 0, 9]: 100 × (2 − 1) / 3
    assert xlkpi.nps(NAN_INSIDE) == pytest.approx(100 / 3)
    assert xlkpi.nps(pd.Series(NAN_INSIDE)) == pytest.approx(100 / 3)
    assert xlkpi.aov([100.0, float("nan"), 50.0]) == 75.0


def test_nps_breakdown_empty_has_nan_shares_and_zero_counts():
    b = xlkpi.nps_breakdown(ALL_BLANK)
    assert (b.promoters, b.passives, b.detractors, b.responses) == (0, 0, 0, 0)
    assert math.isnan(b.nps) and math.isnan(b.promoters_share)


ZERO_DENOMINATOR = [
    (xlkpi.conversion_rate, (0, 0)),
    (xlkpi.conversion_rate, (5, None)),  # a blank denominator is 0
    (xlkpi.lead_to_close_rate, (0, 0)),
    (xlkpi.email_optin_rate, (0, 0)),
    (xlkpi.qualified_lead_rate, (0, [])),
    (xlkpi.ctr, (3, 0)),
    (xlkpi.cac, (1000, 0)),
    (xlkpi.cpa, (1000, 0)),
    (xlkpi.cpc, (1000, 0)),
    (xlkpi.roas, (1000, 0)),
    (xlkpi.roi, (1000, 0)),
    (xlkpi.marketing_pct_of_cac, (0, 0)),
    (xlkpi.churn_rate, (0, 0)),
    (xlkpi.retention_rate, (0, 0)),
    (xlkpi.clv_margin, (500, 0)),
    (xlkpi.quick_ratio, (10, 10, 0, 0)),
    (xlkpi.net_revenue_retention, (0, 0, 0, 0)),
    (xlkpi.revenue_churn_rate, (0, 0, 0)),
]


@pytest.mark.parametrize(
    ("fn", "args"),
    ZERO_DENOMINATOR,
    ids=[f"{f.__name__}-{i}" for i, (f, _) in enumerate(ZERO_DENOMINATOR)],
)
def test_zero_denominator_is_nan_not_zero(fn, args):
    result = fn(*args)
    assert isinstance(result, float) and math.isnan(result)


def test_rate_interval_without_trials_is_nan():
    low, high = xlkpi.rate_interval(0, 0)
    assert math.isnan(low) and math.isnan(high)


def test_sum_arguments_of_all_blanks_are_zero():
    assert xlkpi.profit(ALL_BLANK, [10]) == -10.0
    assert xlkpi.mrr(ALL_BLANK) == 0.0


def test_results_are_python_floats():
    for value in (
        xlkpi.nps(np.array([10, 0, 9])),
        xlkpi.cac(np.float64(10), np.int64(4)),
        xlkpi.mrr(pd.Series([1.5, 2.5])),
        xlkpi.repeat_visits(5, 3),
    ):
        assert type(value) is float
