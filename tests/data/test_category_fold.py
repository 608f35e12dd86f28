"""A category column is case-folded once per distinct value (``tables._folded``): the same
values as folding every cell with :func:`xlkpi.text.fold`, blanks kept blank, same dtype."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.data.tables import _folded
from xlkpi.text import fold

TEXT = st.text(alphabet="aAbBßẞΣσςﬁİıᾈꭰ Ꭰ\t", max_size=4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), TEXT), max_size=30), st.integers(0, 5))
def test_folded_is_fold_of_every_cell(cells, shift):
    for dtype in ("str", object):
        s = pd.Series(cells, dtype=dtype, index=pd.RangeIndex(shift, shift + len(cells)))
        got = _folded(s)
        assert got.dtype == s.dtype
        assert got.index.equals(s.index)
        assert got.isna().tolist() == [v is None for v in cells]
        assert got.dropna().tolist() == [fold(v) for v in cells if v is not None]
        paid = _folded(s, blank="paid")  # the status column: blank means paid
        assert paid.dtype == s.dtype and paid.index.equals(s.index)
        assert paid.tolist() == ["paid" if v is None else fold(v) for v in cells]


def test_folded_hand_example():
    s = pd.Series(["PAID", None, "Straße", "paid", "ΣΊΣΥΦΟΣ"], dtype="str")
    got = _folded(s)
    assert got.isna().tolist() == [False, True, False, False, False]
    assert got.dropna().tolist() == ["paid", "strasse", "paid", "σίσυφοσ"]
