"""The report's side tables (MRR bridge, cohorts, funnel, channels, tie-outs) computed by a
real PostgreSQL equal the workbook's, computed by the NumPy path: the side tables' engine
expressions are portable SQL (``xlkpi.engine.side``), not DuckDB's alone."""

from __future__ import annotations

import pytest

from tests.engine.test_side import assert_same, numpy_sides
from xlkpi.engine.side import side_tables
from xlkpi.sources import api


@pytest.mark.parametrize("period", ["month", "week"])
def test_side_tables_from_postgresql_equal_the_workbook(pg_sample, sample_raw, period):
    tables = api.engine_tables(pg_sample)
    ours = side_tables(tables, period=period, as_of=sample_raw.settings.as_of)
    assert_same(numpy_sides(sample_raw, period), ours)
