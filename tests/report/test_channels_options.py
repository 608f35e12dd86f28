"""The Acquisition channel table under every choice of every option touching Spend: each
of its KPI columns (CAC, CPC, CTR, ROAS, ...) and its Total CAC equal KPI Data for the same
channel over the same range (one quarter: the table's whole range is KPI Data's period).

The options are derived from ``xlkpi.kpi.options`` and the catalogue (every option of a KPI
that reads Spend), never listed by hand.
"""

from __future__ import annotations

import math

import pytest

from tests.report.cached import cell_values, kpi_value
from tests.report.conftest import CUSTOMERS, ORDERS, SPEND, make_raw
from tests.support.books import load
from xlkpi.engine.compute import compute_kpis
from xlkpi.kpi.catalogue import report_kpis
from xlkpi.kpi.options import OPTIONS
from xlkpi.report.build import write_workbook
from xlkpi.report.declared import Unsupported, fallback_note
from xlkpi.report.sheets import acquisition

SPEND_KPIS = {k.id for k in report_kpis() if "spend" in k.tables}
SPEND_OPTIONS = [o for o in OPTIONS if SPEND_KPIS & set(o.kpis)]
CHOICES = [(o, c.value) for o in SPEND_OPTIONS for c in o.choices]
IDS = {k.id for k in report_kpis()}


def raw():
    """Q1 2026 only; a sales-team customer (fully loaded differs per channel) and an email
    newsletter row without clicks (paid differs from marketing per channel)."""
    spend = {k: list(v) for k, v in SPEND.items()}
    for key, value in {
        "date": "2026-03-01",
        "channel": "email",
        "category": "marketing",
        "amount": 60.0,
        "impressions": None,
        "clicks": None,
    }.items():
        spend[key].append(value)
    customers = {k: list(v[1:]) for k, v in CUSTOMERS.items()}  # not the 2025 customer
    for key, value in {
        "customer_id": "F",
        "acquired_date": "2026-02-15",
        "acquisition_channel": "Sales Team",
        "marketing_originated": False,
        "churned_date": None,
    }.items():
        customers[key].append(value)
    return make_raw(spend=spend, customers=customers, orders=ORDERS)


def report(opt, value):
    result = compute_kpis(raw(), period="quarter", options={opt.setting: value})
    assert [p.label for p in result.periods] == [result.periods[-1].label]
    return result


def test_the_options_touching_spend_are_derived():
    assert SPEND_OPTIONS and all(o.choices for o in SPEND_OPTIONS)
    assert "cac" in SPEND_KPIS and {"cpc", "ctr", "roas", "cpa"} <= SPEND_KPIS


@pytest.mark.parametrize(("opt", "value"), CHOICES, ids=[f"{o.name}={v}" for o, v in CHOICES])
def test_channel_table_equals_kpi_data(opt, value):
    result = report(opt, value)
    period = result.periods[-1].label
    table = result.channels.set_index("channel")
    segments = set(result.table.segment.fillna(""))
    compared = set()
    for channel, row in table.iterrows():
        if channel not in segments:
            continue  # a channel without Spend rows: KPI Data has no segment for it
        for column in table.columns:
            if column not in IDS:
                continue
            hit = result.table[(result.table.kpi == column) & (result.table.segment == channel)]
            if hit.empty:
                continue  # KPI Data does not split this KPI by channel
            expected = kpi_value(result, column, channel, period)
            got = row[column]
            assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(
                expected, rel=1e-12
            ), (column, channel, got, expected)
            compared.add(column)
    assert {"cac", "cpc", "ctr", "roas"} <= compared
    assert table.attrs["cac"] == pytest.approx(kpi_value(result, "cac", "", period), rel=1e-12)


def test_each_choice_changes_the_channel_table():
    """A choice that changed no CAC of the table would prove nothing."""
    for opt in SPEND_OPTIONS:
        seen = {}
        for c in opt.choices:
            t = report(opt, c.value).channels
            seen[c.value] = (tuple(t.cac.fillna(-1)), t.attrs["cac"])
        cacs = [s[0] for s in seen.values()]
        totals = [s[1] for s in seen.values()]
        assert len(set(cacs)) == len(cacs) and len(set(totals)) == len(totals), (opt.name, seen)


@pytest.mark.parametrize(("opt", "value"), CHOICES, ids=[f"{o.name}={v}" for o, v in CHOICES])
def test_acquisition_total_cac_is_kpi_data(tmp_path, opt, value):
    """The Total row's CAC: the live formula where it computes the basis in force (its
    cached value is what LibreOffice computes: the options matrix), else KPI Data's value
    with the fallback comment."""
    data = raw()
    result = compute_kpis(data, period="quarter", options={opt.setting: value})
    path = tmp_path / "r.xlsx"
    write_workbook(path, data, result)
    ws = load(path, {"Acquisition"})["Acquisition"]
    col = 1 + [k for _, k, _ in acquisition.CHANNEL_COLUMNS].index("cac")
    row = next(c.row for c in ws["A"] if c.value == "Total")
    cell = ws.cell(row, col)
    cached = cell_values(path)[("Acquisition", cell.coordinate)]
    assert cached == pytest.approx(kpi_value(result, "cac", "", result.periods[-1].label))
    missing = acquisition.TOTAL_CAC.unsupported(["cac"], result.settings)
    if missing is None:
        assert cell.data_type == "f" and cell.comment is None
    else:
        assert cell.data_type == "n"
        assert cell.comment.text == fallback_note(Unsupported(opt, value))
