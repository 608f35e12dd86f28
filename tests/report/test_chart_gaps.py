"""An undefined KPI (#N/A) is a gap in the charts, never a zero: every chart leaves blanks
as gaps and shows #N/A as blank (Excel 365), and the line charts of Trends and Retention
read a copy of their data whose undefined points are empty cells (LibreOffice plots an
#N/A cell as 0)."""

from __future__ import annotations

import math
import re
import zipfile
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from tests.report.conftest import CUSTOMERS, NPS, ORDERS, SESSIONS, make_raw
from tests.support.books import load
from xlkpi.engine.compute import compute_kpis
from xlkpi.report.build import write_workbook

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
C16R3 = "{http://schemas.microsoft.com/office/drawing/2017/03/chart}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    # no sessions in February: its conversion rate is undefined; no customer before
    # January: December's churn rate and every KPI of December without orders too
    sessions = {
        k: [v for v, d in zip(vals, SESSIONS["session_date"], strict=True) if d[:7] != "2026-02"]
        for k, vals in SESSIONS.items()
    }
    raw = make_raw(orders=ORDERS, sessions=sessions, customers=CUSTOMERS, nps=NPS)
    result = compute_kpis(raw)
    path = write_workbook(tmp_path_factory.mktemp("gaps") / "r.xlsx", raw, result)
    return path, result


def _charts(path) -> dict[str, ET.Element]:
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        return {n: ET.fromstring(z.read(n)) for n in names}


def _title(root: ET.Element) -> str:
    """The chart's own title (not its axis titles)."""
    title = root.find(f"{C}chart/{C}title")
    if title is None:
        return ""
    return "".join(t.text or "" for t in title.iter() if t.tag.endswith("}t"))


def test_every_chart_shows_blanks_and_na_as_gaps(built):
    charts = _charts(built[0])
    assert len(charts) >= 7
    for name, root in charts.items():
        chart = root.find(f"{C}chart")
        assert chart.find(f"{C}dispBlanksAs").get("val") == "gap", name
        last = list(chart)[-1]  # CT_Chart: extLst is the last child
        assert last.tag == f"{C}extLst", name
        flag = last.find(f"{C}ext/{C16R3}dataDisplayOptions16/{C16R3}dispNaAsBlank")
        assert flag is not None and flag.get("val") == "1", name


def _series_cells(book, formula: str) -> list:
    sheet, ref = formula.rsplit("!", 1)
    ws = book[sheet.strip("'")]
    return [row[0].value for row in ws[ref.replace("$", "")]]


@pytest.mark.parametrize(
    "title, kpi",
    [
        ("Conversion rate per month", "conversion_rate"),
        ("Average order value per month", "aov"),
        ("Customer churn rate per month", "churn_rate"),
        ("Customer churn rate (last: 15/31 d)", "churn_rate"),  # Retention: March is partial
    ],
)
def test_line_charts_read_empty_cells_where_undefined(built, title, kpi):
    path, result = built
    book = openpyxl.load_workbook(path)
    (chart,) = [r for r in _charts(path).values() if _title(r) == title]  # exactly one
    (series,) = list(chart.iter(f"{C}ser"))
    values = _series_cells(book, series.find(f"{C}val/{C}numRef/{C}f").text)
    # text categories are a strRef (with a strCache), as Excel writes them
    labels = _series_cells(book, series.find(f"{C}cat/{C}strRef/{C}f").text)
    table = result.table[(result.table["kpi"] == kpi) & (result.table["segment"] == "")]
    expected = dict(zip(table["period"].astype(str), table["value"], strict=True))
    assert len(labels) == len(values) == 4  # 2025-12 .. 2026-03
    gaps = 0
    for label, cell in zip(labels, values, strict=True):
        want = expected.get(label.split(" (")[0], math.nan)  # "2026-03 (15/31 d)": partial
        if math.isnan(want):
            assert cell is None, (label, cell)  # an empty cell: a gap, never "#N/A" or 0
            gaps += 1
        else:
            assert cell == pytest.approx(want)
    assert gaps >= 1  # the data really has an undefined point
    for cache in series.iter(f"{C}numCache"):  # no cached point for a missing value
        idx = {int(p.get("idx")) for p in cache.iter(f"{C}pt")}
        assert all(values[i] is not None for i in idx)


def test_trends_table_shows_a_dash_with_its_reason(built):
    """Where a KPI is not defined the Trends table reads "–" (never #N/A, never 0), and a
    footnote under it says why."""
    ws = load(built[0], {"Trends"})["Trends"]
    header = next(r for r in ws.iter_rows() if r[0].value == "KPI")
    col = next(c.column for c in header if c.value == "2026-02")
    row = next(r for r in ws.iter_rows() if r[0].value == "Conversion rate")
    assert row[col - 1].value == "–"
    notes = [r[0].value for r in ws.iter_rows() if str(r[0].value).startswith("Conversion")]
    assert any("needs" in str(n) for n in notes[1:])
    assert "#N/A" not in {c.value for r in ws.iter_rows() for c in r}
