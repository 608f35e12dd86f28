"""The checks of an engine source ask their counts of one scan per table
(:mod:`xlkpi.sources.scan`): the same counts as one query per check, the same findings
as the workbook reader, and a clean table is read by ONE aggregate query."""

from __future__ import annotations

import ibis
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.data.contract import TABLES
from xlkpi.sources import api
from xlkpi.sources.cast import found_columns, typed_table
from xlkpi.sources.scan import Scan
from xlkpi.sources.traps import _ask_orders, _line_items
from xlkpi.sources.validate import _checks
from xlkpi.text import fold

CON = ibis.duckdb.connect()

#: ids that differ only by case, by whitespace at an edge (Python's, NBSP and U+3000
#: too), blanks and NULL: the stored and the typed (trimmed) ids count apart
IDS = ["O1", "o1", "O1 ", " O1", "O1\u00a0", "\u3000O1", "O2", "", "  ", "\t", None]


def _orders_table(ids: list) -> pd.DataFrame:
    n = len(ids)
    return pd.DataFrame(
        {
            "order_id": pd.Series(ids, dtype="string"),
            "order_date": pd.to_datetime(["2025-01-15"] * n),
            "customer_id": ["C1"] * n,
            "revenue": [1.0] * n,
        }
    )


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(IDS), max_size=12))
def test_line_items_from_the_stored_ids_count_what_the_typed_ids_count(ids):
    """Where no stored id differs from its typed one, the validation's count of repeated
    stored ids is the traps' count of repeated typed ids (one distinct count for both);
    where one differs, the typed ids are counted: either way Python's count."""
    stored = CON.create_table("orders_ids", _orders_table(ids), overwrite=True)
    scan = Scan(stored, TABLES["orders"])
    keys = _ask_orders(scan)
    typed = [None if i is None else i.strip() or None for i in ids]
    known = [i for i in typed if i is not None]
    assert _line_items(typed_table(TABLES["orders"], stored), scan, keys) == len(known) - len(
        set(known)
    )
    differs = sum(i is not None and i != t for i, t in zip(ids, typed, strict=True))
    assert scan.number(keys["differ"]) == differs
    stored_ids = [i for i in ids if i is not None]
    assert scan.duplicates("order_id") == len(stored_ids) - len(set(stored_ids))


#: stored text cells, good and bad, per column of Orders
CELLS = {
    "order_id": ["O1", "O2", "o1", " O3", "", None],
    "order_date": ["2025-01-15", "2025-02-03", "not a date", "2025-13-40", "", "2027-01-02"],
    "customer_id": ["C1", "C2", " ", None],
    "revenue": ["12.5", "0", "-5", "n/a", "$1,200", "", "1e400"],
    "cost": ["3", "", "-1", "x", None],
    "status": ["paid", "PAID ", "refunded", "weird", "", None],
}


@settings(max_examples=6, deadline=None)
@given(st.lists(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in CELLS.items()}),
                min_size=1, max_size=20))  # fmt: skip
def test_the_counts_of_one_scan_are_each_checks_own_query(rows):
    """Every count asked of a scan (the validation's on stored and typed columns, the
    traps', the checks across tables) equals the count its own query gives on the
    table as the contract types it, bad cells, blanks and case variants included."""
    from xlkpi.sources.cross import _late, _no_cost
    from xlkpi.sources.validate import _ask

    spec = TABLES["orders"]
    stored = CON.create_table("orders_cells", pd.DataFrame(rows, dtype="string"), overwrite=True)
    scan = Scan(stored, spec)
    found = found_columns(spec, stored)
    checks = _checks(spec, scan.table, found, scan.typed)
    keys = _ask(scan, checks)
    as_of = pd.Timestamp("2026-06-30")
    typed = typed_table(spec, stored)
    masks = {
        "no cost": (_no_cost(scan.typed, as_of), _no_cost(typed, as_of)),
        "late": (_late(scan.typed, "orders", as_of)[1], _late(typed, "orders", as_of)[1]),
    }
    asked = {name: scan.count(fused) for name, (fused, _) in masks.items()}
    orders = _ask_orders(scan)

    def own(table, masks: dict) -> dict:  # the counts by a query of their own
        metrics = {name: mask.ifelse(1, 0).sum() for name, mask in masks.items()}
        return {
            k: int(v or 0)
            for k, v in table.aggregate(**metrics).to_pyarrow().to_pylist()[0].items()
        }

    alone = own(stored, {f"c{i}": c.mask for i, c in enumerate(_checks(spec, stored, found))
                         if c.mask is not None})  # fmt: skip
    for i, (check, key) in enumerate(zip(checks, keys, strict=True)):
        if check.mask is None:
            ids = [r["order_id"] for r in rows if r["order_id"] is not None]
            assert scan.duplicates(check.stored) == len(ids) - len(set(ids))
        else:
            assert scan.number(key) == alone[f"c{i}"], check.message
    masks = {name: mask for name, (_, mask) in masks.items()}
    masks["zero"] = (typed.status == "paid") & (typed.revenue == 0)
    alone = own(typed, masks)
    for name in asked:
        assert scan.number(asked[name]) == alone[name], name
    assert scan.number(orders["zero"]) == alone["zero"]
    assert scan[orders["first"]] == typed.order_date.min().to_pyarrow().as_py()


def test_a_clean_table_is_read_by_one_aggregate_query(tmp_path, monkeypatch):
    """The validation, the traps and the checks across tables of a clean Parquet Orders
    file: one aggregate query for every check (examples are fetched only for a check that
    found); the order ids, whole numbers after a prefix, are told apart by one more pass
    (a bitmap of the numbers) after a one-row look at an id for the prefix."""
    rows = [("O1", "2025-01-15", "C1", 12.5, 3.0, "paid"), ("O2", "2026-02-03", "C2", 7.0, 1.0,
            "refunded")]  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(CELLS))
    frame["order_date"] = pd.to_datetime(frame.order_date).dt.date
    frame.to_parquet(tmp_path / "orders.parquet")
    queries = []
    run = ibis.expr.types.Table.to_pyarrow

    def counted(self, *args, **kwargs):
        queries.append(ibis.to_sql(self))
        return run(self, *args, **kwargs)

    monkeypatch.setattr(ibis.expr.types.Table, "to_pyarrow", counted)
    assert api.check(tmp_path / "orders.parquet", as_of="2026-12-31") == ([], [])
    assert len(queries) == 3
    look, scan, bitmap = (query.upper() for query in queries)
    assert "LIMIT 1" in look
    assert "BITSTRING_AGG" in bitmap and "BITSTRING_AGG" not in scan
    assert "HASH(" not in scan  # the ids' hashes are asked only where the bitmap cannot tell
    assert not any("ROW_NUMBER" in query for query in (look, scan, bitmap))


#: characters at a text's edge that the cheap tests must tell apart: printable ASCII,
#: DEL, Python's whitespace (ASCII, control, NEL, NBSP, U+3000) and a non-ASCII letter
EDGES = ["!", "~", "\x7f", " ", "\t", "\x1f", "\x85", "\u00a0", "\u3000", "é"]


def _edged_texts(letters: list[str], most: int, *others):
    """Lists of 1 to ``most`` cells: NULL, short texts of ``letters`` and :data:`EDGES`,
    or one of ``others``."""
    text = st.text(st.sampled_from([*letters, *EDGES]), max_size=4)
    return st.lists(st.one_of(st.none(), text, *others), min_size=1, max_size=most)


@settings(max_examples=25, deadline=None)
@given(_edged_texts(["a", "P", "İ", "ß"], 20, st.sampled_from(["paid", "PAID", "paid ", "refunded",
                                                          "cancelled", "weird"])))  # fmt: skip
def test_the_cheap_tests_before_a_regular_expression_change_no_answer(texts):
    """On DuckDB a text whose ends are printable ASCII skips the regular expressions
    (blank?) and a stored allowed status skips the trimming and folding (in the checks'
    scan and in the typed table alike): the answers are Python's (blank: ``not
    v.strip()``; status: trimmed and case-folded, blank is paid), for whitespace, control
    and non-ASCII characters at either end (trimmed ids: the tests of ``Scan.trimmed``)."""
    from xlkpi.sources.cast import cast, is_blank, target_types
    from xlkpi.sources.scan import _typed
    from xlkpi.sources.validate import _blank

    spec = TABLES["orders"]
    types = target_types(spec)
    frame = pd.DataFrame({"v": pd.Series(texts, dtype="string")})
    t = CON.create_table("texts", frame, overwrite=True)
    status = spec.column("status")
    got = t.select(
        blank=_blank(t.v), exact=is_blank(t.v),
        fast=_typed(status, t.v, types["status"]), typed=cast(status, t.v, types["status"]),
    ).to_pyarrow().to_pylist()  # fmt: skip
    assert [r["blank"] for r in got] == [v is None or not v.strip() for v in texts]
    assert [r["blank"] for r in got] == [r["exact"] for r in got]
    assert [r["fast"] for r in got] == [r["typed"] for r in got]
    # Python's typing of a status: trimmed, case-folded, blank (or none) is paid
    python = [fold(v.strip()) if v and v.strip() else "paid" for v in texts]
    assert [r["typed"] for r in got] == python


@settings(max_examples=40, deadline=None)
@given(_edged_texts(["C", "7"], 12))
def test_a_column_the_checks_find_trimmed_is_typed_as_it_is_stored(ids):
    """The checks ask which stored id and text columns hold only cells that are their
    typed value (``Scan.trimmed``); the typed table takes those as they are and trims the
    others: either way the typed ids are Python's (``v.strip() or None``), and a column
    is found trimmed exactly when every cell is Python's ``v.strip()`` and not blank (a
    space, NBSP, U+3000 or a control whitespace at an edge, or a blank, keeps it trimmed
    by the queries; DEL and non-ASCII letters are not whitespace)."""
    spec = TABLES["orders"]
    n = len(ids)
    frame = pd.DataFrame({"order_id": [f"O{i}" for i in range(n)], "customer_id": ids,
                          "order_date": ["2025-01-15"] * n}, dtype="string")  # fmt: skip
    stored = CON.create_table("orders_trimmed", frame, overwrite=True)
    scan = Scan(stored, spec)
    trimmed = scan.trimmed()
    plain = all(v is None or (v and v.strip() == v) for v in ids)
    assert ("customer_id" in trimmed) == plain
    assert "order_id" in trimmed  # O0, O1, ...: trimmed
    typed = typed_table(spec, stored, trimmed=trimmed)
    assert typed.customer_id.to_pyarrow().to_pylist() == [(v and v.strip()) or None for v in ids]
    sql = ibis.to_sql(typed.select("customer_id"))
    assert ("REGEXP_REPLACE" in sql.upper()) == (not plain)  # a trimmed column is not trimmed again
