"""Every type rule, with good and bad cells, for every kind of raw column."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from xlkpi.data.convert import blank_mask, to_bool, to_date, to_int, to_number, to_text

TS = pd.Timestamp


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (12.5, 12.5),
        (0, 0.0),
        ("12.5", 12.5),
        (" 7 ", 7.0),
        ("1,234.50", 1234.5),
        ("12,345,678", 12345678.0),
        ("$12", 12.0),
        ("€1,000.25", 1000.25),
        ("£ 3", 3.0),
        ("¥500", 500.0),
        ("-$4.5", -4.5),
        ("-12", -12.0),
    ],
    ids=repr,
)
def test_numbers_good(cell, expected):
    for column in (pd.Series([cell], dtype=object), pd.Series([str(cell)], dtype="str")):
        values, bad = to_number(column)
        assert values[0] == expected
        assert not bad[0]


@pytest.mark.parametrize(
    "cell",
    ["abc", "1,23", "12,3456", "1.2.3", "12%", "inf", "nan", "$", True, dt.date(2026, 1, 1)],
    ids=repr,
)
def test_numbers_bad(cell):
    values, bad = to_number(pd.Series(["5", cell], dtype=object))
    assert values[0] == 5.0 and np.isnan(values[1])
    assert bad.tolist() == [False, True]


def test_numbers_blank_is_nan_not_bad_and_typed_columns_pass_through():
    values, bad = to_number(pd.Series([None, "  ", np.nan], dtype=object))
    assert values.isna().all() and not bad.any()
    values, bad = to_number(pd.Series([1.0, np.nan, 3.0]))
    assert values.tolist()[::2] == [1.0, 3.0] and not bad.any()


def test_ints_reject_fractions():
    values, bad = to_int(pd.Series([3.0, 2.5, "4", "4.0", None], dtype=object))
    assert values.tolist()[0] == 3.0 and values.tolist()[2:4] == [4.0, 4.0]
    assert bad.tolist() == [False, True, False, False, False]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (dt.datetime(2026, 3, 31, 14, 5), TS("2026-03-31 14:05")),
        (dt.date(2026, 3, 31), TS("2026-03-31")),
        (TS("2026-03-31"), TS("2026-03-31")),
        (46112, TS("2026-03-31")),
        (46112.5, TS("2026-03-31 12:00")),
        ("46112", TS("2026-03-31")),
        ("2026-03-31", TS("2026-03-31")),
        ("2026-03-31 14:05", TS("2026-03-31 14:05")),
        ("2026-03-31T14:05:09", TS("2026-03-31 14:05:09")),
        (" 2026-03-31 ", TS("2026-03-31")),
        ("2026-03-31T14:05:00Z", TS("2026-03-31 14:05")),
        ("2026-03-31T14:05:00+02:00", TS("2026-03-31 12:05")),
        ("2026-03-31 14:05:00.250-0500", TS("2026-03-31 19:05:00.25")),
    ],
    ids=repr,
)
def test_dates_good(cell, expected):
    values, bad = to_date(pd.Series([cell], dtype=object))
    assert values[0] == expected and not bad[0]
    assert values.dtype == "datetime64[ns]"


@pytest.mark.parametrize(
    "cell",
    [
        "31/03/2026",
        "March 31",
        "2026-02-30",
        "2026-13-01",
        "2026-03",
        "yesterday",
        True,
        -5,
        0,
        99_999_999,
        "0001-01-01",
    ],
    ids=repr,
)
def test_dates_bad(cell):
    values, bad = to_date(pd.Series([cell, "2026-01-01"], dtype=object))
    assert pd.isna(values[0]) and values[1] == TS("2026-01-01")
    assert bad.tolist() == [True, False]


def test_dates_from_typed_and_text_columns():
    typed = pd.Series(pd.to_datetime(["2026-01-02", None]).astype("datetime64[ms]"))
    values, bad = to_date(typed)
    assert values[0] == TS("2026-01-02") and pd.isna(values[1]) and not bad.any()
    values, bad = to_date(pd.Series([46023.0, np.nan]))
    assert values[0] == TS("2026-01-01") and not bad.any()
    values, bad = to_date(pd.Series(["2026-01-02 00:00:00", "x", None], dtype="str"))
    assert values[0] == TS("2026-01-02") and bad.tolist() == [False, True, False]


def test_date1904_serials():
    values, _ = to_date(pd.Series([0.0 + 1]), date1904=True)
    assert values[0] == TS("1904-01-02")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (True, True),
        (False, False),
        ("TRUE", True),
        ("false", False),
        ("Yes", True),
        ("NO", False),
        ("y", True),
        ("N", False),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        (None, False),
        ("", False),
    ],
    ids=repr,
)
def test_bools_good(cell, expected):
    values, bad = to_bool(pd.Series([cell], dtype=object))
    assert values[0] == expected and not bad[0]
    assert values.dtype == bool


@pytest.mark.parametrize("cell", ["maybe", 2, "t", "oui", -1], ids=repr)
def test_bools_bad(cell):
    values, bad = to_bool(pd.Series([cell], dtype=object))
    assert bad[0] and not values[0]


def test_bools_from_a_float_column():
    values, bad = to_bool(pd.Series([1.0, 0.0, np.nan, 0.5]))
    assert values.tolist() == [True, False, False, False]
    assert bad.tolist() == [False, False, False, True]


def test_text_ids_lose_the_trailing_zero_and_formula_text_stays_text():
    values, bad = to_text(pd.Series([1001.0, 12.5, np.nan]))
    assert values[:2].tolist() == ["1001", "12.5"] and pd.isna(values[2])
    values, _ = to_text(pd.Series(["=cmd|' /C calc'!A0", " C-1 ", "", None], dtype=object))
    assert values[:2].tolist() == ["=cmd|' /C calc'!A0", "C-1"]
    assert values[2:].isna().all() and values.dtype == "str" and not bad.any()
    values, _ = to_text(pd.Series([1001, "A7", True], dtype=object))
    assert values.tolist() == ["1001", "A7", "TRUE"]


def test_blank_mask_counts_whitespace_as_blank():
    assert blank_mask(pd.Series(["a", " ", None, "\t"], dtype=object)).tolist() == [
        False,
        True,
        True,
        True,
    ]
    assert blank_mask(pd.Series([1.0, np.nan])).tolist() == [False, True]
