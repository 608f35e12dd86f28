"""The Dashboard as the generated workbook holds it: tiles, sparklines, one printed page."""

from __future__ import annotations

import re
import zipfile

import pandas as pd
import pytest

from tests.data.helpers import ORDERS_HEADER, make_xlsx
from tests.report.cached import cell_values, sheet_values
from tests.report.conftest import all_tables
from tests.support.books import load
from tests.support.libreoffice import pdf_pages, recalculate
from xlkpi.data import check_source, read_source
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis
from xlkpi.kpi.catalogue import by_id
from xlkpi.report import styles
from xlkpi.report.build import build_report, write_workbook
from xlkpi.report.sheets import dashboard
from xlkpi.report.sheets.sparklines import X14


def tile_cells(ws, n):
    top, left = dashboard._place(n)
    return {
        "title": ws.cell(top, left).value,
        "value": ws.cell(top + 1, left).value,
        "change": ws.cell(top + 2, left).value,
        "versus": ws.cell(top + 2, left + 1).value,
        "status": ws.cell(top + 4, left).value,
        "note": ws.cell(top + 5, left).value,
        "value_ref": ws.cell(top + 1, left).coordinate,
        "change_ref": ws.cell(top + 2, left).coordinate,
    }


def sheet_xml(path, index: int) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index}.xml").decode()


@pytest.fixture(scope="module")
def partial(tmp_path_factory):
    """The full tables as of 10 March 2026: March is 10 of 31 days (built once: the tests
    only read it)."""
    raw = all_tables()
    raw.targets = pd.DataFrame(
        {"kpi": ["revenue", "cac"], "target": [25.0, 1000.0], "warn": [None, None]}
    )
    result = compute_kpis(raw, as_of="2026-03-10")
    path = write_workbook(tmp_path_factory.mktemp("partial") / "report.xlsx", raw, result)
    return raw, result, path


@pytest.fixture(scope="module")
def partial_recalculated(partial, soffice, tmp_path_factory):
    """``partial`` loaded, recalculated and saved by LibreOffice (one call for the tests
    of its sparklines and of its tiles)."""
    return recalculate(partial[2], tmp_path_factory.mktemp("recalc"))


def test_tiles_follow_the_default_list_and_settings(full_raw, tmp_path):
    result = compute_kpis(full_raw)
    path = write_workbook(tmp_path / "a.xlsx", full_raw, result)
    ws = load(path, {"Dashboard"})["Dashboard"]
    titles = [tile_cells(ws, n)["title"] for n in range(12)]
    assert titles[:3] == ["Revenue", "Orders", "Average order value"]
    full_raw.settings = Settings(dashboard_tiles=("nps", "revenue", "mrr_new"))
    path = write_workbook(tmp_path / "b.xlsx", full_raw, compute_kpis(full_raw))
    ws = load(path, {"Dashboard"})["Dashboard"]
    assert [tile_cells(ws, n)["title"] for n in range(4)] == [
        "Net Promoter Score",
        "Revenue",
        "New MRR",
        None,
    ]


def test_dashboard_tiles_and_compare_settings_are_validated(tmp_path):
    orders = [ORDERS_HEADER, [1, "2026-01-01", "C1", 10.0, "x", "paid"]]
    settings = [["dashboard_tiles", "Revenue, NPS , aov"], ["compare", "last complete"]]
    path = make_xlsx(tmp_path / "a.xlsx", {"Orders": orders, "Settings": settings})
    got = read_source(path).settings
    assert (got.dashboard_tiles, got.compare) == (("revenue", "nps", "aov"), "last_complete")
    bad = [["dashboard_tiles", "revenue, revnue"]]
    path = make_xlsx(tmp_path / "b.xlsx", {"Orders": orders, "Settings": bad})
    (problem,) = check_source(path)
    assert (problem.sheet, problem.row, problem.column) == ("Settings", 1, "B")
    assert "unknown KPI id 'revnue'" in problem.message


def test_sparklines_are_native_x14_groups(partial):
    _, _, path = partial
    xml = sheet_xml(path, 1)  # the Dashboard
    assert f'xmlns:x14="{X14}"' in xml
    assert xml.index("<sheetData>") < xml.index("<extLst>") < xml.index("</worksheet>")
    cells = re.findall(r"<xm:sqref>([A-Z]+\d+)</xm:sqref>", xml)
    ws = load(path, {"Dashboard"})["Dashboard"]
    tiles = [n for n in range(12) if tile_cells(ws, n)["title"]]
    assert len(cells) == len(tiles) >= 8
    ranges = re.findall(r"<xm:f>'Dashboard'!([A-Z]+\d+:[A-Z]+\d+)</xm:f>", xml)
    assert len(ranges) == len(cells)
    assert "<x14:sparkline>" in sheet_xml(path, 2)  # All KPIs: one per row


@pytest.mark.libreoffice
def test_libreoffice_loads_the_sparklines_and_keeps_them(partial_recalculated):
    # recalculate raises when LibreOffice cannot load the file
    with zipfile.ZipFile(partial_recalculated) as z:
        names = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert any("sparklineGroup" in z.read(n).decode() for n in names)


@pytest.mark.libreoffice
def test_the_dashboard_prints_on_one_page(partial, lo_convert):
    _, _, path = partial
    pdf = lo_convert(path, "pdf")
    first_lines = []
    for text in pdf_pages(pdf, most=2):
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        assert lines[0].startswith("KPI report - hand-made.xlsx")  # the page header
        first_lines.append(lines[1])
    assert first_lines == ["KPI dashboard", "All KPIs"]  # page 2 is already the next sheet


@pytest.mark.libreoffice
def test_tiles_show_kpi_data_and_like_for_like_changes(partial, partial_recalculated):
    _, result, _ = partial
    ws = sheet_values(cell_values(partial_recalculated))["Dashboard"]
    tiles = {t["title"]: t for t in (tile_cells(ws, n) for n in range(12)) if t["title"]}
    t = result.table
    march = t[(t["period"] == "2026-03") & (t["segment"] == "")].set_index("kpi")["value"]
    assert tiles["Revenue"]["value"] == pytest.approx(march["revenue"]) == 30.0
    # 1-10 March 30 against 1-10 February 80 (not all of February, 150): -62.5 %
    assert tiles["Revenue"]["change"] == pytest.approx(-0.625)
    assert tiles["Revenue"]["versus"] == "vs 2026-02, days 1-10"
    assert tiles["Revenue"]["status"] == "● On target"  # 30 >= 25
    # NPS 25 on 1-10 March and on 1-10 February: a change of 0 points
    assert tiles["Net Promoter Score"]["value"] == pytest.approx(march["nps"])
    assert tiles["Net Promoter Score"]["change"] == pytest.approx(0.0)
    # 4 responses: under the NPS family's minimum sample (issue 18 made the old
    # "change not significant (p = 1)" on 4 responses wrong: no test is claimed)
    assert tiles["Net Promoter Score"]["note"] == "n = 4, under 30 responses: indicative only"
    assert "10 of 31 days" in ws["A3"].value


def test_changes_are_coloured_by_the_kpi_direction(partial):
    _, _, path = partial
    ws = load(path, {"Dashboard"})["Dashboard"]
    tiles = {t["title"]: t for t in (tile_cells(ws, n) for n in range(12)) if t["title"]}
    rules = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            if rule.dxf and rule.dxf.font is not None and rule.formula:
                font = rule.dxf.font.color.rgb
                rules.setdefault(str(cf.sqref), []).append((rule.formula[0], font))
    green = styles.GREEN_INK

    def good(title):
        ref = tiles[title]["change_ref"]
        return next(f for f, color in rules[ref] if color.endswith(green))

    assert good("Revenue").endswith(">0)")  # higher is better
    assert good("Customer acquisition cost").endswith("<0)")  # lower is better


def test_charts_nps_colours_waterfall_and_gaps(full_raw, tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", full_raw, compute_kpis(full_raw))
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert all('dispBlanksAs val="gap"' in c for c in charts)
    nps = next(c for c in charts if "Response groups" in c)
    assert all(color in nps for color in ("2E7D32", "A6A6A6", "C62828"))
    bridge = next(c for c in charts if "MRR bridge" in c)
    assert 'grouping val="stacked"' in bridge and "<a:noFill" in bridge


def test_waterfall_steps_go_down_for_churn_and_contraction():
    from xlkpi.report.sheets.recurring import waterfall_rows

    row = pd.Series(
        {
            "opening": 100.0,
            "new": 20.0,
            "expansion": 5.0,
            "reactivation": 0.0,
            "contraction": 10.0,
            "churned": 15.0,
            "closing": 100.0,
        }
    )
    steps = {s[0]: s[1:] for s in waterfall_rows(row)}
    assert steps["New"] == (100.0, 20.0, 0.0, 0.0)  # up from the opening level
    assert steps["Contraction"] == (115.0, 0.0, 10.0, 0.0)  # down from 125 to 115
    assert steps["Churned"] == (100.0, 0.0, 15.0, 0.0)  # down to the closing 100
    assert steps["Closing"] == (0.0, 0.0, 0.0, 100.0)


def test_the_tile_set_has_no_silent_gap_at_any_grain(tmp_path):
    """A default tile whose KPI this grain cannot give (NRR, a monthly flow, at weekly
    grain) stays, saying why; the same tiles show at month and week grain."""
    titles = {}
    for grain in ("month", "week"):
        path = build_report(
            "examples/sample_raw.xlsx", tmp_path / f"{grain}.xlsx", period=grain, embed_raw=False
        )
        ws = load(path, {"Dashboard"})["Dashboard"]
        cells = {c.coordinate: c.value for row in ws.iter_rows(max_col=12) for c in row}
        titles[grain] = [v for v in cells.values() if v in TILE_TITLES]
        if grain == "week":
            nrr = next(k for k, v in cells.items() if v == "Net revenue retention")
            col, row = nrr.rstrip("0123456789"), int(nrr.lstrip("ABCDEFGHIJKL"))
            assert cells[f"{col}{row + 1}"] == "n/a"
            assert "weekly grain" in cells[f"{col}{row + 2}"]
    assert titles["month"] == titles["week"]
    assert "Net revenue retention" in titles["week"]


TILE_TITLES = {by_id(k).title for k in dashboard.DEFAULT_TILES}
