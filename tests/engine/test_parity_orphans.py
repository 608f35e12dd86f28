"""``xlkpi check`` on an engine source warns of orders whose customer is not on Customers,
in the reader's words: the same rows and values as the workbook reader on the same CSV
files (the first few, then one line counting the rest), by key in a table without rows."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from xlkpi.cli import main
from xlkpi.data import read_source
from xlkpi.data.checks import ORPHAN_MESSAGE
from xlkpi.sources import api

ORDERS = pd.DataFrame({
    "order_id": [f"o{i}" for i in range(1, 10)],
    "order_date": [f"2026-01-{d:02d}" for d in range(5, 14)],
    "customer_id": ["c1", "zz", "c2", "yy", "zz", "q1", "q2", "q3", " c1\u00a0"],
    "revenue": [10.0] * 9,
})  # fmt: skip
CUSTOMERS = pd.DataFrame({"customer_id": ["c1", "c2"], "acquired_date": ["2026-01-01"] * 2})
SUBSCRIPTIONS = pd.DataFrame({"month": ["2026-01-01"], "customer_id": ["s9"], "mrr": [5.0]})


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("orphans")
    ORDERS.to_csv(path / "orders.csv", index=False)
    CUSTOMERS.to_csv(path / "customers.csv", index=False)
    SUBSCRIPTIONS.to_csv(path / "subscriptions.csv", index=False)
    return path


def _orphans(problems) -> list[str]:
    return [str(p) for p in problems if ORPHAN_MESSAGE in p.message]


def test_the_engine_warns_as_the_reader_on_the_same_files(folder):
    said = _orphans(read_source(folder).problems)
    _, warnings = api.check(folder)
    got = _orphans(warnings)
    orders = [s for s in said if s.startswith("orders.csv")]
    assert len(orders) == 6 and len(said) == 7  # zz yy zz q1 q2 q3; the subscription s9
    assert got[:5] == orders[:5]  # the first five, row for row
    more = f"and 1 more row(s) like these: {ORPHAN_MESSAGE} (value: None)"
    assert got[5] == f"orders.csv!customer_id row 8: {more}"
    assert got[6:] == [s for s in said if s.startswith("subscriptions.csv")]


def test_a_table_without_rows_names_the_order_by_its_id(tmp_path):
    import duckdb

    path = tmp_path / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        for name, frame in {"orders": ORDERS, "customers": CUSTOMERS}.items():
            con.register("frame", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")
    got = _orphans(api.check(path)[1])
    shown = [("q1", "o6"), ("q2", "o7"), ("q3", "o8"), ("yy", "o4"), ("zz", "o2")]
    assert got == [
        *(
            f"orders.customer_id (order_id '{o}'): {ORPHAN_MESSAGE} (value: '{c}')"
            for c, o in shown
        ),
        f"orders.customer_id: and 1 more row(s) like these: {ORPHAN_MESSAGE} (value: None)",
    ]


def test_no_warning_without_customers_or_orphans(tmp_path):
    ORDERS.to_csv(tmp_path / "orders.csv", index=False)
    assert _orphans(api.check(tmp_path)[1]) == []
    CUSTOMERS.to_csv(tmp_path / "customers.csv", index=False)
    known = ORDERS.assign(customer_id=["c1", "c2"] * 4 + ["c1"])
    known.to_csv(tmp_path / "orders.csv", index=False)
    assert _orphans(api.check(tmp_path)[1]) == []


def test_xlkpi_check_prints_it(folder):
    done = CliRunner().invoke(main, ["check", str(folder)])
    assert f"orders.csv!customer_id row 3: {ORPHAN_MESSAGE} (value: 'zz')" in done.output
