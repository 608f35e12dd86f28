"""Issue 9 items 1, 4-6 and 8 in the written report, recalculated by LibreOffice."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from tests.report.conftest import make_raw
from tests.report.live import Written, check_live, recalculated_batch, write_live
from tests.report.test_numbers_rules import (
    CUSTOMERS,
    MONTHLY_SPEND,
    ORDERS,
    SPEND,
    SUBS,
    WEEKLY_CUSTOMERS,
)
from xlkpi.data import read_source
from xlkpi.engine.compute import compute_kpis
from xlkpi.report.build import write_workbook

pytestmark = pytest.mark.libreoffice

PERIODS = ["month", "quarter", "week"]
AS_OF = ["2026-03-15", "2026-02-28", "2026-03-31"]
SEEDS = [4, 5]


def _acquisition(folder):
    orders = {**ORDERS, "channel": ["ads", "Direct", "ads", None, "email"]}
    raw = make_raw(orders=orders, spend=SPEND, customers=CUSTOMERS)
    result = compute_kpis(raw)
    return Written(write_workbook(folder / "report.xlsx", raw, result), raw, result)


def _random_as_of(seed: int) -> str:
    import numpy as np

    return str(np.datetime64("2024-03-01") + int(np.random.default_rng(seed).integers(0, 60)))


def _cases() -> dict:
    """Every report of this module by case id (the tests' parameters)."""
    cases = {"acquisition": _acquisition}
    for period in PERIODS:
        cases[f"profit-{period}"] = lambda f, p=period: write_live(
            make_raw(orders=ORDERS, spend=SPEND), f / "report.xlsx", period=p
        )
        for as_of in AS_OF:
            cases[f"mrr-{period}-{as_of}"] = lambda f, p=period, a=as_of: write_live(
                make_raw(subscriptions=SUBS), f / "report.xlsx", period=p, as_of=a
            )
        for seed in SEEDS:
            cases[f"random-{seed}-{period}"] = lambda f, p=period, s=seed: write_live(
                random_raw(s), f / "report.xlsx", period=p, as_of=_random_as_of(s)
            )
    cases["weekly-spread"] = lambda f: write_live(
        make_raw(spend=MONTHLY_SPEND, customers=WEEKLY_CUSTOMERS), f / "report.xlsx", period="week"
    )
    return cases


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """Case id -> its report, recalculated with the module's others in one LibreOffice call."""
    return recalculated_batch(_cases(), tmp_path_factory.mktemp("recalc-numbers"))


@pytest.mark.parametrize("period", PERIODS)
def test_live_profit_counts_a_blank_cost_as_zero(live, period):
    result, checks, _ = check_live(live[f"profit-{period}"])
    assert "profit" in {c[2] for c in checks}
    if period == "month":  # March: one order of 40 with a blank cost
        assert result.table.query("kpi == 'profit'").value.iloc[-1] == 40.0


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("as_of", AS_OF)
def test_live_mrr_uses_the_month_label_like_python(live, period, as_of):
    """Rows dated at month end, as-of in mid-month: the live cell equals KPI Data."""
    result, checks, _ = check_live(live[f"mrr-{period}-{as_of}"])
    assert {"mrr", "arr"} <= {c[2] for c in checks}
    assert not result.table.query("kpi == 'mrr'").value.isna().any()


def test_acquisition_total_reconciles_with_the_dashboard(live):
    report = live["acquisition"]
    ws = report.values["Acquisition"]
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Total")
    t = report.result.table
    assert ws.cell(total, 7).value == t[t.kpi == "new_customers"].value.sum() == 5
    assert ws.cell(total, 9).value == pytest.approx(t[t.kpi == "revenue"].value.sum())
    channels = [ws.cell(r, 1).value for r in range(total - 5, total)]
    # shown in the source's spelling (issue 18): Orders' "Direct", Customers' "Referral"
    assert channels == ["ads", "Direct", "email", "Referral", "(no channel)"]


def test_weekly_spread_spend_has_no_live_formula_that_would_disagree(live):
    result, checks, _ = check_live(live["weekly-spread"])
    assert result.spend_spread
    assert "marketing_pct_of_cac" not in {c[2] for c in checks}


def test_unusable_targets_are_on_the_data_quality_sheet(tmp_path):
    frames = {
        "Orders": pd.DataFrame(ORDERS),
        "Targets": pd.DataFrame(
            {"kpi": ["revnue", "churn", "refund_rate", "aov"], "target": [1.0, 0.1, 40, 50]}
        ),
    }
    raw = read_source(frames)
    assert list(raw.targets.kpi) == ["aov"]  # the three others are not used
    path = write_workbook(tmp_path / "report.xlsx", raw, compute_kpis(raw))
    ws = openpyxl.load_workbook(path)["Data quality"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "unknown KPI id 'revnue': did you mean 'revenue'?" in text
    assert "unknown KPI id 'churn': did you mean 'churn_rate'?" in text
    assert "target 40 for refund_rate looks like a percentage: did you mean 0.40?" in text
    assert "completed order(s) in 2026-01 have no cost" in text


def random_raw(seed: int):
    """Random orders with blank costs, month-labelled subscriptions on any day, monthly spend."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 60))
    day = rng.integers(0, 120, n)
    cost = rng.uniform(0, 100, n).round(2)
    orders = {
        "order_id": [str(i) for i in range(n)],
        "order_date": (np.datetime64("2024-01-01") + day).astype(str).tolist(),
        "customer_id": rng.choice(["A", "B", "C"], n).tolist(),
        "revenue": rng.uniform(0, 500, n).round(2).tolist(),
        "cost": [None if b else c for b, c in zip(rng.random(n) < 0.3, cost, strict=True)],
        "status": rng.choice(np.array(["paid", None, "refunded"], dtype=object), n).tolist(),
    }
    months = np.arange(np.datetime64("2024-01"), np.datetime64("2024-05"))
    rows = [(m, c) for m in months for c in "ABCD" if rng.random() < 0.7]
    subs = {
        "month": [str(m.astype("datetime64[D]") + int(rng.integers(0, 28))) for m, _ in rows],
        "customer_id": [c for _, c in rows],
        "mrr": rng.integers(10, 200, len(rows)).astype(float).tolist(),
    }
    spend = {
        "date": [str(m.astype("datetime64[D]")) for m in months],
        "channel": ["ads"] * len(months),
        "category": rng.choice(["marketing", "sales"], len(months)).tolist(),
        "amount": rng.uniform(50, 500, len(months)).round(2).tolist(),
    }
    return make_raw(orders=orders, subscriptions=subs, spend=spend)


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("seed", SEEDS)
def test_random_data_live_cells_at_every_grain(seed, period, live):
    _, checks, _ = check_live(live[f"random-{seed}-{period}"])
    assert {"profit", "mrr"} <= {c[2] for c in checks}
