"""Text keys where the data lives equal Python's: ``str.strip()`` and ``str.casefold()``.

Every code point is checked on DuckDB and on a real PostgreSQL (the throw-away cluster of
``tests/support/postgres.py``, C locale): a padded character trims as Python trims it, and
each character folds as Python folds it; hypothesis then mixes the characters that differ
(whitespace classes, "ß"/"ẞ", "ς", "ﬁ", "İ", Cherokee, the Kelvin sign ...) into strings.
The KPI Data of a data set spelling its keys those ways is the workbook's on DuckDB and on
PostgreSQL; and on a database whose collation is not code point order (ICU), the engine
picks the spelling Python picks.
"""

from __future__ import annotations

import string
from pathlib import Path

import ibis
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import postgres
from xlkpi.engine import keys as K
from xlkpi.text import CASED_BELOW, FOLD_AS_LOWER, fold

#: planes 0 and 1 hold every cased script (planes 2-16: CJK, private use, unassigned)
LAST = CASED_BELOW - 1
CHARS = [chr(c) for c in range(1, LAST + 1) if not 0xD800 <= c < 0xE000]
#: the characters whose trim or fold is not the identity or ASCII's, and their neighbours
SPECIAL = sorted(
    set(K.WHITESPACE + K.FOLD_FROM + "".join(K.FOLD_MANY) + "İIıiΣσςẞßKkΩÅÉéᎠꭰﬁ\u0307ᾈᾀᾼ")
)
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "bring-your-data.md"
ALPHABET = st.sampled_from(SPECIAL + list(string.ascii_letters + "-_ .1"))
WORDS = st.lists(st.text(ALPHABET, max_size=8), min_size=1, max_size=80)


@pytest.fixture(scope="module")
def duck():
    return ibis.duckdb.connect()


@pytest.fixture(scope="module")
def pg_con(pg):
    con = pg.connect()
    yield con
    con.disconnect()


def _every_char(con, backend: str) -> ibis.Table:
    if backend == "postgres":  # made by the server: no 1.1M-row upload
        sql = (
            f"SELECT chr(i) AS c FROM generate_series(1, {LAST}) AS i WHERE i < 55296 OR i > 57343"
        )
        return con.sql(sql)
    return ibis.memtable(pd.DataFrame({"c": CHARS}))


@pytest.mark.parametrize("backend", ["duckdb", "postgres"])
def test_every_character_trims_and_folds_as_python(request, backend):
    con = request.getfixturevalue({"duckdb": "duck", "postgres": "pg_con"}[backend])
    t = _every_char(con, backend)
    padded = t.c + "x" + t.c
    got = con.execute(t.select(c=t.c, folded=K.fold(t.c), trimmed=K.strip(padded)))
    got = got.sort_values("c", key=lambda s: s.map(ord), ignore_index=True)
    assert got.c.tolist() == CHARS
    wrong_fold = [(c, f) for c, f in zip(CHARS, got.folded, strict=True) if f != fold(c)]
    assert not wrong_fold, [(hex(ord(c)), f, fold(c)) for c, f in wrong_fold[:20]]
    wrong_trim = [c for c, s in zip(CHARS, got.trimmed, strict=True) if s != (c + "x" + c).strip()]
    assert not wrong_trim, [hex(ord(c)) for c in wrong_trim[:20]]


def _check_words(con, words: list[str]) -> None:
    t = ibis.memtable(pd.DataFrame({"i": range(len(words)), "s": words}))
    got = con.execute(t.select(t.i, k=K.key(t.s), f=K.fold(t.s)).order_by("i"))
    assert got.k.tolist() == [fold(w.strip()) for w in words]
    assert got.f.tolist() == [fold(w) for w in words]


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=WORDS)
def test_strings_of_those_characters_key_as_python_on_duckdb(duck, words):
    _check_words(duck, words)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=WORDS)
def test_strings_of_those_characters_key_as_python_on_postgresql(pg_con, words):
    _check_words(pg_con, words)


def test_the_fold_is_pythons_casefold_but_for_the_exceptions_the_guide_states():
    """docs/bring-your-data.md: casefold, but N accented letters folding to several
    characters, and Cherokee letters, fold to their lower case (one character)."""
    import unicodedata

    differ = [c for c in CHARS if fold(c) != c.casefold()]
    assert differ == sorted(FOLD_AS_LOWER)
    cherokee = [c for c in differ if unicodedata.name(c).startswith("CHEROKEE")]
    accented = [c for c in differ if c not in cherokee]
    for c in differ:
        assert fold(c) == c.lower() and len(fold(c)) == 1
    for c in accented:  # a canonical decomposition: a letter with accents
        assert len(c.casefold()) > 1 and unicodedata.decomposition(c)[:1] not in ("", "<")
    assert all(fold(c) == fold(c.upper()) for c in cherokee)  # the same letters match
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert f"{len(accented)} accented letters whose fold spells them as several" in guide
    assert "`Straße` and `STRASSE` one channel" in guide and fold("Straße") == fold("STRASSE")
    assert fold("ΑΣ ᾼ ᾳ Straße ﬁ İ") == "ασ ᾳ ᾳ strasse fi i\u0307"


@pytest.mark.parametrize("backend", ["duckdb", "postgres"])
def test_known_examples(request, backend):
    """Hand-checked: what SQL's TRIM/LOWER got wrong (ICU lowers a final capital sigma to
    "ς", Python's casefold to "σ")."""
    con = request.getfixturevalue({"duckdb": "duck", "postgres": "pg_con"}[backend])
    words = ["\u00a0Paid\u3000", "STRASSE", "Straße", "ΣΊΣΥΦΟΣ", "ﬁsh", "İstanbul", "\tK\n", "ΑΣ Σ"]
    t = ibis.memtable(pd.DataFrame({"i": range(len(words)), "s": words}))
    got = con.execute(t.select(t.i, k=K.key(t.s)).order_by("i")).k.tolist()
    want = ["paid", "strasse", "strasse", "σίσυφοσ", "fish", "i\u0307stanbul", "k", "ασ σ"]
    assert got == want


# --- KPI Data: a data set spelling its keys every way, on PostgreSQL as in the workbook ---
def _shop() -> dict[str, pd.DataFrame]:
    days = pd.to_datetime(["2026-01-03", "2026-01-17", "2026-02-02", "2026-02-20", "2026-03-09"])
    n = len(days)
    pick = lambda values: [values[i % len(values)] for i in range(n)]  # noqa: E731
    return {
        "Orders": pd.DataFrame({
            "order_id": [f"o{i}" for i in range(n)],
            "order_date": days,
            "customer_id": pick(["c1", "c2", "c3"]),
            "revenue": [100.0, 50.0, 70.0, 20.0, 10.0],
            "status": ["\u00a0Paid\u3000", "REFUNDED\t", "paid", "Returned\u2003", "PAID"],
            "channel": ["Straße", "STRASSE\u00a0", "ﬁsh", "FISH", "email"],
            "device": ["Desktop\u3000", "desktop", "MOBILE", "mobile\n", "Tablet"],
        }),
        "Customers": pd.DataFrame({
            "customer_id": ["c1", "c2", "c3"],
            "acquired_date": days[:3],
            "acquisition_channel": ["strasse", "FISH\u00a0", "Email"],
        }),
        "Spend": pd.DataFrame({
            "date": days,
            "channel": ["Straße", "ﬁsh", "Email", "email", "STRASSE"],
            "category": ["marketing", "\u00a0SALES\u2003", "Marketing", "sales", "MARKETING"],
            "amount": [300.0, 200.0, 100.0, 50.0, 25.0],
        }),
        "Sessions": pd.DataFrame({
            "session_date": days,
            "visitor_id": pick(["v1", "v2"]),
            "pageviews": [1.0, 2.0, 3.0, 1.0, 2.0],
            "source": ["İstanbul\u3000", "i\u0307stanbul", "ISTANBUL", "Σίσυφος", "ΣΊΣΥΦΟΣ"],
        }),
        "NPS": pd.DataFrame({
            "response_date": days,
            "score": [10.0, 9.0, 6.0, 0.0, 8.0],
            "segment": ["smb", "\u00a0smb\u3000", "SMB", "Straße", "Straße\t"],
        }),
    }  # fmt: skip


@pytest.fixture(scope="module")
def shop_raw():
    from xlkpi.data import read_source

    return read_source(_shop())


def _assert_workbook(raw, source) -> None:
    from tests.engine.support import assert_same, numpy_table
    from xlkpi.sources import api

    got = api.kpi_data(source, as_of=raw.settings.as_of)
    assert_same(numpy_table(raw, "month"), got.drop(columns=[], errors="ignore"))


def test_kpi_data_of_those_spellings_from_parquet_equals_the_workbook(shop_raw, tmp_path):
    for name, frame in _shop().items():
        frame.to_parquet(tmp_path / f"{name}.parquet")
    _assert_workbook(shop_raw, tmp_path)


def test_kpi_data_of_those_spellings_from_postgresql_equals_the_workbook(pg, shop_raw):
    _assert_workbook(shop_raw, postgres.load(pg, "spellings", _shop()))


def test_a_server_collation_does_not_choose_the_spelling(pg, shop_raw):
    """MAX(text) picks the Spend channel owning "Email"/"email": code point order, as
    Python, even where the database sorts by ICU's en-US rules ("email" < "Email")."""
    import psycopg

    with psycopg.connect(pg.url(), autocommit=True) as con:
        con.execute('DROP DATABASE IF EXISTS "icu"')
        con.execute(
            "CREATE DATABASE icu TEMPLATE template0 LOCALE 'C' "
            "LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
        )
        with psycopg.connect(pg.url("icu")) as icu:
            low, high = icu.execute(
                "SELECT MIN(x), MAX(x) FROM (VALUES ('Email'), ('email')) v(x)"
            ).fetchone()
    assert (low, high) == ("email", "Email")  # not code point order: the test can fail
    con = pg.connect("icu")
    try:
        for name, frame in _shop().items():
            con.create_table(name, frame, overwrite=True)
    finally:
        con.disconnect()
    _assert_workbook(shop_raw, pg.url("icu"))


def test_the_postgresql_sql_says_its_collations():
    from xlkpi.engine import compile_sql

    sql = compile_sql("cac", dialect="postgres")
    assert 'COLLATE "C"' in sql and 'COLLATE "und-x-icu"' in sql
    assert "COLLATE" not in compile_sql("cac", dialect="duckdb")
