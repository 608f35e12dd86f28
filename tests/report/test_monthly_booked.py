"""Monthly-booked tables are never cut by day (issue 18). Spend booked once a month (on
the 1st, or on any one day: an invoice at the month end) is spread over the days of its
month at weekly grain, so weeks do not swing between 0 and the whole month; and when the
latest period is partial, a KPI reading Spend or Subscriptions shows and compares its last
complete period (one rule: comparisons.for_kpi) instead of a month cut at day 16."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import xlkpi
from tests.report.cached import cell_values, sheet_values
from tests.report.unseen import month_end_spend, unseen_tables
from xlkpi.data.read import read_source
from xlkpi.engine.compute import compute_kpis
from xlkpi.engine.frames.base import books_monthly


def spend(dates, channels=None):
    n = len(dates)
    return {
        "spend": pd.DataFrame(
            {
                "date": pd.to_datetime(dates),
                "channel": channels or ["ads"] * n,
                "category": ["marketing"] * n,
                "amount": [1.0] * n,
            }
        )
    }


@pytest.mark.parametrize(
    "dates, channels, monthly",
    [
        (["2026-01-01", "2026-02-01"], None, True),  # on the 1st
        (["2026-01-31", "2026-02-28"], None, True),  # one row a month, at its end
        (["2026-01-31", "2026-01-31", "2026-02-27"], ["ads", "seo", "ads"], True),
        (["2026-01-01", "2026-01-15"], None, False),  # two rows in January
        (["2026-01-20"], None, False),  # one month: no evidence of monthly booking
        (["2026-01-03", "2026-01-10", "2026-02-07"], None, False),  # weekly rows
    ],
)
def test_books_monthly(dates, channels, monthly):
    assert books_monthly(spend(dates, channels)) is monthly


def test_month_end_spend_is_spread_over_weeks():
    raw = read_source(month_end_spend(unseen_tables("week")))
    r = compute_kpis(raw)
    assert r.spend_spread
    t = r.table
    cac = t[(t.kpi == "cac") & (t.segment == "")].set_index("period")["value"].astype(float)
    new = t[(t.kpi == "new_customers") & (t.segment == "")].set_index("period")["value"]
    booked = {p.label for p in r.periods if p.end <= pd.Timestamp("2026-09-30")}
    # weeks with customers, in the months whose spend is booked (October's comes on the 31st)
    weeks = [p for p in cac.index if new.get(p, 0) > 0 and p in booked]
    values = cac[weeks]
    assert values.notna().all() and (values > 0).all()  # never 0 in a week without the invoice
    assert values.max() < 10 * values.median()  # and no week carries the whole month


@pytest.fixture(scope="module")
def partial(tmp_path_factory):
    tables = month_end_spend(unseen_tables("month"))
    path = xlkpi.build_report(tables, tmp_path_factory.mktemp("booked") / "r.xlsx")
    result = compute_kpis(read_source(tables))
    return path, result


def value(result, kpi, period):
    t = result.table
    row = t[(t.kpi == kpi) & (t.segment == "") & (t.period.astype(str) == period)]
    return float(row.value.iloc[0]) if len(row) else math.nan


def test_monthly_booked_kpis_show_the_last_complete_period(partial):
    path, result = partial
    book = sheet_values(cell_values(path))  # as openpyxl's data_only reads them
    dash = [v for row in book["Dashboard"].iter_rows(values_only=True) for v in row]
    texts = [v for v in dash if isinstance(v, str)]
    # CAC and MRR tiles: 2026-09 against 2026-08, said on the tile
    assert sum(t == "2026-09: last complete month; booked monthly" for t in texts) >= 2
    assert "vs 2026-08" in texts
    for kpi in ("cac", "mrr"):
        assert any(
            isinstance(v, int | float) and v == pytest.approx(value(result, kpi, "2026-09"))
            for v in dash
        ), kpi
    # Revenue is not booked monthly: still the partial month, like for like
    assert "vs 2026-09, days 1-16" in texts
    kpis = book["All KPIs"].iter_rows(values_only=True)
    rows = {r[0]: r[1] for r in kpis if isinstance(r[0], str)}
    cac = [k for k in rows if k.startswith("Customer acquisition cost (")]
    assert cac == ["Customer acquisition cost (2026-09 vs 2026-08: booked monthly)"]
    assert rows[cac[0]] == pytest.approx(value(result, "cac", "2026-09"))
    assert not any(k.startswith("Revenue (") for k in rows)
