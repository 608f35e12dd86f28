"""The report's per-period side tables (``compute.SIDE_TABLES``) under every option choice
and preset of the options matrix: each column that stands for a catalogue KPI (its id, or
the id with the table's family prefix, ``mrr_`` + ``new``) equals KPI Data in every period.

The whole-range channel table is checked in ``test_channels_options`` (one period there).
"""

from __future__ import annotations

import math

import pytest

from tests.report.test_recalc_options_matrix import CHOICES, PRESET_SETTINGS, computed
from xlkpi.engine.compute import SIDE_TABLES
from xlkpi.kpi.catalogue import report_kpis

VARIANTS = {"defaults": {}, **CHOICES, **PRESET_SETTINGS}
IDS = {k.id for k in report_kpis()}
PER_PERIOD = [name for name in SIDE_TABLES if name != "channels"]


def kpi_of(table: str, column: str) -> str | None:
    """The catalogue KPI a side-table column stands for (None: not a KPI)."""
    family = table.split("_")[0]
    for candidate in (column, f"{family}_{column}"):
        if candidate in IDS:
            return candidate
    return None


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_side_table_columns_equal_kpi_data(variant):
    _, result, _ = computed(VARIANTS[variant])
    data = result.table.set_index(["kpi", "segment", "period"]).value
    compared = set()
    for name in PER_PERIOD:
        table = getattr(result, name)
        if table is None or "period" not in table.columns:
            continue
        for column in table.columns:
            kpi = kpi_of(name, column)
            if kpi is None:
                continue
            for period, got in zip(table.period, table[column], strict=True):
                expected = data.get((kpi, "", period), math.nan)
                same = (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(
                    expected, rel=1e-12, abs=1e-12
                )
                assert same, (variant, name, column, period, got, expected)
            compared.add(kpi)
    # the test reads the MRR movements and the funnel stages (it cannot pass vacuously)
    assert {"mrr_new", "mrr_churned", "mrr_reactivation", "leads", "won"} <= compared
