"""Adapters where the data lives (issue 17): a platform export stored as a warehouse table
(a real PostgreSQL), or as a Parquet / CSV file DuckDB reads, is recognised by its columns
and adapted in the backend; its KPIs are the hand-computed ones of the downloaded file."""

from __future__ import annotations

import shutil

import ibis
import pandas as pd
import pytest

from tests.adapters.expected import EXPECTED
from tests.adapters.test_exports import FIXTURES, _assert_expected, _values
from tests.support import postgres
from xlkpi.errors import SourceError
from xlkpi.sources import api
from xlkpi.sources.connect import open_source

#: fixture -> the table it is stored as (any name: recognised by its columns)
STORED = {
    "orders_export_1.csv": "orders_export_1",
    "stripe_subscriptions.csv": "stripe subscriptions 2025-03",
    "ga4_events.csv": "events_*",
}
#: GA4's BigQuery export types these columns as integers (the others are text)
GA4_INTEGERS = ("event_timestamp", "ga_session_id", "session_engaged", "engagement_time_msec")


def _frame(name: str) -> pd.DataFrame:
    frame = pd.read_csv(FIXTURES / name, dtype="string", keep_default_na=False, na_values=[""])
    if name == "ga4_events.csv":
        for column in GA4_INTEGERS:
            frame[column] = pd.array(pd.to_numeric(frame[column]), dtype="Int64")
    return frame


def _store(url: str, table: str, frame: pd.DataFrame) -> None:
    """``frame`` as a PostgreSQL table under the export's own headers (Ibis' loader cannot
    take a header such as ``Created (UTC)``: psycopg reads it as a placeholder)."""
    import psycopg

    def sql_type(column) -> str:
        return "bigint" if str(frame[column].dtype) == "Int64" else "text"

    columns = ", ".join(f'"{c}" {sql_type(c)}' for c in frame.columns)
    rows = [[None if pd.isna(v) else v for v in r] for r in frame.itertuples(index=False)]
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE TABLE "{table}" ({columns})')
        with con.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)


@pytest.fixture(scope="module")
def pg_exports(pg) -> str:
    """The exports as PostgreSQL tables; GA4's as BigQuery shards it, one table a day
    (events_20250113, events_20250114, events_20250201): adapted as their union."""
    url = pg.url(pg.create_database("exports"))
    for name, table in STORED.items():
        frame = _frame(name)
        if name != "ga4_events.csv":
            _store(url, table, frame)
            continue
        for day, shard in frame.groupby("event_date"):
            _store(url, f"events_{day}", shard)
    return url


#: the KPIs the expectations name (the engine computes only these: a test's budget)
KPIS = {key[1] for name in (*STORED, "Campaign report.csv", "meta_ads.csv")
        for key in EXPECTED[name]}  # fmt: skip


def _kpis(source) -> dict:
    from xlkpi.engine.run import kpi_data

    return _values(kpi_data(api.engine_tables(source), kpis=KPIS))


@pytest.fixture(scope="module")
def pg_kpis(pg_exports):
    return _kpis(pg_exports)


@pytest.mark.parametrize("name", sorted(STORED))
def test_exports_stored_in_postgres_give_their_kpis(pg_kpis, name):
    _assert_expected(pg_kpis, EXPECTED[name])


def test_the_adapter_runs_in_postgres_not_in_python(pg, pg_exports):
    """On a caller's backend, the adapted table is one query on the stored table; opened
    by URL (the source's own session), that query is kept as a temporary table there
    (xlkpi.adapters.where.Kept), whose rows the checks and KPIs then read."""
    backend = pg.connect("exports")
    for source in (backend, pg_exports):
        opened = open_source(source)
        assert set(opened.tables) == {"orders", "customers", "subscriptions", "sessions"}
        orders = opened.tables["orders"]
        assert orders.label == "orders_export_1" and orders.line_offset is None
        assert [a.adapter.name for a in orders.adapted] == ["shopify_orders"]
        assert orders.table._find_backend().name == "postgres"
        sql = ibis.to_sql(orders.table, dialect="postgres")
        if source is backend:  # one query on the stored table
            assert '"orders_export_1"' in sql and "GROUP BY" in sql
        else:
            name = orders.table.op().name
            with opened.backend.con.cursor() as cursor:
                query = "SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema()"
                assert name in {row[0] for row in cursor.execute(query).fetchall()}


def test_check_says_which_adapter_read_which_table(pg_exports):
    errors, warnings = api.check(pg_exports)
    assert errors == []
    said = {w.sheet: w.message for w in warnings if w.column == "(source)"}
    assert set(said) == set(STORED.values())
    assert "9 row(s) -> Subscriptions 37 row(s)" in said["stripe subscriptions 2025-03"]
    assert "1 incomplete or incomplete_expired" in said["stripe subscriptions 2025-03"]
    ga4 = said["events_*"]
    assert "15 row(s) -> Sessions 4 row(s); 1 row(s) left out: 1 event(s) without" in ga4


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The exports as downloaded (CSV) and as Parquet files, each in a folder."""
    csv = tmp_path_factory.mktemp("csv")
    parquet = tmp_path_factory.mktemp("parquet")
    for name in (*STORED, "Campaign report.csv", "meta_ads.csv"):
        shutil.copy(FIXTURES / name, csv / name)
    for name in STORED:
        _frame(name).to_parquet(parquet / name.replace(".csv", ".parquet"))
    return csv, parquet


def test_exports_as_csv_files_adapted_in_duckdb(folders):
    values = _kpis(folders[0])
    for name in STORED:
        _assert_expected(values, EXPECTED[name])
    # two ad platforms' spend add up; Google's title lines skipped
    _assert_expected(values, EXPECTED["Campaign report.csv"])
    _assert_expected(values, EXPECTED["meta_ads.csv"])


def test_a_report_of_stored_exports_has_its_sources_section(folders, tmp_path):
    """`xlkpi build` on an engine source: the Data quality sheet says which adapter read
    which stored export (counted by queries where it lies)."""
    import openpyxl

    from xlkpi.report.build import build_report

    findings: list = []
    out = build_report(folders[1], tmp_path / "r.xlsx", progress=False, findings=findings)
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book["KPI Data"].iter_rows(values_only=True))
    table = pd.DataFrame(rows[1:], columns=rows[0])
    table["value"] = pd.to_numeric(table["value"], errors="coerce")
    for name in STORED:  # the Parquet files' adapted tables give the expected KPIs
        _assert_expected(_values(table), EXPECTED[name])
    sheet = book["Data quality"]
    cells = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    at = cells.index(["Sources: exports read as downloaded"])
    listed = {row[0]: row[1] for row in cells[at + 2 : at + 2 + len(STORED)]}
    assert listed == {
        "ga4_events.parquet": "ga4_events",
        "orders_export_1.parquet": "shopify_orders",
        "stripe_subscriptions.parquet": "stripe_subscriptions",
    }


def test_traps_are_found_by_queries_in_postgres(pg):
    """Line items, zero-value orders, mixed currencies, event-level sessions and yearly
    subscriptions stored in PostgreSQL: the reader's findings, by queries there."""
    from tests.adapters.test_traps import _cases
    from xlkpi.data import check_source
    from xlkpi.data.traps import TrapFinding
    from xlkpi.sources.traps import QueryTrap

    cases = _cases()
    orders = cases["currencies"]["orders"].copy()
    orders.loc[[1], "revenue"] = 0.0
    orders.loc[2, "order_id"] = orders.loc[1, "order_id"]
    frames = {
        "orders": orders,
        "sessions": cases["events"]["sessions"],
        "subscriptions": cases["yearly"]["subscriptions"],
    }
    warnings: list = []
    check_source(frames, warnings=warnings)
    expected = sorted(w.message for w in warnings if isinstance(w, TrapFinding))
    assert len(expected) == 5  # line items, zero, currencies, events, yearly
    url = postgres.load(pg, "traps", frames)
    _, notes = api.check(url)
    assert sorted(n.message for n in notes if isinstance(n, QueryTrap)) == expected


def test_an_export_stored_under_a_contract_name_is_adapted():
    """A Shopify export loaded as a table called ``orders`` lacks order_id: it is read as
    the export it is (as the file reader reads such an orders.csv), not refused."""
    backend = ibis.duckdb.connect()
    backend.create_table("orders", _frame("orders_export_1.csv"))
    opened = open_source(backend)
    assert set(opened.tables) == {"orders", "customers"}
    assert [a.adapter.name for a in opened.tables["orders"].adapted] == ["shopify_orders"]
    assert opened.tables["orders"].table.count().execute() == 6


#: date text as exports write it, and text that is no date
DATE_TEXTS = ["2025-01-13", "2025-01-13 18:03:04 +0100", "2025-02-01 00:30:00 +0100",
              "2025-01-13T18:03:04Z", "2025-01-13 9:05 UTC", "2025-01-13 18:03:04.5-05:30",
              "20250113", "20251340", "1736791384", "1736791384000", "1736791384000000",
              "someday", None, "2025-01-13 25:00",
              # days the calendar lacks (PostgreSQL's cast raises on them) and leap days
              "2025-02-30", "2023-02-29 10:00", "2025-04-31T08:00:00Z", "20250230",
              "2025/02/30", "2100-02-29", "2024-02-29", "2000-02-29 23:59"]  # fmt: skip


def test_date_text_reads_where_it_lies_as_the_reader_reads_it():
    """The engine's parse of date text (DuckDB here; PostgreSQL in the exports' tests)
    equals the workbook reader's, value by value; and it compiles for every dialect."""
    from xlkpi.engine.run import spark_dialect
    from xlkpi.sources.dates import parse_text

    table = ibis.memtable({"d": DATE_TEXTS}, schema={"d": "string"})
    expr = table.select(p=parse_text(table.d, "d"))
    got = pd.to_datetime(ibis.duckdb.connect().to_pandas(expr)["p"]).astype("datetime64[ns]")
    assert got.tolist() == _reader_dates(DATE_TEXTS)
    for dialect in ("postgres", "bigquery", "snowflake", "spark", "duckdb"):
        assert "SELECT" in ibis.to_sql(expr, dialect=spark_dialect(dialect))


def _reader_dates(texts) -> list:
    from xlkpi.data.dates import parse_dates

    # each value alone (the reader takes a Unix unit per column: one value per column)
    return pd.Series([parse_dates(pd.Series([v], dtype=object)).values[0] for v in texts]).tolist()


def test_date_text_reads_in_postgres_as_the_reader_reads_it(pg):
    """The same parse run by a real PostgreSQL, whose cast raises where DuckDB's TRY_CAST
    gives NULL (``2025-02-30``): the reader's value for every text, no error."""
    from xlkpi.sources.dates import parse_text

    url = pg.url(pg.create_database("date_texts"))
    _store(url, "texts", pd.DataFrame({"d": pd.array(DATE_TEXTS, dtype="string")}))
    table = ibis.connect(url).table("texts")
    got = table.select(p=parse_text(table.d, "d")).to_pandas()["p"]
    got = pd.to_datetime(got).astype("datetime64[ns]")
    assert got.tolist() == _reader_dates(DATE_TEXTS)


def test_an_impossible_day_in_postgres_is_a_bad_cell_not_an_error(pg):
    """A contract date column stored as text, and a Stripe date, holding 30 February:
    the check names the cell, as for any text that is no date; the query never fails."""
    from xlkpi.adapters.stripe import _day

    url = pg.url(pg.create_database("impossible_days"))
    orders = pd.DataFrame({"order_id": ["A1", "A2", "A3"], "customer_id": ["c1", "c2", "c1"],
                           "order_date": ["2025-02-28", "2025-02-30", "2024-02-29"],
                           "revenue": ["10", "20", "30"]}, dtype="string")  # fmt: skip
    _store(url, "orders", orders)
    errors, _ = api.check(url)
    assert [(p.column, str(p.value)) for p in errors] == [("order_date", "2025-02-30")]
    table = ibis.connect(url).table("orders")
    days = table.select(d=_day(table.order_date + " 10:00")).to_pandas()["d"]
    assert [None if pd.isna(d) else str(d)[:10] for d in days] == [
        "2025-02-28", None, "2024-02-29"]  # fmt: skip


@pytest.mark.parametrize("name", ["orders_export_1.csv", "ga4_events.csv"])
def test_a_date_parse_is_written_once_per_grouping_of_the_export(name):
    """A date parse is about 100 kB of SQL. Written out at each of its five uses in an
    adapter's grouping, it made the Shopify KPI query 2.8 MB, and a PostgreSQL backend ran
    out of memory (21 GB) planning it. The adapters parse into a column, so the SQL of
    each contract table holds one parse per grouping of the export's rows (Shopify groups
    twice: the order's status for its line items, then the orders)."""
    from xlkpi.adapters.where import adapt
    from xlkpi.sources.dates import parse_text

    def parses(expr) -> int:
        return ibis.to_sql(expr, dialect="postgres").count(r"[01]?\d|2[0-3]")

    dates = ibis.table({"d": "string"}, name="t")
    one = parses(dates.select(p=parse_text(dates.d)))
    assert one >= 1
    stored = ibis.table({c: "string" for c in _frame(name).columns}, name="export")
    adapted = adapt(stored, name)
    groupings = 2 if name.startswith("orders") else 1
    for table, expr in adapted.tables.items():
        assert parses(expr) <= groupings * one, table


# CLASHES is the DuckDB test's (tests/adapters/test_cells.py); SEVERAL holds disagreeing
# lines too, and each PostgreSQL check of the export costs ~40 s of planning on 2 cores
@pytest.mark.parametrize("edits", ["BAD_CELLS", "SEVERAL"])
def test_bad_cells_of_an_export_stored_in_postgres_are_the_readers(pg, tmp_path, edits):
    """The Shopify export with bad cells (each once, though Created at feeds two tables),
    lines of one order that disagree, and several bad cells in one column of one order
    (each named), stored in PostgreSQL: the reader's problems,
    cell for cell (a warehouse table's rows have no lines: each named by its order's
    Name), whatever the database's collation orders text by."""
    from tests.adapters import test_cells
    from xlkpi.data import check_source

    folder = test_cells._cells(tmp_path / edits, getattr(test_cells, edits))
    reader = check_source(folder / "orders_export_1.csv")
    assert len(reader) == {"BAD_CELLS": 6, "SEVERAL": 8}[edits]
    frame = pd.read_csv(folder / "orders_export_1.csv", dtype="string",
                        keep_default_na=False, na_values=[""])  # fmt: skip
    url = pg.url(pg.create_database(f"cells_{edits.lower()}"))
    _store(url, "orders_export_1", frame)
    errors, _ = api.check(url)
    got = sorted((p.column, str(p.value), p.message) for p in errors)
    assert got == sorted((p.column, str(p.value), p.message) for p in reader)
    assert all(p.row is None and p.key.startswith("Name '#100") for p in errors)


def _nested_events():
    """The GA4 fixture as BigQuery stores it: event_params a REPEATED RECORD of key and
    value {string_value, int_value, float_value, double_value}; device, traffic_source
    RECORDs (support.google.com/analytics/answer/7029846)."""
    import pyarrow as pa

    frame = _frame("ga4_events.csv")
    value = pa.struct(
        {
            "string_value": pa.string(),
            "int_value": pa.int64(),
            "float_value": pa.float64(),
            "double_value": pa.float64(),
        }
    )
    param = pa.struct({"key": pa.string(), "value": value})
    keys = ("ga_session_id", "session_engaged", "engagement_time_msec")
    params = pa.array(
        [[{"key": k, "value": {"int_value": None if pd.isna(r[k]) else int(r[k])}} for k in keys]
         for _, r in frame.iterrows()],
        type=pa.list_(param),
    )  # fmt: skip
    return pa.table({
        "event_date": frame["event_date"].to_numpy(dtype=object),
        "event_timestamp": frame["event_timestamp"].to_numpy(dtype="int64"),
        "event_name": frame["event_name"].to_numpy(dtype=object),
        "event_params": params,
        "user_pseudo_id": frame["user_pseudo_id"].to_numpy(dtype=object),
        "device": [{"category": c} for c in frame["device.category"]],
    })  # fmt: skip


def test_a_ga4_events_table_with_nested_event_params_is_named_not_read(pg, tmp_path):
    """BigQuery's own events table (a Parquet export of it, a DuckDB table, a PostgreSQL
    table of JSON params) is not read as Sessions: it is named, with its column, never
    taken for a plausible number or a traceback."""
    import pyarrow.parquet as pq

    events = _nested_events()
    folder = tmp_path / "parquet"
    folder.mkdir()
    pq.write_table(events, folder / "events_20250113.parquet")
    _frame("orders_export_1.csv").to_parquet(folder / "orders_export_1.parquet")
    duck = ibis.duckdb.connect()
    duck.create_table("events_20250113", events)
    url = pg.url(pg.create_database("nested"))
    flat = events.drop_columns(["event_params", "device"]).to_pandas()
    flat["event_params"] = '[{"key": "ga_session_id", "value": {"int_value": 1}}]'
    _store(url, "events_20250113", flat)
    for source in (duck, url):  # the table alone: the one error line says why
        with pytest.raises(SourceError, match="events_20250113: not read as an export: "
                                              "column event_params: a GA4"):  # fmt: skip
            open_source(source)
    opened = open_source(folder)  # beside an export it reads: said among the warnings
    assert set(opened.tables) == {"orders", "customers"}
    _, warnings = api.check(opened)
    [said] = [w for w in warnings if w.sheet == "events_20250113.parquet"]
    assert said.message.startswith("not read as an export: column event_params: a GA4")
