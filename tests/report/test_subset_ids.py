"""``subset_ids``: a subset's factorisation taken from the whole column's is exactly
``pd.factorize`` of the subset (codes, blanks as -1, distinct ids in order of first
appearance), so the order cohorts may share the orders' one factorisation."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.engine.frames.base import subset_ids

CELLS = st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(["C1", "c1", "C2", "C3 ", "Ω"])),
                           st.booleans()), max_size=40)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(CELLS)
def test_subset_ids_is_factorize_of_the_subset(cells):
    series = pd.Series([c for c, _ in cells], dtype="str")
    mask = np.array([m for _, m in cells], dtype=bool)
    codes, uniques = subset_ids(*pd.factorize(series), mask)
    want_codes, want_uniques = pd.factorize(series[mask])
    assert codes.dtype == np.intp
    assert codes.tolist() == want_codes.tolist()
    assert list(uniques) == list(want_uniques)
    assert type(uniques) is type(want_uniques)


def test_subset_ids_hand_example():
    series = pd.Series(["A", None, "B", "A", "C", "B"], dtype="str")
    mask = np.array([False, True, True, True, False, True])
    codes, uniques = subset_ids(*pd.factorize(series), mask)
    assert codes.tolist() == [-1, 0, 1, 0]  # blank, B, A, B
    assert list(uniques) == ["B", "A"]
