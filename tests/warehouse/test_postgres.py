"""The whole KPI Data table from a real PostgreSQL equals the one from the workbook.

The server is a throw-away cluster (``tests/support/postgres.py``) holding the sample's
tables, and a second generated data set; the KPIs compared are every report KPI the
engine computes (``xlkpi.engine.covered()``), so the comparison grows with the engine.
The workbook's Settings sheet gives its as-of date; the warehouse has no Settings, so
the same date is passed in.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xlkpi.data.contract import TABLES
from xlkpi.engine import covered
from xlkpi.engine.compute import compute_kpis
from xlkpi.sources import api

from .conftest import contract_frames


def _kpi_data(source, **kwargs) -> pd.DataFrame:
    return api.kpi_data(source, **kwargs)


def _workbook(raw, period: str) -> pd.DataFrame:
    table = compute_kpis(raw, period=period).table
    return table[table.kpi.isin(covered())].reset_index(drop=True)


def _assert_same(ours: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert set(expected.kpi) == set(covered()) - _unavailable(expected)
    key = ["period", "kpi", "segment"]
    assert ours[key].values.tolist() == expected[key].values.tolist()
    assert ours.value.to_numpy() == pytest.approx(expected.value.to_numpy(), rel=1e-9, nan_ok=True)


def _unavailable(expected: pd.DataFrame) -> set[str]:
    """The sample has every table: every engine KPI is available, but the monthly MRR
    flows at weekly grain."""
    from xlkpi.engine.bridge import MONTHLY_FLOWS

    return set(MONTHLY_FLOWS) if expected.period.str.contains("-W").any() else set()


@pytest.mark.parametrize("period", ["month", "quarter", "week"])
def test_kpi_data_from_postgresql_equals_the_workbook(pg_sample, sample_raw, period):
    ours = _kpi_data(pg_sample, period=period, as_of=sample_raw.settings.as_of)
    _assert_same(ours, _workbook(sample_raw, period))


def test_a_generated_data_set_too(pg_generated, generated_raw):
    ours = _kpi_data(pg_generated, as_of=generated_raw.settings.as_of)
    _assert_same(ours, _workbook(generated_raw, "month"))


def test_a_live_ibis_backend_is_a_source_too(pg, pg_sample, sample_raw):
    import ibis

    con = ibis.connect(pg_sample)
    ours = _kpi_data(con, as_of=sample_raw.settings.as_of)
    _assert_same(ours, _workbook(sample_raw, "month"))


@pytest.mark.parametrize("data", ["sample", "generated"])
def test_the_tables_read_from_postgresql_equal_the_workbook_tables(request, data):
    """What the engine receives: every contract table, typed, value for value."""
    url, raw = request.getfixturevalue(f"pg_{data}"), request.getfixturevalue(f"{data}_raw")
    typed = api.engine_tables(url)
    assert sorted(typed) == sorted(TABLES)
    for name, frame in contract_frames(raw).items():
        first = frame.columns[0]
        ours = typed[name].to_pandas().sort_values(list(frame.columns), ignore_index=True)
        theirs = frame.sort_values(list(frame.columns), ignore_index=True)
        assert list(ours.columns) == list(theirs.columns), name
        for column in frame.columns:
            a, b = ours[column], theirs[column]
            if pd.api.types.is_datetime64_any_dtype(b):
                a = pd.to_datetime(a).astype("datetime64[ns]")
            if pd.api.types.is_float_dtype(b):
                assert a.to_numpy(dtype=float) == pytest.approx(
                    b.to_numpy(dtype=float), nan_ok=True
                )
            else:
                assert (
                    a.astype(object).where(a.notna(), None).tolist()
                    == b.astype(object).where(b.notna(), None).tolist()
                ), (name, column)
        assert first in ours.columns
