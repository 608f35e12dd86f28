"""Where a definition option's value comes from, highest first: the command line or the API
(``--option``, ``build_report(options=...)``, ``compute_kpis(options=...)``), the Settings
sheet's key, the preset (``--preset`` / ``preset=`` replaces the sheet's), the default.

Every option and every preset: the layers are set to different values and the winner is
checked, through ``read_source`` (what ``build_report`` and the CLI call) and
``compute_kpis``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xlkpi.data import read_source
from xlkpi.data.model import RawData, Settings
from xlkpi.engine.compute import compute_kpis
from xlkpi.errors import OptionError
from xlkpi.kpi.options import CHURN_WINDOW, OPTIONS, REPEAT_PURCHASE_DEFINITION
from xlkpi.kpi.presets import PRESETS, option_values


def _other(opt, *avoid):
    """A valid value of ``opt`` other than those in ``avoid`` (None when there is none)."""
    if opt.choices:
        return next((v for v in opt.values if v not in avoid), None)
    low, _ = opt.bounds
    for candidate in (low, low + 1, low + 2):
        value = int(candidate) if opt.integer else float(candidate)
        if value not in avoid:
            return value
    return None


def _sheet(**values) -> dict[str, pd.DataFrame]:
    keys = list(values)
    return {"Settings": pd.DataFrame({"key": keys, "value": [values[k] for k in keys]})}


@pytest.mark.parametrize("opt", OPTIONS, ids=lambda o: o.name)
def test_each_layer_beats_the_ones_below(opt):
    default = opt.default
    sheet = _other(opt, default)
    api = _other(opt, default, sheet)
    assert sheet is not None
    assert getattr(read_source(_sheet()).settings, opt.setting) == default
    got = read_source(_sheet(**{opt.setting: sheet})).settings
    assert getattr(got, opt.setting) == sheet
    if api is not None:  # a third value: the API beats the sheet
        got = read_source(_sheet(**{opt.setting: sheet}), options={opt.name: api}).settings
        assert getattr(got, opt.setting) == api
    got = read_source(_sheet(**{opt.setting: sheet}), options={opt.setting: default}).settings
    assert getattr(got, opt.setting) == default  # even back to the default


@pytest.mark.parametrize("preset", [p for p in PRESETS.values() if p.values], ids=str)
def test_preset_below_the_sheet_and_the_api(preset):
    name, value = next(iter(preset.values.items()))
    opt = next(o for o in OPTIONS if o.name == name)
    other = _other(opt, value)
    by_api = read_source(_sheet(), preset=preset.name).settings
    by_sheet = read_source(_sheet(preset=preset.name)).settings
    for settings in (by_api, by_sheet):
        assert settings.preset == preset.name
        assert all(getattr(settings, o.setting) == preset.values.get(o.name, o.default)
                   for o in OPTIONS)  # fmt: skip
    # a sheet key beats the preset, whether the preset came from the sheet or the API
    kept = read_source(_sheet(**{opt.setting: other}), preset=preset.name).settings
    assert getattr(kept, opt.setting) == other
    kept = read_source(_sheet(preset=preset.name, **{opt.setting: other})).settings
    assert getattr(kept, opt.setting) == other
    # the API's option beats the preset
    api = read_source(_sheet(), preset=preset.name, options={opt.setting: other}).settings
    assert getattr(api, opt.setting) == other


def test_api_preset_replaces_the_sheets():
    settings = read_source(_sheet(preset="stripe"), preset="shopify").settings
    assert settings.preset == "shopify"
    assert settings.churn_window == CHURN_WINDOW.default  # stripe's rolling_30d is gone
    assert settings.repeat_purchase_definition == REPEAT_PURCHASE_DEFINITION.RETURNING


def test_compute_kpis_takes_the_same_layers():
    raw = RawData(
        {}, Settings(churn_denominator="average", sheet_keys=frozenset({"churn_denominator"}))
    )
    result = compute_kpis(raw, preset="stripe")
    assert (result.settings.preset, result.settings.churn_window) == ("stripe", "rolling_30d")
    assert result.settings.churn_denominator == "average"  # the sheet's key beats the preset
    result = compute_kpis(raw, preset="stripe", options={"churn_denominator": "start"})
    assert result.settings.churn_denominator == "start"


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"churn_denominator": "avg"}, "start, average, start_plus_new"),
        ({"no_such_option": 1}, "churn_rate.denominator (churn_denominator)"),
        ({"reactivation_months": -1}, "a whole number ≥ 0"),
        (["churn_denominator"], "NAME=VALUE"),
    ],
)
def test_a_bad_option_names_the_valid_ones(options, fragment):
    with pytest.raises(OptionError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        option_values(options)
    with pytest.raises(OptionError):
        read_source(_sheet(), options=options)


def test_names_accept_the_option_or_its_settings_key_in_any_case():
    for opt in OPTIONS:
        value = opt.default
        spelled = [opt.name, opt.setting, opt.setting.upper().replace("_", " "), f" {opt.name} "]
        for name in spelled:
            assert option_values({name: value}) == {opt.setting: value}
            assert option_values([f"{name}={value}"]) == {opt.setting: value}


def test_the_dashboard_states_the_preset_and_the_options_not_at_their_default(tmp_path):
    import openpyxl

    import xlkpi
    from xlkpi.data.sample import sample_tables

    out = xlkpi.build_report(
        sample_tables(), tmp_path / "r.xlsx", preset="stripe", options={"refund_basis": "value"}
    )
    sheet = openpyxl.load_workbook(out, read_only=True)["Dashboard"]
    header = [c for row in sheet.iter_rows(max_row=5, values_only=True) for c in row if c]
    line = next(c for c in header if str(c).startswith("Definitions:"))
    assert line.startswith("Definitions: preset stripe (Stripe Billing); not the default: ")
    for changed in (
        "churn_rate.window = rolling_30d",
        "churn_rate.denominator = start_plus_new",
        "refund_rate.basis = value",
    ):
        assert changed in line, line
    assert "cac.basis" not in line  # at its default
