"""xlwings Lite has no threads: a big build runs serially instead of failing.

Pyodide's ``threading.Thread.start`` raises "can't start new thread". The subprocess
below makes it do the same (and blocks what Lite lacks: fastexcel, Ibis, DuckDB...), then
builds a report from a workbook of 25,000 orders: the sheet-typing pool and the reader
threads must fall back to the calling thread. The pool's threshold (200,000 rows) is
lowered to 20,000 in the subprocess, so the pool's path is taken as in a 250,000-row build
(the sheet typed in two threads where threads start) at a tenth of the cost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.excel.test_lite import BLOCK_FASTEXCEL

ROOT = Path(__file__).resolve().parents[2]
ROWS = 25_000
POOL_FROM = 20_000  # tables.PARALLEL_FROM in the subprocess (module doc)

NO_THREADS = (
    BLOCK_FASTEXCEL
    + """
import threading
def start(self):
    raise RuntimeError("can't start new thread")
threading.Thread.start = start
import importlib.util, json, os, pathlib
root, cache, rows, pool_from = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
bench = os.path.join(root, "benchmarks", "make_data.py")
spec = importlib.util.spec_from_file_location("make_data", bench)
make_data = importlib.util.module_from_spec(spec); spec.loader.exec_module(make_data)
source = make_data.ensure_workbook(rows, 11, pathlib.Path(cache))
import xlkpi
from xlkpi.data import read_source, tables, threads
tables.PARALLEL_FROM = pool_from
out = os.path.join(cache, "report.xlsx")
xlkpi.build_report(source, out)
raw = read_source(source)
print(json.dumps({"orders": len(raw.tables["orders"].frame), "report": os.path.getsize(out),
                  "threads": threads.available(), "parallel_from": tables.PARALLEL_FROM,
                  "loaded": sorted(m for m in LACKS if m in sys.modules)}))
"""
)


@pytest.mark.slow
def test_a_build_past_the_pools_threshold_runs_without_threads(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XLWINGS_LICENSE_KEY": "noncommercial"}
    done = subprocess.run(
        [sys.executable, "-c", NO_THREADS, str(ROOT), str(tmp_path), str(ROWS), str(POOL_FROM)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["orders"] == ROWS >= got["parallel_from"] == POOL_FROM  # the pool's path
    assert got["threads"] is False and got["loaded"] == []
    assert got["report"] > 100_000


def test_threads_are_detected_once_and_parallel_map_keeps_order(monkeypatch):
    from xlkpi.data import threads

    monkeypatch.setattr(threads, "_available", None)
    assert threads.available() is True
    assert threads.parallel_map(lambda x: x * x, range(5)) == [0, 1, 4, 9, 16]
    monkeypatch.setattr(threads, "_available", None)
    monkeypatch.setattr(threads.sys, "platform", "emscripten")
    assert threads.available() is False
    assert threads.parallel_map(lambda x: -x, [1, 2, 3]) == [-1, -2, -3]


def test_a_big_sheet_is_typed_serially_when_no_thread_starts(monkeypatch):
    import threading

    import pandas as pd

    from xlkpi.data import read_source, tables, threads

    def start(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", start)
    monkeypatch.setattr(threads, "_available", None)
    monkeypatch.setattr(tables, "PARALLEL_FROM", 0)  # every sheet is "big"
    orders = pd.DataFrame(
        {"order_id": ["1", "2"], "order_date": ["2026-01-05", "2026-01-06"],
         "customer_id": ["A", "B"], "revenue": [10.0, 20.0]}
    )  # fmt: skip
    data = read_source({"Orders": orders})
    assert data.tables["orders"].frame["revenue"].tolist() == [10.0, 20.0]
    assert threads.available() is False
