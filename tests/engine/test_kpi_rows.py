"""One KPI Data layout for both paths (``xlkpi.engine.kpi_rows``): the NumPy path and the
engine return the same columns and dtypes, also when there is no row to report."""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi.data.contract import TABLES
from xlkpi.data.model import RawData, Table
from xlkpi.engine import tables_from_raw
from xlkpi.engine.compute import compute_kpis
from xlkpi.engine.kpi_rows import COLUMNS, assemble, empty
from xlkpi.engine.run import kpi_data


def _orders(dates) -> RawData:
    frame = pd.DataFrame({
        "order_id": pd.array([f"o{i}" for i in range(len(dates))], dtype="str"),
        "order_date": pd.to_datetime(pd.Series(dates, dtype="datetime64[ns]")),
        "customer_id": pd.array(["c1"] * len(dates), dtype="str"),
        "revenue": pd.Series([10.0] * len(dates), dtype="float64"),
    })  # fmt: skip
    rows = np.arange(len(frame)) + 2
    return RawData({"orders": Table("orders", TABLES["orders"].title, frame, rows)})


def test_no_dated_row_gives_the_same_empty_table_on_both_paths():
    raw = _orders([])
    numpy, engine = compute_kpis(raw, engine=False).table, kpi_data(tables_from_raw(raw))
    pd.testing.assert_frame_equal(numpy, empty())
    pd.testing.assert_frame_equal(engine, empty())


def test_both_paths_lay_out_rows_alike():
    raw = _orders(["2026-01-05", "2026-03-02"])
    numpy = compute_kpis(raw, engine=False).table
    engine = kpi_data(tables_from_raw(raw), kpis=["revenue", "orders"])
    numpy = numpy[numpy.kpi.isin(["revenue", "orders"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(numpy, engine)
    assert numpy.period.tolist() == ["2026-01"] * 2 + ["2026-02"] * 2 + ["2026-03"] * 2
    assert numpy.value.tolist() == [1.0, 10.0, 0.0, 0.0, 1.0, 10.0]


def test_assemble_sorts_period_then_kpi_then_segment():
    blocks = [("b", "", np.array([1.0, 2.0])), ("a", "y", np.array([3.0, 4.0])),
              ("a", "x", np.array([5.0, 6.0]))]  # fmt: skip
    table = assemble(blocks, ["P1", "P2"])
    assert list(table.columns) == COLUMNS
    assert list(zip(table.period, table.kpi, table.segment, table.value, strict=True)) == [
        ("P1", "a", "x", 5.0), ("P1", "a", "y", 3.0), ("P1", "b", "", 1.0),
        ("P2", "a", "x", 6.0), ("P2", "a", "y", 4.0), ("P2", "b", "", 2.0),
    ]  # fmt: skip
