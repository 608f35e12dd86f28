"""The package root's public API: ``xlkpi.build_report`` and the KPI exports."""

from __future__ import annotations

import pandas as pd

import xlkpi
from tests.support.books import read
from xlkpi.data.sample import sample_tables


def _kpi_data_periods(path) -> set[str]:
    sheet = read(path)["KPI Data"]
    rows = sheet.iter_rows(min_row=2, max_col=1, values_only=True)
    return {row[0] for row in rows if row[0]}


def test_build_report_takes_the_period_from_the_settings_sheet(tmp_path):
    tables = sample_tables()
    settings = tables["Settings"].copy()
    settings.loc[settings["key"] == "period", "value"] = "quarter"
    tables["Settings"] = settings

    written = xlkpi.build_report(tables, tmp_path / "report.xlsx")

    periods = _kpi_data_periods(written)
    assert periods and all("-Q" in label for label in periods), sorted(periods)[:5]


def test_an_explicit_period_beats_the_settings_sheet(tmp_path):
    written = xlkpi.build_report(sample_tables(), tmp_path / "report.xlsx", period="quarter")
    assert all("-Q" in label for label in _kpi_data_periods(written))


def test_every_catalogue_function_is_exported_from_the_root():
    missing = [
        k.id for k in xlkpi.CATALOGUE if k.function and not hasattr(xlkpi, k.function.__name__)
    ]
    assert missing == []
    assert xlkpi.nps(pd.Series([10, 9, 8, 7, 6, 0])) == 0.0  # (2 promoters - 2 detractors) / 6
