"""Hand-computed reference values, one parametrised table per KPI family.

Every expected value is worked out by hand in the comment next to it.
"""

from __future__ import annotations

import math

import pytest

import xlkpi

approx = pytest.approx


def _nan(x: float) -> bool:
    return isinstance(x, float) and math.isnan(x)


NPS_CASES = [
    pytest.param([10, 9, 8, 7, 6, 0], 0.0, id="two-each"),  # 100 × (2 − 2) / 6
    pytest.param([10, 10, 9, 3], 50.0, id="three-promoters"),  # 100 × (3 − 1) / 4
    pytest.param([0, 1, 2], -100.0, id="all-detractors"),  # 100 × (0 − 3) / 3
    pytest.param([9, 10], 100.0, id="all-promoters"),  # 100 × (2 − 0) / 2
    pytest.param([7, 8, 7], 0.0, id="all-passives"),  # 100 × 0 / 3
    pytest.param([10, None, "", 6, 8], 0.0, id="blanks-skipped"),  # 100 × (1 − 1) / 3
    pytest.param([[10, 9], [6, None]], 100 / 3, id="nested-2d"),  # 100 × (2 − 1) / 3
    pytest.param([6.0, 9.0, 9.0, 9.0, 5], 20.0, id="floats-whole"),  # 100 × (3 − 2) / 5
]


@pytest.mark.parametrize(("scores", "expected"), NPS_CASES)
def test_nps_reference(scores, expected):
    assert xlkpi.nps(scores) == approx(expected)


def test_nps_breakdown_reference():
    # [10, 9, 9, 8, 6, 3, 0, None]: promoters 3, passives 1, detractors 3, n 7
    b = xlkpi.nps_breakdown([10, 9, 9, 8, 6, 3, 0, None])
    assert (b.promoters, b.passives, b.detractors, b.responses) == (3, 1, 3, 7)
    assert b.promoters_share == approx(3 / 7)
    assert b.passives_share == approx(1 / 7)
    assert b.detractors_share == approx(3 / 7)
    assert b.nps == 0.0
    rows = b.to_rows()
    assert rows[0] == ["Group", "Count", "Share"]
    assert [r[0] for r in rows[1:]] == ["Promoters", "Passives", "Detractors", "Responses", "NPS"]
    assert rows[4] == ["Responses", 7, 1.0]
    assert rows[5] == ["NPS", 0.0, None]


MOE_CASES = [
    # p = d = 1/3, n = 6: var = 2/3 − 0 = 2/3; 1.959964 × 100 × sqrt(2/3 / 6) = 65.3321
    pytest.param([10, 9, 8, 7, 6, 0], 0.95, 65.3321, id="balanced-95"),
    # p = 0.5, d = 0.25, n = 4: var = 0.75 − 0.0625 = 0.6875; ×sqrt(0.6875/4)=0.414578
    # z(0.90) = 1.644854 -> 68.1922
    pytest.param([10, 9, 8, 0], 0.90, 68.1922, id="unbalanced-90"),
    pytest.param([10, 10], 0.95, 0.0, id="no-spread"),
]


@pytest.mark.parametrize(("scores", "confidence", "expected"), MOE_CASES)
def test_nps_margin_reference(scores, confidence, expected):
    assert xlkpi.nps_margin_of_error(scores, confidence) == approx(expected, abs=1e-3)


def test_nps_change_test_reference():
    # A = [10, 0] × 50: p = d = 0.5, NPS 0, var = 1 − 0 = 1, n 100
    # B = [10, 10, 0, 8] × 25: p 0.5, d 0.25, NPS 25, var 0.75 − 0.0625 = 0.6875, n 100
    # SE = 100 × sqrt(1/100 + 0.6875/100) = 100 × 0.129904 = 12.9904; z = 25 / 12.9904 = 1.92450
    # p = 2 × (1 − Φ(1.9245)) = 0.054292
    r = xlkpi.nps_change_test([10, 0] * 50, [10, 10, 0, 8] * 25)
    assert r.difference == approx(25.0)
    assert r.z == approx(1.92450, abs=1e-4)
    assert r.p_value == approx(0.054292, abs=1e-5)


def test_nps_change_test_without_spread():
    r = xlkpi.nps_change_test([10, 10], [0, 0])  # SE 0: difference only
    assert r.difference == -200.0
    assert _nan(r.z) and _nan(r.p_value)


RATE_CASES = [
    # (function, args, kwargs, expected)
    pytest.param(xlkpi.conversion_rate, (25, 1000), {}, 0.025, id="conversion"),
    pytest.param(xlkpi.conversion_rate, ([[10], [15]], [400, 600]), {}, 0.025, id="conv-ranges"),
    pytest.param(xlkpi.lead_to_close_rate, (12, 240), {}, 0.05, id="lead-to-close"),
    pytest.param(
        xlkpi.lead_to_close_rate, (30, 20), {"basis": "period"}, 1.5, id="lead-to-close-period"
    ),
    pytest.param(xlkpi.email_optin_rate, (45, 1500), {}, 0.03, id="optin"),
    pytest.param(xlkpi.qualified_lead_rate, (60, 240), {}, 0.25, id="qualified"),
    pytest.param(xlkpi.ctr, (150, 10000), {}, 0.015, id="ctr"),
    # 4 sessions, one-page ones: 1st and 3rd -> 2 / 4
    pytest.param(xlkpi.bounce_rate, ([1, 3, 1, 2],), {}, 0.5, id="bounce"),
    # engaged: 30 s; 3 pages; converted; 2 pages -> 4/4 engaged -> bounce 0
    pytest.param(
        xlkpi.bounce_rate,
        ([1, 3, 1, 2],),
        {"definition": "ga4", "duration_seconds": [30, 5, 4, 0], "converted": [0, 0, 1, 0]},
        0.0,
        id="bounce-ga4-converted",
    ),
    # a, b return of a, b, c -> 2/3
    pytest.param(
        xlkpi.returning_visitor_rate, (["a", "b", "a", "c", "b"],), {}, 2 / 3, id="returning"
    ),
    # 2 mobile of 4 (case and spaces ignored)
    pytest.param(
        xlkpi.device_share, (["mobile", "Desktop", " MOBILE", "tablet"],), {}, 0.5, id="device"
    ),
    pytest.param(
        xlkpi.device_share,
        (["mobile", "Desktop", "tablet", "tablet"], "tablet"),
        {},
        0.5,
        id="device-tablet",
    ),
    pytest.param(
        xlkpi.refund_rate, (["paid", "refunded", "paid", "returned"],), {}, 0.25, id="refund"
    ),
    # refunded revenue 100 / all 400
    pytest.param(
        xlkpi.refund_rate,
        (["paid", "refunded"],),
        {"basis": "value", "revenues": [300, 100]},
        0.25,
        id="refund-value",
    ),
    pytest.param(
        xlkpi.return_rate, (["returned", "paid", "Returned", "cancelled"],), {}, 0.5, id="return"
    ),
    # c1 (2 orders), c3 (3) of c1, c2, c3 -> 2/3
    pytest.param(
        xlkpi.repeat_purchase_rate,
        (["c1", "c2", "c1", "c3", "c3", "c3"],),
        {},
        2 / 3,
        id="repeat-purchase",
    ),
    # ids 1001 (number) and "1001" (text) are the same customer -> 1/2
    pytest.param(
        xlkpi.repeat_purchase_rate,
        ([1001, "1001", 1002.0],),
        {},
        0.5,
        id="repeat-purchase-ids-as-numbers",
    ),
    pytest.param(
        xlkpi.marketing_originated_pct,
        ([True, False, True, True],),
        {},
        0.75,
        id="marketing-originated",
    ),
    pytest.param(xlkpi.marketing_pct_of_cac, (30000, 20000), {}, 0.6, id="marketing-pct"),
    pytest.param(xlkpi.churn_rate, (5, 200), {}, 0.025, id="churn-start"),
    # (200 + 300) / 2 = 250; 5 / 250
    pytest.param(
        xlkpi.churn_rate,
        (5, 200),
        {"denominator": "average", "customers_at_end": 300},
        0.02,
        id="churn-average",
    ),
    # 200 + 50 = 250; 5 / 250
    pytest.param(
        xlkpi.churn_rate,
        (5, 200),
        {"denominator": "start_plus_new", "new_customers": 50},
        0.02,
        id="churn-start-plus-new",
    ),
    pytest.param(xlkpi.retention_rate, (5, 200), {}, 0.975, id="retention"),
    pytest.param(xlkpi.roi, (15000, 10000), {}, 0.5, id="roi"),
    pytest.param(xlkpi.roi, (-5000, 10000), {}, -1.5, id="roi-negative-gain"),
    pytest.param(xlkpi.revenue_churn_rate, (10000, 300, 700), {}, 0.1, id="revenue-churn"),
    # (10000 + 1500 − 300 − 700) / 10000
    pytest.param(xlkpi.net_revenue_retention, (10000, 1500, 300, 700), {}, 1.05, id="nrr"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "expected"), RATE_CASES)
def test_rate_reference(fn, args, kwargs, expected):
    assert fn(*args, **kwargs) == approx(expected)


MONEY_CASES = [
    pytest.param(xlkpi.aov, ([120, 80, None, 100],), 100.0, id="aov"),  # 300 / 3
    pytest.param(xlkpi.cac, (50000, 40), 1250.0, id="cac"),
    pytest.param(xlkpi.cac, ([[30000], [20000]], [25, 15]), 1250.0, id="cac-ranges"),
    pytest.param(xlkpi.cpa, (5000, 125), 40.0, id="cpa"),
    pytest.param(xlkpi.cpc, (1500, 1200), 1.25, id="cpc"),
    pytest.param(xlkpi.roas, (40000, 10000), 4.0, id="roas"),
    pytest.param(xlkpi.profit, ([100, 250], [60, 90]), 200.0, id="profit"),  # 350 − 150
    pytest.param(xlkpi.clv, (250, 4, 3), 3000.0, id="clv"),  # 250 × 4 × 3
    pytest.param(xlkpi.clv_margin, (500, 0.02), 25000.0, id="clv-margin"),  # 500 / 0.02
    pytest.param(xlkpi.clv_margin, (500, 0.02, 0.8), 20000.0, id="clv-margin-80"),
    # 1000/1.1 + 1000·0.8/1.1² + 1000·0.64/1.1³ = 909.0909 + 661.1570 + 480.8415
    pytest.param(xlkpi.clv_discounted, (1000, 0.8, 0.1, 3), 2051.0894, id="clv-discounted"),
    pytest.param(xlkpi.clv_discounted, (1000, 0.5, 0.1, 0), 0.0, id="clv-discounted-0y"),
    pytest.param(xlkpi.mrr, ([1000, 250.5, None, 749.5],), 2000.0, id="mrr"),
    pytest.param(xlkpi.arr, (2000,), 24000.0, id="arr"),
    pytest.param(xlkpi.repeat_visits, (1200, 900), 300.0, id="repeat-visits"),
    # (3000 + 1000) / (400 + 600)
    pytest.param(xlkpi.quick_ratio, (3000, 1000, 400, 600), 4.0, id="quick-ratio"),
]


@pytest.mark.parametrize(("fn", "args", "expected"), MONEY_CASES)
def test_money_and_count_reference(fn, args, expected):
    assert fn(*args) == approx(expected, rel=1e-7)


WILSON_CASES = [
    # p = 0.8, n = 10, z = 1.959964: centre (0.8 + 0.19208)/1.38415 = 0.71674,
    # half 1.959964 × sqrt(0.016 + 0.0096040)/1.38415 = 0.22655 -> (0.4902, 0.9433)
    pytest.param(8, 10, 0.95, (0.4902, 0.9433), id="8-of-10"),
    # p = 0: centre 0.0960/1.1921 ... -> (0, 0.1611)
    pytest.param(0, 20, 0.95, (0.0, 0.1611), id="0-of-20"),
    pytest.param(50, 100, 0.95, (0.4038, 0.5962), id="half"),
]


@pytest.mark.parametrize(("k", "n", "conf", "expected"), WILSON_CASES)
def test_rate_interval_reference(k, n, conf, expected):
    low, high = xlkpi.rate_interval(k, n, conf)
    assert (low, high) == approx(expected, abs=1e-4)
