"""xlwings Lite's Pyodide is 32-bit: there ``np.intp`` is int32, and ``np.bincount`` and
``np.repeat`` refuse an int64 array ("Cannot cast array data from dtype('int64') to
dtype('int32') according to the rule 'safe'"), as a real Pyodide did on the sample
(``scripts/pyodide_check.mjs``, docs/getting-started-excel.md, "Checked in a real
Pyodide").

This machine is 64-bit, where int64 *is* intp. So every xlkpi module's ``np`` is replaced
by NumPy as Pyodide has it for these two functions: ``np.intp`` is int32, and an integer
array that does not cast safely to int32 is refused. The reader and the NumPy path then
run on the sample at every grain.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import types
from pathlib import Path

import numpy
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _strict(real, name: str):
    def call(*args, **kwargs):
        values = args[1] if name == "repeat" and len(args) > 1 else kwargs.get("repeats")
        if name == "bincount":
            values = args[0] if args else kwargs.get("x")
        if (
            isinstance(values, numpy.ndarray)
            and values.dtype.kind in "iu"
            and not numpy.can_cast(values.dtype, numpy.int32, "safe")
        ):
            raise TypeError(
                f"Cannot cast array data from dtype('{values.dtype}') to dtype('int32') "
                "according to the rule 'safe' (np.intp is 32-bit in Pyodide)"
            )
        return real(*args, **kwargs)

    return call


class _Numpy32(types.ModuleType):
    """NumPy, but for ``intp``, ``bincount`` and ``repeat`` as in 32-bit Pyodide."""

    intp = numpy.int32
    bincount = staticmethod(_strict(numpy.bincount, "bincount"))
    repeat = staticmethod(_strict(numpy.repeat, "repeat"))

    def __getattr__(self, name):
        return getattr(numpy, name)


@pytest.fixture
def wasm32(monkeypatch):
    for package in ("xlkpi.data", "xlkpi.kpi", "xlkpi.engine.frames", "xlkpi.report"):
        found = importlib.import_module(package)
        for info in pkgutil.walk_packages(found.__path__, package + "."):
            importlib.import_module(info.name)
    for name in ("compute", "compare", "kpi_periods", "kpi_rows", "variants"):  # no Ibis
        importlib.import_module(f"xlkpi.engine.{name}")
    fake = _Numpy32("numpy")
    patched = 0
    for name, module in list(sys.modules.items()):
        if name.startswith("xlkpi") and getattr(module, "np", None) is numpy:
            monkeypatch.setattr(module, "np", fake)
            patched += 1
    assert patched > 20  # the reader, the KPI functions and the report's computations
    return fake


def test_the_stand_in_refuses_what_32_bit_numpy_refuses(wasm32):
    with pytest.raises(TypeError, match="rule 'safe'"):
        wasm32.bincount(numpy.array([0, 1], dtype=numpy.int64))
    assert wasm32.bincount(numpy.array([0, 1, 1], dtype=wasm32.intp)).tolist() == [1, 2]
    assert wasm32.repeat(numpy.array(["a"]), 2).tolist() == ["a", "a"]


def test_the_sample_reads_and_computes_with_32_bit_indices(wasm32):
    from xlkpi.data import read_source
    from xlkpi.engine.compute import compute_kpis

    raw = read_source(ROOT / "examples" / "sample_raw.xlsx")
    for grain in ("month", "quarter", "week"):
        table = compute_kpis(raw, period=grain).table
        assert len(table) > 500 and table.value.notna().any()
