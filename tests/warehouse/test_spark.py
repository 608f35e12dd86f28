"""The KPI Data table from a local Spark session equals the one from the workbook.

Opt-in (slow: pyspark is a 430 MB install and a session takes 10-20 s to start): run with

    pip install 'pyspark>=4.0,<4.1'     # and Java 17
    XLKPI_SPARK=1 python -m pytest -m slow tests/warehouse/test_spark.py

The tables are the sample's, written as Parquet and registered as the session's views.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest

from xlkpi.data.contract import TABLES

from .conftest import contract_frames

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("XLKPI_SPARK"), reason="opt-in: XLKPI_SPARK=1"),
]


@pytest.fixture(scope="module")
def spark(sample_raw, tmp_path_factory):
    pyspark_sql = pytest.importorskip("pyspark.sql")
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("xlkpi-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    folder = tmp_path_factory.mktemp("spark")
    for name, frame in contract_frames(sample_raw).items():
        path = folder / f"{name}.parquet"
        frame.to_parquet(path, coerce_timestamps="us")
        session.read.parquet(str(path)).createOrReplaceTempView(TABLES[name].title)
    yield session
    session.stop()


def test_kpi_data_from_spark_equals_the_workbook(spark, sample_raw):
    from xlkpi.engine import covered
    from xlkpi.engine.compute import compute_kpis
    from xlkpi.sources import api

    ours = api.kpi_data(spark, as_of=sample_raw.settings.as_of)
    expected = compute_kpis(sample_raw).table
    expected = expected[expected.kpi.isin(covered())].reset_index(drop=True)
    key = ["period", "kpi", "segment"]
    assert set(ours.kpi) == set(expected.kpi)
    assert ours[key].values.tolist() == expected[key].values.tolist()
    values = pd.to_numeric(ours.value).to_numpy(dtype=float)
    assert values == pytest.approx(expected.value.to_numpy(), rel=1e-9, nan_ok=True)
