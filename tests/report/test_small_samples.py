"""A minimum sample per KPI family, declared once in the catalogue (``Kpi.min_n``): below
it a value is shown with its n and flagged, an NPS change is not called significant, and
a segment's NPS change is withheld ("–", the note says why). Checked at weekly grain on
unseen data, where samples are small."""

from __future__ import annotations

import re

import openpyxl
import pytest

import xlkpi
from tests.report.unseen import unseen_tables
from xlkpi.kpi.catalogue import report_kpis
from xlkpi.report import comparisons as cmp


def test_every_family_with_a_sample_declares_its_minimum():
    for k in report_kpis():
        if k.trials or (k.group == "NPS" and k.unit == "score" and k.id != "nps_margin"):
            assert k.min_n > 0, k.id
    assert cmp.nps_min_n() == 30


@pytest.fixture(scope="module")
def weekly(tmp_path_factory):
    path = xlkpi.build_report(unseen_tables("week"), tmp_path_factory.mktemp("n") / "w.xlsx")
    return openpyxl.load_workbook(path, data_only=True)


def texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_small_nps_is_flagged_and_not_tested(weekly):
    dash = texts(weekly["Dashboard"])
    flagged = [t for t in dash if re.fullmatch(r"n = \d+, under 30 responses: indicative only", t)]
    assert flagged, "the weekly NPS stands on fewer than 30 responses"
    assert not any(re.search(r"\bsignificant \(p =", t) for t in dash)
    every = " ".join(t for ws in weekly.worksheets for t in texts(ws))
    assert not re.search(r"(?<!not )significant \(p = ", every)


def test_segment_changes_on_few_responses_are_withheld(weekly):
    ws = weekly["NPS"]
    header = next(r for r in ws.iter_rows() if r[0].value == "Segment")
    rows = []
    for row in ws.iter_rows(min_row=header[0].row + 1):
        if not isinstance(row[0].value, str) or row[4].value is None:
            break
        rows.append((row[3].value, row[4].value, row[5].value))
    assert rows
    for change, n, before in rows:
        if min(n, before) < 30:
            assert change == "–"  # never "-200 points" on n = 1
        else:
            assert isinstance(change, int | float)
    assert any("fewer than 30 responses" in t for t in texts(ws))


def test_small_rates_show_n_under_the_minimum(weekly):
    ws = weekly["All KPIs"]
    notes = [r[8].value for r in ws.iter_rows() if r[0].value == "Conversion rate"]
    assert notes and re.fullmatch(r"n = [\d,]+, under 100; \d+% to \d+%", notes[0])


def test_immature_cohorts_are_flagged_where_the_rate_is_read(weekly):
    notes = [
        r[8].value for r in weekly["All KPIs"].iter_rows() if r[0].value == "Lead-to-close rate"
    ]
    assert notes and notes[0].startswith("immature cohort: median close takes ")
    dash = texts(weekly["Dashboard"])
    assert any(t.startswith("immature cohort: median close takes ") for t in dash)
