"""Presets: named bundles of options, chosen with the Settings key ``preset``; explicit keys
override them. Reference values are hand-computed (see tests/engine/frames/test_compute_switches.py
for the fixtures' arithmetic)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.engine.frames.compute_fixtures import customers, make_raw, orders, series, subscriptions
from xlkpi.data import read_source
from xlkpi.data.model import Settings
from xlkpi.data.settings import apply_preset
from xlkpi.engine.compute import compute_kpis
from xlkpi.errors import OptionError
from xlkpi.kpi.options import OPTIONS, by_name
from xlkpi.kpi.presets import PRESETS, by_preset, differences, preset_values

ORDERS = pd.DataFrame(
    {"order_id": ["1"], "order_date": ["2026-01-05"], "customer_id": ["c"], "revenue": [1.0]}
)


def _settings(*rows) -> Settings:
    keys, values = zip(*rows, strict=True)
    frame = pd.DataFrame({"key": list(keys), "value": list(values)})
    return read_source({"Settings": frame, "Orders": ORDERS}).settings


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_is_complete_and_sourced(name):
    preset = PRESETS[name]
    values = preset_values(name)
    assert set(values) == {o.setting for o in OPTIONS}
    for option, value in preset.values.items():
        assert values[by_name(option).setting] == value
    assert preset.note and "\n" not in preset.note
    if name != "xlkpi":
        assert preset.sources and all(url.startswith("https://") for _, url in preset.sources)


def test_presets_differ_where_the_tools_differ():
    assert differences("xlkpi") == {}
    assert differences("chartmogul_b2b") == {}  # xlkpi's defaults follow ChartMogul B2B
    assert differences("stripe") == {
        "churn_rate.window": "rolling_30d",
        "churn_rate.denominator": "start_plus_new",
    }
    assert differences("baremetrics") == {"churn_rate.window": "rolling_30d"}
    assert differences("shopify") == {"repeat_purchase_rate.definition": "returning"}


def test_settings_sheet_preset_and_explicit_override_in_any_order():
    s = _settings(("preset", "Stripe"))
    assert (s.preset, s.churn_window, s.churn_denominator) == (
        "stripe",
        "rolling_30d",
        "start_plus_new",
    )
    for rows in (
        [("churn_denominator", "average"), ("preset", "stripe")],
        [("preset", "stripe"), ("churn_denominator", "average")],
    ):
        s = _settings(*rows)
        assert (s.churn_window, s.churn_denominator) == ("rolling_30d", "average")
    assert _settings(("currency", "EUR")).preset == "xlkpi"


def test_bad_preset_is_an_option_error():
    with pytest.raises(OptionError, match="preset"):
        _settings(("preset", "chartmogul"))
    with pytest.raises(OptionError, match="chartmogul_b2b"):
        by_preset("profitwell")
    with pytest.raises(OptionError):
        compute_kpis(make_raw(Settings(preset="nope"), orders=ORDERS))


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        # the whole quarter, customers at its start: Q4 starts with no one; Q1: E of A, E
        ("xlkpi", [float("nan"), 0.5]),
        ("chartmogul_b2b", [float("nan"), 0.5]),
        # the 30 days to Feb 25 (as of): [Jan 27, Feb 26): B, D / (A, B, C + new D)
        ("stripe", [0.0, 0.5]),
        # same window, customers active 30 days ago: B of A, B, C (D joined inside)
        ("baremetrics", [0.0, 1 / 3]),
    ],
)
def test_churn_under_each_preset_by_quarter(preset, expected):
    r = compute_kpis(
        make_raw(apply_preset(Settings(), preset), customers=customers()), period="quarter"
    )
    assert series(r, "churn_rate") == pytest.approx(expected, nan_ok=True)
    assert r.options["preset"] == preset


def test_shopify_preset_reports_returning_customer_rate():
    r = compute_kpis(make_raw(apply_preset(Settings(), "shopify"), orders=orders()))
    assert series(r, "repeat_purchase_rate") == pytest.approx([0.0, 1.0, 0.0])


def test_presets_keep_the_mrr_bridge():
    bridges = [
        compute_kpis(
            make_raw(apply_preset(Settings(), p), subscriptions=subscriptions())
        ).mrr_bridge
        for p in PRESETS
    ]
    assert all(b.equals(bridges[0]) for b in bridges)  # no preset changes the movements
