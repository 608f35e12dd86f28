"""The calendar check of date text on the engine (xlkpi.sources.dates.iso_day): a day is a
date exactly when Python's ``datetime.date`` takes it (no 30 February; 29 February in leap
years only), so no backend's cast meets an impossible day (PostgreSQL's raises)."""

from __future__ import annotations

import datetime
import re

import ibis

from xlkpi.sources.dates import _CALENDAR, _CALENDAR_YMD, iso_day


def _is_date(y: int, m: int, d: int) -> bool:
    try:
        datetime.date(y, m, d)
    except ValueError:
        return False
    return True


def test_the_calendar_pattern_is_pythons_calendar():
    for y in range(1890, 2210):
        for m in range(14):
            for d in range(33):
                text = f"{y:04d}-{m:02d}-{d:02d}"
                want = _is_date(y, m, d)
                assert bool(re.search(_CALENDAR, text)) is want, text
                assert bool(re.search(_CALENDAR_YMD, f" {y:04d}{m:02d}{d:02d} ")) is want, text


def test_duckdb_matches_the_calendar_as_python_does():
    """The same pattern run by DuckDB's RE2 (PostgreSQL's: tests/warehouse/test_adapters.py)."""
    texts = [f"{y:04d}-{m:02d}-{d:02d}" for y in (1900, 2000, 2023, 2024, 2100)
             for m in range(14) for d in range(33)]  # fmt: skip
    table = ibis.memtable({"d": texts}, schema={"d": "string"})
    got = ibis.duckdb.connect().to_pandas(table.select(ok=iso_day(table.d)))["ok"].tolist()
    want = [_is_date(*(int(p) for p in t.split("-"))) for t in texts]
    assert got == want
