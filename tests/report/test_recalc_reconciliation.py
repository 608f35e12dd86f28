"""The Reconciliation sheet: every live cell and every raw-sheet figure ties out to Python
after LibreOffice recalculates the workbook."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest

from tests.report.cached import assert_cached_values_match, formula_cells
from tests.report.conftest import all_tables
from tests.report.live import Written, recalculated_batch
from xlkpi.engine.compute import compute_kpis
from xlkpi.kpi.catalogue import by_id
from xlkpi.report.build import write_workbook

HEADER = ["Sheet", "KPI", "Segment", "Period", "Live cell", "xlkpi value", "Difference"]


def table_rows(ws, first: str) -> list[tuple]:
    """The rows under the header row whose first cell is ``first``, up to a blank row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == first and r[1] in ("KPI", "Figure"))
    out = []
    for r in rows[start + 1 :]:
        if r[0] in (None, ""):
            break
        out.append(r)
    return out


AS_OF = [None, "2026-02-04"]


def _written(folder, as_of) -> Written:
    raw = all_tables()
    result = compute_kpis(raw, as_of=as_of)
    written = Written(folder / "r.xlsx", raw, result)
    write_workbook(written.path, raw, result, checks=written.checks)
    return written


def _edited(folder) -> Written:
    """A live cell edited to a wrong number (+1); its checks: the Reconciliation cell of
    its difference."""
    raw = all_tables()
    path = write_workbook(folder / "r.xlsx", raw, compute_kpis(raw))
    wb = openpyxl.load_workbook(path)
    ws = wb["Reconciliation"]
    row = next(r for r in ws.iter_rows(min_row=5) if r[1].value == "Revenue")  # its title
    # the live cell's reference: ='Dashboard'!B5, as IFERROR('Dashboard'!B5,"–")
    ref = re.search(r"((?:'[^']*')+|\w+)!\$?([A-Z]+)\$?(\d+)", row[4].value)
    sheet, cell = ref[1], ref[2] + ref[3]
    target = wb[sheet.strip("'").replace("''", "'")][cell]
    target.value = f"={target.value[1:]}+1"
    wb.save(folder / "edited.xlsx")
    return Written(folder / "edited.xlsx", raw, checks=[row[6].coordinate])


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """Each test's workbook, recalculated with the others in one LibreOffice call."""
    cases = {f"as-of-{a}": lambda f, a=a: _written(f, a) for a in AS_OF}
    cases["edited"] = _edited
    return recalculated_batch(cases, tmp_path_factory.mktemp("reconciliation"))


@pytest.mark.libreoffice
@pytest.mark.parametrize("as_of", AS_OF)
def test_every_difference_is_zero_after_recalculation(books, as_of):
    report = books[f"as-of-{as_of}"]
    full_raw, result, checks, path = report.raw, report.result, report.checks, report.path
    assert_cached_values_match(path, report.recalculated, formula_cells(path))
    ws = report.values["Reconciliation"]
    live = table_rows(ws, "Sheet")
    assert len(live) == len(checks) > 10
    assert {(s, by_id(k).title, seg or "", p) for s, _, k, seg, p in checks} == {
        (r[0], r[1], r[2] or "", r[3]) for r in live
    }
    for row in live:
        assert row[6] == 0, row
        assert row[4] == row[5], row  # both "–" where not defined (never #N/A)
    tie = table_rows(ws, "Raw sheet")
    figures = {(r[0], r[1]): r for r in tie}
    for table in full_raw.tables.values():
        assert (f"{table.sheet} data", "Rows read") in figures
    for row in tie:
        assert row[2] is not None and row[6] == 0, row
        assert row[2] == pytest.approx(row[5]), row
    orders = full_raw.tables["orders"].frame
    stop = pd.Timestamp(result.settings.as_of) + pd.Timedelta(days=1)
    used = orders[orders["order_date"] < stop]
    assert figures[("Orders data", "Rows used")][5] == len(used)
    assert figures[("Orders data", "Total revenue (rows used)")][5] == pytest.approx(
        used["revenue"].sum()
    )


@pytest.mark.libreoffice
def test_a_wrong_live_cell_shows_a_difference(books):
    """The check can fail: a live cell edited to a wrong number shows a non-zero difference."""
    edited = books["edited"]
    (difference,) = edited.checks
    assert edited.values["Reconciliation"][difference].value == pytest.approx(1)


def test_not_embedded_shows_python_figures_only(full_raw, tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", full_raw, compute_kpis(full_raw), embed_raw=False)
    ws = openpyxl.load_workbook(path)["Reconciliation"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Raw data not embedded: xlkpi's figures only" in t for t in texts)
    tie = table_rows(ws, "Raw sheet")
    assert tie and all(r[2] is None and r[5] is not None for r in tie)
    orders = full_raw.tables["orders"].frame
    assert ("Orders", "Rows read", None, None, None, len(orders), None) in tie
