"""Dates as exports write them (issue 17): offsets, UTC, YYYYMMDD, Unix time, d/m/y, names."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.data.helpers import make_xlsx
from xlkpi.data import check_source, read_source
from xlkpi.data.convert import to_date
from xlkpi.data.dates import DateRules, parse_dates

TS = pd.Timestamp
DMY, MDY = DateRules("dmy"), DateRules("mdy")


@pytest.mark.parametrize(
    ("cell", "rules", "expected"),
    [
        ("2025-01-13 18:03:04 +0100", None, TS("2025-01-13 17:03:04")),  # Shopify
        ("2025-01-13 00:30:00 +0100", None, TS("2025-01-12 23:30")),  # the date moves
        ("2025-01-13T18:03:04Z", None, TS("2025-01-13 18:03:04")),
        ("2025-01-13 18:03:04 UTC", None, TS("2025-01-13 18:03:04")),
        ("2025-01-13 18:03 UTC", None, TS("2025-01-13 18:03")),
        ("2025-01-13 18:03:04-05:00", None, TS("2025-01-13 23:03:04")),
        ("2025-01-13 18:03:04+01", None, TS("2025-01-13 17:03:04")),
        ("20250113", None, TS("2025-01-13")),
        (20250113, None, TS("2025-01-13")),
        ("13/01/2025", DMY, TS("2025-01-13")),
        ("01/13/2025", MDY, TS("2025-01-13")),
        ("13.01.2025", DMY, TS("2025-01-13")),
        ("13-01-2025 14:05", DMY, TS("2025-01-13 14:05")),
        ("01/13/2025 2:05:09 PM", MDY, TS("2025-01-13 14:05:09")),
        ("01/13/2025 12:05 AM", MDY, TS("2025-01-13 00:05")),
        ("2025/01/13", None, TS("2025-01-13")),
        ("2025/1/3 07:00", None, TS("2025-01-03 07:00")),
        ("Jan 13, 2025", None, TS("2025-01-13")),
        ("January 13, 2025", None, TS("2025-01-13")),
        ("13 Jan 2025", None, TS("2025-01-13")),
        ("13-Jan-2025", None, TS("2025-01-13")),
        (
            "2025-01-13 18:03:04 +0100",
            DateRules(time_zone="Europe/Paris"),
            TS("2025-01-13 18:03:04"),
        ),
        ("2025-07-13 18:03:04 Z", DateRules(time_zone="Europe/Paris"), TS("2025-07-13 20:03:04")),
        ("2025-01-13 18:03:04", DateRules(time_zone="Europe/Paris"), TS("2025-01-13 18:03:04")),
    ],
    ids=repr,
)
def test_export_dates(cell, rules, expected):
    for column in (pd.Series([cell], dtype=object), pd.Series([str(cell)], dtype="str")):
        values, bad = to_date(column, rules=rules or DateRules())
        assert values[0] == expected and not bad[0]


@pytest.mark.parametrize(
    ("cell", "name", "expected"),
    [
        (1736791384, "created", TS("2025-01-13 18:03:04")),  # seconds, by magnitude
        (1736791384000, "created", TS("2025-01-13 18:03:04")),  # milliseconds
        (1736791384123456, "event_timestamp", TS("2025-01-13 18:03:04.123456")),  # GA4
        ("1736791384123456", "x", TS("2025-01-13 18:03:04.123456")),  # microseconds
        (1736791384, "created_ms", TS("1970-01-21 02:26:31.384")),  # the name says ms
    ],
    ids=repr,
)
def test_unix_time_by_name_or_magnitude(cell, name, expected):
    values, bad = to_date(pd.Series([cell], dtype=object), name=name)
    assert values[0] == expected and not bad[0]


@pytest.mark.parametrize(
    "cell",
    ["13/13/2025", "32/01/2025", "2025/13/01", "Jam 13, 2025", "20251301", "01/13/2025 13:00 PM"],
)
def test_impossible_dates_stay_bad(cell):
    values, bad = to_date(pd.Series([cell, "2026-01-01"], dtype="str"), rules=DMY)
    assert pd.isna(values[0]) and bad.tolist() == [True, False]


def test_day_month_without_date_order_is_ambiguous_never_guessed():
    result = parse_dates(pd.Series(["01/02/2025", "03/04/2025"], dtype="str"))
    assert result.ambiguous.tolist() == [True, True] and result.suggested is None
    assert np.isnat(result.values).all()
    assert parse_dates(pd.Series(["13/02/2025", "03/04/2025"])).suggested == "dmy"
    assert parse_dates(pd.Series(["02/13/2025", "03/04/2025"])).suggested == "mdy"


_moments = st.datetimes(min_value=dt.datetime(1975, 1, 1), max_value=dt.datetime(2150, 12, 31))


@settings(max_examples=60, deadline=None)
@given(moment=_moments, minutes=st.integers(-14 * 4, 14 * 4).map(lambda q: q * 15))
def test_offsets_round_trip_to_utc(moment, minutes):
    moment = moment.replace(microsecond=0)
    sign, size = ("+" if minutes >= 0 else "-"), abs(minutes)
    offset = f"{sign}{size // 60:02d}{size % 60:02d}"
    cells = [
        f"{moment:%Y-%m-%d %H:%M:%S} {offset}",
        f"{moment:%Y-%m-%dT%H:%M:%S}{offset[:3]}:{offset[3:]}",
    ]
    values, bad = to_date(pd.Series(cells, dtype="str"))
    want = TS(moment) - pd.Timedelta(minutes=minutes)
    assert not bad.any() and list(values) == [want, want]


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=dt.date(1975, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_day_formats_round_trip(day):
    cases = [
        (f"{day:%Y%m%d}", DateRules()),
        (f"{day:%d/%m/%Y}", DMY),
        (f"{day:%m/%d/%Y}", MDY),
        (f"{day:%d.%m.%Y}", DMY),
        (f"{day:%Y/%m/%d}", DateRules()),
        (f"{day:%b} {day.day}, {day.year}", DateRules()),
        (f"{day.day} {day:%B} {day.year}", DateRules()),
    ]
    for cell, rules in cases:
        values, bad = to_date(pd.Series([cell], dtype="str"), rules=rules)
        assert values[0] == TS(day) and not bad[0], cell


@settings(max_examples=60, deadline=None)
@given(moment=_moments, unit=st.sampled_from(["s", "ms", "us"]))
def test_unix_round_trip_per_unit(moment, unit):
    stamp = TS(moment).floor({"s": "s", "ms": "ms", "us": "us"}[unit])
    number = int(stamp.value // {"s": 10**9, "ms": 10**6, "us": 10**3}[unit])
    values, bad = to_date(pd.Series([number, number]), name="created")
    assert not bad.any() and values[0] == stamp


def _orders(dates):
    return [["order_id", "order_date", "customer_id", "revenue"]] + [
        [i + 1, d, "C1", 10] for i, d in enumerate(dates)
    ]


def test_an_ambiguous_column_is_one_error_naming_column_and_example(tmp_path):
    (tmp_path / "orders.csv").write_text(
        "order_id,order_date,customer_id,revenue\n"
        + "".join(f"{i},0{i}/0{i + 1}/2025,C1,10\n" for i in range(1, 8))
    )
    problems = check_source(tmp_path)
    assert len(problems) == 1
    p = problems[0]
    assert (p.sheet, p.row, p.column, p.value) == ("orders.csv", 2, "order_date", "01/02/2025")
    assert "7 date(s)" in p.message and "date_order" in p.message and "dmy" in p.message
    (tmp_path / "settings.csv").write_text("date_order,mdy\n")
    frame = read_source(tmp_path).tables["orders"].frame
    assert frame["order_date"][0] == TS("2025-01-02")


@pytest.mark.parametrize("settings_first", [True, False])
def test_settings_time_zone_and_order_apply_whatever_the_sheet_order(tmp_path, settings_first):
    sheets = {
        "Orders": _orders(["2025-01-13 00:30:00 +0100", "13/01/2025", "2025-01-13"]),
        "Settings": [["time_zone", "Europe/Paris"], ["date_order", "dmy"]],
    }
    if not settings_first:
        sheets = dict(reversed(sheets.items()))
    data = read_source(make_xlsx(tmp_path / "raw.xlsx", sheets))
    assert list(data.tables["orders"].frame["order_date"]) == [
        TS("2025-01-13 00:30"),
        TS("2025-01-13"),
        TS("2025-01-13"),
    ]
    assert data.settings.time_zone == "Europe/Paris"


def test_a_typed_sheet_is_retyped_when_settings_arrive_after_it():
    from xlkpi.data.raw import RawSheet
    from xlkpi.data.read import _Typer

    typer = _Typer(None)
    orders = RawSheet("Orders", "orders", _orders([])[0], [pd.Series(["1"]),
                      pd.Series(["2025-01-13 00:30:00 +0100"]), pd.Series(["C1"]),
                      pd.Series(["10"])], 2)  # fmt: skip
    done = typer(orders, False)
    assert done.raw is not None and done.result.sensitive  # kept to be typed again
    settings = RawSheet("Settings", "settings", ["time_zone", "Asia/Tokyo"], [], 2)
    typer(settings, False)
    assert done.rules != typer.rules()


def test_bad_time_zone_is_a_settings_error(tmp_path):
    (tmp_path / "settings.csv").write_text("time_zone,Mars/Olympus\n")
    (tmp_path / "orders.csv").write_text(
        "order_id,order_date,customer_id,revenue\n1,2025-01-01,C,1\n"
    )
    [problem] = check_source(tmp_path)
    assert "time zone" in problem.message and problem.value == "Mars/Olympus"
