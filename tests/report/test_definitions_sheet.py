"""The Definitions compared sheet: every preset's values equal a full computation under that
preset, the sheet sits before KPI Data, and it recalculates cleanly in LibreOffice."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from tests.engine.frames.compute_fixtures import customers, make_raw, subscriptions
from tests.support.books import load
from xlkpi.data import read_source
from xlkpi.data.model import Settings
from xlkpi.data.sample import sample_tables
from xlkpi.data.settings import apply_preset
from xlkpi.engine.compute import compute_kpis
from xlkpi.engine.variants import compare_presets, compared_kpis
from xlkpi.kpi.presets import PRESETS
from xlkpi.report.build import SHEETS, write_workbook
from xlkpi.report.sheets import definitions, kpi_data, quality


@pytest.fixture(scope="module")
def sample():
    return read_source(sample_tables())


def _full(raw, preset: str, result):
    """The same report computed from scratch under ``preset`` (period and as_of kept)."""
    settings = apply_preset(raw.settings, preset)
    other = dataclasses.replace(raw, settings=settings)
    return compute_kpis(other, period=result.settings.period, as_of=result.settings.as_of)


def _value(result, kpi, period) -> float:
    t = result.table
    hit = t[(t.kpi == kpi) & (t.segment == "") & (t.period == period)]
    return float(hit.value.iloc[0]) if len(hit) else math.nan


@pytest.mark.parametrize("period", ["month", "quarter"])
def test_each_preset_column_is_the_full_computation(sample, period):
    result = compute_kpis(sample, period=period)
    table = compare_presets(result)
    assert set(table.kpi) == set(compared_kpis(result)) >= {"churn_rate", "repeat_purchase_rate"}
    for name in PRESETS:
        full = _full(sample, name, result)
        for row in table.itertuples(index=False):
            expected = _value(full, row.kpi, row.period)
            got = getattr(row, name)
            assert got == pytest.approx(expected, nan_ok=True), (name, row.kpi, row.period)
    assert table.report.tolist() == table.xlkpi.tolist()  # the sample uses the defaults
    # the presets really differ where they should (else the sheet would show nothing)
    churn = table[table.kpi == "churn_rate"]
    assert not np.allclose(churn.stripe, churn.xlkpi)
    repeat = table[table.kpi == "repeat_purchase_rate"]
    assert not np.allclose(repeat.shopify, repeat.xlkpi)


def test_report_settings_column_under_its_own_preset():
    # customers only: as of Feb 25; the report follows Baremetrics (rolling 30 days, start)
    raw = make_raw(apply_preset(Settings(), "baremetrics"), customers=customers())
    result = compute_kpis(raw, period="quarter")
    table = compare_presets(result).set_index(["kpi", "period"])
    q1 = table.loc[("churn_rate", "2026-Q1")]
    assert q1["report"] == q1["baremetrics"] == pytest.approx(1 / 3)  # B of A, B, C
    assert q1["xlkpi"] == pytest.approx(0.5)  # the whole quarter: E of A, E
    assert q1["stripe"] == pytest.approx(0.5)  # B, D / (A, B, C + new D)


def test_sheet_sits_after_the_kpi_sheets_before_kpi_data():
    assert SHEETS.index(definitions) == SHEETS.index(kpi_data) - 1
    assert SHEETS.index(definitions) > SHEETS.index(quality)


def test_no_context_no_crash():
    result = compute_kpis(make_raw(subscriptions=subscriptions()))
    assert compare_presets(dataclasses.replace(result, context=None)) is None


@pytest.mark.libreoffice
def test_sheet_recalculates_cleanly(sample, tmp_path, recalc):
    result = compute_kpis(sample)
    path = write_workbook(tmp_path / "report.xlsx", sample, result, embed_raw=False)
    values = load(recalc(path), {definitions.TITLE}, data_only=True)[definitions.TITLE]
    table = compare_presets(result)
    names = ["report", *PRESETS]
    cells = list(values.iter_rows(min_row=5, max_row=4 + len(table), min_col=3, max_col=8))
    for row, got in zip(table.itertuples(index=False), cells, strict=True):
        for name, cell in zip(names, got, strict=True):
            expected = getattr(row, name)
            if math.isnan(expected):
                assert cell.value == "–"  # where people read: "–", never #N/A
            else:
                assert cell.value == pytest.approx(expected, rel=1e-12), (row.kpi, name)
    errors = [
        c.coordinate
        for line in values.iter_rows()
        for c in line
        if isinstance(c.value, str) and c.value.startswith("#") and c.value != "#N/A"
    ]
    assert errors == []
