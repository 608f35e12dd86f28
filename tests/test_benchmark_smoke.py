"""The 1M-row benchmark harness, at smoke size: it runs end to end and its data is sound.

No timing assertions here (timings belong to ``benchmarks/run.py`` and RESULTS.md).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from xlkpi.data.contract import TABLES

WINDOW_START = datetime(2024, 11, 1)
BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
# The generated workbook must hold exactly the data contract's sheets and columns.
CONTRACT = {spec.title: list(spec.names) for spec in TABLES.values()}


def _load(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"xlkpi_bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    make_data = _load("make_data")
    return make_data.ensure_workbook(500, 11, tmp_path_factory.mktemp("bench-cache"))


def test_generated_workbook_follows_the_data_contract(workbook):
    wb = openpyxl.load_workbook(workbook, read_only=True)
    assert wb.sheetnames == list(CONTRACT)
    tables = {}
    for sheet, columns in CONTRACT.items():
        rows = list(wb[sheet].iter_rows(values_only=True))
        assert list(rows[0]) == columns, sheet
        tables[sheet] = [dict(zip(columns, r, strict=True)) for r in rows[1:]]
    orders, customers = tables["Orders"], tables["Customers"]
    assert len(orders) == 500
    assert len({o["order_id"] for o in orders}) == 500
    known = {c["customer_id"]: c for c in customers}
    for o in orders:  # every order is of a known customer, inside its active life
        c = known[o["customer_id"]]
        assert o["order_date"] >= max(c["acquired_date"], WINDOW_START)
        assert c["churned_date"] is None or o["order_date"] <= c["churned_date"]
        assert o["revenue"] >= 0 and o["status"] in {
            None,
            "paid",
            "refunded",
            "returned",
            "cancelled",
        }
    assert {type(o["order_date"]).__name__ for o in orders} == {"datetime"}
    assert all(r["score"] is None or r["score"] in range(11) for r in tables["NPS"])
    won = [lead for lead in tables["Leads"] if lead["won_date"] is not None]
    assert won and all(lead["customer_id"] in known for lead in won)


def test_generation_is_deterministic_and_cached(tmp_path):
    make_data = _load("make_data")
    a = make_data.ensure_workbook(300, 5, tmp_path / "a")
    b = make_data.ensure_workbook(300, 5, tmp_path / "b")
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        assert za.namelist() == zb.namelist()
        for name in za.namelist():
            assert za.read(name) == zb.read(name), name
    mtime = a.stat().st_mtime_ns
    assert make_data.ensure_workbook(300, 5, tmp_path / "a") == a
    assert a.stat().st_mtime_ns == mtime  # served from the cache, not rewritten


def test_the_orders_only_workbook_holds_the_same_orders(workbook, tmp_path):
    make_data = _load("make_data")
    single = make_data.ensure_workbook(500, 11, tmp_path, orders_only=True)
    whole = openpyxl.load_workbook(workbook, read_only=True)
    alone = openpyxl.load_workbook(single, read_only=True)
    assert alone.sheetnames == ["Orders"]
    rows = list(alone["Orders"].iter_rows(values_only=True))
    assert rows == list(whole["Orders"].iter_rows(values_only=True))
    with zipfile.ZipFile(single) as zf:  # its shared strings: only what Orders uses
        count = re.search(rb'uniqueCount="(\d+)"', zf.read("xl/sharedStrings.xml")).group(1)
    assert int(count) == len({v for r in rows for v in r if isinstance(v, str)})


def test_regenerating_results_keeps_the_sections_other_benchmarks_wrote():
    keep_others = _load("results_single").keep_others
    old = "# B\n\n## Targets\n\nold\n\n## Orders at scale through the engine\n\nmine\n"
    new = "# B\n\n## Targets\n\nnew\n\n## Method\n\nm\n"
    out = keep_others(old, new)
    assert out.startswith(new.rstrip()) and out.endswith(
        "## Orders at scale through the engine\n\nmine\n"
    )
    assert "old" not in out and keep_others(new, new) == new


def test_floor_scans_every_sheet(workbook):
    floor = _load("floor")
    with zipfile.ZipFile(workbook) as zf:
        parts = floor.sheet_parts(zf)
        assert list(parts) == list(CONTRACT)
        assert floor.scan(zf, parts["Orders"]) == zf.getinfo(parts["Orders"]).file_size


@pytest.mark.slow
def test_smoke_run_writes_a_well_formed_results_file(tmp_path):
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--smoke",
            "--no-fail",
            "--results",
            str(results),
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = results.read_text(encoding="utf-8")
    for heading in (
        "## Targets",
        "## Whole-process wall time",
        "## NPS on",
        "## A full-column argument through the Lite/Server call path",
        "## Zip bomb guard",
        "## Machine",
        "## Data",
        "## The single-sheet shape",
    ):
        assert heading in text
    targets = re.findall(r"^\| (.+?) \| (.+?) \| (.+?) \| \*\*(PASS|FAIL)\*\* \|$", text, re.M)
    # 5 for the build, 2 for the single-sheet build, one per UDF call-path case (numbers,
    # full column, header, stray text), 2 zip bomb
    assert len(targets) == 5 + 2 + len(_load("udf_call_path").TARGETED) + 2
    assert any(t[0] == "xlkpi build / floor (single Orders sheet)" for t in targets)
    bomb = [t for t in targets if t[0].startswith("lying-size zip bomb")]
    assert len(bomb) == 2 and all(t[3] == "PASS" for t in bomb)  # refused, under 200 MB
    build_row = re.search(r"^\| xlkpi build \| (.+?) \|", text, re.M)
    assert build_row and build_row.group(1).endswith(" s"), done.stderr[-3000:]
    assert re.search(r"^\| pandas read_excel baseline \| [\d.]+ s \|", text, re.M)
