"""Spend family, by hand (see compute_fixtures.spend, customers and orders).

Spend Jan: Ads mkt 300 (1000 impr, 50 clicks), Ads sales 100, SEO mkt 200; Feb: Ads mkt 400
(2000 impr, 100 clicks), SEO sales 100. New customers: Dec A, E (Ads); Jan B (seo), C (ads);
Feb D (no channel). Completed orders: Jan #1 100 ads, #2 50 seo; Feb #4 200 ads; Mar #7 40 ads.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.engine.frames.compute_fixtures import customers, make_raw, orders, series, spend, value
from xlkpi.engine.compute import compute_kpis, kpi_table

NAN = math.nan


@pytest.fixture
def result():
    return compute_kpis(make_raw(spend=spend(), customers=customers(), orders=orders()))


def test_cac_total_and_per_channel(result):
    # periods Dec..Mar; Spend covers Jan..Feb only
    assert series(result, "cac") == pytest.approx([NAN, 300.0, 500.0, NAN], nan_ok=True)
    assert series(result, "cac", "Ads") == pytest.approx([NAN, 400.0, NAN, NAN], nan_ok=True)
    assert series(result, "cac", "SEO") == pytest.approx([NAN, 200.0, NAN, NAN], nan_ok=True)
    assert series(result, "marketing_pct_of_cac")[1:3] == pytest.approx([500 / 600, 0.8])


@pytest.mark.parametrize(
    ("kpi", "channel", "jan", "feb"),
    [
        ("cpc", "Ads", 400 / 50, 400 / 100),
        ("cpc", "SEO", NAN, NAN),  # no clicks
        ("ctr", "Ads", 0.05, 0.05),
        ("cpa", "Ads", 400.0, NAN),  # C; nobody in Feb
        ("cpa", "SEO", 200.0, NAN),  # B
        ("roas", "Ads", 100 / 400, 200 / 400),
        ("roas", "SEO", 50 / 200, 0.0),
    ],
)
def test_channel_kpis(result, kpi, channel, jan, feb):
    got = [value(result, kpi, "2026-01", channel), value(result, kpi, "2026-02", channel)]
    assert got == pytest.approx([jan, feb], nan_ok=True)
    assert math.isnan(value(result, kpi, "2026-03", channel))  # no Spend in March


def test_roi_uses_profit_when_cost_is_present(result):
    # Jan profit 70, spend 600; Feb profit 80, spend 500
    assert series(result, "roi")[1:3] == pytest.approx([(70 - 600) / 600, (80 - 500) / 500])
    r = compute_kpis(make_raw(spend=spend(), orders=orders().drop(columns="cost")))
    assert series(r, "roi")[0:2] == pytest.approx([(150 - 600) / 600, (200 - 500) / 500])


def test_channels_side_table(result):
    t = result.channels.set_index("channel")
    assert t.loc["Ads"].tolist() == pytest.approx(
        [800.0, 150.0, 3000.0, 0.05, 800 / 150, 3.0, 800 / 3, 340.0, 340 / 800]
    )
    seo = t.loc["SEO"]
    assert seo["spend"] == 300.0 and seo["new_customers"] == 1.0 and seo["cac"] == 300.0
    assert math.isnan(seo["cpc"]) and math.isnan(seo["ctr"])
    assert math.isnan(seo["clicks"])  # SEO reports no clicks: not "0 clicks"
    assert seo["roas"] == pytest.approx(50 / 300)


def test_without_customers_cac_is_unavailable():
    r = compute_kpis(make_raw(spend=spend()))
    assert r.unavailable["cac"] == "needs sheet Customers with columns acquired_date"
    assert "roas" in r.unavailable and "Orders" in r.unavailable["roas"]
    assert series(r, "cpc", "Ads") == [8.0, 4.0]
    assert math.isnan(r.channels.set_index("channel").loc["Ads", "cac"])


def test_other_categories_are_not_acquisition_cost():
    frame = spend()
    frame.loc[len(frame)] = ["2026-01-15", "Ads", "office rent", 999.0, np.nan, np.nan]
    r = compute_kpis(make_raw(spend=frame, customers=customers()))
    assert value(r, "cac", "2026-01") == 300.0  # (300 + 100 + 200) / 2, without the rent
    assert value(r, "marketing_pct_of_cac", "2026-01") == pytest.approx(500 / 600)


def test_kpi_table_reads_a_csv_folder(tmp_path):
    spend().to_csv(tmp_path / "Spend.csv", index=False)
    customers().to_csv(tmp_path / "customers.csv", index=False)
    table = kpi_table(tmp_path, as_of="2026-01-31")
    cac = table[(table.kpi == "cac") & (table.segment == "")]
    assert cac.period.tolist() == ["2025-12", "2026-01"]
    assert cac.value.tolist()[1] == 300.0
