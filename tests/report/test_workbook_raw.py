"""The raw sheets' fast writer: every kind of value reads back exactly, text stays text."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tests.report.conftest import make_raw
from tests.support.books import load
from xlkpi.engine.compute import compute_kpis
from xlkpi.report.build import write_workbook


@pytest.fixture
def weird(tmp_path):
    orders = {
        "order_id": ["1", "2", "3", "4"],
        "order_date": ["2026-01-05", "2026-01-06 13:45:30", None, "1999-12-31"],
        "customer_id": ["a<b>&c", "  spaced  ", "bell\x07char", "=1+1"],
        "revenue": [1.5, 2.0, np.nan, 1e20],
        "status": ["paid", None, "#N/A", "paid"],
    }
    raw = make_raw(orders=orders)
    frame = raw.tables["orders"].frame
    frame["Flag"] = [True, False, True, False]
    frame["Mixed"] = pd.Series([7, "x", dt.date(2026, 1, 2), None], dtype=object)
    path = write_workbook(tmp_path / "r.xlsx", raw, compute_kpis(raw, as_of="2026-01-31"))
    return load(path, {"Orders data"})["Orders data"]


def test_header_and_table(weird):
    assert [c.value for c in weird[1]] == [
        "order_id",
        "order_date",
        "customer_id",
        "revenue",
        "status",
        "Flag",
        "Mixed",
    ]
    assert weird.tables["tblOrdersdata"].ref == "A1:G5"
    assert weird.max_row == 5


def test_values_read_back(weird):
    rows = [[c.value for c in row] for row in weird.iter_rows(min_row=2)]
    assert rows[0][:5] == ["1", dt.datetime(2026, 1, 5), "a<b>&c", 1.5, "paid"]
    assert rows[1][1] == dt.datetime(2026, 1, 6, 13, 45, 30)
    assert rows[1][2] == "  spaced  "
    assert rows[2][1] is None and rows[2][3] is None  # blanks stay blank, never "nan"
    assert rows[2][2] == "bell_x0007_char"  # Excel's escape of a character XML cannot hold
    assert rows[3][1] == dt.datetime(1999, 12, 31)
    assert rows[3][3] == 1e20
    assert [r[5] for r in rows] == [True, False, True, False]
    assert [r[6] for r in rows] == [7, "x", dt.datetime(2026, 1, 2), None]


def test_number_formats(weird):
    assert weird["B2"].number_format == "yyyy-mm-dd"
    assert weird["B3"].number_format == "yyyy-mm-dd hh:mm"


def test_formula_and_error_text_stay_text(weird):
    for cell in (weird["C5"], weird["E4"]):
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert weird["C5"].value == "=1+1"
    assert weird["E4"].value == "#N/A"
