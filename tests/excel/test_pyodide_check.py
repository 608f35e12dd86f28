"""scripts/pyodide_check.* (the engine against the NumPy path in a real Pyodide): its
comparison and digest, and that Node.js parses the driver. The Pyodide run itself needs a
complete Pyodide distribution (README, "Checking the engine in Pyodide")."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def _check():
    path = ROOT / "scripts" / "pyodide_check.py"
    spec = importlib.util.spec_from_file_location("pyodide_check", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _table(values):
    return pd.DataFrame(
        {"period": ["2026-01", "2026-02", "2026-02"], "kpi": ["aov", "aov", "nps"],
         "segment": ["", "", "SMB"], "value": values}
    )  # fmt: skip


def test_compare_names_a_differing_value_and_accepts_equal_ones():
    check = _check()
    want = _table([1.0, np.nan, 3.0])
    assert check.compare(want, _table([1.0 + 1e-12, np.nan, 3.0])) == ""
    assert "1 values differ" in check.compare(want, _table([1.0, np.nan, 3.1]))
    assert "1 values differ" in check.compare(want, _table([1.0, 2.0, 3.0]))  # NaN is not 2
    assert check.compare(want, _table([1.0, np.nan, 3.0]).iloc[:2]).startswith("shape")


def test_digest_is_equal_to_ten_digits_and_differs_beyond():
    check = _check()
    one = check.digest(_table([1 / 3, np.nan, 3.0]))
    assert one == check.digest(_table([1 / 3 + 1e-15, np.nan, 3.0]))  # wasm32 vs x86 libm
    assert one != check.digest(_table([1 / 3 + 1e-6, np.nan, 3.0]))
    assert one != check.digest(_table([1 / 3, 0.0, 3.0]))


def test_node_parses_the_driver():
    node = shutil.which("node")
    assert node, "Node.js runs the Pyodide check (the machine image ships it)"
    done = subprocess.run(
        [node, "--check", str(ROOT / "scripts/pyodide_check.mjs")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    usage = subprocess.run(
        [node, str(ROOT / "scripts/pyodide_check.mjs")], capture_output=True, text=True, timeout=60
    )
    assert usage.returncode == 2 and "usage:" in usage.stderr
