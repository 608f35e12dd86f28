"""GA4 events -> Sessions: a session's device and source are its session_start event's (else
its first event's by event_timestamp; a blank value skipped; same microsecond: the smallest
value by code point), never the text MAX of its events, on the reader and every engine."""

from __future__ import annotations

import csv
from pathlib import Path

import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.adapters.ga4 import _tables

HEADER = ["event_date", "event_timestamp", "event_name", "user_pseudo_id", "ga_session_id",
          "device.category", "traffic_source.medium"]  # fmt: skip
#: (timestamp µs, event, user, session, device, medium): three sessions whose events disagree
EVENTS = [
    # u1/1: session_start says desktop / cpc; MAX of the events would say tablet / referral
    (100, "session_start", "u1", "1", "desktop", "cpc"),
    (200, "page_view", "u1", "1", "tablet", "referral"),
    # u1/2: no session_start; the earliest event (written second) says desktop / organic
    (300, "page_view", "u1", "2", "mobile", "email"),
    (250, "page_view", "u1", "2", "Desktop", "organic"),
    # u2/1: session_start gives the device; its medium is blank, so the next events' at
    # the same microsecond: 'fax' (code point order; a collation puts 'émail' first)
    (400, "session_start", "u2", "1", "Tablet", ""),
    (400, "page_view", "u2", "1", "mobile", "émail"),
    (400, "scroll", "u2", "1", "desktop", "fax"),
]
#: (visitor, device, source) by hand, from the rule above
EXPECTED = [("u1", "desktop", "cpc"), ("u1", "desktop", "organic"), ("u2", "tablet", "fax")]


def _rows(events) -> list[list[str]]:
    return [["20250113", str(ts), name, user, session, device, medium]
            for ts, name, user, session, device, medium in events]  # fmt: skip


def _write(folder: Path, events=EVENTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "ga4_events.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER, *_rows(events)])
    return folder


def _sessions(frame) -> list[tuple]:
    records = frame[["visitor_id", "device", "source"]].itertuples(index=False)
    return sorted((str(v), d, s) for v, d, s in records)


def test_the_reader_and_duckdb_take_the_session_start_events_device_and_source(tmp_path):
    from xlkpi.data import read_source
    from xlkpi.sources import api

    folder = _write(tmp_path / "ga4")
    reader = read_source(folder / "ga4_events.csv").tables["sessions"].frame
    assert _sessions(reader) == EXPECTED
    engine = api.engine_tables(folder)["sessions"].to_pandas()
    assert _sessions(engine) == EXPECTED


def test_postgresql_takes_them_too_whatever_its_collation(pg):
    """The export stored in a database whose collation sorts 'émail' before 'fax' (ICU
    en-US): the same sessions as by hand (a MIN under the collation would say 'émail')."""
    import psycopg

    from xlkpi.sources import api

    with psycopg.connect(pg.url(), autocommit=True) as con:
        con.execute('DROP DATABASE IF EXISTS "ga4_icu"')
        con.execute("CREATE DATABASE ga4_icu TEMPLATE template0 LOCALE 'C' "
                    "LOCALE_PROVIDER icu ICU_LOCALE 'en-US'")  # fmt: skip
    columns = ", ".join(f'"{h}" text' for h in HEADER)
    with psycopg.connect(pg.url("ga4_icu"), autocommit=True) as con:
        assert con.execute("SELECT MIN(x) FROM (VALUES ('fax'), ('émail')) v(x)").fetchone() == (
            "émail",
        )  # not code point order: the test can fail
        con.execute(f'CREATE TABLE "events_20250113" ({columns})')
        with con.cursor().copy('COPY "events_20250113" FROM STDIN') as copy:
            for row in _rows(EVENTS):
                copy.write_row([v or None for v in row])
    engine = api.engine_tables(pg.url("ga4_icu"))["sessions"].to_pandas()
    assert _sessions(engine) == EXPECTED


def reference(events) -> dict[tuple, tuple]:
    """The rule in Python: per (user, session), each of device and medium from the first
    event with one, by (not session_start, timestamp, value)."""
    out: dict[tuple, list] = {}
    for ts, name, user, session, device, medium in events:
        out.setdefault((user, session), [])
        out[(user, session)].append((name != "session_start", ts, device, medium))

    def first(rows, i):
        values = sorted((later, ts, v.lower()) for later, ts, *vs in rows
                        if (v := vs[i].strip()))  # fmt: skip
        return values[0][2] if values else None

    return {key: (first(rows, 0), first(rows, 1)) for key, rows in out.items()}


_VALUES = st.sampled_from(["", "desktop", "Mobile", "tablet", "(none)", "cpc", "émail", "fax"])
_EVENT = st.tuples(
    st.integers(1, 4), st.sampled_from(["session_start", "page_view", "scroll"]),
    st.sampled_from(["u1", "u2", "u3"]), st.sampled_from(["1", "2", "3"]), _VALUES, _VALUES,
)  # fmt: skip


def _key(row: tuple) -> tuple:
    return tuple("" if v is None else v for v in row)


@pytest.fixture(scope="module")
def sessions_sql() -> str:
    """The adapter's Sessions as DuckDB SQL over a table ``events``: compiled once (a date
    parse is ~100 kB of SQL), run on each generated export."""
    columns = {h.replace(".", "_"): "string" for h in HEADER} | {"_row": "int64"}
    return ibis.to_sql(_tables(ibis.table(columns, name="events"))["sessions"], dialect="duckdb")


# a run of the query costs ~0.25 s (its SQL is large): few examples of up to 9 sessions
@settings(max_examples=12, deadline=None)
@given(events=st.lists(_EVENT, min_size=1, max_size=30))
def test_duckdb_equals_the_python_reference(sessions_sql, events):
    import duckdb
    import pyarrow as pa

    rows = _rows(events)
    data = {h.replace(".", "_"): [r[i] or None for r in rows] for i, h in enumerate(HEADER)}
    con = duckdb.connect()
    con.register("events", pa.table(data | {"_row": list(range(2, len(rows) + 2))}))
    got = con.sql(f"SELECT visitor_id, device, source FROM ({sessions_sql})").fetchall()
    # the adapter's visitor is the user; sessions are told apart by their device/source
    want = [(user, *values) for (user, _), values in reference(events).items()]
    assert sorted(got, key=_key) == sorted(want, key=_key)


@pytest.mark.parametrize("name", ["session_start", "page_view"])
def test_one_event_sessions_keep_their_values(name):
    assert reference([(1, name, "u", "1", " Mobile ", "cpc")]) == {("u", "1"): ("mobile", "cpc")}
