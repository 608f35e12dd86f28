"""An export stored in a database the source opens itself (a DuckDB file, a PostgreSQL URL)
is adapted once into temporary tables of that connection (xlkpi.adapters.where.Kept),
as a file's are: the checks and the KPIs then read those tables. What they say must be
what the adapter's expressions on the stored table say, the stored data is never
written, and where the database refuses temporary tables the expressions are used."""

from __future__ import annotations

import hashlib

import pandas as pd

from tests.adapters import test_cells
from tests.warehouse.test_adapters import _store
from xlkpi.adapters import where
from xlkpi.sources import api
from xlkpi.sources.connect import open_source


def _export(tmp_path) -> pd.DataFrame:
    """The Shopify export with bad cells (test_cells.BAD_CELLS), as text."""
    folder = test_cells._cells(tmp_path / "bad", test_cells.BAD_CELLS)
    return pd.read_csv(folder / "orders_export_1.csv", dtype="string",
                       keep_default_na=False, na_values=[""])  # fmt: skip


def _stripe() -> pd.DataFrame:
    return pd.read_csv(test_cells.FIXTURES / "stripe_subscriptions.csv", dtype="string",
                       keep_default_na=False, na_values=[""])  # fmt: skip


def _kept(opened) -> dict[str, bool]:
    """Each adapted table of ``opened``: is it a temporary table of its connection?"""
    backend = opened.backend
    if backend.name == "duckdb":
        query = "SELECT table_name FROM duckdb_tables() WHERE temporary"
        temporary = {row[0] for row in backend.con.execute(query).fetchall()}
    else:
        with backend.con.cursor() as cursor:
            query = "SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema()"
            temporary = {row[0] for row in cursor.execute(query).fetchall()}
    return {
        name: getattr(found.table.op(), "name", None) in temporary
        for name, found in opened.tables.items()
        if found.adapted
    }


def _results(source) -> tuple:
    """What a user gets of ``source``: the check's errors and warnings (cells, lines,
    the adapters' statements; a warehouse table's rows have no order, so neither have
    its problems), and each contract table as typed: all the KPIs are computed of."""
    opened = open_source(source)
    errors, warnings = api.check(opened)
    tables = {
        name: table.to_pandas().sort_values(list(table.columns)).reset_index(drop=True)
        for name, table in api.engine_tables(opened, validate=False).items()
    }
    said = sorted(
        (p.sheet, p.row or 0, p.column, str(p.value), p.message, p.key or "") for p in errors
    )
    warned = sorted((p.sheet, p.column, str(p.value), p.message) for p in warnings)
    return said, warned, tables


def _assert_same(got: tuple, want: tuple) -> None:
    assert got[0] == want[0]
    assert got[1] == want[1]
    assert got[2].keys() == want[2].keys()
    for name in got[2]:
        pd.testing.assert_frame_equal(got[2][name], want[2][name])


def test_a_duckdb_file_keeps_its_exports_with_the_same_results_and_is_not_written(
    tmp_path, monkeypatch
):
    """Read-only, the file still takes temporary tables (their catalog is not the file's);
    the results equal those of the expressions on the stored tables, and the file's bytes
    and time are as they were."""
    import duckdb

    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    for name, frame in {"orders_export_1": _export(tmp_path), "subs": _stripe()}.items():
        con.register("frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
        con.unregister("frame")
    con.close()
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)

    kept = _kept(open_source(path))
    assert set(kept) == {"orders", "customers", "subscriptions"} and all(kept.values())
    got = _results(path)
    assert len(got[0]) == 6  # the six bad cells (test_cells names them)
    with monkeypatch.context() as m:
        m.setattr(where, "KEEPS", ())
        assert not any(_kept(open_source(path)).values())
        want = _results(path)
    _assert_same(got, want)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def _tables(url: str) -> list:
    import psycopg

    with psycopg.connect(url) as con:
        query = "SELECT table_schema, table_name FROM information_schema.tables ORDER BY 1, 2"
        return con.execute(query).fetchall()


def test_postgres_keeps_exports_where_the_role_may_else_reads_them_as_stored(pg):
    """A role that may create temporary tables gets the export kept in its session; a role
    that may not (REVOKE TEMPORARY) gets the expressions on the stored table, silently:
    both see the same check and tables, and the database holds the tables it held (the
    Stripe export: the Shopify one kept in PostgreSQL is the reader's, cell for cell, in
    test_adapters.test_bad_cells_of_an_export_stored_in_postgres_are_the_readers)."""
    import psycopg

    database = pg.create_database("kept")
    url = pg.url(database)
    _store(url, "subs", _stripe())
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DROP ROLE IF EXISTS reader")
        con.execute("CREATE ROLE reader LOGIN PASSWORD 'reader-pw'")
        con.execute(f'REVOKE TEMPORARY ON DATABASE "{database}" FROM PUBLIC')
        con.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    reader = url.replace(url.split("//", 1)[1].split("@", 1)[0], "reader:reader-pw")
    stored = _tables(url)

    assert _kept(open_source(url)) == {"subscriptions": True}
    refused = open_source(reader)
    assert _kept(refused) == {"subscriptions": False} and refused.exports[0].keep is None
    got, want = _results(url), _results(reader)
    assert any("read as a Stripe" in w[3] for w in got[1])
    _assert_same(got, want)
    assert _tables(url) == stored


def test_a_callers_backend_is_not_given_temporary_tables(tmp_path):
    """A live backend the caller passes is theirs: its session gets no tables of ours."""
    import ibis

    backend = ibis.duckdb.connect()
    backend.create_table("orders_export_1", _export(tmp_path))
    opened = open_source(backend)
    assert set(_kept(opened)) == {"orders", "customers"} and not any(_kept(opened).values())
