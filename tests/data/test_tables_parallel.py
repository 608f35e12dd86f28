"""A big sheet's columns are typed in two threads: the outcome must not depend on it."""

from __future__ import annotations

import pandas as pd
import pytest

from xlkpi.data import read_source, tables
from xlkpi.errors import DataError

ORDERS = pd.DataFrame(
    {
        "order_id": ["1", "2", "2", "4", "5", "6"],  # a duplicate id
        "order_date": ["2026-01-05", "soon", "2026-01-07", "", "2026-01-09", "2026-01-10"],
        "customer_id": ["A", "B", "C", "D", "E", "F"],
        "revenue": [10, "ten", 30, 40, "", 60],  # not a number, a blank
        "status": ["paid", "PAID", "lost", "refunded", "paid", "paid"],  # unknown status
    }
)


def outcome(threshold: int, monkeypatch) -> tuple[list[str], list[str]]:
    monkeypatch.setattr(tables, "PARALLEL_FROM", threshold)
    with pytest.raises(DataError) as err:
        read_source({"Orders": ORDERS})
    fatal = [str(p) for p in err.value.problems]
    good = ORDERS.drop(index=[1, 2, 3, 4]).assign(revenue=[10, 60])
    data = read_source({"Orders": good})
    return fatal, [str(p) for p in data.problems] + [
        data.tables["orders"].frame.to_json(date_format="iso")
    ]


def test_typing_in_threads_gives_the_same_problems_in_the_same_order(monkeypatch):
    serial = outcome(10**9, monkeypatch)
    threaded = outcome(0, monkeypatch)
    assert threaded == serial
    fatal = serial[0]
    # several columns' problems, two of them on one row (so their order is the merge's)
    assert len(fatal) >= 4 and fatal[0].split(" row ")[1][:2] == fatal[1].split(" row ")[1][:2]
