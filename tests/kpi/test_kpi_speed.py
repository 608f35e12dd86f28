"""The ndarray/Series path adds no Python loop over the values.

Speed itself (nps on 1M values within 2x of a hand NumPy expression) is measured by
``benchmarks/run.py`` and recorded in benchmarks/RESULTS.md: timing assertions belong in
the benchmark, where a loaded CI machine cannot make them flaky. These tests pin the
property that makes the target reachable: no per-value Python iteration.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import xlkpi


class NoPythonLoop(np.ndarray):
    """An array that fails the test the moment anything iterates it value by value."""

    def __iter__(self):
        raise AssertionError("the KPI iterated the array in Python")

    def tolist(self):
        raise AssertionError("the KPI converted the array to a Python list")


@pytest.fixture(scope="module")
def million_scores() -> np.ndarray:
    arr = np.random.default_rng(0).integers(0, 11, 1_000_000).astype(float)
    arr[::97] = np.nan
    return arr


def _hand(arr: np.ndarray) -> float:
    a = arr[~np.isnan(arr)]
    return 100 * ((a >= 9).sum() - (a <= 6).sum()) / a.size


def test_the_guard_catches_a_python_loop():
    guarded = np.arange(3.0).view(NoPythonLoop)
    with pytest.raises(AssertionError, match="iterated"):
        sum(v for v in guarded)


@pytest.mark.parametrize(
    ("kpi", "shift"),
    [(xlkpi.nps, 0), (xlkpi.bounce_rate, 1), (xlkpi.aov, 0)],  # pageviews must be >= 1
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_ndarray_input_is_never_iterated_in_python(kpi, shift, million_scores):
    guarded = (million_scores + shift).view(NoPythonLoop)
    assert isinstance(guarded, NoPythonLoop)
    assert not np.isnan(kpi(guarded))  # raises AssertionError on any per-value Python loop


def test_a_million_values_give_the_numpy_answer_by_every_input_type(million_scores):
    expected = _hand(million_scores)
    nested = [[None if np.isnan(v) else v] for v in million_scores.tolist()]
    assert xlkpi.nps(million_scores) == pytest.approx(expected)
    assert xlkpi.nps(pd.Series(million_scores)) == pytest.approx(expected)
    assert xlkpi.nps(nested) == pytest.approx(expected)
