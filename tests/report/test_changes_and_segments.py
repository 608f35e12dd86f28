"""Read from the workbook: a rate's change is in percentage points (a score's in points,
the rest relative), and NPS by segment shows each segment's n."""

from __future__ import annotations

import openpyxl
import pytest

from tests.report.conftest import CUSTOMERS, NPS, ORDERS, SESSIONS, make_raw
from xlkpi.engine.compute import compute_kpis
from xlkpi.kpi.catalogue import by_id
from xlkpi.report import comparisons as cmp
from xlkpi.report.build import write_workbook
from xlkpi.report.sheets import kpi_list


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    raw = make_raw(orders=ORDERS, sessions=SESSIONS, customers=CUSTOMERS, nps=NPS)
    path = tmp_path_factory.mktemp("pp") / "r.xlsx"
    return openpyxl.load_workbook(write_workbook(path, raw, compute_kpis(raw)), data_only=True)


def test_every_change_has_its_units_format(book):
    ws = book[kpi_list.TITLE]
    titles = {}
    for kpi in ("refund_rate", "conversion_rate", "nps", "revenue", "aov", "orders"):
        titles[by_id(kpi).title] = by_id(kpi).unit
    seen = set()
    for r in range(kpi_list.HEADER_ROW + 1, ws.max_row + 1):
        unit = titles.get(ws.cell(r, 1).value)
        if unit is None:
            continue
        seen.add(unit)
        want = {"rate": cmp.PP_FORMAT, "score": cmp.POINTS_FORMAT}.get(unit, cmp.PCT_FORMAT)
        assert ws.cell(r, 4).number_format == want, ws.cell(r, 1).value
    assert seen == {"rate", "score", "money", "count"}


def test_rate_change_is_in_points(book):
    ws = book[kpi_list.TITLE]
    r = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Refund rate")
    # March so far (to 03-15): 0 refunded of 2; February days 1-15: 1 of 3 (02-03, 02-10, 02-11)
    assert ws.cell(r, 2).value == pytest.approx(0.0)
    assert ws.cell(r, 3).value == pytest.approx(1 / 3)
    assert ws.cell(r, 4).value == pytest.approx(-100 / 3)  # -33.3 pp, not -100 %


def test_dashboard_rate_tile_change_is_in_points(book):
    ws = book["Dashboard"]
    pp = [c for row in ws.iter_rows() for c in row if c.number_format == cmp.PP_FORMAT]
    assert pp  # the conversion rate tile
    for cell in pp:
        assert cell.value == "–" or abs(cell.value) <= 100


def test_nps_by_segment_shows_n(book):
    ws = book["NPS"]
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "NPS by segment")
    assert [ws.cell(top + 1, c).value for c in (1, 5, 6)] == ["Segment", "n", "n before"]
    rows = {ws.cell(r, 1).value: r for r in range(top + 2, top + 4)}
    # March: SMB 9 (a blank score skipped); Enterprise 8, 2, 10. February: SMB 7, 10;
    # Enterprise 9, 6.
    smb, ent = rows["SMB"], rows["Enterprise"]
    assert [ws.cell(smb, c).value for c in (2, 3, 5, 6)] == [100, 50, 1, 2]
    assert [ws.cell(ent, c).value for c in (2, 3, 5, 6)] == [0, 0, 3, 2]
    # a change on 1 and 2 responses is withheld (under the NPS minimum sample of 30;
    # issue 18: "+50 points" on n = 1 was noise shown as news)
    assert ws.cell(smb, 4).value == "–"
    assert ws.cell(smb, 4).number_format == cmp.POINTS_FORMAT
