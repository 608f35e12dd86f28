"""The report renders results and computes nothing: the computation is its own package.

``xlkpi.engine`` computes (its entry ``compute.compute_kpis``; its two executors, the
NumPy frames of ``xlkpi.engine.frames`` and the Ibis expressions); ``xlkpi.report`` lays
out a ``KpiResult``. Each rule below fails, naming the file, when code that computes
comes back into ``xlkpi/report/``; and the computation Lite runs never imports the engine's
Ibis or DuckDB.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "xlkpi" / "report"

# What the report may import from the computation package: its results and the numbers
# the report's comparisons need beyond them (never an executor: xlkpi.engine.frames, the
# Ibis modules, kpi_rows).
ENTRY = {
    "xlkpi.engine.compute",  # compute_kpis, KpiResult
    "xlkpi.engine.compare",  # like-for-like values, NPS test, close times
    "xlkpi.engine.kpi_periods",  # Period, the unit results are laid out by
    "xlkpi.engine.variants",  # the KPIs under every preset, an option's text
    "xlkpi.engine.switch",  # preloading the engine while the workbook is read
    "xlkpi.engine.report_sql",  # each KPI's SQL text, for the KPI SQL sheet
}
# The names that register computation, defined in the computation package only.
REGISTRIES = {"REGISTRY", "REPORT_FUNCTIONS", "SIDE_TABLES", "COUNTS", "FAMILIES"}
REGISTERING = {"report_kpi", "count"}  # the decorators of a per-period KPI / trial count
LITE_LACKS = ("ibis", "duckdb", "sqlglot")


def _report_files() -> list[Path]:
    return sorted(REPORT.rglob("*.py"))


def _engine_imports(tree: ast.AST) -> list[str]:
    """Every ``xlkpi.engine`` module ``tree`` imports: import statements and
    ``importlib.import_module("...")`` strings (``from xlkpi.engine import x`` is
    ``xlkpi.engine.x``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "xlkpi.engine":
                found += [f"xlkpi.engine.{a.name}" for a in node.names]
            else:
                found.append(node.module)
        elif isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first = node.args[0]
            if name in ("import_module", "__import__") and isinstance(first, ast.Constant):
                found.append(str(first.value))
    return [m for m in found if m == "xlkpi.engine" or m.startswith("xlkpi.engine.")]


def test_the_report_imports_the_computation_only_through_its_entry():
    offenders = []
    for path in _report_files():
        name = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{name} imports {m}" for m in _engine_imports(tree) if m not in ENTRY]
    assert offenders == []


def test_the_rule_catches_an_executor_import():
    """The scan above sees each way of importing an executor module."""
    for source in (
        "from xlkpi.engine.frames.orders import completed",
        "from xlkpi.engine import frames",
        "import xlkpi.engine.frames.base",
        "def f():\n    from xlkpi.engine.kpi_rows import assemble",
        "importlib.import_module('xlkpi.engine.frames.nps')",
        "importlib.import_module('xlkpi.engine.run')",
    ):
        assert [m for m in _engine_imports(ast.parse(source)) if m not in ENTRY], source


def test_no_report_module_defines_or_registers_a_computation():
    offenders = []
    for path in _report_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        name = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Assign):
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                targets = [node.target.id]
            offenders += [f"{name} defines {t}" for t in targets if t in REGISTRIES]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for deco in node.decorator_list:
                    call = deco.func if isinstance(deco, ast.Call) else deco
                    called = getattr(call, "id", getattr(call, "attr", ""))
                    if called in REGISTERING:
                        offenders.append(f"{name}: {node.name} is registered by @{called}")
    assert offenders == []


def test_every_registered_computation_lives_in_the_computation_package():
    from xlkpi.engine.compute import FAMILIES, REGISTRY, SIDE_TABLES
    from xlkpi.engine.frames.trials import COUNTS

    functions = [*REGISTRY.values(), *SIDE_TABLES.values(), *COUNTS.values()]
    modules = {f.__module__ for f in functions} | {m.__name__ for m in FAMILIES}
    ours = {m for m in modules if m.startswith("xlkpi.")}
    assert ours and all(m.startswith("xlkpi.engine.") for m in ours), sorted(ours)
    assert {m.__name__ for m in FAMILIES} <= {m for m in ours if ".frames." in m}
    moved = ["compute", "periods", "trials", "variants", "rules", "kpi_rows", "from_engine"]
    assert not [p for p in REPORT.glob("*.py") if p.stem.startswith("kpis") or p.stem in moved]


_IMPORT_ALL = """
import importlib, pkgutil, sys
import xlkpi.engine.frames as frames
names = [i.name for i in pkgutil.walk_packages(frames.__path__, "xlkpi.engine.frames.")]
names += %r
for name in names:
    importlib.import_module(name)
print(sorted({m.split(".")[0] for m in sys.modules} & set(%r)))
"""


def test_the_computation_lite_runs_never_imports_ibis_or_duckdb():
    """xlwings Lite (Pyodide) has no Ibis or DuckDB: the computation's entry, the NumPy
    executor and the report import without them (a fresh process, as Lite starts)."""
    entry = [*sorted(ENTRY), "xlkpi.report.build"]
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL % (entry, LITE_LACKS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.fixture(scope="module")
def layout() -> str:
    text = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    return text.split("## Where the numbers are computed", 1)[1].split("\n## ", 1)[0]


def test_the_docs_name_the_layout_as_it_is(layout):
    """docs/report.md's layout: every path it names exists, and report/ holds none of
    the computation's modules it lists."""
    paths = set(re.findall(r"`(xlkpi/[\w/]+(?:\.py|/))`", layout))
    assert {"xlkpi/engine/compute.py", "xlkpi/engine/frames/", "xlkpi/report/"} <= paths
    assert [p for p in paths if not (ROOT / p).exists()] == []
    tree = layout.split("```text", 1)[1].split("```", 1)[0]
    files = set(re.findall(r"\b(\w+\.py)\b", tree))
    engine = ROOT / "xlkpi" / "engine"
    assert len(files) > 12
    missing = [f for f in files if not (engine / f).exists() | (engine / "frames" / f).exists()]
    assert missing == []
    assert [f for f in files if (REPORT / f).exists()] == []
