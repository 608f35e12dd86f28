"""The charts a reader looks at, read from the chart XML and rendered with LibreOffice:
the MRR waterfall reads from zero with data labels and its helper table does not print;
the outlier rule cuts a flattening bar and says so on the chart; weekly bars stay
readable and category labels sit below the plot; the partial latest period is marked."""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree as ET

import pytest

import xlkpi
from tests.report.chart_render import render
from tests.report.unseen import one_customer_channel, unseen_tables
from tests.support.books import load
from xlkpi.data.sample import sample_tables
from xlkpi.report import chart_outliers
from xlkpi.report.sheets import sparklines

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
X14 = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}"


def build(tmp_path_factory, name, tables):
    return xlkpi.build_report(tables, tmp_path_factory.mktemp(name) / f"{name}.xlsx")


@pytest.fixture(scope="module")
def monthly(tmp_path_factory):
    return build(tmp_path_factory, "monthly", one_customer_channel(unseen_tables("month")))


@pytest.fixture(scope="module")
def weekly(tmp_path_factory):
    return build(tmp_path_factory, "weekly", unseen_tables("week"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build(tmp_path_factory, "sample", sample_tables())


def charts(path) -> dict[str, ET.Element]:
    """Chart parts by title."""
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        roots = [ET.fromstring(z.read(n)) for n in names]
    return {title(r): r for r in roots}


def title(root: ET.Element) -> str:
    node = root.find(f"{C}chart/{C}title")
    return "".join(t.text or "" for t in node.iter(f"{A}t")) if node is not None else ""


def axis_title(axis: ET.Element) -> str:
    return "".join(t.text or "" for t in axis.iter(f"{A}t"))


def one(found: dict, prefix: str) -> ET.Element:
    (root,) = [r for t, r in found.items() if t.startswith(prefix)]
    return root


def cached(ref: ET.Element) -> dict[int, str]:
    return {int(p.get("idx")): p.find(f"{C}v").text for p in ref.iter(f"{C}pt")}


# ----------------------------------------------------------------------- waterfall
def test_waterfall_reads_from_zero_with_labels_and_a_hidden_helper(monthly):
    root = one(charts(monthly), "MRR bridge")
    assert "axis from 0" in title(root)
    assert root.find(f".//{C}valAx/{C}scaling/{C}min").get("val") == "0"
    assert root.find(f"{C}chart/{C}plotVisOnly").get("val") == "0"  # reads hidden cells
    base, up, down, level = root.iter(f"{C}ser")
    assert base.find(f"{C}dLbls") is None
    for ser, sign in ((up, "+"), (down, "-"), (level, "")):
        fmt = ser.find(f"{C}dLbls/{C}numFmt")
        assert fmt.get("sourceLinked") == "0" and fmt.get("formatCode").startswith(sign)
        assert fmt.get("formatCode").endswith(";;"), "a zero step has no label"
    ws = load(monthly, {"Recurring revenue"})["Recurring revenue"]
    ref = up.find(f"{C}val/{C}numRef/{C}f").text.split("!")[1].replace("$", "")
    column, row = re.match(r"([A-Z]+)(\d+)", ref).groups()
    header = ws[f"{column}{int(row) - 1}"].value
    assert header == "Increase"
    helper = [c for c in ws.column_dimensions if ws.column_dimensions[c].hidden]
    assert column in helper and len(helper) >= 5


def test_waterfall_prints_its_labels_not_its_helper_table(monthly, tmp_path):
    pdf, pages = render(monthly, ["Recurring revenue"], tmp_path)
    text = "\n".join(_pdf_text(pdf))
    sheets = load(monthly, ()).sheetnames  # the names only: no sheet parsed
    root = one(charts(monthly), "MRR bridge")
    up = list(root.iter(f"{C}ser"))[1]
    new = float(cached(up.find(f"{C}val/{C}numRef"))[1])  # the "New" step
    assert new > 0 and f"+${new:,.0f}" in text
    assert "Waterfall of" not in text and "Decrease" not in text
    assert "Recurring revenue" in sheets and pages


def _pdf_text(pdf) -> list[str]:
    from tests.support.libreoffice import pdf_pages

    return pdf_pages(pdf, layout=False)


# ----------------------------------------------------------------------- outliers
def test_one_customer_cac_is_cut_and_said_on_the_chart(monthly):
    root = one(charts(monthly), "CAC by channel")
    (ser,) = root.iter(f"{C}ser")
    values = {i: float(v) for i, v in cached(ser.find(f"{C}val/{C}numRef")).items()}
    names = cached(ser.find(f"{C}cat/{C}strRef"))
    top = max(values, key=values.get)
    assert names[top] == "Events"
    cap = float(root.find(f".//{C}valAx/{C}scaling/{C}max").get("val"))
    rest = max(v for i, v in values.items() if i != top)
    assert rest < cap < values[top] and values[top] > chart_outliers.FACTOR * rest
    said = axis_title(root.find(f".//{C}catAx"))
    assert said.startswith("Axis cut at") and f"Events ${values[top]:,.0f}" in said
    labelled = [int(d.find(f"{C}idx").get("val")) for d in ser.iter(f"{C}dLbl")]
    assert labelled == [top]


def test_no_cut_without_an_outlier(sample):
    for name, root in charts(sample).items():
        assert root.find(f".//{C}valAx/{C}scaling/{C}max") is None, name
        for axis in root.iter(f"{C}catAx"):
            assert not axis_title(axis).startswith("Axis cut"), name


def test_acquisition_renders_the_cut(monthly, tmp_path):
    pdf, _ = render(monthly, ["Acquisition"], tmp_path)
    assert "Axis cut at" in "\n".join(_pdf_text(pdf)).replace("\n", " ")


# ----------------------------------------------------------------------- weekly grain
def test_weekly_bars_draw_at_most_the_last_periods_and_labels_sit_low(weekly):
    found = charts(weekly)
    bars = 0
    for name, root in found.items():
        for axis in root.iter(f"{C}catAx"):
            assert axis.find(f"{C}tickLblPos").get("val") == "low", name
        for chart in root.iter(f"{C}barChart"):
            ser = chart.find(f"{C}ser")
            count = int(ser.find(f".//{C}cat//{C}ptCount").get("val"))
            grouping = chart.find(f"{C}grouping").get("val")
            if grouping == "clustered" and "per week" in name:
                bars += 1
                assert count <= 26 and name.endswith("last 26"), name
    assert bars >= 3  # revenue, orders, MRR


# ----------------------------------------------------------------------- partial period
def test_partial_period_is_hatched_and_labelled(monthly, sample):
    found = charts(monthly)
    revenue = one(found, "Revenue per month")
    ser = revenue.find(f".//{C}ser")
    labels = cached(ser.find(f"{C}cat/{C}strRef"))
    last = max(labels)
    assert labels[last] == "2026-10 (16/31 d)"
    (point,) = ser.iter(f"{C}dPt")
    assert int(point.find(f"{C}idx").get("val")) == last
    assert point.find(f".//{A}pattFill") is not None
    complete = one(charts(sample), "Revenue per month").find(f".//{C}ser")
    assert complete.find(f"{C}dPt") is None
    assert not any("d)" in v for v in cached(complete.find(f"{C}cat/{C}strRef")).values())


def _last_colours(path, sheet_xml: str) -> list[str]:
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read(sheet_xml))
    return [g.find(f"{X14}colorLast").get("rgb") for g in root.iter(f"{X14}sparklineGroup")]


def test_partial_period_is_pale_in_the_sparklines(monthly, sample):
    # xl/worksheets/sheet1.xml is the Dashboard, sheet2 All KPIs
    dash = load(monthly, {"Dashboard"})["Dashboard"]
    notes = [c.value for row in dash.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(n.startswith("pale bar: 2026-10 so far, 16 of 31 days") for n in notes)
    # a monthly-booked tile (CAC, MRR) shows its last complete month: no partial bar
    whole = sum(n.endswith("last complete month; booked monthly") for n in notes)
    assert whole >= 2
    for sheet in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        partial = _last_colours(monthly, sheet)
        assert partial.count(sparklines.PARTIAL) >= 5, sheet
        dark = partial.count(sparklines.LAST)
        assert dark == (whole if sheet.endswith("1.xml") else 0), sheet
        complete = _last_colours(sample, sheet)
        assert complete and set(complete) == {sparklines.LAST}, sheet


@pytest.mark.parametrize("prefix", ["Customer churn rate (last", "MRR per period"])
def test_partial_period_is_marked_on_the_sheet_charts(monthly, sample, prefix):
    root = one(charts(monthly), prefix)
    assert title(root).endswith("(last: 16/31 d)")
    ser = root.find(f".//{C}ser")
    (point,) = ser.iter(f"{C}dPt")
    count = int(ser.find(f"{C}val//{C}ptCount").get("val"))
    assert int(point.find(f"{C}idx").get("val")) == count - 1
    whole = charts(sample)  # October 2026 complete: nothing marked
    assert not any("(last:" in t for t in whole)
    name = prefix.split(" (")[0]
    assert all(r.find(f".//{C}dPt") is None for t, r in whole.items() if t.startswith(name))
