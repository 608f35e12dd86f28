"""The CSV fast path (every cell typed in one statement that stops at the first cell it
cannot type; large files kept in a database file of the backend) reads what the path with
text companions reads: the same stored columns (typed, or text where a cell could not be
typed), hence the same contract values and bad cells, on generated CSV with hostile cells
(xlkpi.sources.csvread). The reference is ``read_typed(fast=False)``."""

from __future__ import annotations

import csv
import gc
import io
import os

import ibis
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.sources import api, csvread
from xlkpi.sources.memory import bound

NUMBERS = ["12.5", "7", "0", "-3.25", "1e3", "+5", ".5", "5.", "1e-400"]
HOSTILE_NUMBERS = [
    "", " ", " 3 ", "\u00a012", "nan", "inf", "-Infinity", "1e400", "1_000", "0x10",
    "$1,234.50", "1,5", "n/a", "12.5.1", "١٢", "1e", "--1",
]  # fmt: skip
DATES = ["2025-01-13", "2024-02-29", "1900-01-01", "2199-12-31"]
HOSTILE_DATES = [
    "", " ", "2025-1-3", "2025-01-13 ", " 2025-01-13", "infinity", "epoch", "1850-01-01",
    "2200-01-01", "20250113", "13/01/2025", "2025-02-30", "2025-01-13 10:30", "someday",
]  # fmt: skip
IDS = ["O1", "C,7", "a\nb", '"q"', " O2 ", ""]
HEAD = ["order_id", "order_date", "customer_id", "revenue", "cost", "note"]


def _cells(clean: list[str], hostile: list[str], odd: bool):
    pool = st.sampled_from(clean)
    return st.one_of(pool, st.sampled_from(hostile)) if odd else pool


@st.composite
def _csv(draw) -> str:
    odd = draw(st.booleans())
    row = st.tuples(
        st.sampled_from(IDS),
        _cells(DATES, HOSTILE_DATES, odd),
        st.sampled_from(IDS),
        _cells(NUMBERS, HOSTILE_NUMBERS, odd),
        _cells(NUMBERS, HOSTILE_NUMBERS, odd),
        st.sampled_from(["x", "", "1e400"]),
    )
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [HEAD, *draw(st.lists(row, min_size=1, max_size=12))]
    )
    return out.getvalue()


def _read(path, fast: bool):
    """The stored table as the contract reads it (typed columns, or text): its schema
    and rows (the contract's values are a function of them, xlkpi.sources.cast)."""
    backend = ibis.duckdb.connect()
    bound(backend.con)
    table = csvread.read_typed(backend, "orders", [path], fast=fast)
    return dict(table.schema().items()), table.execute()


@settings(max_examples=25, deadline=None)
@given(text=_csv(), on_disk=st.booleans())
def test_the_fast_path_reads_what_the_text_companions_read(tmp_path_factory, text, on_disk):
    path = tmp_path_factory.mktemp("csv") / "orders.csv"
    path.write_text(text, encoding="utf-8", newline="")
    kept = csvread.ON_DISK
    csvread.ON_DISK = 0 if on_disk else kept
    try:
        got = _read(path, fast=True)
    finally:
        csvread.ON_DISK = kept
    want = _read(path, fast=False)
    assert got[0] == want[0]
    pd.testing.assert_frame_equal(got[1], want[1])


def test_large_files_are_kept_in_a_database_file_removed_with_the_backend(tmp_path, monkeypatch):
    """Stored typed in the backend's database file (in the spill folder), read through a
    view in the files' order; the file goes with the backend."""
    rows = "".join(f"O{i},2025-01-{1 + i % 28:02d},C{i % 5},{i}.5,1\n" for i in range(3000))
    path = tmp_path / "orders.csv"
    path.write_text(",".join(HEAD[:5]) + "\n" + rows, encoding="utf-8")
    monkeypatch.setattr(csvread, "ON_DISK", 0)
    backend = ibis.duckdb.connect()
    bound(backend.con)
    table = csvread.read_typed(backend, "orders", [path])
    assert str(table.order_date.type()) == "date" and str(table.revenue.type()) == "float64"
    assert table.revenue.execute().tolist() == [i + 0.5 for i in range(3000)]
    (stored,) = backend.con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = 'xlkpi_csv_rows'"
    ).fetchone()
    assert os.path.exists(stored)
    del table, backend
    gc.collect()
    assert not os.path.exists(stored)


def test_problems_are_the_same_from_the_database_file(tmp_path, monkeypatch):
    """The commands' problems on a file with bad cells, the file stored either way."""
    text = "order_id,order_date,customer_id,revenue,cost\n" + "".join(
        f"O{i},2025-01-13,C1,{v},1\n" for i, v in enumerate(["1", "n/a", "nan", " ", "2"])
    )
    (tmp_path / "orders.csv").write_text(text, encoding="utf-8")
    want = [str(p) for p in api.check(tmp_path)[0]]
    monkeypatch.setattr(csvread, "ON_DISK", 0)
    assert [str(p) for p in api.check(tmp_path)[0]] == want
    assert any("not a number (value: 'n/a')" in p for p in want)
