"""xlwings Lite: main.py's scripts through xlwings' remote interpreter, and the package
without fastexcel (Pyodide has no build of it).

``xw.Book(json=...)`` is what xlwings Lite and Server build from the Office.js payload;
``book.json()`` holds the actions the Office.js client then carries out in Excel.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support import officejs
from xlkpi.data import read_source
from xlkpi.engine.compute import compute_kpis
from xlkpi.excel import scripts
from xlkpi.excel.workbook_writer import render_sheet
from xlkpi.report.workbook import Formula, SheetSpec

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _licence(monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


def _book(payload):
    return officejs.remote_book(payload)


@pytest.fixture(scope="module")
def built():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
        payload = officejs.sample_book()
        book = _book(copy.deepcopy(payload))  # the remote book grows its payload
        names = scripts.build_kpi_report(book)
        return payload, names, book.json()


def _sheet_actions(book_json, position):
    return [a for a in book_json["actions"] if a.get("sheet_position") == position]


def test_build_writes_every_report_sheet_as_a_new_sheet(built):
    payload, names, out = built
    raw = [s["name"] for s in payload["sheets"]]
    added = [a["args"][1] for a in officejs.actions(out, "addSheet")]
    assert added == names and names[0] == "Dashboard (KPI)" and "NPS (KPI)" in names
    assert not set(added) & set(raw)
    assert all(
        a["sheet_position"] is None or a["sheet_position"] >= len(raw) for a in out["actions"]
    )


def test_kpi_data_sheet_values_equal_the_python_results(built):
    payload, names, out = built
    position = len(payload["sheets"]) + names.index("KPI Data (KPI)")
    values = next(a["values"] for a in _sheet_actions(out, position) if a["func"] == "setValues")
    header = values[0]
    frames = {s["name"]: s for s in payload["sheets"]}
    assert frames  # the same data, read the way the script reads it
    raw = read_source({n: _frame(s["values"]) for n, s in frames.items()}, header_rows=None)
    table = compute_kpis(raw).table
    nps = table[(table["kpi"] == "nps") & (table["segment"].fillna("") == "")]
    col = {name: i for i, name in enumerate(header)}
    rows = [r for r in values[1:] if r[col["kpi"]] == "nps" and not r[col["segment"]]]
    assert len(rows) == len(nps) > 0
    got = sorted(float(r[col["value"]]) for r in rows if r[col["value"]] != "")
    want = sorted(float(v) for v in nps["value"].dropna())
    assert got == pytest.approx(want)


def _frame(values):
    from xlkpi.excel.frames import frame_from_values

    rows = [[None if v == "" else v for v in r] for r in values]
    return frame_from_values(rows)[0]


def test_formats_tables_rules_charts_and_freeze_are_sent(built):
    _, _, out = built
    funcs = {a["func"] for a in out["actions"]}
    assert {"setNumberFormat", "setFormula", "addTable", "addConditionalFormat"} <= funcs
    assert {"addChart", "freezePaneAtRange", "setColumnWidth"} <= funcs
    formats = {a["args"][0] for a in officejs.actions(out, "setNumberFormat")}
    assert "0.0%" in formats


def test_charts_keep_their_series_and_categories(built):
    out = built[2]
    nps_sheet = "NPS (KPI)"
    charts = [a for a in officejs.actions(out, "addChart") if a["args"][2] == nps_sheet]
    assert len(charts) == 1
    kind, source = charts[0]["args"][1], charts[0]["args"][3]
    assert kind in {"ColumnClustered", "BarClustered", "LineMarkers"}
    axis = [a for a in officejs.actions(out, "setChartXAxisValues") if a["args"][1] == nps_sheet]
    assert len(axis) == 1
    rows = [int(x) for x in re.findall(r"\$(\d+)", source)]
    cat_rows = [int(x) for x in re.findall(r"\$(\d+)", axis[0]["args"][2])]
    # the series range has its header row (the series name); the categories start below it
    assert cat_rows == [rows[0] + 1, rows[1]]


def test_formulas_are_formulas_and_data_text_stays_text():
    spec = SheetSpec("Guard")
    spec.put(1, 1, '=HYPERLINK("http://x")')  # data text that looks like a formula
    spec.put(1, 2, "#N/A")  # data text that looks like an error
    spec.put(2, 1, Formula("=SUM(1,2)", 3))
    spec.put(2, 2, float("nan"), na="error")  # the intended #N/A
    book = _book(officejs.book({"Orders": [["order_id"]]}))
    render_sheet(book, spec)
    out = book.json()
    values = officejs.actions(out, "setValues")[0]["values"]
    assert values[0] == ['\'=HYPERLINK("http://x")', "'#N/A"]
    formulas = [
        (a["start_row"], a["start_column"], a["values"])
        for a in officejs.actions(out, "setFormula")
    ]
    assert formulas == [(1, 0, [["=SUM(1,2)", "=NA()"]])]
    assert values[1] == ["", ""] or values[1] == [None, None]


def test_check_data_lists_problems_on_a_new_sheet():
    book = _book(officejs.book({"NPS": [["response_date", "score"], ["2026-01-05", 11]]}))
    assert scripts.check_data(book) == 1
    out = book.json()
    assert [a["args"][1] for a in officejs.actions(out, "addSheet")] == ["Check results"]


def test_bad_data_becomes_one_message_not_a_traceback():
    book = _book(officejs.book({"Orders": [["order_id", "order_date"], ["A1", "soon"]]}))
    assert scripts.build_kpi_report(book) == []
    out = book.json()
    alerts = officejs.actions(out, "alert")
    assert len(alerts) == 1 and "failed" in alerts[0]["args"][0]
    assert not officejs.actions(out, "addSheet")


# ------------------------------------------- Pyodide: no fastexcel, no engine (no duckdb)

#: What the Lite build runs without: every dependency pyproject.toml marks
#: ``sys_platform != 'emscripten'`` (:func:`test_the_blocked_modules_are_the_marked_ones`).
#: Ibis, DuckDB and sqlglot are among them: a real Pyodide could not be given DuckDB's
#: Pyodide wheel here (docs/getting-started-excel.md, "The engine in Lite").
LITE_LACKS = ("fastexcel", "ibis", "duckdb", "sqlglot", "isal", "ms_ovba")

BLOCK_FASTEXCEL = f"""
import importlib.abc, sys
LACKS = {LITE_LACKS!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in LACKS:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked: Pyodide)")
sys.meta_path.insert(0, Block())
"""

LITE_RUN = (
    BLOCK_FASTEXCEL
    + """
import json, os, runpy, tempfile
import xlwings as xw, xlwings.server
main = runpy.run_path(os.path.join(sys.argv[1], "xlkpi/excel/lite/main.py"), run_name="main")
from xlkpi.excel import udfs
registered = sorted(n for n, f in main.items() if hasattr(f, "__xlfunc__"))
scripts = sorted((n, f.__xlscript__["name"]) for n, f in main.items() if hasattr(f, "__xlscript__"))
import types
module = types.ModuleType("main"); module.__dict__.update(main)
meta = xlwings.server.custom_functions_meta(module)
import asyncio
call = {"func_name": "KPI_NPS", "args": [[[10], [9], [0]]], "version": xw.__version__,
        "client": "Office.js", "caller_address": "[B.xlsx]Sheet1!A1", "runtime": "1.4",
        "culture_info_name": "en-US", "date_format": "M/d/yyyy"}
value = asyncio.run(xlwings.server.custom_functions_call(call, module))
import xlkpi
out = os.path.join(tempfile.mkdtemp(), "r.xlsx")
xlkpi.build_report(os.path.join(sys.argv[1], "examples/sample_raw.xlsx"), out)
kpis = sorted(n for n in dir(udfs) if n.startswith("KPI_"))
import openpyxl
sheets = openpyxl.load_workbook(out, read_only=True).sheetnames
loaded = sorted(m for m in LACKS if m in sys.modules)
print(json.dumps({"registered": registered, "udfs": kpis,
                  "scripts": scripts, "meta": len(meta["functions"]), "value": value,
                  "report": os.path.getsize(out), "sheets": sheets, "loaded": loaded}))
"""
)


@pytest.mark.slow
def test_main_py_and_build_report_run_without_fastexcel():
    env = {
        **os.environ,
        "XLWINGS_ON_SERVER": "true",  # what Lite's runtime is: xw.func/script register
        "XLWINGS_LICENSE_KEY": "noncommercial",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", LITE_RUN, str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["registered"] == got["udfs"] and len(got["udfs"]) >= 30
    assert got["meta"] == len(got["udfs"])
    assert got["scripts"] == [
        ["build_kpi_report", "Build KPI report"],
        ["check_data", "Check data"],
    ]
    assert got["value"] == [[pytest.approx(100 / 3)]]
    assert got["report"] > 10_000 and got["loaded"] == []
    assert {"Dashboard", "KPI Data"} <= set(got["sheets"])  # the NumPy path's report


def test_the_blocked_modules_are_the_marked_ones():
    """LITE_LACKS is exactly the import names of the dependencies marked for Pyodide."""
    from packaging.requirements import Requirement

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = {"sys_platform": "emscripten", "platform_system": "Emscripten", "python_version": "3.14"}
    marked = {Requirement(d) for d in deps}
    names = {r.name.lower() for r in marked if r.marker is not None and not r.marker.evaluate(env)}
    imports = {"ibis-framework": "ibis", "ms-ovba": "ms_ovba"}
    assert {imports.get(n, n) for n in names} == set(LITE_LACKS)


def test_the_calamine_fallback_reads_the_same_data_as_fastexcel():
    from xlkpi.data import xlsx_calamine

    path = ROOT / "examples/sample_raw.xlsx"
    fast = read_source(path)
    sheets, _, findings = xlsx_calamine.read_workbook(path)
    frames = {s.sheet: s for s in sheets}
    assert set(frames) == {t.sheet for t in fast.tables.values()} | {"Settings", "Targets"} & set(
        frames
    )
    assert not findings
    for key, table in fast.tables.items():
        raw = next(s for s in sheets if s.key == key)
        assert raw.first_row == 2 and raw.height >= len(table.frame)


@pytest.mark.parametrize("how", ["bomb", "crc", "deflate"])
def test_the_calamine_fallback_refuses_bombs_and_damaged_parts(tmp_path, how):
    from tests.support import hostile
    from xlkpi.data import xlsx_calamine
    from xlkpi.errors import SourceError

    path = tmp_path / f"{how}.xlsx"
    if how == "bomb":  # a 1 GiB lying-size bomb: refused before calamine inflates it
        hostile.lying_bomb(path, 1024**3)
        want = "lying size"
    else:
        hostile.damaged(path, how)
        want = "damaged"
    with pytest.raises(SourceError, match=want):
        xlsx_calamine.read_workbook(path)


def _pyodide_names() -> set[str]:
    lines = (ROOT / "tests/support/pyodide-packages.txt").read_text().splitlines()
    return {x.split()[0].lower().replace("_", "-") for x in lines if x and not x.startswith("#")}


PURE_PYTHON = {"openpyxl", "xlwings"}  # not built by Pyodide; pure-Python wheels install


def test_every_dependency_installs_in_pyodide():
    from packaging.requirements import Requirement

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = {"sys_platform": "emscripten", "platform_system": "Emscripten", "python_version": "3.14"}
    active = [Requirement(d) for d in deps]
    active = [r.name.lower() for r in active if r.marker is None or r.marker.evaluate(env)]
    missing = sorted(set(active) - _pyodide_names() - PURE_PYTHON)
    assert missing == [], "not in Pyodide and not pure Python: give them a marker"
    assert "fastexcel" not in active and "python-calamine" in active


def _checks(path, monkeypatch, *, fastexcel: bool):
    from xlkpi.data import check_source

    with monkeypatch.context() as m:
        if not fastexcel:
            m.setitem(sys.modules, "fastexcel", None)  # as in Pyodide: import fails
        return [(p.sheet, p.row, p.column, str(p)) for p in check_source(path)]


def test_both_readers_report_the_same_problems_error_cells_included(tmp_path, monkeypatch):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "NPS"
    ws.append([None])  # the header is the first non-empty row: row 2
    ws.append(["response_date", "score", "segment"])
    ws.append(["2026-01-05", 9, "SMB"])
    ws.append(["2026-01-06", "#N/A", "SMB"])  # openpyxl stores this as an error cell
    ws.append(["soon", 11, "#REF!"])
    path = tmp_path / "errors.xlsx"
    wb.save(path)
    fast = _checks(path, monkeypatch, fastexcel=True)
    slow = _checks(path, monkeypatch, fastexcel=False)
    # the same cells (the shown value may differ: 11 read as a number or as text)
    assert [p[:3] for p in slow] == [p[:3] for p in fast]
    assert any(p[1] == 4 and "#N/A" in p[3] for p in slow)
    assert any(p[1] == 5 and "soon" in p[3] for p in slow)
    assert any(p[1] == 5 and "#REF!" in p[3] for p in slow)
