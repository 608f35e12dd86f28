"""The sample data set: committed file up to date, believable numbers, safe writing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.data.helpers import digest
from xlkpi.data import read_source
from xlkpi.data.contract import TABLES, find_table
from xlkpi.data.sample import END, START, sample_tables, write_sample
from xlkpi.data.sample_book import write_book
from xlkpi.errors import OutputError

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "examples" / "sample_raw.xlsx"


@pytest.fixture(scope="module")
def tables():
    return sample_tables()


def _canonical(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The sample frame typed the way the reader types it (via the DataFrames path)."""
    return read_source({name: frame}).tables[find_table(name)].frame


def test_committed_example_equals_sample_tables(tables):
    data = read_source(COMMITTED)
    assert data.problems == []
    for name, frame in tables.items():
        key = find_table(name)
        if key in TABLES:
            pd.testing.assert_frame_equal(
                data.tables[key].frame, _canonical(frame, name), check_exact=True, obj=name
            )
    assert data.settings.as_of == END and data.settings.currency == "USD"
    pd.testing.assert_frame_equal(data.targets, read_source({"Targets": tables["Targets"]}).targets)


def test_same_seed_same_data_other_seed_other_data(tables):
    again = sample_tables(2026)
    for name in tables:
        pd.testing.assert_frame_equal(tables[name], again[name])
    other = sample_tables(7)
    assert not other["Orders"]["revenue"].equals(tables["Orders"]["revenue"])


def test_sizes_and_period(tables):
    sizes = {name: len(frame) for name, frame in tables.items()}
    assert sizes["Customers"] == 400
    assert 2700 <= sizes["Orders"] <= 3300
    assert sizes["Sessions"] == 8000 and sizes["NPS"] == 1200
    assert sizes["Spend"] == 24 * 6
    assert 1500 <= sizes["Leads"] <= 4000 and 2000 <= sizes["Subscriptions"] <= 4000
    for name, frame in tables.items():
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                assert frame[column].min() >= START and frame[column].max() <= END, (name, column)


def test_orders_are_believable(tables):
    orders, customers = tables["Orders"], tables["Customers"]
    assert orders["order_id"].is_unique
    shares = orders["status"].value_counts(normalize=True)
    assert 0.88 < shares["paid"] < 0.96 and set(shares.index) == {
        "paid",
        "refunded",
        "returned",
        "cancelled",
    }
    assert 700 < orders["revenue"].mean() < 1600 and (orders["cost"] < orders["revenue"]).all()
    first = orders.groupby("customer_id")["order_date"].min()
    acquired = customers.set_index("customer_id")["acquired_date"]
    assert (first.reindex(acquired.index) == acquired).all()  # first order = acquisition


def test_funnel_dates_are_in_order(tables):
    leads = tables["Leads"]
    for early, late in (
        ("created_date", "mql_date"),
        ("mql_date", "sql_date"),
        ("sql_date", "won_date"),
    ):
        both = leads[early].notna() & leads[late].notna()
        assert (leads.loc[both, early] <= leads.loc[both, late]).all(), (early, late)
    won = leads["won_date"].notna()
    assert leads.loc[won, "customer_id"].notna().all()
    assert 0.05 < won.mean() < 0.2 and 0.3 < leads["mql_date"].notna().mean() < 0.6


def test_subscriptions_have_every_mrr_movement(tables):
    subs = tables["Subscriptions"]
    wide = subs.pivot_table(index="customer_id", columns="month", values="mrr").fillna(0)
    prev, cur = wide.iloc[:, :-1].to_numpy(), wide.iloc[:, 1:].to_numpy()
    assert ((prev > 0) & (cur > prev)).sum() > 20  # expansion
    assert ((prev > 0) & (cur < prev) & (cur > 0)).sum() > 10  # contraction
    assert ((prev > 0) & (cur == 0)).sum() > 10  # churn
    seen = np.maximum.accumulate(wide.to_numpy() > 0, axis=1)[:, :-2]
    comeback = seen & (wide.iloc[:, 1:-1].to_numpy() == 0) & (wide.iloc[:, 2:].to_numpy() > 0)
    assert comeback.sum() >= 2  # reactivation
    monthly = subs.groupby("month")["mrr"].sum()
    assert monthly.iloc[-1] > 5 * monthly.iloc[0]


def test_sessions_nps_spend_are_believable(tables):
    s = tables["Sessions"]
    assert 0.01 < s["converted"].mean() < 0.05 and 0.3 < (s["pageviews"] == 1).mean() < 0.55
    assert set(s["device"]) == {"desktop", "mobile", "tablet"}
    scores = tables["NPS"]["score"].dropna()
    nps = ((scores >= 9).mean() - (scores <= 6).mean()) * 100
    assert 0 < nps < 50 and tables["NPS"]["score"].isna().sum() > 0
    assert set(tables["NPS"]["segment"]) == {"SMB", "Mid-market", "Enterprise"}
    spend = tables["Spend"]
    assert set(spend["category"]) == {"marketing", "sales"}
    paid = spend["impressions"].notna()
    assert (spend.loc[paid, "clicks"] < spend.loc[paid, "impressions"]).all()
    assert tables["Targets"]["kpi"].tolist() == [
        "nps",
        "churn_rate",
        "conversion_rate",
        "aov",
        "cac",
    ]


def test_write_sample_is_readable_and_formatted(tmp_path):
    from openpyxl import load_workbook

    path = write_sample(tmp_path / "s.xlsx", seed=3)
    assert path == tmp_path / "s.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == list(sample_tables(3))
    orders = wb["Orders"]
    assert "tblOrders" in orders.tables and orders.freeze_panes == "A2"
    assert orders["B2"].number_format == "yyyy-mm-dd" and orders["D2"].number_format == "#,##0.00"
    assert orders.column_dimensions["B"].width >= 12
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_write_sample_never_replaces_a_foreign_file(tmp_path):
    theirs = tmp_path / "mine.xlsx"
    theirs.write_bytes(b"my precious workbook")
    with pytest.raises(OutputError, match="not a sample workbook written by xlkpi"):
        write_sample(theirs)
    assert theirs.read_bytes() == b"my precious workbook"
    small = {name: frame.head(3) for name, frame in sample_tables().items()}
    ours = write_book(tmp_path / "ours.xlsx", small)
    before = digest(ours)
    write_book(ours, {name: frame.tail(2) for name, frame in small.items()})  # xlkpi's own file
    assert digest(ours) != before
    with pytest.raises(OutputError, match=r"\.xlsx"):
        write_sample(tmp_path / "s.csv")
    with pytest.raises(OutputError, match="does not exist"):
        write_sample(tmp_path / "missing" / "s.xlsx")
