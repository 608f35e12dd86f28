"""Duplicate ids counted by hashes on DuckDB (``xlkpi.sources.validate._counts``): the same
count as counting the values, NULLs never counted (DuckDB hashes NULL to a number)."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.sources.validate import _Check, _counts

CON = ibis.duckdb.connect()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["1001", "1002", "x", " ", "1001 "]))))
def test_duplicates_by_hash_count_the_values(values):
    frame = pd.DataFrame({"order_id": pd.Series(values, dtype="string")})
    table = CON.create_table("ids", frame, overwrite=True)
    known = frame.order_id.dropna()
    want = len(known) - known.nunique()
    assert _counts(table, [_Check("order_id", "order_id", "duplicate", True)]) == [want]


def test_the_hash_is_duckdbs_own_number_not_read_through_a_bit_string():
    # HASH(x) as it is: Ibis' signed hash() casts each value to a 64-character BIT text
    from xlkpi.sources.validate import hash_key

    table = CON.create_table("ids", pd.DataFrame({"v": ["a", "b", "a"]}), overwrite=True)
    expr = table.aggregate(n=table.v.count() - hash_key(table, table.v).nunique())
    sql = ibis.to_sql(expr, dialect="duckdb")
    assert "HASH(" in sql and "BIT" not in sql
    assert expr.to_pyarrow().to_pylist() == [{"n": 1}]


#: ids whose numbers after the first id's prefix repeat where the ids do not (another
#: prefix, leading zeros, a sign, a space), ids with no such number, and far-apart numbers
NUMBERED = ["O1001", "O1002", "O01001", "X1001", "O+1002", "O1002 ", "O", "O-5", "O9" * 9]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(NUMBERED)), max_size=12))
def test_duplicates_by_a_bitmap_of_the_numbers_count_the_values(values):
    """Ids that are whole numbers after the first one's prefix are told apart by a bitmap
    of the numbers; equal numbers of different ids (``O1001``, ``O01001``, ``X1001``) are
    then counted exactly, ids with no number or numbers too far apart by hashes."""
    frame = pd.DataFrame({"order_id": pd.Series(values, dtype="string")})
    table = CON.create_table("ids", frame, overwrite=True)
    known = frame.order_id.dropna()
    want = len(known) - known.nunique()
    assert _counts(table, [_Check("order_id", "order_id", "duplicate", True)]) == [want]


@pytest.mark.parametrize(
    ("ids", "want"),
    [
        ([5, 7, 5, None, 5], 2),  # whole-number ids: their own numbers
        ([-3, 2**40, -3, 0], 1),  # too far apart for the bitmap: by hashes
        ([1, 2, 3], 0),
    ],
    ids=["repeated", "far-apart", "none"],
)
def test_whole_number_ids_are_counted_in_a_bitmap_or_by_hashes(ids, want):
    frame = pd.DataFrame({"order_id": pd.Series(ids, dtype="Int64")})
    table = CON.create_table("ids", frame, overwrite=True)
    assert _counts(table, [_Check("order_id", "order_id", "duplicate", True)]) == [want]


def test_numbered_ids_are_counted_by_a_bitmap_not_by_hashes(monkeypatch):
    """10,000 ids ``O0`` ... ``O9999`` and one repeat: the count reads no hash."""
    queries = []
    run = ibis.expr.types.Table.to_pyarrow

    def counted(self, *args, **kwargs):
        queries.append(ibis.to_sql(self, dialect="duckdb").upper())
        return run(self, *args, **kwargs)

    ids = [f"O{i}" for i in range(10_000)] + ["O77"]
    table = CON.create_table("ids", pd.DataFrame({"order_id": ids}), overwrite=True)
    monkeypatch.setattr(ibis.expr.types.Table, "to_pyarrow", counted)
    assert _counts(table, [_Check("order_id", "order_id", "duplicate", True)]) == [1]
    assert any("BITSTRING_AGG" in query for query in queries)
    assert not any("HASH(" in query for query in queries)
