"""Where people read: the report sheets, recalculated by LibreOffice at month and week
grain, show no #N/A (a "–" with its reason instead) and no internal id (catalogue titles
and the options' words instead); helper blocks are hidden."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from tests.report.conftest import CUSTOMERS, NPS, ORDERS, SESSIONS, SPEND, make_raw
from tests.report.unseen import latest_gaps, unseen_tables
from tests.support.books import load
from tests.support.libreoffice import recalculate_many, soffice_or_skip
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis
from xlkpi.kpi.catalogue import report_kpis
from xlkpi.kpi.options import CHURN_DENOMINATOR, OPTIONS
from xlkpi.kpi.presets import PRESETS
from xlkpi.report.build import build_report, write_workbook

# ids a reader must never see as a label: KPI ids with an underscore (a plain word such as
# "orders" is also a word), option names ("churn_rate.denominator") and preset ids
IDS = {k.id for k in report_kpis() if "_" in k.id} | {o.name for o in OPTIONS}
IDS |= {p for p in PRESETS if "_" in p}  # "stripe" is also a word (in URLs)
ID_WORDS = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, IDS), key=len, reverse=True)) + r")\b"
)


ERRORS = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"}


GRAINS = ["month", "week"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Grain -> the report at that grain, as written and as LibreOffice recalculated it
    (both grains in one LibreOffice call): unseen data whose latest period is partial and
    has no NPS response, session or lead (its live formulas divide by zero)."""
    soffice_or_skip()
    paths = []
    for grain in GRAINS:
        paths.append(tmp_path_factory.mktemp(grain) / f"report-{grain}.xlsx")
        build_report(latest_gaps(unseen_tables(grain)), paths[-1])
    copies = recalculate_many(paths, tmp_path_factory.mktemp("recalc"), workers=1)
    # the tests read the visible sheets: the hidden data sheets are not parsed
    return {
        grain: (load(p), load(c, data_only=True), p)
        for grain, p, c in zip(GRAINS, paths, copies, strict=True)
    }


@pytest.fixture(scope="module", params=GRAINS)
def report(request, reports):
    """A report at a grain: (written workbook, recalculated workbook, path)."""
    return reports[request.param]


def shown_cells(ws):
    """The cells of a visible sheet a person sees: not in hidden columns."""
    hidden = {k for k, d in ws.column_dimensions.items() if d.hidden}
    for first, last in ((d.min, d.max) for d in ws.column_dimensions.values() if d.hidden):
        hidden |= {openpyxl.utils.get_column_letter(c) for c in range(first, last + 1)}
    for row in ws.iter_rows():
        for cell in row:
            if getattr(cell, "column_letter", None) and cell.column_letter not in hidden:
                yield cell


@pytest.mark.libreoffice
def test_no_na_error_where_people_read(report):
    _, values, _ = report
    seen = 0
    for ws in values.worksheets:
        if ws.sheet_state != "visible":
            continue  # KPI Data and the raw sheets: data, #N/A there is the value
        for cell in shown_cells(ws):
            error = isinstance(cell.value, str) and cell.value in ERRORS
            assert not error, f"{ws.title}!{cell.coordinate}: {cell.value}"
            seen += cell.value == "–"
    assert seen > 0  # the sample has undefined values: they read "–"


@pytest.mark.libreoffice
def test_no_internal_id_where_people_read(report):
    _, values, _ = report
    for ws in values.worksheets:
        if ws.sheet_state != "visible":
            continue
        for cell in shown_cells(ws):
            text = cell.value
            if not isinstance(text, str) or text.startswith("=") or "(Settings " in text:
                continue  # a Settings key is what the reader types: named as such
            found = ID_WORDS.search(text)
            assert found is None, f"{ws.title}!{cell.coordinate}: {found[0]!r} in {text!r}"
            assert text not in ("Python", "Mrr", "Clv"), f"{ws.title}!{cell.coordinate}"


def test_helper_blocks_are_hidden(report):
    written, _, _ = report
    dash = written["Dashboard"]
    labels = {c.value: c for row in dash.iter_rows() for c in row if isinstance(c.value, str)}
    helper = labels["Tile inputs (not printed)"]
    assert dash.column_dimensions[helper.column_letter].hidden
    kpis = written["All KPIs"]
    spark = next(
        c for row in kpis.iter_rows() for c in row if c.value == "Sparkline data (last periods)"
    )
    assert any(d.hidden and d.min <= spark.column <= d.max for d in kpis.column_dimensions.values())
    assert not any("developer" in str(v).lower() for v in labels)


def _hidden_columns(ws) -> set[int]:
    return {c for d in ws.column_dimensions.values() if d.hidden for c in range(d.min, d.max + 1)}


def _printed_columns(ws) -> set[int]:
    areas = ws.print_area or []
    areas = areas.split(",") if isinstance(areas, str) else areas
    if not areas:  # no print area: the used range prints
        return set(range(1, ws.max_column + 1))
    out: set[int] = set()
    for area in areas:
        first, _, last, _ = range_boundaries(area.split("!")[-1].replace("$", ""))
        out |= set(range(first, last + 1))
    return out


def test_chart_data_is_printed_or_hidden(report):
    """Nothing internal shows: every cell a chart reads on a report sheet is in the table
    that prints, or in hidden columns (then the chart plots hidden cells)."""
    written, _, path = report
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        charts = {n: z.read(n).decode("utf-8") for n in parts}
    hidden_read = 0
    for name, xml in charts.items():
        reads_hidden = False
        for ref in re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", xml):
            sheet, cells = ref.rsplit("!", 1)
            ws = written[sheet.strip("'").replace("''", "'")]
            if ws.sheet_state != "visible":
                continue
            first, _, last, _ = range_boundaries(cells.replace("$", ""))
            hidden = _hidden_columns(ws)
            for col in range(first, last + 1):
                assert col in hidden or col in _printed_columns(ws), f"{name}: {ref} shows"
                reads_hidden |= col in hidden
        if reads_hidden:
            hidden_read += 1
            assert re.search(r'<(?:c:)?plotVisOnly val="(0|false)"', xml), name
    assert hidden_read >= 2  # Trend charts and Retention read hidden chart data


@pytest.mark.parametrize("choice", [c.value for c in CHURN_DENOMINATOR.choices])
def test_retention_heading_names_the_churn_denominator_in_force(choice, tmp_path):
    """Retention's heading says what churn divides by under the option in force, in the
    option's declared words (never "active at its start" under another denominator)."""
    raw = make_raw(Settings(churn_denominator=choice), orders=ORDERS, customers=CUSTOMERS, nps=NPS)
    path = write_workbook(tmp_path / "r.xlsx", raw, compute_kpis(raw))
    heading = load(path, {"Retention"})["Retention"]["A2"].value
    doc = next(c.doc for c in CHURN_DENOMINATOR.choices if c.value == choice)
    assert f"/ {doc.split(' (')[0]};" in heading, heading
    others = [c.doc.split(" (")[0] for c in CHURN_DENOMINATOR.choices if c.value != choice]
    assert not any(f"/ {o};" in heading for o in others), heading


def test_nps_segment_without_responses_shows_one_dash_and_why(tmp_path):
    """A segment with no response in the latest and the previous period reads one "–" with
    its reason, not a "–" in every column."""
    nps = {k: list(v) for k, v in NPS.items()}
    nps["response_date"].append("2026-01-12")  # Public sector: January only
    nps["score"].append(9)
    nps["segment"].append("Public sector")
    raw = make_raw(orders=ORDERS, nps=nps)
    ws = load(write_workbook(tmp_path / "r.xlsx", raw, compute_kpis(raw)), {"NPS"})["NPS"]
    (row,) = [r for r in ws.iter_rows(max_col=6) if r[0].value == "Public sector"]
    shown = [c.value for c in row[1:]]
    assert shown == ["– no responses in either period", None, None, 0, 0], shown
    (smb,) = [r for r in ws.iter_rows(max_col=6) if r[0].value == "SMB"]
    assert isinstance(smb[1].value, float | int)  # a segment with responses keeps its NPS


def test_channels_and_segments_keep_the_source_spelling(tmp_path):
    """Keys match case-insensitively ("Organic" and "organic" are one source), and every
    label a reader sees is the source's (most common) spelling, never the lower-cased key."""
    sessions = dict(SESSIONS, source=[s.capitalize() for s in SESSIONS["source"]])
    sessions["source"][1] = "organic"  # another spelling: the same source as row 0's
    customers = dict(
        CUSTOMERS, acquisition_channel=["Email", "Paid", "Trade Fair", "Paid", "Email"]
    )
    orders = dict(ORDERS, channel=[c.capitalize() for c in ORDERS["channel"]])
    raw = make_raw(
        Settings(), orders=orders, customers=customers, sessions=sessions,
        spend=SPEND, nps=NPS,
    )  # fmt: skip
    result = compute_kpis(raw)
    book = load(write_workbook(tmp_path / "r.xlsx", raw, result))  # the visible sheets
    texts = {
        ws.title: [c.value for row in ws.iter_rows(max_col=1) for c in row if c.value]
        for ws in book.worksheets
        if ws.sheet_state == "visible"
    }
    assert "Trade Fair" in texts["Acquisition"] and "Organic" in texts["Acquisition"]
    assert "trade fair" not in texts["Acquisition"] and "organic" not in texts["Acquisition"]
    shares = [t for t in texts["Trends"] if str(t).startswith("Traffic source share - ")]
    assert "Traffic source share - Organic" in shares, shares
    assert all(t.split(" - ")[1][0].isupper() for t in shares), shares
    # one source whatever its case: its share counts the lower-case row too
    table = result.table
    organic = table[
        (table["kpi"] == "source_share") & (table["segment"].str.casefold() == "organic")
    ]
    first = organic.dropna(subset=["value"]).sort_values("period")["value"].iloc[0]
    assert first == pytest.approx(2 / 3)  # 2 Jan, 3 Jan: 2 of the first 3 sessions


def test_segments_typed_in_two_cases_stay_two_labels(tmp_path):
    """NPS segments are matched as typed: "SMB" and "smb" are two segments of KPI Data, and
    the report shows them as two labels, never both respelt "SMB"."""
    nps = dict(NPS, segment=["SMB", "smb", *NPS["segment"][2:]])
    raw = make_raw(Settings(), orders=ORDERS, customers=CUSTOMERS, nps=nps)
    result = compute_kpis(raw)
    kept = set(result.table.loc[result.table["kpi"] == "nps", "segment"])
    assert {"SMB", "smb"} <= kept, kept
    book = load(write_workbook(tmp_path / "r.xlsx", raw, result), {"NPS"})
    shown = [c.value for row in book["NPS"].iter_rows() for c in row if c.value in ("SMB", "smb")]
    assert "smb" in shown and "SMB" in shown, shown


@pytest.mark.libreoffice
def test_excel_equals_python_where_undefined(report):
    """Each live cell, recalculated, equals the value xlkpi computed: the Reconciliation
    sheet's differences are all 0, "–" (not defined) on both sides included."""
    _, values, _ = report
    rows = list(values["Reconciliation"].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[:1] == ("Sheet",) and "Difference" in r)
    live = [r for r in rows[top + 1 :] if r[0]]
    live = live[: next((i for i, r in enumerate(live) if r[6] is None), len(live))]
    assert len(live) > 10
    assert all(r[6] == 0 for r in live), [r for r in live if r[6] != 0][:3]
    assert sum(r[4] == r[5] == "–" for r in live) >= 3  # the latest period's gaps
