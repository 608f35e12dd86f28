"""NPS family per period and segment (see compute_fixtures.nps).

Jan: 10 E, 9 S, 7 S, 3 E, blank S -> p 2, pa 1, d 1, n 4; Feb: 6 S, 8 E -> pa 1, d 1, n 2.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xlkpi
from tests.engine.frames.compute_fixtures import make_raw, nps, orders, series, value
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis
from xlkpi.errors import DataError


@pytest.fixture
def result():
    return compute_kpis(make_raw(nps=nps()))


def test_totals_by_hand(result):
    assert series(result, "nps") == pytest.approx([25.0, -50.0])  # 100*(2-1)/4; 100*(0-1)/2
    assert series(result, "nps_responses") == [4.0, 2.0]
    assert series(result, "promoters_share") == pytest.approx([0.5, 0.0])
    assert series(result, "passives_share") == pytest.approx([0.25, 0.5])
    assert series(result, "detractors_share") == pytest.approx([0.25, 0.5])
    # 1.959964 * 100 * sqrt((0.5 + 0.25 - 0.25**2) / 4) = 195.9964 * 0.414578 = 81.2558
    assert value(result, "nps_margin", "2026-01") == pytest.approx(81.2558, abs=1e-4)


def test_segments_by_hand(result):
    assert value(result, "nps", "2026-01", "Enterprise") == 0.0  # 10, 3
    assert value(result, "nps", "2026-01", "SMB") == 50.0  # 9, 7 (blank skipped)
    assert value(result, "nps", "2026-02", "SMB") == -100.0  # 6
    # the catalogue breaks only nps down by segment; the shares and counts are totals
    assert set(result.table[result.table.kpi == "nps_responses"].segment) == {""}


def test_outside_the_nps_data_range_is_nan():
    r = compute_kpis(make_raw(nps=nps(), orders=orders()))  # orders run to March
    assert math.isnan(value(r, "nps", "2026-03"))
    assert math.isnan(value(r, "nps_responses", "2026-03"))


def test_invalid_score_is_a_data_error_naming_the_row_or_skipped():
    frame = nps()
    frame.loc[3, "score"] = 11.0
    with pytest.raises(DataError, match=r"NPS!score row 5.*11"):
        compute_kpis(make_raw(nps=frame))
    r = compute_kpis(make_raw(Settings(nps_invalid="skip"), nps=frame))
    assert value(r, "nps", "2026-01") == pytest.approx(100 * 2 / 3)  # 10, 9, 7


def test_missing_sheet_is_unavailable_not_zero():
    r = compute_kpis(make_raw(orders=orders()))
    assert r.unavailable["nps"] == "needs sheet NPS with columns response_date, score"
    assert "nps" not in set(r.table.kpi)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10) | st.none()), max_size=40))
def test_vectorised_equals_kpi_functions(rows):
    days = ["2026-01-10", "2026-02-10", "2026-03-10"]
    frame = nps().iloc[:0].reindex(range(len(rows)))
    frame["response_date"] = [days[d] for d, _ in rows] + []
    frame["score"] = [np.nan if s is None else float(s) for _, s in rows]
    frame["segment"] = "x"
    anchor = make_raw(nps=frame, orders=orders())
    r = compute_kpis(anchor)
    for i, label in enumerate(["2026-01", "2026-02", "2026-03"]):
        scores = [s for d, s in rows if d == i]
        if not any(d == i for d, _ in rows) and (
            not rows or i < min(d for d, _ in rows) or i > max(d for d, _ in rows)
        ):
            continue  # outside the NPS data range: NaN by design
        got = value(r, "nps", label)
        want = xlkpi.nps(scores)
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)
        got = value(r, "nps_margin", label)
        want = xlkpi.nps_margin_of_error(scores)
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)
