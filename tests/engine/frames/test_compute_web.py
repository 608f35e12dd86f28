"""Sessions family per period, by hand (see compute_fixtures.sessions).

Jan: v1 (pv 1, pv 3), v2 (pv 1), v3 (pv 2, Tablet); Feb: v1 (pv 1), v4 (pv 1, pv 1).
"""

from __future__ import annotations

import math

import pytest

from tests.engine.frames.compute_fixtures import make_raw, orders, series, sessions, value
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis


@pytest.fixture
def result():
    return compute_kpis(make_raw(sessions=sessions()))


@pytest.mark.parametrize(
    ("kpi", "expected"),
    [
        ("sessions", [4.0, 3.0]),
        ("unique_visitors", [3.0, 2.0]),  # {v1,v2,v3}; {v1,v4}
        ("repeat_visits", [1.0, 1.0]),  # 4-3; 3-2
        ("returning_visitor_rate", [1 / 3, 1.0]),  # v1 twice; v1 seen in Jan + v4 twice
        ("bounce_rate", [0.5, 1.0]),  # pv=1: 2 of 4; 3 of 3
        ("conversion_rate", [0.25, 1 / 3]),
        ("micro_conversion_rate", [0.25, 0.0]),
        ("email_optin_rate", [1 / 3, 0.5]),  # v1 of 3; v4 (twice, one visitor) of 2
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_sessions_family_by_hand(result, kpi, expected):
    assert series(result, kpi) == pytest.approx(expected)


def test_device_and_source_shares(result):
    assert value(result, "device_share", "2026-01", "tablet") == 0.25  # "Tablet" folded
    assert value(result, "device_share", "2026-01", "mobile") == 0.5
    assert value(result, "device_share", "2026-02", "mobile") == pytest.approx(2 / 3)
    assert value(result, "device_share", "2026-02", "tablet") == 0.0  # in range: a real 0
    assert value(result, "source_share", "2026-01", "organic") == 0.5
    assert value(result, "source_share", "2026-02", "paid") == pytest.approx(2 / 3)
    assert "" not in set(result.table[result.table.kpi == "device_share"].segment)


def test_bounce_ga4_definition():
    # engaged = > 10 s, or converted, or >= 2 page views
    # Jan: #2, #3 (20 s), #4 (2 pv) engaged -> 1 - 3/4; Feb: #6 (50 s), #7 (converted) -> 1 - 2/3
    r = compute_kpis(make_raw(Settings(bounce_definition="ga4"), sessions=sessions()))
    assert series(r, "bounce_rate") == pytest.approx([0.25, 1 / 3])
    assert r.options["bounce_rate.definition"] == "ga4"
    frame = sessions().drop(columns="duration_seconds")
    r = compute_kpis(make_raw(Settings(bounce_definition="ga4"), sessions=frame))
    assert "duration_seconds" in r.unavailable["bounce_rate"]
    assert "sessions" in set(r.table.kpi)


def test_missing_optional_columns_and_sheet():
    frame = sessions().drop(columns=["device", "converted"])
    r = compute_kpis(make_raw(sessions=frame))
    assert "device" in r.unavailable["device_share"]
    assert r.unavailable["conversion_rate"].startswith("needs sheet Sessions with columns")
    r = compute_kpis(make_raw(orders=orders()))
    assert "Sessions" in r.unavailable["sessions"]
    assert "sessions" not in set(r.table.kpi)


def test_periods_without_sessions_are_nan_not_zero():
    r = compute_kpis(make_raw(sessions=sessions(), orders=orders()))  # orders run to March
    assert math.isnan(value(r, "sessions", "2026-03"))
    assert math.isnan(value(r, "device_share", "2026-03", "mobile"))
    assert r.funnel["sessions"].tolist()[:2] == [4.0, 3.0]
    assert math.isnan(r.funnel["sessions"].iloc[2])


def test_a_segment_column_without_values_is_unavailable():
    frame = sessions()
    frame["device"] = None
    r = compute_kpis(make_raw(sessions=frame))
    assert r.unavailable["device_share"] == "no device values in the data"
    assert "device_share" not in set(r.table.kpi)
