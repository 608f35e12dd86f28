"""Issue 9 items 1, 4-6 and 8 in the written report, recalculated by LibreOffice."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from tests.report.conftest import make_raw
from tests.report.test_numbers_rules import (
    CUSTOMERS,
    MONTHLY_SPEND,
    ORDERS,
    SPEND,
    SUBS,
    WEEKLY_CUSTOMERS,
)
from tests.report.test_recalc_report import assert_live_cells_match
from xlkpi.data import read_source
from xlkpi.engine.compute import compute_kpis
from xlkpi.report.build import write_workbook

pytestmark = pytest.mark.libreoffice


@pytest.mark.parametrize("period", ["month", "quarter", "week"])
def test_live_profit_counts_a_blank_cost_as_zero(tmp_path, recalc, period):
    raw = make_raw(orders=ORDERS, spend=SPEND)
    result, checks, _ = assert_live_cells_match(raw, tmp_path, recalc, period=period)
    assert "profit" in {c[2] for c in checks}
    if period == "month":  # March: one order of 40 with a blank cost
        assert result.table.query("kpi == 'profit'").value.iloc[-1] == 40.0


@pytest.mark.parametrize("period", ["month", "quarter", "week"])
@pytest.mark.parametrize("as_of", ["2026-03-15", "2026-02-28", "2026-03-31"])
def test_live_mrr_uses_the_month_label_like_python(tmp_path, recalc, period, as_of):
    """Rows dated at month end, as-of in mid-month: the live cell equals KPI Data."""
    raw = make_raw(subscriptions=SUBS)
    result, checks, _ = assert_live_cells_match(raw, tmp_path, recalc, period=period, as_of=as_of)
    assert {"mrr", "arr"} <= {c[2] for c in checks}
    assert not result.table.query("kpi == 'mrr'").value.isna().any()


def test_acquisition_total_reconciles_with_the_dashboard(tmp_path, recalc):
    orders = {**ORDERS, "channel": ["ads", "Direct", "ads", None, "email"]}
    raw = make_raw(orders=orders, spend=SPEND, customers=CUSTOMERS)
    result = compute_kpis(raw)
    path = write_workbook(tmp_path / "report.xlsx", raw, result)
    ws = openpyxl.load_workbook(recalc(path), data_only=True)["Acquisition"]
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Total")
    t = result.table
    assert ws.cell(total, 7).value == t[t.kpi == "new_customers"].value.sum() == 5
    assert ws.cell(total, 9).value == pytest.approx(t[t.kpi == "revenue"].value.sum())
    channels = [ws.cell(r, 1).value for r in range(total - 5, total)]
    # shown in the source's spelling (issue 18): Orders' "Direct", Customers' "Referral"
    assert channels == ["ads", "Direct", "email", "Referral", "(no channel)"]


def test_weekly_spread_spend_has_no_live_formula_that_would_disagree(tmp_path, recalc):
    raw = make_raw(spend=MONTHLY_SPEND, customers=WEEKLY_CUSTOMERS)
    result, checks, _ = assert_live_cells_match(raw, tmp_path, recalc, period="week")
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


@pytest.mark.parametrize("period", ["month", "quarter", "week"])
@pytest.mark.parametrize("seed", [4, 5])
def test_random_data_live_cells_at_every_grain(seed, period, tmp_path, recalc):
    import numpy as np

    as_of = str(np.datetime64("2024-03-01") + int(np.random.default_rng(seed).integers(0, 60)))
    _, checks, _ = assert_live_cells_match(
        random_raw(seed), tmp_path, recalc, period=period, as_of=as_of
    )
    assert {"profit", "mrr"} <= {c[2] for c in checks}
