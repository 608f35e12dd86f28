"""A key is keyed once: ``engine.keys.key`` of a value that is a key already (a source's
typed category column, :class:`xlkpi.engine.keys.Keyed`) is that value, with no SQL of its
own; anything else is trimmed and folded. Exact because Python's key of a key is itself."""

from __future__ import annotations

import ibis
import ibis.expr.operations as ops
import pandas as pd
import pytest

from xlkpi.data.contract import TABLES
from xlkpi.engine import keys as K
from xlkpi.sources.cast import typed_table
from xlkpi.text import CASED_BELOW, fold


def _python_key(text: str) -> str:
    return fold(text.strip())


def test_the_key_of_a_key_is_itself_for_every_character():
    # no character from CASED_BELOW on has a case or is whitespace: its key is itself
    assert all(c < CASED_BELOW for c in map(ord, K.WHITESPACE))
    chars = [chr(c) for c in range(CASED_BELOW) if not 0xD800 <= c < 0xE000]
    keys = {c: _python_key(c) for c in chars}
    assert [c for c, k in keys.items() if _python_key(k) != k] == []
    # a key never starts or ends with whitespace, so keys joined stay keys
    assert [c for c, k in keys.items() if k != k.strip()] == []
    assert _python_key(_python_key("\u00a0Straße ΑΣ ﬁ İ\u3000")) == "strasse ασ fi i\u0307"


@pytest.fixture(scope="module")
def typed():
    con = ibis.duckdb.connect()
    frame = pd.DataFrame({
        "order_id": ["o1", "o2", "o3", "o4", "o5", "o6", "o7"],
        "order_date": pd.to_datetime(["2026-01-02"] * 7),
        "customer_id": [" c1", "c2\u00a0", "c3", None, "c1", "c2", "c3"],
        "revenue": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
        # stored keys ("paid", "cancelled") are taken as they are, still keys
        "status": ["\u00a0Paid\u3000", "REFUNDED\t", None, "Straße ", " ", "paid", "cancelled"],
    })  # fmt: skip
    con.con.register("xlkpi_orders", frame)
    return typed_table(TABLES["orders"], con.table("xlkpi_orders"))


def test_a_sources_typed_category_is_a_key_and_keyed_as_it_is(typed):
    cut = typed.filter(typed.order_date.notnull()).mutate(p=1)  # as the plan cuts it
    for t in (typed, cut):
        assert K.key(t.status).op() == t.status.op()
        assert K.fold(t.status).op() == t.status.op()
    assert K.strip(typed.customer_id).op() == typed.customer_id.op()  # trimmed already
    got = cut.select(s=K.key(cut.status).nullif("")).to_pyarrow().column("s").to_pylist()
    assert got == ["paid", "refunded", "paid", "strasse", "paid", "paid", "cancelled"]


def test_anything_else_is_still_trimmed_and_folded(typed):
    raw = ibis.table({"status": "string", "n": "int64"}, name="t")
    assert not isinstance(K.key(raw.status).op(), ops.Field)
    trimmed_only = K.strip(raw.status)
    assert isinstance(K.key(trimmed_only).op(), K.Keyed)  # folded: a key now
    assert K.key(trimmed_only).op() != trimmed_only.op()
    # a column whose values a table-level fill changes, a literal that is no key, a cast
    # from a number: not keys
    filled = typed.fill_null({"status": "Paid"})
    assert K.key(filled.status).op() != filled.status.op()
    assert K.key(typed.status.fill_null(" Paid")).op() != typed.status.fill_null(" Paid").op()
    assert K.key(typed.status.fill_null("paid")).op() == typed.status.fill_null("paid").op()
    number = raw.n.cast("string")
    assert K.key(number).op() != number.op()


def test_the_markers_compile_to_no_sql():
    raw = ibis.table({"s": "string"}, name="t")
    plain = raw.s.re_replace(K._ENDS, "")
    marked = K.Keyed(K.Stripped(plain).to_expr()).to_expr()
    for dialect in ("duckdb", "postgres", "bigquery", "snowflake", "databricks"):
        want = ibis.to_sql(raw.select(k=plain), dialect=dialect)
        assert ibis.to_sql(raw.select(k=marked), dialect=dialect) == want
