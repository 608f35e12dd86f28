"""Settings where the data lives: a ``settings`` table in a real PostgreSQL and in a DuckDB
database file is read as a folder's ``settings.csv`` and a workbook's Settings sheet are.

Differential: the workbook reader, given the same text and the same Settings, is the
reference. Day/month text dates read under ``date_order``; instants near midnight (text
with an offset, and ``timestamptz`` columns) fall on the day and month of ``time_zone``;
KPI Data equals the reader's value for value. Bad values name the table, the key and the
column; unknown keys are named.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from xlkpi.data import read_source
from xlkpi.engine import covered
from xlkpi.engine.compute import compute_kpis
from xlkpi.errors import DataError
from xlkpi.sources import api

from .conftest import contract_frames

#: (date_order, time_zone, orders' dates stored as timestamptz rather than text)
CASES = [("dmy", "Australia/Sydney", False), ("mdy", "America/Los_Angeles", True)]


def _texts(raw, order: str, aware: bool) -> dict:
    """The sample's Orders and Customers as exports write them: every order an instant
    with an offset, in the evening or just after midnight UTC (so a zone east or west moves
    it across a day, and at month ends across a month); customers' dates day/month text."""
    frames = contract_frames(raw)
    orders, customers = frames["orders"].copy(), frames["customers"].copy()
    shift = pd.to_timedelta((orders.index % 7) * 53 + 21 * 60, unit="min")  # 21:00-02:18
    instants = (orders.order_date + shift).dt.tz_localize("UTC")
    if aware:
        orders["order_date"] = instants
    else:
        orders["order_date"] = instants.dt.strftime("%Y-%m-%d %H:%M:%S+00:00")
    style = "%d/%m/%Y" if order == "dmy" else "%m/%d/%Y"
    for column in ("acquired_date", "churned_date"):
        customers[column] = customers[column].dt.strftime(style)
    return {"orders": orders, "customers": customers}


def _settings(order: str, zone: str) -> pd.DataFrame:
    pairs = [("date_order", order), ("time_zone", zone), ("as_of", "2026-09-30")]
    return pd.DataFrame(pairs, columns=["key", "value"])


def _reader(tables: dict, order: str, zone: str) -> pd.DataFrame:
    """The workbook path: the same cells in sheets, the same Settings sheet."""
    frames = {name.title(): frame for name, frame in tables.items()}
    frames["Settings"] = _settings(order, zone)
    table = compute_kpis(read_source(frames)).table
    return table[table.kpi.isin(covered())].reset_index(drop=True)


def _duckdb_file(path, tables: dict, settings: pd.DataFrame | None) -> str:
    con = duckdb.connect(str(path))
    for name, frame in {
        **tables,
        **({"settings": settings} if settings is not None else {}),
    }.items():
        con.register("frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
        con.unregister("frame")
    con.close()
    return str(path)


def _assert_same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    key = ["period", "kpi", "segment"]
    assert len(got) and got[key].values.tolist() == expected[key].values.tolist()
    assert got.value.to_numpy() == pytest.approx(expected.value.to_numpy(), rel=1e-9, nan_ok=True)


@pytest.fixture(scope="module")
def cases(sample_raw):
    """Per case: (the contract tables as stored, the reader's KPI Data)."""
    out = {}
    for order, zone, aware in CASES:
        tables = _texts(sample_raw, order, aware)
        out[order, zone, aware] = tables, _reader(tables, order, zone)
    return out


@pytest.mark.parametrize(("order", "zone", "aware"), CASES)
def test_a_duckdb_file_takes_its_settings_table(cases, order, zone, aware, tmp_path):
    tables, expected = cases[order, zone, aware]
    source = _duckdb_file(tmp_path / "shop.duckdb", tables, _settings(order, zone))
    _assert_same(api.kpi_data(source), expected)


@pytest.mark.parametrize(("order", "zone", "aware"), CASES)
def test_postgresql_takes_its_settings_table(cases, pg, order, zone, aware):
    from tests.support import postgres

    tables, expected = cases[order, zone, aware]
    name = f"settings_{order}_{int(aware)}"
    url = postgres.load(pg, name, {**tables, "settings": _settings(order, zone)})
    frames = {name.title(): frame for name, frame in tables.items()}
    raw = read_source({**frames, "Settings": _settings(order, zone)})
    typed = api.engine_tables(url, validate=False)  # the values: checks are other tests
    for name, column in [("orders", "order_date"), ("customers", "acquired_date"),
                         ("customers", "churned_date")]:  # fmt: skip
        key = "order_id" if name == "orders" else "customer_id"
        got = typed[name].select(key, column).to_pandas().set_index(key)[column]
        want = raw.tables[name].frame.set_index(key)[column]
        assert got.sort_index().astype("datetime64[ns]").tolist() == want.sort_index().tolist()
    if aware:  # the whole KPI Data (the text dates' SQL takes PostgreSQL ~20 s to plan)
        _assert_same(api.kpi_data(url), expected)


def test_the_days_differ_without_the_settings(cases, tmp_path):
    """The comparison can fail: without its settings table, the same file's day/month
    dates are an error, and with only the date order, the orders' days are not Sydney's."""
    order, zone, aware = CASES[0]
    tables, _ = cases[order, zone, aware]
    bare = _duckdb_file(tmp_path / "bare.duckdb", tables, None)
    with pytest.raises(DataError, match=r"customers\.acquired_date: .*date_order"):
        api.kpi_data(bare)

    def days(time_zone: str) -> list:
        path = _duckdb_file(
            tmp_path / f"{len(time_zone)}.duckdb", tables, _settings(order, time_zone)
        )
        orders = api.engine_tables(path, validate=False)["orders"].order_by("order_id")
        return orders.order_date.to_pandas().dt.date.tolist()

    utc, sydney = days("UTC"), days(zone)
    moved = sum(a != b for a, b in zip(utc, sydney, strict=True))
    assert 0 < moved < len(utc)  # the evening orders move to the next day, not all


def test_bad_and_unknown_settings_are_named(tmp_path):
    orders = pd.DataFrame({"order_id": ["1"], "order_date": ["2025-01-13"],
                           "customer_id": ["C1"], "revenue": [10.0]})  # fmt: skip
    pairs = [("time_zone", "Mars/Olympus"), ("date_order", "ymd"), ("colour", "blue"),
             ("period", "month"), ("period", "week")]  # fmt: skip
    settings_table = pd.DataFrame(pairs, columns=["key", "value"])
    source = _duckdb_file(tmp_path / "bad.duckdb", {"orders": orders}, settings_table)
    errors, warnings = api.check(source)
    shown = sorted(str(p) for p in errors)
    assert shown == [
        "settings.value (key 'date_order'): setting date_order: expected one of dmy, mdy "
        "(value: 'ymd')",
        "settings.value (key 'period'): setting period: given twice, as 'month' and 'week'; "
        "keep one (value: 'week')",
        "settings.value (key 'time_zone'): setting time_zone: expected a time zone name such "
        "as UTC, Europe/Paris or America/New_York (value: 'Mars/Olympus')",
    ]
    (unknown,) = [str(p) for p in warnings if "unknown setting" in str(p)]
    assert unknown.startswith("settings.key (key 'colour'): unknown setting ignored (known: ")
    with pytest.raises(DataError, match=r"settings\.value \(key 'date_order'\)"):
        api.kpi_data(source)


def test_a_big_table_called_settings_is_not_read_as_settings(tmp_path):
    """An application's own ``settings`` table (thousands of rows) is left alone, said."""
    orders = pd.DataFrame({"order_id": ["1"], "order_date": ["2025-01-13"],
                           "customer_id": ["C1"], "revenue": [10.0]})  # fmt: skip
    theirs = pd.DataFrame({"user_id": range(1001), "theme": "dark"})
    source = _duckdb_file(tmp_path / "app.duckdb", {"orders": orders}, theirs)
    errors, warnings = api.check(source)
    assert errors == []
    said = [str(p) for p in warnings if p.sheet == "settings"]
    assert said == [
        "settings.(table): not read as Settings: more than 1,000 rows (value: 'settings')"
    ]


def test_given_settings_beat_postgresqls_settings_table(pg):
    """``--setting`` (the API's ``settings=``) beats the table, on a real server too."""
    from tests.support import postgres

    orders = pd.DataFrame({"order_id": ["1", "2"], "customer_id": ["C1", "C2"],
                           "order_date": ["2025-02-01 03:00:00+00:00", "12/01/2025"],
                           "revenue": [10.0, 5.0]})  # fmt: skip
    url = postgres.load(pg, "given", {"orders": orders, "settings": _settings("mdy", "UTC")})
    given = {"time_zone": "Australia/Sydney", "date_order": "dmy"}
    for settings_, want in [(None, ["2025-02-01 03:00", "2025-12-01 00:00"]),
                            (given, ["2025-02-01 14:00", "2025-01-12 00:00"])]:  # fmt: skip
        typed = api.engine_tables(url, validate=False, settings=settings_)["orders"]
        got = typed.order_by("order_id").order_date.to_pandas()
        assert got.dt.strftime("%Y-%m-%d %H:%M").tolist() == want


def test_a_report_from_a_duckdb_file_has_its_settings_and_targets(tmp_path):
    """``xlkpi build`` of a source whose tables fit a sheet reads them as DataFrames: the
    report's Settings (grain, time zone, ...) and Targets are the source's, as a
    workbook's are (they were dropped)."""
    from xlkpi.report.build import _tables_where_they_lie

    orders = pd.DataFrame({"order_id": ["1", "2", "3"], "customer_id": ["C1", "C2", "C1"],
                           "order_date": ["2025-03-31 23:30:00+00:00", "13/01/2025",
                                          "2025-05-02"], "revenue": [10.0, 5.0, 7.0]})  # fmt: skip
    pairs = [("period", "quarter"), ("time_zone", "Australia/Sydney"), ("date_order", "dmy")]
    settings_table = pd.DataFrame(pairs, columns=["key", "value"])
    targets = pd.DataFrame({"kpi": ["orders"], "target": [3.0]})
    tables = {"orders": orders, "targets": targets}
    source = _duckdb_file(tmp_path / "shop.duckdb", tables, settings_table)
    frames, _, over = _tables_where_they_lie(source)
    assert over == {}
    got = read_source(frames)
    want = read_source({"Orders": orders, "Targets": targets, "Settings": settings_table})
    assert got.settings == want.settings and got.settings.period == "quarter"
    assert got.targets[["kpi", "target"]].values.tolist() == [["orders", 3.0]]
    table = compute_kpis(got).table
    assert table.equals(compute_kpis(want).table)
    orders_rows = dict(table[table.kpi == "orders"][["period", "value"]].values.tolist())
    assert orders_rows == {"2025-Q1": 1, "2025-Q2": 2}  # 31 March 23:30 UTC: April in Sydney


def test_an_export_stored_as_a_table_takes_the_settings_tables_zone(tmp_path):
    """A Shopify export kept as a DuckDB table: its ``Created at`` (with an offset) falls
    on the day of the settings table's ``time_zone``, as the contract's tables do."""
    export = pd.DataFrame({"Name": ["#1001", "#1002"], "Email": ["a@x.com", "b@x.com"],
                           "Financial Status": ["paid", "paid"],
                           "Created at": ["2025-01-31 23:30:00 +0000", "2025-01-15 10:00:00 +0000"],
                           "Subtotal": ["10", "5"], "Lineitem quantity": ["1", "1"],
                           "Lineitem name": ["A", "B"], "Currency": ["USD", "USD"]})  # fmt: skip
    pairs = pd.DataFrame([("time_zone", "Australia/Sydney")], columns=["key", "value"])
    source = _duckdb_file(tmp_path / "shop.duckdb", {"orders_export_1": export}, pairs)
    orders = api.engine_tables(source, validate=False)["orders"].order_by("order_id")
    got = orders.order_date.to_pandas().dt.strftime("%Y-%m-%d %H:%M").tolist()
    assert got == ["2025-02-01 10:30", "2025-01-15 21:00"]  # 31 January 23:30 UTC: 1 February


def test_a_parquet_folders_settings_parquet_is_its_settings(tmp_path):
    """``settings.parquet`` beside ``orders.parquet`` is read as ``settings.csv`` is (it
    was ignored, silently)."""
    orders = pd.DataFrame({"order_id": ["1"], "order_date": ["13/01/2025"],
                           "customer_id": ["C1"], "revenue": [10.0]})  # fmt: skip
    orders.to_parquet(tmp_path / "orders.parquet")
    _settings("dmy", "Europe/Paris").to_parquet(tmp_path / "settings.parquet")
    source = api.opened(tmp_path)
    assert (source.settings().settings.date_order, source.settings().settings.time_zone) == (
        "dmy", "Europe/Paris")  # fmt: skip
    got = api.engine_tables(source)["orders"].order_date.to_pandas().dt.strftime("%Y-%m-%d")
    assert got.tolist() == ["2025-01-13"]
