"""Every chart carries the values it draws (numCache / strCache), equal to the cells it
refers to: viewers that do not recalculate (mail previews, Quick Look, mobile) draw the
chart from them. Checked on every chart part of the sample report and of unseen data at
monthly and weekly grain."""

from __future__ import annotations

import math
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest
from openpyxl.utils import range_boundaries

import xlkpi
from tests.report.cached import cell_values, sheet_values
from tests.report.unseen import unseen_tables
from xlkpi.data.sample import sample_tables

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
INPUTS = {
    "sample": lambda: sample_tables(),
    "monthly": lambda: unseen_tables("month"),
    "weekly": lambda: unseen_tables("week"),
}


@pytest.fixture(scope="module", params=sorted(INPUTS))
def report(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("cache") / f"{request.param}.xlsx"
    return xlkpi.build_report(INPUTS[request.param](), path)


def chart_parts(path) -> dict[str, ET.Element]:
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        return {n: ET.fromstring(z.read(n)) for n in names}


def referenced(book, formula: str) -> list:
    """The cached cell values of ``formula``'s range, as a viewer reads them, row by row;
    ``book``: sheet title -> its values (cached.sheet_values)."""
    sheet, ref = formula.rsplit("!", 1)
    ws = book[sheet.strip("'").replace("''", "'")]
    first_col, first_row, last_col, last_row = range_boundaries(ref.replace("$", ""))
    return [
        ws.cell(r, c).value
        for r in range(first_row, last_row + 1)
        for c in range(first_col, last_col + 1)
    ]


def defined_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def check_ref(book, ref: ET.Element, where: str) -> int:
    """One numRef / strRef: its cache has a point for each defined cell, equal to it."""
    formula = ref.find(f"{C}f").text
    cache = ref.find(f"{C}numCache")
    if cache is None:
        cache = ref.find(f"{C}strCache")
    assert cache is not None, f"{where}: no cache for {formula}"
    values = referenced(book, formula)
    assert int(cache.find(f"{C}ptCount").get("val")) == len(values), where
    points = {int(p.get("idx")): p.find(f"{C}v").text for p in cache.findall(f"{C}pt")}
    if ref.tag == f"{C}numRef":
        assert cache.find(f"{C}formatCode") is not None, where
        expect = {i: v for i, v in enumerate(values) if defined_number(v)}
        assert points.keys() == expect.keys(), f"{where} {formula}: points {sorted(points)}"
        for i, v in expect.items():
            assert float(points[i]) == pytest.approx(v, rel=1e-12, abs=1e-12), (where, i)
    else:
        expect = {i: v for i, v in enumerate(values) if v not in (None, "")}
        assert points.keys() == expect.keys(), f"{where} {formula}: points {sorted(points)}"
        for i, v in expect.items():
            assert points[i] == (v if isinstance(v, str) else format(v, ".16g")), (where, i)
    return len(expect)


def test_every_chart_reference_has_a_cache_equal_to_its_cells(report):
    book = sheet_values(cell_values(report))
    parts = chart_parts(report)
    assert len(parts) >= 10
    for name, root in parts.items():
        refs = [r for tag in ("numRef", "strRef") for r in root.iter(f"{C}{tag}")]
        series = list(root.iter(f"{C}ser"))
        assert series and len(refs) >= 2 * len(series), name  # values and categories
        drawn = sum(check_ref(book, ref, name) for ref in refs)
        assert drawn, f"{name}: draws nothing"
