"""benchmarks/engine_scale.py runs, and its hand-written anchor computes the same KPIs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb
import pytest

from xlkpi.sources import api

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "engine_scale.py"


def test_the_anchor_query_computes_what_xlkpi_kpis_computes(tmp_path):
    spec = importlib.util.spec_from_file_location("engine_scale", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    files = bench.generate(tmp_path, 3000, csv=True)
    anchor = duckdb.sql(bench.ANCHOR.format(path=files["parquet"])).df()
    anchor["period"] = anchor.m.dt.strftime("%Y-%m")
    for path in files.values():
        ours = api.kpi_data(path)
        ours = ours[ours.segment == ""].pivot(index="period", columns="kpi", values="value")
        for kpi in ("revenue", "profit", "orders", "aov", "refund_rate", "return_rate",
                    "repeat_purchase_rate", "clv"):  # fmt: skip
            expected = anchor.set_index("period")[kpi]
            assert ours.loc[expected.index, kpi].to_numpy() == pytest.approx(
                expected.to_numpy(dtype=float), rel=1e-9
            ), kpi
    assert {"anchor (hand DuckDB SQL, Parquet)", "xlkpi kpis orders.parquet"} <= set(
        bench.commands(files)
    )
