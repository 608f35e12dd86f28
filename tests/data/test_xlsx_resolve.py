"""``xlsx_strings.resolve``: the marked values of a piece replaced by their shared strings.

Its fast path (a column whose every value is marked taken whole; the digits sliced as
bytes) must give exactly what the plain rewrite gives (every marked value's digits
sliced as text, cast, taken, put back where marked), or refuse the same batches: checked
against that rewrite on generated batches (valid, past-the-table, negative, long and
zero-padded indices, unmarked and non-ASCII text, blanks, both string widths).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.data.xlsx_strings import MARK, Refused, resolve

TABLE = pa.array(["alpha", "", "東京", None, "b & c", "x" * 40, f"{MARK}9"], pa.string())


def _plain(batch, table, written):
    """The rewrite as first written: slice every marked value's text after the marker."""
    columns, found = [], 0
    for column in batch.columns:
        if written and pa.types.is_string(column.type):
            marked = pc.starts_with(column, MARK)
            hits = pc.sum(marked).as_py() or 0
            if hits:
                found += hits
                only = pc.if_else(marked, column, pa.scalar(None, column.type))
                digits = pc.utf8_slice_codeunits(only, len(MARK))
                try:
                    at = pc.cast(digits, pa.int64())
                    column = pc.if_else(marked, pc.take(table, at), column)
                except (pa.ArrowException, IndexError) as exc:
                    raise Refused from exc
        columns.append(column)
    if found != written:
        raise Refused
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema) if found else batch


_INDEX = st.one_of(
    st.integers(0, len(TABLE) - 1).map(str),  # a valid index
    st.integers(0, len(TABLE) - 1).map(lambda i: "0" * 30 + str(i)),  # zero-padded, long
    st.sampled_from(["7", "99", "-1", "", "1.0", "+2", " 3", "١", "12345678901234567890123"]),
)
_VALUE = st.one_of(
    st.none(),
    _INDEX.map(lambda digits: MARK + digits),
    st.text(max_size=6),  # unmarked text (a piece's inline or plain string cell)
)
_COLUMN = st.tuples(st.lists(_VALUE, min_size=1, max_size=12), st.booleans())


@settings(max_examples=150, deadline=None)
@given(st.lists(_COLUMN, min_size=1, max_size=3), st.integers(0, 3))
def test_resolve_is_the_plain_rewrite(columns, extra):
    n = len(columns[0][0])
    arrays = [
        pa.array((values + [None] * n)[:n], pa.large_string() if wide else pa.string())
        for values, wide in columns
    ]
    arrays.append(pa.array([1.5] * n))  # a number column: never touched
    batch = pa.RecordBatch.from_arrays(arrays, names=[f"c{i}" for i in range(len(arrays))])
    marked = sum(pc.sum(pc.starts_with(a, MARK)).as_py() or 0 for a in arrays[:-1])
    for written in {marked, marked + extra}:  # the count right, or more written than seen
        try:
            want = _plain(batch, TABLE, written)
        except Refused:
            with pytest.raises(Refused):
                resolve(batch, TABLE, written)
            continue
        got = resolve(batch, TABLE, written)
        assert got.equals(want)
        assert [c.type for c in got.columns] == [c.type for c in batch.columns]


def test_a_column_all_marked_and_one_partly_marked():
    batch = pa.RecordBatch.from_arrays(
        [
            pa.array([f"{MARK}2", None, f"{MARK}0", f"{MARK}02"]),
            pa.array(["plain", f"{MARK}4", None, "東"]),
        ],
        names=["a", "b"],
    )
    got = resolve(batch, TABLE, 4)
    assert got.column(0).to_pylist() == ["東京", None, "alpha", "東京"]
    assert got.column(1).to_pylist() == ["plain", "b & c", None, "東"]
