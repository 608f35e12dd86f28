"""Where people read: the report sheets, recalculated by LibreOffice at month and week
grain, show no #N/A (a "–" with its reason instead) and no internal id (catalogue titles
and the options' words instead); helper blocks are hidden."""

from __future__ import annotations

import re
import warnings

import openpyxl
import pytest

from tests.support.libreoffice import recalculate, soffice_or_skip
from xlkpi.kpi.catalogue import report_kpis
from xlkpi.kpi.options import OPTIONS
from xlkpi.kpi.presets import PRESETS
from xlkpi.report.build import build_report

SAMPLE = "examples/sample_raw.xlsx"
# ids a reader must never see as a label: KPI ids with an underscore (a plain word such as
# "orders" is also a word), option names ("churn_rate.denominator") and preset ids
IDS = {k.id for k in report_kpis() if "_" in k.id} | {o.name for o in OPTIONS}
IDS |= {p for p in PRESETS if "_" in p}  # "stripe" is also a word (in URLs)
ID_WORDS = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, IDS), key=len, reverse=True)) + r")\b"
)


@pytest.fixture(scope="module", params=["month", "week"])
def report(request, tmp_path_factory):
    """The sample's report at a grain, as written and as LibreOffice recalculated it."""
    soffice_or_skip()
    path = tmp_path_factory.mktemp(request.param) / "report.xlsx"
    build_report(SAMPLE, path, period=request.param)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sparklines are not read back by openpyxl
        values = openpyxl.load_workbook(
            recalculate(path, tmp_path_factory.mktemp("recalc")), data_only=True
        )
        return openpyxl.load_workbook(path), values


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
    _, values = report
    seen = 0
    for ws in values.worksheets:
        if ws.sheet_state != "visible":
            continue  # KPI Data and the raw sheets: data, #N/A there is the value
        for cell in shown_cells(ws):
            assert cell.value != "#N/A", f"{ws.title}!{cell.coordinate}"
            seen += cell.value == "–"
    assert seen > 0  # the sample has undefined values: they read "–"


@pytest.mark.libreoffice
def test_no_internal_id_where_people_read(report):
    _, values = report
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
    written, _ = report
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
