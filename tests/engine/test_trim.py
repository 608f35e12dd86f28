"""The DuckDB-only trimming of ``xlkpi.engine.trim`` equals Python's ``str.strip()`` value
for value (the reader's rule: Ibis' portable ``strip()`` removes ASCII whitespace only), and
unbound expressions (SQL text for other dialects) carry the same rule without the guard."""

from __future__ import annotations

import ibis
from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.engine.trim import EDGE, blank_text, on_duckdb, strip

# edge characters (NBSP and U+2003 are whitespace to Python: trimmed too), letters; the
# printable ASCII bounds ("!", "~": no trim needed), DEL and a combining accent (beyond them)
TEXT = st.text(
    alphabet=st.sampled_from(
        [*EDGE, "\u00a0", "\u2003", "a", "Z", "é", "-", "!", "~", "\x7f", "\u0301"]
    )
)


def _compare(values: list[str | None]) -> None:
    con = ibis.duckdb.connect()
    t = ibis.memtable({"v": values}, schema={"v": "string"})
    t = con.create_table("t", t, overwrite=True)
    assert on_duckdb(t.v)
    got = t.select("v", fast=strip(t.v), blank=blank_text(t.v)).to_pyarrow().to_pylist()
    for row in got:
        plain = None if row["v"] is None else row["v"].strip()
        assert row["fast"] == plain, row
        assert row["blank"] == (None if plain is None else plain == ""), row


@settings(max_examples=20, deadline=None)
@given(st.lists(st.one_of(st.none(), TEXT), max_size=40))
def test_duckdb_trim_equals_the_portable_strip(values):
    _compare(values)


def test_duckdb_trim_on_edges_and_blanks():
    _compare(["", " ", " a", "a ", "\ta\n", "\x0b", "\x0c\r", "a b", "\u00a0a", None, "ab"])
    _compare(["!a~", "~ ", " !", "a\u0301", "a\u0301 ", "\x7fa\x7f", "a\r\n", "é\u3000"])


def test_unbound_expressions_keep_the_portable_strip():
    t = ibis.table({"v": "string"}, name="t")
    assert not on_duckdb(t.v)
    for dialect in ("postgres", "bigquery", "snowflake", "duckdb"):
        sql = ibis.to_sql(t.select(a=strip(t.v), b=blank_text(t.v)), dialect=dialect)
        assert "\u3000" in sql and "\u00a0" in sql, (dialect, sql)  # Python's whitespace
