"""A table's period bounds are the ordinals of its dates' MIN and MAX (engine.periods.bounds):
the same as the MIN and MAX of every row's ordinal, at each grain, as the ordinal never
decreases as the date grows (weeks before 1970 included, NULL dates ignored)."""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.engine import periods as P

CON = ibis.duckdb.connect()
DATES = st.one_of(st.none(), st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2199, 12, 31)))


def _per_row(table, kind, as_of, monthly) -> tuple:
    """The bounds as the MIN and MAX of every row's ordinal (the rule before)."""
    found = []
    for d in P.dated("orders", table, as_of, monthly):
        row = table.aggregate(lo=P.ordinal(d, kind).min(), hi=P.ordinal(d, kind).max())
        found.append(row.to_pyarrow().to_pylist()[0])
    los = [r["lo"] for r in found if r["lo"] is not None]
    his = [r["hi"] for r in found if r["hi"] is not None]
    return (min(los), max(his)) if los else (None, None)


@settings(max_examples=30, deadline=None)
@given(st.lists(DATES, min_size=1, max_size=12), st.sampled_from(["week", "month", "quarter"]),
       st.booleans())  # fmt: skip
def test_bounds_are_the_ordinals_of_the_first_and_last_date(dates, kind, monthly):
    frame = pd.DataFrame({"order_date": pd.Series(dates, dtype="datetime64[us]")})
    table = CON.create_table("dated", frame, overwrite=True)
    as_of = pd.Timestamp("2150-06-15")
    got = P.bounds("orders", table, kind, as_of, monthly).to_pyarrow().to_pylist()[0]
    assert (got["lo"], got["hi"]) == _per_row(table, kind, as_of, monthly)
