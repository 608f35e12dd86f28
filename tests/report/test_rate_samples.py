"""Every rate KPI carries its trial count n (declared once in the catalogue); where n < 100
the report shows n and the 95 % Wilson interval (Dashboard, All KPIs, KPI Data)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import openpyxl
import pytest

from tests.report.conftest import (
    SESSIONS,
    all_tables,
    make_raw,
)
from xlkpi.engine.compute import compute_kpis
from xlkpi.engine.frames.trials import declaration_problems
from xlkpi.kpi.catalogue import by_id, report_kpis
from xlkpi.kpi.stats import rate_interval
from xlkpi.report import comparisons as cmp
from xlkpi.report.build import write_workbook


def _raw(**settings):
    raw = all_tables()
    raw.settings = dataclasses.replace(raw.settings, **settings)
    return raw


def _n(result, kpi: str, period: str, segment: str = "") -> float:
    t = result.table
    hit = np.flatnonzero(
        (t["kpi"] == kpi).to_numpy()
        & (t["period"].astype(str) == period).to_numpy()
        & (t["segment"].fillna("") == segment).to_numpy()
    )
    assert len(hit) == 1, (kpi, period, segment)
    return float(result.trials[hit[0]])


@pytest.mark.parametrize(
    "successes, trials, low, high",
    [(3, 10, 0.1078, 0.6032), (0, 2, 0.0, 0.6576), (2, 5, 0.1176, 0.7693), (1, 4, 0.0456, 0.6994)],
    ids=["3-of-10", "0-of-2", "2-of-5", "1-of-4"],
)
def test_wilson_reference(successes, trials, low, high):
    # hand-computed: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964
    assert list(rate_interval(successes, trials)) == pytest.approx([low, high], abs=5e-5)
    assert list(cmp.interval(successes / trials, trials)) == pytest.approx([low, high], abs=5e-5)
    assert cmp.interval(0.3, 100) is None  # n >= 100: no interval


def test_every_rate_declares_its_trials():
    assert declaration_problems(report_kpis()) == []


def test_a_wrong_trials_declaration_names_the_kpi():
    rate = by_id("conversion_rate")
    wrong = [
        dataclasses.replace(rate, id="new_rate", trials=None),
        dataclasses.replace(rate, id="odd_rate", trials="visitorz"),
    ]
    problems = declaration_problems([*report_kpis(), *wrong])
    assert len(problems) == 2
    assert problems[0].startswith("KPI 'new_rate' (a rate) declares no trial count")
    assert problems[1].startswith("KPI 'odd_rate': trials 'visitorz' is not a count KPI (")
    assert "orders_placed" in problems[1]


# Hand-counted denominators of February 2026 in the conftest tables.
FEBRUARY = [
    ("refund_rate", "", 4),  # orders of 02-03, 02-10, 02-11, 02-20 (any status)
    ("return_rate", "", 4),
    ("conversion_rate", "", 2),  # sessions of 02-01 and 02-05 (not visitors)
    ("bounce_rate", "", 2),
    ("device_share", "mobile", 2),  # the period's sessions, not the mobile ones
    ("source_share", "paid", 2),
    ("micro_conversion_rate", "", 2),
    ("email_optin_rate", "", 2),  # unique visitors v3, v1
    ("returning_visitor_rate", "", 2),
    ("lead_to_close_rate", "", 1),  # L3
    ("qualified_lead_rate", "", 1),
    ("marketing_originated_pct", "", 1),  # C
    ("churn_rate", "", 2),  # A and B active on 02-01 (C acquired that day)
    ("retention_rate", "", 2),
    ("repeat_purchase_rate", "", 3),  # A, B, C have a completed order by 02-28
    ("ctr", "paid", 8000),  # impressions of the channel
    ("ctr", "email", 2000),
    ("promoters_share", "", 4),  # 4 scored responses
    ("passives_share", "", 4),
    ("detractors_share", "", 4),
]


@pytest.mark.parametrize("kpi, segment, n", FEBRUARY, ids=[f"{k}-{s}" for k, s, _ in FEBRUARY])
def test_trial_counts_by_hand(kpi, segment, n):
    assert _n(compute_kpis(_raw()), kpi, "2026-02", segment) == n


@pytest.mark.parametrize(
    "settings, kpi, n",
    [
        ({"refund_basis": "value"}, "refund_rate", math.nan),  # a revenue share
        ({"churn_denominator": "average"}, "churn_rate", math.nan),  # (2 + 1) / 2 customers
        ({"churn_denominator": "start_plus_new"}, "churn_rate", 3),  # A, B + C
        ({"lead_to_close_basis": "period"}, "lead_to_close_rate", math.nan),  # can exceed 1
        ({"repeat_purchase_definition": "returning"}, "repeat_purchase_rate", 2),  # C and B
    ],
)
def test_definition_options_change_the_trials(settings, kpi, n):
    got = _n(compute_kpis(_raw(**settings)), kpi, "2026-02")
    assert got == n or (math.isnan(n) and math.isnan(got))


@pytest.mark.parametrize(
    "settings",
    [{}, {"churn_denominator": "start_plus_new"}, {"churn_window": "rolling_30d"},
     {"repeat_purchase_definition": "returning"}, {"bounce_definition": "ga4"}],
)  # fmt: skip
def test_rate_times_n_is_a_whole_number_of_successes(settings):
    if settings.get("bounce_definition") == "ga4":
        sessions = {**SESSIONS, "duration_seconds": [5, 30, 2, 0, 60, 11, 3, 9, 40, 1]}
        raw = make_raw(sessions=sessions)
        raw.settings = dataclasses.replace(raw.settings, **settings)
    else:
        raw = _raw(**settings)
    result = compute_kpis(raw)
    values = result.table["value"].to_numpy(dtype=float)
    ok = np.isfinite(result.trials) & np.isfinite(values)
    assert ok.sum() > 20 or settings
    successes = values[ok] * result.trials[ok]
    assert successes == pytest.approx(np.round(successes), abs=1e-9)
    assert (values[ok] <= 1 + 1e-12).all()


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    raw = _raw()
    path = tmp_path_factory.mktemp("samples") / "report.xlsx"
    return openpyxl.load_workbook(write_workbook(path, raw, compute_kpis(raw), embed_raw=True))


def _row_of(ws, title: str) -> int:
    """The row of ``title``; a monthly-booked KPI's label also names its last complete
    period ("Net revenue retention (2026-02 vs 2026-01: booked monthly)")."""
    return next(
        r
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 1).value == title or str(ws.cell(r, 1).value).startswith(f"{title} (")
    )


# under the family's minimum sample (the catalogue's min_n: 100 for web rates, 30 for the
# others) the n says so (issue 18)
@pytest.mark.parametrize(
    "title, text",
    [
        ("Refund rate", "n = 2, under 30; 0% to 66%"),  # March: 0 of 2 orders
        ("Customer churn rate", "n = 2, under 30; 0% to 66%"),  # 0 of A, C (B left in February)
        ("Conversion rate", "n = 5, under 100; 12% to 77%"),  # 2 of 5 sessions
        # Spend is booked monthly: CTR shows February, the last complete month (issue 18)
        ("Click-through rate - paid", "n = 8,000"),  # n >= 100: n only
        ("Email opt-in rate", "n = 4, under 100; 15% to 85%"),  # 2 of 4 visitors
    ],
)
def test_all_kpis_shows_n_and_interval(book, title, text):
    ws = book["All KPIs"]
    assert ws.cell(6, 9).value == "Sample (95 % interval)"
    assert ws.cell(_row_of(ws, title), 9).value == text


def test_no_sample_for_money_rates(book):
    ws = book["All KPIs"]
    assert ws.cell(_row_of(ws, "Net revenue retention"), 9).value is None


def test_dashboard_tile_notes(book):
    notes = {
        c.value
        for row in book["Dashboard"].iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("n = ")
    }
    assert "n = 5, under 100; 95 % CI 12% to 77%" in notes  # conversion rate, March so far
    assert "n = 2, under 30; 95 % CI 0% to 66%" in notes  # churn rate


def test_kpi_data_has_n_and_interval(book):
    ws = book["KPI Data"]
    heads = [c.value for c in ws[1]]
    assert heads[-3:] == ["n", "ci_low", "ci_high"]
    rows = {(r[0], r[3], r[4] or ""): r for r in ws.iter_rows(min_row=2, values_only=True)}
    conv = rows[("2026-03", "conversion_rate", "")]
    assert conv[8] == 5 and conv[9:] == pytest.approx((0.1176, 0.7693), abs=5e-5)
    ctr = rows[("2026-03", "ctr", "paid")]
    assert ctr[8] == 9000 and ctr[9:] == (None, None)  # n >= 100
    revenue = rows[("2026-03", "revenue", "")]
    assert revenue[8:] == (None, None, None)  # not a rate


def test_docs_list_every_rates_trials():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "kpis.md").read_text(encoding="utf-8")
    section = doc.split("## Sample sizes of rates", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    listed = {}
    for line in rows:
        ids = line.split("|")[1].replace("`", "").split(",")
        for kpi in ids:
            listed[kpi.strip()] = line.rstrip().endswith("| always |")
    rates = {k.id: k for k in report_kpis() if k.unit == "rate"}
    assert set(listed) == set(rates)
    assert {k for k, never in listed.items() if never} == {k for k in rates if not rates[k].trials}
