"""The definition switches of issue 8, per period, against hand-computed values.

Fixtures: tests/engine/frames/compute_fixtures.py (the hand computations are in the comments).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from tests.engine.frames.compute_fixtures import (
    customers,
    make_raw,
    orders,
    series,
    sessions,
    spend,
    subscriptions,
)
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis
from xlkpi.kpi import _arrays

NAN = math.nan


# --- churn over a rolling 30 days (Stripe Billing, Baremetrics) ---------------------------
# Customers: A acq Dec 15; B acq Jan 10, churned Feb 20; C acq Jan 20; D acq Feb 5, churned
# Feb 25; E acq Dec 1, churned Jan 15. As of Feb 25 (the last date), so the last window is
# [Jan 27, Feb 26).


@pytest.mark.parametrize(
    ("denominator", "expected"),
    [
        # Q4 window [Dec 2, Jan 1): lost 0 / active at Dec 2 (E) -> 0
        # Q1 window [Jan 27, Feb 26): lost B (D was acquired inside) / active A, B, C -> 1/3
        ("start", [0.0, 1 / 3]),
        # Q4: 0 / (E + new A); Q1: lost B, D / (A, B, C + new D) = 2 / 4
        ("start_plus_new", [0.0, 0.5]),
    ],
)
def test_rolling_30_days_by_quarter(denominator, expected):
    settings = Settings(churn_denominator=denominator, churn_window="rolling_30d")
    r = compute_kpis(make_raw(settings, customers=customers()), period="quarter")
    assert series(r, "churn_rate") == pytest.approx(expected)
    assert series(r, "retention_rate") == pytest.approx([1 - v for v in expected])
    assert r.options["churn_rate.window"] == "rolling_30d"


def test_rolling_window_differs_from_the_quarter():
    # the whole of Q1: lost E, B, D / (A, E at Jan 1 + new B, C, D) = 3 / 5
    r = compute_kpis(
        make_raw(Settings(churn_denominator="start_plus_new"), customers=customers()),
        period="quarter",
    )
    assert series(r, "churn_rate") == pytest.approx([0.0, 0.6])


def test_rolling_window_by_month():
    # Jan window [Jan 2, Feb 1): lost E / active A, E -> 1/2; Feb as the quarter's last window
    r = compute_kpis(make_raw(Settings(churn_window="rolling_30d"), customers=customers()))
    assert series(r, "churn_rate") == pytest.approx([0.0, 0.5, 1 / 3])


# --- Shopify's returning customer rate ----------------------------------------------------
# Completed orders: A Jan 5, B Jan 20, A Feb 3, C Mar 15 (3 refunded / returned / cancelled
# orders are not completed).


@pytest.mark.parametrize("bitmap", [True, False], ids=["bitmap", "hashed"])
def test_returning_customer_rate_vs_repeat_purchase_rate(bitmap, monkeypatch):
    # both ways of counting distinct (customer, period) pairs give the same numbers
    monkeypatch.setattr(_arrays, "BITMAP_CELLS", 10**9 if bitmap else 0)
    r = compute_kpis(make_raw(Settings(repeat_purchase_definition="returning"), orders=orders()))
    # Jan: A, B first orders -> 0/2; Feb: A's second -> 1/1; Mar: C's first -> 0/1
    assert series(r, "repeat_purchase_rate") == pytest.approx([0.0, 1.0, 0.0])
    default = compute_kpis(make_raw(orders=orders()))
    assert series(default, "repeat_purchase_rate") == pytest.approx([0.0, 0.5, 1 / 3])


@pytest.mark.parametrize("bitmap", [True, False], ids=["bitmap", "hashed"])
def test_returning_counts_two_orders_inside_one_period(bitmap, monkeypatch):
    monkeypatch.setattr(_arrays, "BITMAP_CELLS", 10**9 if bitmap else 0)
    frame = pd.DataFrame(
        {
            "order_id": ["1", "2", "3"],
            "order_date": ["2026-01-05", "2026-01-06", "2026-01-07"],
            "customer_id": ["A", "A", "B"],
            "revenue": [10.0, 10.0, 10.0],
        }
    )
    r = compute_kpis(make_raw(Settings(repeat_purchase_definition="returning"), orders=frame))
    assert series(r, "repeat_purchase_rate") == [0.5]  # A (second order in Jan) of A, B


# --- CAC basis ----------------------------------------------------------------------------
# Spend Jan: Ads marketing 300 (50 clicks), Ads sales 100, SEO marketing 200 (no clicks);
# Feb: Ads marketing 400 (100 clicks), SEO sales 100. New customers: Jan B, C; Feb D.


@pytest.mark.parametrize(
    ("basis", "total", "ads", "seo"),
    [
        ("fully_loaded", [300.0, 500.0], 400.0, 200.0),  # (300+100+200)/2, (400+100)/1
        ("marketing", [250.0, 400.0], 300.0, 200.0),  # (300+200)/2, 400/1
        ("paid", [150.0, 400.0], 300.0, 0.0),  # 300/2 (SEO reports no clicks), 400/1
    ],
)
def test_cac_basis(basis, total, ads, seo):
    raw = make_raw(Settings(cac_basis=basis), spend=spend(), customers=customers())
    r = compute_kpis(raw)
    assert series(r, "cac")[1:3] == pytest.approx(total)  # Dec: no Spend data
    assert series(r, "cac", "Ads")[1] == pytest.approx(ads)  # Jan: C ("ads ")
    assert series(r, "cac", "SEO")[1] == pytest.approx(seo)  # Jan: B
    assert r.options["cac.basis"] == basis


def test_paid_cac_needs_clicks():
    r = compute_kpis(
        make_raw(
            Settings(cac_basis="paid"),
            spend=spend().drop(columns="clicks"),
            customers=customers(),
        )
    )
    assert "clicks" in r.unavailable["cac"]


# --- GA4 engagement timer -----------------------------------------------------------------
# Jan: pageviews 1, 3, 1, 2 lasting 5, 100, 20, 3 s; Feb: 1, 1, 1 lasting 2, 50, 1 s (the
# last converted).


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (10.0, [0.25, 1 / 3]),  # Jan engaged: 100 s, 20 s, 2 pages; Feb: 50 s, converted
        (30.0, [0.5, 1 / 3]),  # the 20 s session bounces
        (60.0, [0.5, 2 / 3]),  # and the 50 s one
    ],
)
def test_ga4_engaged_seconds(seconds, expected):
    settings = Settings(bounce_definition="ga4", engaged_seconds=seconds)
    r = compute_kpis(make_raw(settings, sessions=sessions()))
    assert series(r, "bounce_rate") == pytest.approx(expected)


# --- NPS interval method ------------------------------------------------------------------


def test_nps_adjusted_wald_margin():
    frame = pd.DataFrame(
        {"response_date": ["2026-01-05"] * 6, "score": [10.0, 9.0, 8.0, 7.0, 6.0, 0.0]}
    )
    z = 1.959963984540054
    wald = compute_kpis(make_raw(nps=frame))
    assert series(wald, "nps_margin") == pytest.approx([z * 100 * math.sqrt((4 / 6) / 6)])
    adjusted = compute_kpis(make_raw(Settings(nps_interval="adjusted_wald"), nps=frame))
    p = d = 2.75 / 9  # (2 + 3/4) / (6 + 3)
    assert series(adjusted, "nps_margin") == pytest.approx([z * 100 * math.sqrt((p + d) / 9)])
    assert series(adjusted, "nps_margin")[0] == pytest.approx(51.0724, abs=1e-4)


# --- MRR reactivation -------------------------------------------------------------------
# Jan A 100, B 50, C 30; Feb A 120, B 50, D 40; Mar A 100, B 0, C 30, D 40, E 10.
# Mar: contraction A 20, churned B 50, C back (reactivation 30), E new 10.


def test_reactivation_counted_as_expansion():
    base = compute_kpis(make_raw(subscriptions=subscriptions()))
    moved = compute_kpis(
        make_raw(Settings(reactivation_as="expansion"), subscriptions=subscriptions())
    )
    assert series(base, "mrr_reactivation")[2] == 30.0 and series(base, "mrr_expansion")[2] == 0
    assert series(moved, "mrr_reactivation")[2] == 0.0
    assert series(moved, "mrr_expansion")[2] == 30.0
    assert series(base, "nrr")[2] == pytest.approx(140 / 210)  # (210 - 20 - 50) / 210
    assert series(moved, "nrr")[2] == pytest.approx(170 / 210)  # + 30 of "expansion"
    assert series(moved, "quick_ratio")[2] == pytest.approx(40 / 70)  # (10 + 30) / (20 + 50)


@pytest.mark.parametrize(
    ("include", "expected"),
    [("exclude", [NAN, 2.0, 10 / 70]), ("include", [NAN, 2.0, 40 / 70])],
)
def test_quick_ratio_with_or_without_reactivation(include, expected):
    r = compute_kpis(
        make_raw(Settings(quick_ratio_reactivation=include), subscriptions=subscriptions())
    )
    # Feb: (new D 40 + expansion A 20) / churned C 30 = 2
    assert series(r, "quick_ratio") == pytest.approx(expected, nan_ok=True)


def _gap_subscriptions() -> pd.DataFrame:
    # B pays in Jan, is gone Feb and Mar (a 2-month gap), back in Apr with 60
    return pd.DataFrame(
        {
            "month": ["2026-01-01"] * 2 + ["2026-02-01", "2026-03-01"] + ["2026-04-01"] * 2,
            "customer_id": ["A", "B", "A", "A", "A", "B"],
            "mrr": [100.0, 50.0, 100.0, 100.0, 100.0, 60.0],
        }
    )


@pytest.mark.parametrize(
    ("months", "reactivation", "new"),
    [(0, 60.0, 0.0), (1, 0.0, 60.0), (2, 60.0, 0.0), (3, 60.0, 0.0)],
)
def test_reactivation_window(months, reactivation, new):
    r = compute_kpis(
        make_raw(Settings(reactivation_months=months), subscriptions=_gap_subscriptions())
    )
    assert series(r, "mrr_reactivation")[3] == reactivation
    assert series(r, "mrr_new")[3] == new
    bridge = r.mrr_bridge.set_index("period").loc["2026-04"]
    assert bridge.opening + bridge.new + bridge.reactivation == bridge.closing == 160.0


def test_every_switch_is_stated_in_definitions_used():
    r = compute_kpis(make_raw(Settings(reactivation_months=2), subscriptions=subscriptions()))
    assert r.options["mrr_reactivation.window"] == "2"
    assert np.isnan(series(r, "quick_ratio")[0])
