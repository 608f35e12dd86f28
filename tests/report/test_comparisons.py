"""Honest comparisons, against values computed by hand from the conftest tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.report.conftest import LEADS, NPS, ORDERS, make_raw
from xlkpi.data.model import Settings
from xlkpi.engine.compare import NpsTest, median_days_to_close
from xlkpi.engine.compute import compute_kpis
from xlkpi.engine.kpi_periods import Period
from xlkpi.report import comparisons as cmp


@pytest.fixture
def raw():
    return make_raw(orders=ORDERS, nps=NPS)


def test_a_partial_month_is_compared_with_the_same_days(raw):
    result = compute_kpis(raw, as_of="2026-03-10")
    b = cmp.basis(result, raw)
    assert (b.partial, b.covered, b.total, b.shown.label, b.before.label) == (
        True,
        10,
        31,
        "2026-03",
        "2026-02",
    )
    assert b.cut(b.before) == pd.Timestamp("2026-02-10")
    assert b.label(b.before) == "2026-02, days 1-10"
    assert "10 of 31 days" in b.note
    # completed orders 1-10 Feb: order 4 (paid, 80); order 3 is refunded
    assert b.cut_values[("revenue", "", "2026-02")] == 80.0
    assert b.cut_values[("orders", "", "2026-02")] == 1.0
    # 1-10 Feb scores 9, 7, 6, 10: 2 promoters, 1 detractor of 4 -> 25
    assert b.cut_values[("nps", "", "2026-02")] == 25.0
    # the whole of February is not what a partial March is compared with
    assert result.table.query("kpi == 'revenue' and period == '2026-02'")["value"].item() == 150


def test_last_complete_shows_the_last_whole_period(raw):
    raw.settings = Settings(compare="last_complete")
    b = cmp.basis(compute_kpis(raw, as_of="2026-03-10"), raw)
    assert (b.partial, b.same_days, b.shown.label, b.before.label) == (
        False,
        False,
        "2026-02",
        "2026-01",
    )
    assert b.note == "2026-03 is partial (10 of 31 days): showing the last complete period, 2026-02"
    assert b.cut_values == {}


def test_a_complete_period_needs_no_second_computation(raw):
    b = cmp.basis(compute_kpis(raw, as_of="2026-03-31"), raw)
    assert (b.partial, b.same_days, b.cut_values) == (False, False, {})
    assert b.note == "2026-03: complete period"


def test_year_before():
    periods = [Period("2025-03", pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-31"))]
    march = Period("2026-03", pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-31"))
    assert cmp.year_before(march, periods) is periods[0]
    assert cmp.year_before(march, []) is None


@pytest.mark.parametrize(
    ("unit", "now", "before", "expected"),
    [
        ("rate", 0.25, 0.20, 5.0),  # percentage points, not 25 %
        ("rate", 0.031, 0.034, -0.3),
        ("score", 40.0, 45.0, -5.0),  # NPS points
        ("money", 30.0, 80.0, -0.625),  # relative
        ("count", 1.0, 2.0, -0.5),
        ("count", 3.0, 0.0, math.nan),  # from 0: undefined, never a silent 0
        ("money", math.nan, 1.0, math.nan),
    ],
)
def test_change(unit, now, before, expected):
    got = cmp.change(unit, now, before)
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected)


def test_change_formats():
    assert cmp.change_format("rate") == cmp.PP_FORMAT and '" pp"' in cmp.PP_FORMAT
    assert cmp.change_format("score") == cmp.POINTS_FORMAT
    assert cmp.change_format("money") == cmp.PCT_FORMAT
    assert cmp.change_formula("rate", "B7", "C7") == (
        "=IF(AND(ISNUMBER(B7),ISNUMBER(C7)),100*(B7-C7),NA())"
    )


def test_wilson_interval_below_100_trials():
    # 8 of 10: Wilson (0.4902, 0.9433) by hand (p = 0.8, z = 1.96)
    low, high = cmp.interval(0.8, 10)
    assert (round(low, 4), round(high, 4)) == (0.4902, 0.9433)
    assert cmp.interval(0.8, 100) is None  # n >= 100: no interval shown
    assert cmp.interval(0.8, 0) is None


def test_nps_change_is_tested_on_the_compared_windows(raw):
    result = compute_kpis(raw, as_of="2026-03-10")
    b = cmp.basis(result, raw)
    test = cmp.nps_change(raw, b, result.settings)
    # March 1-10: 9, 8, (blank), 2, 10 -> 25; Feb 1-10 -> 25: no difference at all
    assert test.difference == pytest.approx(0.0) and test.p_value == pytest.approx(1.0)
    # 4 responses a window: under the NPS minimum sample, so no significance is claimed
    # either way (issue 18: "significant (p = 0.043)" on 4 responses was wrong)
    assert (test.n_before, test.n_now) == (4, 4)
    assert cmp.significance(test) == "not tested: n = 4 and 4, under 30"
    enough = NpsTest(test.difference, test.z, test.p_value, 30, 31)
    assert cmp.significance(enough) == "not significant (p = 1)"
    assert cmp.significance(NpsTest(12.0, 2.5, 0.012, 40, 50)) == "significant (p = 0.012)"
    assert cmp.significance(None) == ""


def test_lead_cohorts_younger_than_the_median_close_are_immature():
    raw = make_raw(leads=LEADS)
    # won: L1 28 days (01-04 -> 02-01), L3 29 days (02-02 -> 03-03): median 28.5
    assert median_days_to_close(raw, pd.Timestamp("2026-03-31")) == 28.5
    assert median_days_to_close(raw, pd.Timestamp("2026-02-15")) == 28.0  # L3 not yet won
    feb = Period("2026-02", pd.Timestamp("2026-02-01"), pd.Timestamp("2026-02-28"))
    assert cmp.immature(feb, pd.Timestamp("2026-03-10"), 28.5)  # 10 days old
    assert not cmp.immature(feb, pd.Timestamp("2026-03-31"), 28.5)  # 31 days old
    assert not cmp.immature(feb, pd.Timestamp("2026-03-10"), math.nan)


def test_funnel_flags_immature_lead_cohorts(tmp_path):
    import openpyxl

    from xlkpi.report.build import write_workbook

    raw = make_raw(leads=LEADS)
    path = write_workbook(tmp_path / "r.xlsx", raw, compute_kpis(raw, as_of="2026-03-10"))
    ws = openpyxl.load_workbook(path)["Funnel"]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0]}
    header = next(r for r in rows.values() if r[0] == "Period")
    assert header[-1] == "Lead cohort (median close 28.5 days)"  # L1 won in 28 days, L3 in 29
    # as of 10 March: February's youngest leads are 10 days old, January's 38
    assert rows["2026-02"][len(header) - 1].startswith("immature")
    assert rows["2026-01"][len(header) - 1] is None
