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


def _bench(name: str):
    path = BENCH.parent / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return _bench("engine_scale").generate(tmp_path_factory.mktemp("scale"), 3000, csv=False)


def test_the_stages_of_xlkpi_kpis_add_up_to_the_command(small):
    import xlkpi.sources.api as api_module

    check = api_module.check
    got = _bench("engine_stages").main(small["parquet"])
    assert api_module.check is check  # the timing wrappers are gone again
    stages = got["stages"]
    assert list(stages) == ["import", "open", "checks", "KPI queries", "output", "total"]
    parts = [stages[s][0] for s in ("import", "open", "checks", "KPI queries", "output")]
    assert sum(parts) == pytest.approx(stages["total"][0], abs=1e-6)
    assert min(parts) >= 0 and stages["output"][1] > -0.05
    assert {"last date", "report periods", "kpis"} <= set(got["queries"])
    assert sum(q[0] for q in got["queries"].values()) <= stages["KPI queries"][0]


def test_the_bounded_anchor_runs_the_same_anchor_within_the_memory_limit(small, monkeypatch):
    import subprocess
    import sys

    bench = _bench("engine_scale")
    argv = bench.commands(small)["info: anchor within xlkpi's memory limit"]
    assert repr(bench.ANCHOR.format(path=small["parquet"])) in argv[-1]
    monkeypatch.setenv("XLKPI_MEMORY_LIMIT", "64MB")
    shown = "print(con.sql(\"SELECT current_setting('memory_limit')\").fetchall()[0][0])"
    code = argv[-1].replace("con.close()", f"{shown}\ncon.close()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "61.0 MiB"  # 64 MB
