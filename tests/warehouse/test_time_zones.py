"""The report's time zone where the data lives: an instant (text with an offset, or a
``timestamptz`` / BigQuery ``TIMESTAMP`` column) becomes the wall time in Settings
``time_zone``, by each backend's own SQL (``xlkpi.sources.dates``), equal to Python's
``zoneinfo`` conversion. DuckDB runs it; the other dialects' SQL is parsed by sqlglot in
that dialect and, translated by sqlglot, run in DuckDB (no server here)."""

from __future__ import annotations

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import duckdb
import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlkpi.data.contract import TABLES
from xlkpi.data.dates import DateRules
from xlkpi.errors import SourceError
from xlkpi.sources import dates
from xlkpi.sources.cast import cast

ZONES = ["UTC", "Australia/Sydney", "America/Los_Angeles", "Asia/Kolkata", "Europe/London",
         "Pacific/Chatham", "America/St_Johns", "Pacific/Kiritimati"]  # fmt: skip
#: backend name -> (Ibis' dialect of its SQL, sqlglot's)
DIALECTS = {
    "duckdb": ("duckdb", "duckdb"),
    "postgres": ("postgres", "postgres"),
    "bigquery": ("bigquery", "bigquery"),
    "snowflake": ("snowflake", "snowflake"),
    "pyspark": ("pyspark", "spark"),
    "databricks": ("databricks", "databricks"),
}
DAY = TABLES["orders"].column("order_date")


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    return con


def _zoned(utc: list[dt.datetime], zone: str) -> list[dt.datetime]:
    return [u.astimezone(ZoneInfo(zone)).replace(tzinfo=None) for u in utc]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    stamps=st.lists(
        st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2150, 12, 31)), min_size=1, max_size=8
    ),
    zone=st.sampled_from(ZONES),
)
def test_the_engines_day_is_pythons_zoneinfo_day(stamps, zone, con):
    """Text with an offset and a TIMESTAMPTZ column, typed by the engine on DuckDB: the
    wall time in ``zone`` is Python's ``zoneinfo`` conversion, to the microsecond."""
    import ibis
    import pandas as pd

    utc = [s.replace(tzinfo=dt.UTC) for s in stamps]
    frame = pd.DataFrame({"text": [u.isoformat() for u in utc], "aware": utc})
    table = ibis.duckdb.from_connection(con).create_table("instants", frame, overwrite=True)
    with dates.reading(DateRules(None, zone)):
        got = table.select(
            text=cast(DAY, table.text, "timestamp"), aware=cast(DAY, table.aware, "timestamp")
        ).to_pandas()
    assert [t.to_pydatetime() for t in got.text] == _zoned(utc, zone)
    assert [t.to_pydatetime() for t in got.aware] == _zoned(utc, zone)


INSTANTS = [dt.datetime(2025, 1, 31, 23, 30), dt.datetime(2025, 3, 30, 0, 59),
            dt.datetime(2025, 6, 30, 13, 30), dt.datetime(2024, 12, 31, 7, 59)]  # fmt: skip


@pytest.mark.parametrize("backend", sorted(DIALECTS))
@pytest.mark.parametrize("zone", ["Australia/Sydney", "America/Los_Angeles", "UTC"])
def test_each_dialects_conversion_parses_and_means_the_zones_wall_time(backend, zone, con):
    """The SQL each backend gets: sqlglot reads it in that dialect, and the same SQL
    translated to DuckDB gives the zone's wall times (a near-midnight instant moves to
    the next or previous day and month)."""
    import ibis

    ibis_dialect, glot = DIALECTS[backend]
    t = ibis.table({"aware": "timestamp('UTC')", "naive": "timestamp"}, name="instants")
    with mock.patch.object(dates, "_backend", lambda value: backend):
        expr = t.select(wall=dates.wall_time(t.aware, zone), text=dates.to_zone(t.naive, zone))
    sql = str(ibis.to_sql(expr, dialect=ibis_dialect))
    assert sqlglot.parse_one(sql, read=glot) is not None
    con.execute("CREATE OR REPLACE TABLE instants (aware TIMESTAMPTZ, naive TIMESTAMP)")
    con.executemany("INSERT INTO instants VALUES (?, ?)",
                    [(i.replace(tzinfo=dt.UTC), i) for i in INSTANTS])  # fmt: skip
    rows = con.execute(sqlglot.transpile(sql, read=glot, write="duckdb")[0]).fetchall()
    want = _zoned([i.replace(tzinfo=dt.UTC) for i in INSTANTS], zone)
    assert [r[0] for r in rows] == want
    assert [r[1] for r in rows] == want


def test_a_backend_without_the_conversion_says_so():
    import ibis

    t = ibis.table({"aware": "timestamp('UTC')"}, name="instants")
    with mock.patch.object(dates, "_backend", lambda value: "mysql"):
        assert dates.wall_time(t.aware, "UTC").type().timezone is None  # a plain cast, as before
        with pytest.raises(SourceError, match=r"time_zone 'Asia/Tokyo': .* mysql backend"):
            dates.wall_time(t.aware, "Asia/Tokyo")
