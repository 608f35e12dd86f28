"""The engine against the NumPy path on the bundled sample, run inside Pyodide.

``scripts/pyodide_check.mjs`` loads Pyodide under Node.js, installs xlkpi into it and
calls :func:`main` (see the README, "Checking the engine in Pyodide"). It also runs
under CPython (``python scripts/pyodide_check.py``), for the same numbers on this
machine's Python to set beside Pyodide's.

It prints one JSON object: where it ran (Python, platform, package versions), which
reader read the sample, the KPI Data of the NumPy path at every grain (row count and a
digest of the values to 10 significant digits, which a CPython run must match), and,
where the engine imports, whether the engine's KPI Data equals the NumPy path's, value
for value (relative 1e-9, NaN where NaN), and how long each step took. Where the engine
cannot be imported (Ibis or DuckDB missing) it says why instead.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
import time
import types
from pathlib import Path

GRAINS = ("month", "quarter", "week")
PACKAGES = ("numpy", "pandas", "pyarrow", "duckdb", "ibis-framework", "sqlglot", "python-calamine")


def _version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def read_sample(path: Path, reader: str = "auto"):
    """The sample as xlkpi reads it: ``read_source(path)`` where a workbook reader is
    installed (fastexcel, or python-calamine as in Lite), else the sheets' values through
    openpyxl, as the Lite scripts hand the open workbook's values to ``read_source``
    (``reader="values"``: that way in any case)."""
    from xlkpi.data import read_source

    if reader == "auto" and (_version("fastexcel") or _version("python-calamine")):
        return read_source(path), "read_source(path)"
    import openpyxl

    from xlkpi.excel.frames import frame_from_values

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    frames, header_rows = {}, {}
    for sheet in book.worksheets:
        found = frame_from_values([list(r) for r in sheet.iter_rows(values_only=True)])
        if found is not None:
            frames[sheet.title], header_rows[sheet.title] = found
    return read_source(frames, header_rows=header_rows), "openpyxl values -> read_source"


def digest(table) -> str:
    """The table's rows with values to 10 significant digits: equal on every platform."""
    columns = (table.period, table.kpi, table.segment.fillna(""), table.value)
    lines = [
        f"{p}|{k}|{s}|{'' if v != v else format(float(v), '.10g')}"
        for p, k, s, v in zip(*columns, strict=True)
    ]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def compare(want, got) -> str:
    """'' where the engine's table equals the NumPy path's, else what differs."""
    import numpy as np

    keys = ["period", "kpi", "segment"]
    if list(got.columns) != list(want.columns) or len(got) != len(want):
        return f"shape: engine {got.shape} {list(got.columns)}, NumPy {want.shape}"
    for column in keys:
        if got[column].tolist() != want[column].tolist():
            return f"column {column} differs"
    a, b = want.value.to_numpy(dtype=float), got.value.to_numpy(dtype=float)
    same = np.isclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True)
    if same.all():
        return ""
    bad = want[~same].assign(engine=b[~same])
    return f"{int((~same).sum())} values differ:\n{bad.head(10).to_string()}"


def _engine(raw, grain: str):
    from xlkpi.engine import covered, kpi_data, tables_from_raw
    from xlkpi.kpi.options import OPTIONS

    options = {o.name: getattr(raw.settings, o.setting) for o in OPTIONS}
    options["clv_years"] = raw.settings.clv_years
    table = kpi_data(tables_from_raw(raw), period=grain, as_of=raw.settings.as_of,
                     options=options)  # fmt: skip
    return table, set(covered())


def as_lite() -> None:
    """Lite's settings, before xlwings is first imported: ``xw.func`` and ``xw.script``
    register for Office.js (xlwings reads ``XLWINGS_ON_SERVER`` when it is imported)."""
    import os

    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    os.environ["XLWINGS_ON_SERVER"] = "true"


async def lite(root: Path) -> dict:
    """What Lite runs, called as Lite's runtime calls it (after :func:`as_lite`): main.py's
    *Build KPI report* and *Check data* scripts on the sample as a workbook payload (built
    as the Lite tests build it, ``tests/support/officejs.py``), and a ``KPI_*`` function."""
    import copy
    import runpy

    import xlwings as xw
    import xlwings.server as server

    sys.path.insert(0, str(root))
    from tests.support import officejs

    module = types.ModuleType("main")
    module.__dict__.update(runpy.run_path(str(root / "xlkpi/excel/lite/main.py"), run_name="main"))
    payload = officejs.sample_book()
    out: dict = {}
    for script in ("build_kpi_report", "check_data"):
        t = time.perf_counter()
        book = officejs.remote_book(copy.deepcopy(payload))
        await server.custom_scripts_call(module, script, typehint_to_value={xw.Book: book})
        done = book.json()
        added = [a["args"][1] for a in officejs.actions(done, "addSheet")]
        alerts = [a["args"][0][:200] for a in officejs.actions(done, "alert")]
        out[script] = {"sheets added": added, "actions": len(done["actions"]), "alerts": alerts}
        out[script]["s"] = round(time.perf_counter() - t, 2)
    out["functions"] = len(server.custom_functions_meta(module)["functions"])
    call = officejs.function_call("KPI_NPS", [[[10], [9], [0]]])
    out["KPI_NPS(10, 9, 0)"] = await server.custom_functions_call(call, module)
    return out


def main(sample: str, reader: str = "auto") -> dict:
    from xlkpi.engine.compute import compute_kpis

    out: dict = {"python": sys.version.split()[0], "platform": sys.platform}
    out["versions"] = {n: _version(n) for n in PACKAGES}
    try:
        import pyodide  # present only inside Pyodide

        out["pyodide"] = pyodide.__version__
    except ImportError:
        out["pyodide"] = None
    t = time.perf_counter()
    raw, out["reader"] = read_sample(Path(sample), reader)
    out["seconds"] = {"read": round(time.perf_counter() - t, 2)}
    try:
        t = time.perf_counter()
        importlib.import_module("xlkpi.engine.run")
        importlib.import_module("duckdb")  # the backend: Ibis alone imports without it
        out["seconds"]["import engine"] = round(time.perf_counter() - t, 2)
        out["engine"] = "imported"
    except ImportError as exc:
        out["engine"] = f"cannot be imported: {exc}"
    out["grains"] = {}
    for grain in GRAINS:
        t = time.perf_counter()
        table = compute_kpis(raw, period=grain).table
        one = {"numpy rows": len(table), "numpy digest": digest(table)}
        one["numpy s"] = round(time.perf_counter() - t, 2)
        if out["engine"] == "imported":
            t = time.perf_counter()
            got, ids = _engine(raw, grain)
            one["engine s"] = round(time.perf_counter() - t, 2)
            want = table[table.kpi.isin(ids)].reset_index(drop=True)
            one["compared rows"] = len(want)
            one["difference"] = compare(want, got)
        out["grains"][grain] = one
    out["equal"] = out["engine"] == "imported" and not any(
        g["difference"] for g in out["grains"].values()
    )
    return out


if __name__ == "__main__":
    here = Path(__file__).resolve().parents[1]
    import asyncio

    reader = sys.argv[1] if len(sys.argv) > 1 else "auto"  # "values": as Lite reads a book
    as_lite()
    result = main(str(here / "examples" / "sample_raw.xlsx"), reader)
    result["lite"] = asyncio.run(lite(here))
    print(json.dumps(result, indent=1))
