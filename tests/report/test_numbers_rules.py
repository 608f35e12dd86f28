"""Reference values, computed by hand, for the counting rules of issue 9 (items 1-6).

Each test holds a small data set whose numbers are worked out in its comments; each would
have failed before the fix it guards (a blank cost turning profit into NaN, shares over
the non-blank sessions only, a 365-day CLV window, MRR blank 3 weeks in 4, weekly CAC of
0 with a spike in the week of the 1st, Acquisition totals without no-spend channels).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.engine.frames.compute_fixtures import value
from tests.report.conftest import make_raw
from xlkpi.data import read_source
from xlkpi.engine.compute import compute_kpis

NAN = math.nan

# --- 1. profit and ROI: a blank cost counts as 0 -------------------------------------------

ORDERS = {
    "order_id": ["1", "2", "3", "4", "5"],
    "order_date": ["2026-01-05", "2026-01-20", "2026-02-03", "2026-02-10", "2026-03-02"],
    "customer_id": ["A", "B", "A", "C", "B"],
    "revenue": [100.0, 50.0, 200.0, 80.0, 40.0],
    "cost": [60.0, None, None, 30.0, None],
    "status": ["paid", "paid", "refunded", "paid", None],
}
SPEND = {
    "date": ["2026-01-01", "2026-02-01", "2026-03-01"],
    "channel": ["ads", "ads", "ads"],
    "category": ["marketing", "marketing", "sales"],
    "amount": [100.0, 50.0, 20.0],
}


def test_blank_cost_counts_as_zero_in_profit_and_roi():
    r = compute_kpis(make_raw(orders=ORDERS, spend=SPEND))
    # completed: Jan 100 (cost 60) + 50 (blank); Feb 80 (30), the refund is not completed;
    # Mar 40 (blank)
    assert [value(r, "profit", m) for m in ("2026-01", "2026-02", "2026-03")] == [90, 50, 40]
    # ROI = (profit - spend) / spend: (90-100)/100, (50-50)/50, (40-20)/20
    roi = [value(r, "roi", m) for m in ("2026-01", "2026-02", "2026-03")]
    assert roi == pytest.approx([-0.1, 0.0, 1.0])
    q = compute_kpis(make_raw(orders=ORDERS, spend=SPEND), period="quarter")
    assert value(q, "profit", "2026-Q1") == 180.0  # 270 - 90
    assert value(q, "roi", "2026-Q1") == pytest.approx((180 - 170) / 170)
    w = compute_kpis(make_raw(orders=ORDERS), period="week")
    assert value(w, "profit", "2026-W04") == 50.0  # the 20 January order alone, cost blank
    assert "blank Orders cost counts as 0" in r.options["profit.blank_cost"]


def test_blank_costs_are_a_finding_per_month():
    frames = {"Orders": pd.DataFrame(ORDERS)}
    problems = [p for p in read_source(frames).problems if p.column == "cost"]
    assert [(p.row, p.message.split(";")[0]) for p in problems] == [
        (3, "1 of 2 completed order(s) in 2026-01 have no cost"),
        (6, "1 of 1 completed order(s) in 2026-03 have no cost"),  # Feb: only the refund
    ]
    assert "profit and ROI count them at cost 0" in problems[0].message


# --- 2. device and source share: every session counts in the denominator -------------------


def test_shares_count_blank_values_in_the_denominator():
    sessions = {
        "session_date": ["2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05"],
        "visitor_id": ["v1", "v2", "v3", "v4"],
        "pageviews": [1, 2, 3, 1],
        "source": ["organic", "paid", None, "Organic "],
        "device": ["mobile", None, "desktop", "mobile"],
    }
    r = compute_kpis(make_raw(sessions=sessions))
    assert value(r, "source_share", "2026-01", "organic") == 0.5  # 2 of 4, not 2 of 3
    assert value(r, "source_share", "2026-01", "paid") == 0.25
    assert value(r, "device_share", "2026-01", "mobile") == 0.5
    assert value(r, "device_share", "2026-01", "desktop") == 0.25
    segments = set(r.table[r.table.kpi.isin(["source_share", "device_share"])].segment)
    assert segments == {"organic", "paid", "mobile", "desktop"}  # a blank is no segment


# --- 3. CLV over 12 calendar months, across 29 February ------------------------------------


def test_clv_window_is_twelve_calendar_months():
    orders = {
        "order_id": ["1", "2", "3", "4", "5", "6"],
        "order_date": [
            "2023-02-28",
            "2023-03-01",
            "2023-04-01",
            "2024-02-10",
            "2024-02-29",
            "2024-03-15",
        ],
        "customer_id": ["C", "A", "E", "B", "A", "F"],
        "revenue": [1000.0, 100.0, 100.0, 200.0, 300.0, 300.0],
    }
    r = compute_kpis(make_raw(orders=orders))
    # CLV = AOV x orders per buyer x 3 = revenue of the window / buyers x 3.
    # 2024-02: 1 Mar 2023 .. 29 Feb 2024 = A 100, E 100, B 200, A 300: 700 / 3 buyers x 3
    # (a 365-day window starts on 2 March 2023 and gives 600)
    assert value(r, "clv", "2024-02") == pytest.approx(700.0)
    # 2024-03: 1 Apr 2023 .. 31 Mar 2024 = E, B, A 300, F: 900 / 4 x 3 (365 days: 800)
    assert value(r, "clv", "2024-03") == pytest.approx(675.0)
    # 2023-03: 1 Apr 2022 .. 31 Mar 2023 = C 1000, A 100: 1100 / 2 x 3
    assert value(r, "clv", "2023-03") == pytest.approx(1650.0)


# --- 4. MRR: a month label, a level at every grain -----------------------------------------

SUBS = {
    "month": [
        "2026-01-31",
        "2026-01-31",
        "2026-02-28",
        "2026-02-28",
        "2026-03-31",
        "2026-03-31",
        "2026-04-30",
    ],
    "customer_id": ["A", "B", "A", "B", "A", "C", "D"],
    "mrr": [100.0, 50.0, 120.0, 50.0, 120.0, 70.0, 10.0],
}


def subs_frames():
    return {"Subscriptions": pd.DataFrame(SUBS)}


def test_month_end_rows_count_for_their_month_before_a_mid_month_as_of():
    raw = read_source(subs_frames(), as_of="2026-03-15")
    r = compute_kpis(raw)
    assert [value(r, "mrr", m) for m in ("2026-01", "2026-02", "2026-03")] == [150, 170, 190]
    late = [p.message for p in raw.problems if "after as_of" in p.message]
    assert late == ["1 row(s) dated after as_of 2026-03-15 are left out of the report"]  # April


def test_mrr_at_week_and_quarter_grain_is_the_month_holding_the_period_end():
    raw = read_source(subs_frames(), as_of="2026-03-15")
    w = compute_kpis(raw, period="week")
    assert value(w, "mrr", "2026-W01") == 150.0  # 29 Dec .. 4 Jan: ends in January
    assert value(w, "mrr", "2026-W04") == 150.0  # 19 .. 25 January
    assert value(w, "mrr", "2026-W05") == 170.0  # 26 Jan .. 1 Feb: ends in February
    assert value(w, "mrr", "2026-W11") == 190.0  # 9 .. 15 March (the as-of day)
    assert not w.table[w.table.kpi == "mrr"].value.isna().any()  # never blank 3 weeks in 4
    assert value(w, "arr", "2026-W05") == 12 * 170.0
    for flow in ("mrr_new", "mrr_churned", "nrr", "quick_ratio", "revenue_churn_rate"):
        assert "weekly grain" in w.unavailable[flow]
        assert flow not in set(w.table.kpi)
    q = compute_kpis(raw, period="quarter")
    assert value(q, "mrr", "2026-Q1") == 190.0  # March, the as-of month
    assert value(q, "mrr_new", "2026-Q1") == 70.0  # C in March (January has no bridge)
    assert value(q, "mrr_expansion", "2026-Q1") == 20.0  # A 100 -> 120 in February


# --- 5. Acquisition: every channel, totals that reconcile ----------------------------------

CUSTOMERS = {
    "customer_id": ["A", "B", "C", "D", "E"],
    "acquired_date": ["2026-01-03", "2026-01-10", "2026-02-05", "2026-02-06", "2026-03-01"],
    "acquisition_channel": ["Ads", "direct", None, "Referral", "ads"],
}


def test_acquisition_lists_every_channel_and_adds_up_to_the_dashboard():
    raw = make_raw(
        orders={**ORDERS, "channel": ["ads", "Direct", "ads", None, "email"]},
        spend=SPEND,
        customers=CUSTOMERS,
    )
    r = compute_kpis(raw)
    table = r.channels.set_index("channel")
    assert list(table.index) == ["ads", "direct", "email", "referral", "(no channel)"]
    assert table.new_customers.tolist() == [2, 1, 0, 1, 1]
    # completed revenue: ads 100 (#1; #3 is refunded), Direct 50, no channel 80, email 40
    assert table.revenue.tolist() == [100, 50, 40, 0, 80]
    assert table.spend.iloc[0] == 170 and table.spend.iloc[1:].isna().all()
    assert math.isnan(table.cac["direct"])  # no Spend rows: no CAC, not 0
    t = r.table
    assert table.new_customers.sum() == t[(t.kpi == "new_customers")].value.sum() == 5
    assert table.revenue.sum() == t[(t.kpi == "revenue")].value.sum() == 270


# --- 6. weekly grain over monthly Spend rows: spread over the days of the month ------------

MONTHLY_SPEND = {
    "date": ["2026-01-01", "2026-02-01"],
    "channel": ["ads", "ads"],
    "category": ["marketing", "marketing"],
    "amount": [310.0, 280.0],  # 10 a day in January (31 days) and February (28 days)
}
WEEKLY_CUSTOMERS = {
    "customer_id": ["A", "B", "C", "D", "E"],
    "acquired_date": ["2026-01-02", "2026-01-27", "2026-01-28", "2026-02-10", "2026-02-25"],
}


def test_monthly_spend_is_spread_over_days_at_weekly_grain():
    r = compute_kpis(make_raw(spend=MONTHLY_SPEND, customers=WEEKLY_CUSTOMERS), period="week")
    assert value(r, "cac", "2026-W01") == pytest.approx(40.0)  # 1..4 Jan = 40, 1 customer
    assert math.isnan(value(r, "cac", "2026-W02"))  # 70 spent, nobody acquired: not 0
    assert value(r, "cac", "2026-W05") == pytest.approx(35.0)  # 26 Jan..1 Feb = 70, 2 customers
    assert value(r, "cac", "2026-W07") == pytest.approx(70.0)  # 9..15 Feb
    assert value(r, "cac", "2026-W09") == pytest.approx(60.0)  # 23..28 Feb = 6 days, 1 customer
    assert r.channels.spend.sum() == pytest.approx(590.0)  # every day of both months
    assert r.spend_spread and "spread evenly" in r.options["spend.weekly"]
    m = compute_kpis(make_raw(spend=MONTHLY_SPEND, customers=WEEKLY_CUSTOMERS))
    assert value(m, "cac", "2026-01") == pytest.approx(310 / 3)  # months: as dated
    assert not m.spend_spread


def test_spend_dated_on_other_days_is_not_spread():
    spend = {**MONTHLY_SPEND, "date": ["2026-01-01", "2026-01-15"]}
    r = compute_kpis(make_raw(spend=spend, customers=WEEKLY_CUSTOMERS), period="week")
    assert not r.spend_spread
    assert value(r, "marketing_pct_of_cac", "2026-W03") == 1.0  # 12..18 Jan holds the 15th
    assert math.isnan(value(r, "cac", "2026-W03"))  # no customer that week
    assert value(r, "cac", "2026-W01") == pytest.approx(310.0)
