"""Leads family per period, by hand (see compute_fixtures.leads).

L1 created Jan 5, MQL Jan 10, SQL Jan 20, won Feb 15; L2 Jan 10, MQL Feb 1; L3 Jan 15;
L4 Feb 1, MQL/SQL/won Feb 2/3/4; L5 Feb 10, MQL Feb 11, SQL Mar 1, won Mar 20.
"""

from __future__ import annotations

import math

import pytest

from tests.engine.frames.compute_fixtures import leads, make_raw, series, sessions, value
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis


@pytest.fixture
def result():
    return compute_kpis(make_raw(leads=leads()))


@pytest.mark.parametrize(
    ("kpi", "expected"),
    [
        ("leads", [3.0, 2.0, 0.0]),
        ("mqls", [1.0, 3.0, 0.0]),  # L1; L2, L4, L5
        ("sqls", [1.0, 1.0, 1.0]),  # L1; L4; L5
        ("won", [0.0, 2.0, 1.0]),  # -; L1, L4; L5
        # leads of the period that reached MQL: L1, L2 of 3; L4, L5 of 2
        ("qualified_lead_rate", [2 / 3, 1.0, math.nan]),
        ("lead_to_close_rate", [1 / 3, 1.0, math.nan]),  # cohort: L1 of 3; L4, L5 of 2
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_leads_family_by_hand(result, kpi, expected):
    assert series(result, kpi) == pytest.approx(expected, nan_ok=True)


def test_periods_reach_the_last_event_date(result):
    # the last date in the data is L5's won date, not the last created date
    assert [p.label for p in result.periods] == ["2026-01", "2026-02", "2026-03"]
    assert str(result.settings.as_of.date()) == "2026-03-20"


def test_period_basis():
    r = compute_kpis(make_raw(Settings(lead_to_close_basis="period"), leads=leads()))
    # won in the period / created in the period: 0/3; 2/2; 1/0
    assert series(r, "lead_to_close_rate") == pytest.approx([0.0, 1.0, math.nan], nan_ok=True)
    assert r.options["lead_to_close_rate.basis"] == "period"


def test_as_of_blanks_later_stage_dates():
    r = compute_kpis(make_raw(leads=leads()), as_of="2026-02-10")
    assert [p.label for p in r.periods] == ["2026-01", "2026-02"]
    assert series(r, "won") == [0.0, 1.0]  # L1's Feb 15 win has not happened yet
    assert series(r, "mqls") == [1.0, 2.0]  # L5's Feb 11 MQL neither
    assert series(r, "lead_to_close_rate") == pytest.approx([0.0, 0.5])  # L4 of L4, L5


def test_funnel_side_table():
    r = compute_kpis(make_raw(leads=leads(), sessions=sessions()))
    f = r.funnel
    assert list(f.columns) == ["period", "sessions", "leads", "mqls", "sqls", "won"]
    assert f.iloc[0].tolist() == ["2026-01", 4.0, 3.0, 1.0, 1.0, 0.0]
    assert f.iloc[1].tolist() == ["2026-02", 3.0, 2.0, 3.0, 1.0, 2.0]
    assert math.isnan(f.iloc[2]["sessions"])  # no sessions data in March


def test_missing_stage_column():
    r = compute_kpis(make_raw(leads=leads().drop(columns=["won_date"])))
    assert r.unavailable["won"] == "needs sheet Leads with columns created_date, won_date"
    assert "lead_to_close_rate" in r.unavailable
    assert value(r, "mqls", "2026-02") == 3.0
    assert math.isnan(r.funnel["won"].iloc[0])
