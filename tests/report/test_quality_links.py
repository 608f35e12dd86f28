"""Data quality findings point at their cell in the embedded raw sheet and name the KPIs
that read it."""

from __future__ import annotations

import re

import numpy as np
import openpyxl
import pytest

from tests.report.cached import assert_cached_values_match
from xlkpi.engine.compute import compute_kpis
from xlkpi.errors import CellProblem
from xlkpi.report.build import write_workbook

LINK = re.compile(r'^=HYPERLINK\("#(.+)!([A-Z]+[0-9]+)","(.+)"\)$')


def findings(ws) -> dict[tuple, tuple]:
    rows = list(ws.iter_rows())
    top = next(i for i, r in enumerate(rows) if r[0].value == "Sheet" and r[1].value == "Row")
    return {(r[0].value, r[1].value, r[2].value): r for r in rows[top + 1 :] if r[0].value}


def with_problems(raw):
    orders = raw.tables["orders"]
    orders.rows = np.arange(len(orders.frame), dtype=np.int64) + 5  # header on source row 4
    raw.problems = [
        CellProblem("Orders", 7, "status", "refunded", "refunded order"),  # 3rd data row
        CellProblem("Orders", 12, "revenue", 45.5, "large revenue"),  # 8th data row
        CellProblem("Settings", 3, "value", "x", "unknown key"),
    ]
    return raw


def test_each_finding_links_to_its_bad_cell(full_raw, tmp_path):
    raw = with_problems(full_raw)
    path = write_workbook(tmp_path / "r.xlsx", raw, compute_kpis(raw))
    wb = openpyxl.load_workbook(path)
    rows = findings(wb["Data quality"])
    for key, expected_cell, value in [
        (("Orders", 7, "status"), "F4", "refunded"),
        (("Orders", 12, "revenue"), "D9", 45.5),
    ]:
        link = rows[key][5]
        sheet, cell, text = LINK.match(link.value).groups()
        assert (sheet, cell, text) == ("'Orders data'", expected_cell, f"Orders data!{cell}")
        assert wb["Orders data"][cell].value == value
    settings = rows[("Settings", 3, "value")]
    assert settings[5].value is None and settings[6].value is None
    assert "Refund rate" in rows[("Orders", 7, "status")][6].value
    assert "Revenue" in rows[("Orders", 12, "revenue")][6].value.split(", ")
    assert "Refund rate" not in rows[("Orders", 12, "revenue")][6].value.split(", ")


@pytest.mark.libreoffice
def test_links_keep_their_text_after_recalculation(full_raw, tmp_path, recalc):
    raw = with_problems(full_raw)
    path = write_workbook(tmp_path / "r.xlsx", raw, compute_kpis(raw))
    recalculated = recalc(path)
    cells = [
        ("Data quality", r[5].coordinate)
        for r in findings(openpyxl.load_workbook(path)["Data quality"]).values()
        if r[5].value
    ]
    assert assert_cached_values_match(path, recalculated, cells) == 2


def test_no_addresses_when_raw_is_not_embedded(full_raw, tmp_path):
    raw = with_problems(full_raw)
    path = write_workbook(tmp_path / "r.xlsx", raw, compute_kpis(raw), embed_raw=False)
    ws = openpyxl.load_workbook(path)["Data quality"]
    rows = findings(ws)
    assert all(r[5].value is None for r in rows.values())
    assert "Refund rate" in rows[("Orders", 7, "status")][6].value
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Raw data not embedded" in t for t in texts)
