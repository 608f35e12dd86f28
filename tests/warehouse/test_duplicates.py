"""Duplicate ids counted by hashes on DuckDB (``xlkpi.sources.validate._counts``): the same
count as counting the values, NULLs never counted (DuckDB hashes NULL to a number)."""

from __future__ import annotations

import ibis
import pandas as pd
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
