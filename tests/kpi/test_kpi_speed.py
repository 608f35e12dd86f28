"""Speed: the validator adds no Python loop on the ndarray/Series path."""

from __future__ import annotations

import timeit

import numpy as np
import pandas as pd
import pytest

import xlkpi


def _best(fn, number=10, repeat=7) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def _race(ours, reference, rounds=9, number=10) -> tuple[float, float]:
    """Best time of each, measured alternately so a burst of machine load hits both."""
    a, b = [], []
    for _ in range(rounds):
        a.append(timeit.timeit(ours, number=number) / number)
        b.append(timeit.timeit(reference, number=number) / number)
    return min(a), min(b)


@pytest.fixture(scope="module")
def million_scores() -> np.ndarray:
    arr = np.random.default_rng(0).integers(0, 11, 1_000_000).astype(float)
    arr[::97] = np.nan
    return arr


def _hand(arr: np.ndarray) -> float:
    a = arr[~np.isnan(arr)]
    return 100 * ((a >= 9).sum() - (a <= 6).sum()) / a.size


def test_nps_on_a_million_floats_within_2x_of_numpy(million_scores):
    assert xlkpi.nps(million_scores) == pytest.approx(_hand(million_scores))
    ours, hand = _race(lambda: xlkpi.nps(million_scores), lambda: _hand(million_scores))
    assert ours <= 2 * hand, f"nps {ours * 1e3:.2f} ms vs numpy {hand * 1e3:.2f} ms"


def test_nps_on_a_million_row_series_within_2x_of_numpy(million_scores):
    series = pd.Series(million_scores)
    ours, hand = _race(lambda: xlkpi.nps(series), lambda: _hand(million_scores))
    assert ours <= 2 * hand, f"nps {ours * 1e3:.2f} ms vs numpy {hand * 1e3:.2f} ms"


def test_nested_lists_of_a_million_cells_stay_lean(million_scores):
    nested = [[None if np.isnan(v) else v] for v in million_scores.tolist()]
    seconds = _best(lambda: xlkpi.nps(nested), number=1, repeat=3)
    assert xlkpi.nps(nested) == pytest.approx(_hand(million_scores))
    assert seconds < 1.0
