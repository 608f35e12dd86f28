"""Periods, arguments, the catalogue contract and the empty case of compute_kpis."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.engine.frames import compute_fixtures as fx
from xlkpi.data.model import RawData, Settings
from xlkpi.engine.compute import REGISTRY, compute_kpis
from xlkpi.engine.frames.base import rows_function
from xlkpi.engine.kpi_periods import Period, ordinals, period_of, periods_between
from xlkpi.errors import KpiInputError
from xlkpi.kpi.catalogue import report_kpis


def everything(settings: Settings | None = None) -> RawData:
    return fx.make_raw(
        settings,
        orders=fx.orders(),
        customers=fx.customers(),
        sessions=fx.sessions(),
        leads=fx.leads(),
        spend=fx.spend(),
        nps=fx.nps(),
        subscriptions=fx.subscriptions(),
    )


@pytest.mark.parametrize(
    ("kind", "day", "label", "start", "end"),
    [
        ("month", "2026-02-14 18:00", "2026-02", "2026-02-01", "2026-02-28"),
        ("month", "2024-02-29", "2024-02", "2024-02-01", "2024-02-29"),
        ("quarter", "2026-05-01", "2026-Q2", "2026-04-01", "2026-06-30"),
        ("quarter", "2025-12-31", "2025-Q4", "2025-10-01", "2025-12-31"),
        ("week", "2026-01-29", "2026-W05", "2026-01-26", "2026-02-01"),
        ("week", "2025-12-29", "2026-W01", "2025-12-29", "2026-01-04"),  # ISO year
        ("week", "2021-01-03", "2020-W53", "2020-12-28", "2021-01-03"),
    ],
)
def test_period_labels_and_bounds(kind, day, label, start, end):
    (o,) = ordinals(pd.Series([pd.Timestamp(day)]), kind)
    p = period_of(kind, o)
    assert p == Period(label, pd.Timestamp(start), pd.Timestamp(end))


def test_periods_between_is_contiguous():
    got = periods_between("month", pd.Timestamp("2025-11-30"), pd.Timestamp("2026-02-01"))
    assert [p.label for p in got] == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_every_report_kpi_is_computed_from_complete_data():
    ids = [k.id for k in report_kpis()]
    # every report KPI has a per-period computation: its own or the generic one over rows
    assert all(k.id in REGISTRY or rows_function(k) is not None for k in report_kpis())
    r = compute_kpis(everything())
    assert r.unavailable == {}
    assert set(r.table.kpi) == set(ids)
    assert [p.label for p in r.periods] == ["2025-12", "2026-01", "2026-02", "2026-03"]
    for side in (r.mrr_bridge, r.cohorts, r.funnel, r.channels):
        assert side is not None and len(side) > 0
    assert r.rows_used == {
        "orders": 7, "customers": 5, "sessions": 7, "leads": 5, "spend": 5, "nps": 7,
        "subscriptions": 11,
    }  # fmt: skip
    assert r.options["churn_rate.denominator"] == "start"
    assert r.options["as_of"] == "2026-03-20"


def test_every_report_kpi_is_unavailable_without_data():
    r = compute_kpis(RawData({}))
    assert r.periods == [] and r.table.empty
    assert list(r.table.columns) == ["period", "kpi", "segment", "value"]
    assert set(r.unavailable) == {k.id for k in report_kpis()}
    assert all(reason.startswith("needs sheet ") for reason in r.unavailable.values())
    assert r.mrr_bridge is None and r.cohorts is None and r.funnel is None
    assert r.channels is None and r.settings.as_of is None


def test_settings_period_and_as_of_are_used_and_arguments_win():
    raw = everything(Settings(period="quarter", as_of=pd.Timestamp("2026-01-31")))
    r = compute_kpis(raw)
    assert [p.label for p in r.periods] == ["2025-Q4", "2026-Q1"]
    assert r.settings.period == "quarter"
    assert fx.value(r, "revenue", "2026-Q1") == 150.0  # January only
    r = compute_kpis(raw, period="month", as_of="2026-02-28")
    assert r.periods[-1].label == "2026-02"


def test_as_of_before_all_data_gives_no_periods():
    r = compute_kpis(everything(), as_of="2020-01-01")
    assert r.periods == [] and r.table.empty
    assert r.rows_used["orders"] == 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"period": "year"}, "period: 'year' is not one of month, quarter, week"),
        ({"as_of": "last tuesday"}, "as_of: 'last tuesday' is not a date"),
    ],
)
def test_bad_arguments_raise_a_clear_error(kwargs, match):
    with pytest.raises(KpiInputError, match=match):
        compute_kpis(everything(), **kwargs)


def test_bad_option_names_the_settings_key():
    with pytest.raises(KpiInputError, match=r"churn_denominator.*'median'"):
        compute_kpis(everything(Settings(churn_denominator="median")))


def test_no_zero_for_periods_without_data():
    r = compute_kpis(everything())
    # Orders start in January: December has no orders, which is not "revenue 0"
    assert math.isnan(fx.value(r, "revenue", "2025-12"))
    assert fx.value(r, "new_customers", "2025-12") == 2.0
