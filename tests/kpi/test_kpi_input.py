"""The shared validator: every accepted shape, blanks, booleans, text, positions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from xlkpi.errors import KpiInputError, OptionError
from xlkpi.kpi._input import flags, labels, numbers, scalar, total
from xlkpi.kpi.options import validate

BLANKS = [None, "", "  ", float("nan"), np.nan, pd.NA, pd.NaT]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param([1, None, 2.5], id="list"),
        pytest.param((1, None, 2.5), id="tuple"),
        pytest.param([[1], [None], [2.5]], id="xlwings-column"),
        pytest.param([[1, None, 2.5]], id="xlwings-row"),
        pytest.param(np.array([1.0, np.nan, 2.5]), id="ndarray"),
        pytest.param(np.array([[1.0], [np.nan], [2.5]]), id="ndarray-2d"),
        pytest.param(np.array([1.0, 2.5], dtype=np.float32), id="float32"),
        pytest.param(pd.Series([1.0, None, 2.5]), id="series"),
        pytest.param(pd.Series([1, pd.NA, 2.5], dtype="Float64"), id="nullable-series"),
        pytest.param(pd.DataFrame({"a": [1.0, np.nan], "b": [2.5, np.nan]}), id="dataframe"),
        pytest.param(pd.Series([1, None, 2.5], dtype=object), id="object-series"),
        pytest.param([np.int64(1), np.float64(2.5)], id="numpy-scalars"),
        pytest.param([Decimal("1"), Decimal("2.5")], id="decimal"),
        pytest.param((v for v in [1, 2.5]), id="generator"),
    ],
)
def test_numbers_from_every_shape(value):
    assert numbers(value, "x").tolist() == [1.0, 2.5]


@pytest.mark.parametrize("blank", BLANKS, ids=repr)
def test_blanks_are_skipped(blank):
    assert numbers([1, blank, 2], "x").tolist() == [1.0, 2.0]
    assert labels(["a", blank], "x").tolist() == ["a"]
    assert flags([True, blank], "x").tolist() == [True]


def test_scalars_and_ints():
    assert numbers(7, "x").tolist() == [7.0]
    assert numbers(np.array(7), "x").tolist() == [7.0]
    assert numbers(np.array([1, 2], dtype=np.int64), "x").tolist() == [1.0, 2.0]
    assert numbers(None, "x").size == 0


@pytest.mark.parametrize(
    ("value", "position", "where"),
    [
        ([1, True], 1, "item 2"),
        ([[1.0, 2.0], [False, 3.0]], 2, "row 2, column 1"),
        (np.array([True, False]), 0, "item 1"),
        (pd.Series([True, False]), 0, "item 1"),
    ],
)
def test_booleans_are_not_numbers(value, position, where):
    with pytest.raises(KpiInputError, match="logical value") as info:
        numbers(value, "cost")
    assert info.value.position == position and where in str(info.value)


@pytest.mark.parametrize(
    ("value", "bad"),
    [
        (["1", 2], "1"),
        ([1, "n/a"], "n/a"),
        (pd.Series(["3", "x"]), "3"),
        (np.array(["a", "b"]), "a"),
        ([dt.date(2026, 1, 1)], dt.date(2026, 1, 1)),
        ([1, float("inf")], float("inf")),
        ([10**400], 10**400),
    ],
)
def test_non_numbers_are_named(value, bad):
    with pytest.raises(KpiInputError) as info:
        numbers(value, "cost")
    assert info.value.value == bad and info.value.argument == "cost"
    assert "cost:" in str(info.value)


def test_text_may_be_skipped_on_request():
    assert numbers([1, "n/a", None, 2], "x", text="skip").tolist() == [1.0, 2.0]


def test_total_sums_ranges_and_rejects_negatives():
    assert total([[1, 2], [None, 3.5]], "cost") == 6.5
    assert total(None, "cost") == 0.0
    assert total(float("nan"), "cost") == 0.0
    assert total(-2, "profit", allow_negative=True) == -2.0
    with pytest.raises(KpiInputError, match="must not be negative") as info:
        total([[1], [-2]], "cost")
    assert info.value.position == 1 and info.value.value == -2


def test_scalar_takes_one_cell():
    assert scalar([[0.5]], "rate", low=0, high=1) == 0.5
    with pytest.raises(KpiInputError, match="is blank"):
        scalar(None, "rate")
    with pytest.raises(KpiInputError, match="has 2 values"):
        scalar([1, 2], "rate")
    with pytest.raises(KpiInputError, match=r"did you mean 0\.05, i\.e\. 5 %\?"):
        scalar(5, "churn_rate", low=0, high=1, hint=" (a fraction: 5 % is 0.05)")


def test_labels_normalise_ids():
    assert labels([1001.0, 1002, " x ", True], "ids").tolist() == ["1001", "1002", "x", "TRUE"]
    assert labels(np.array([5, 6]), "ids").tolist() == ["5", "6"]
    assert labels(pd.Series(["a ", None, ""], dtype="str"), "ids").tolist() == ["a"]


def test_flags_words():
    assert flags(["TRUE", "false", "Yes", "n", 1, 0.0, "1"], "f").tolist() == [
        True, False, True, False, True, False, True,
    ]  # fmt: skip
    assert flags(pd.Series([True, None, False], dtype="boolean"), "f").tolist() == [True, False]
    with pytest.raises(KpiInputError, match="not TRUE/FALSE"):
        flags([2], "f")


def test_option_is_case_insensitive_and_strict():
    assert validate("churn_rate.denominator", " AVERAGE ") == "average"
    assert validate("churn_rate.denominator", "Start-Plus-New") == "start_plus_new"
    with pytest.raises(OptionError, match="start, average"):
        validate("churn_rate.denominator", "mean")
