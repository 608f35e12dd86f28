"""xlwings Server: the real ``xlwings-server`` app, called over HTTP as its JS client does.

``xlkpi server`` writes xlkpi's files into a fresh project folder; the app (FastAPI) is
started in-process in a child process (xlwings Server switches xlwings to server mode on
import) and driven by starlette's TestClient: no socket, no network. The calls are the
ones ``custom-functions-code.js`` and ``custom-scripts/index.js`` make.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from xlkpi.errors import OutputError
from xlkpi.excel import udfs
from xlkpi.excel.kits import SERVER_FILES, SERVER_NAMESPACE, write_server

# find, don't import: importing xlwings_server switches this process's xlwings to server mode
if importlib.util.find_spec("xlwings_server") is None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("xlwings-server is missing: CI must run the Server walkthrough", pytrace=False)
    pytest.skip("xlwings-server is not installed ([test] extra)", allow_module_level=True)
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> dict:
    # the guide's steps: `xlwings-server init myaddin`, then `xlkpi server -o myaddin --overwrite`
    project = tmp_path_factory.mktemp("server") / "myaddin"
    init = subprocess.run(
        [sys.executable, "-c", "from xlwings_server.cli import main; main()", "init", str(project)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=project.parent,
    )
    assert init.returncode == 0 and (project / "custom_functions").is_dir(), init.stderr[-2000:]
    with pytest.raises(OutputError, match="--overwrite"):
        write_server(project)  # init's own files are the user's: never replaced silently
    written = write_server(project, overwrite=True)
    assert [p.relative_to(project).as_posix() for p in written] == list(SERVER_FILES)
    env = {
        **os.environ,
        "XLWINGS_PROJECT_DIR": str(project),
        "XLWINGS_ON_SERVER": "true",
        "XLWINGS_LICENSE_KEY": "noncommercial",
        "XLWINGS_ENVIRONMENT": "dev",
        "XLWINGS_ENABLE_SOCKETIO": "false",
        "XLWINGS_ENABLE_HOTRELOAD": "false",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.server_client"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_functions_metadata_lists_every_kpi_function(served):
    assert served["meta"]["status"] == 200
    names = {f["name"] for f in served["meta"]["json"]["functions"]}
    assert names == {n for n in dir(udfs) if n.startswith("KPI_")}
    nps = next(f for f in served["meta"]["json"]["functions"] if f["name"] == "KPI_NPS")
    assert nps["parameters"][0]["name"] == "scores" and nps["description"]
    assert 'CustomFunctions.associate("KPI_NPS"' in served["code"]["text"]


def test_a_function_call_with_a_range_returns_its_value(served):
    # 10, 9, 8, 0 and a blank: 2 promoters, 1 detractor of 4 answers -> NPS 25
    assert served["nps"] == {"status": 200, "json": {"result": [[25.0]]}}


def test_bad_input_and_undefined_kpis_are_real_excel_errors(served):
    assert served["nps_bad"]["json"]["result"] == [[{"type": "Error", "errorType": "Value"}]]
    assert served["div0"]["json"]["result"] == [[{"type": "Error", "errorType": "Div0"}]]


def test_the_scripts_are_registered(served):
    names = {s["function_name"]: s["name"] for s in served["scripts_meta"]["json"]}
    assert names == {"build_kpi_report": "Build KPI report", "check_data": "Check data"}


def test_build_report_script_writes_new_report_sheets(served):
    actions = served["build"]["json"]["actions"]
    added = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    assert added[0] == "Dashboard (KPI)" and "KPI Data (KPI)" in added
    # the raw sheets are never written: every write targets a sheet added here (index >= 7)
    raw_count = 7
    assert all(a["sheet_position"] is None or a["sheet_position"] >= raw_count for a in actions)
    alert = [a for a in actions if a["func"] == "alert"]
    assert alert and "KPI report written" in alert[0]["args"][0]


def test_check_data_script_lists_the_bad_cell(served):
    actions = served["check"]["json"]["actions"]
    values = next(a["values"] for a in actions if a["func"] == "setValues")
    rows = [r for r in values if r and r[0] == "NPS"]
    assert len(rows) == 1 and rows[0][1] == 3 and rows[0][2] == "score" and rows[0][3] == 11


def test_manifest_has_the_build_report_and_check_data_buttons(served):
    assert served["manifest"]["status"] == 200
    root = ET.fromstring(served["manifest"]["text"].encode())
    ns = "{http://schemas.microsoft.com/office/taskpaneappversionoverrides}"
    functions = [e.text for e in root.iter(f"{ns}FunctionName")]
    assert functions == ["xlkpi-build-report", "xlkpi-check-data"]
    assert served["ribbon_js"]["status"] == 200  # the project's file, not xlwings Server's
    ribbon_js = served["ribbon_js"]["text"]
    for name, script in (
        ("xlkpi-build-report", "build_kpi_report"),
        ("xlkpi-check-data", "check_data"),
    ):
        assert f'associate("{name}"' in ribbon_js.replace("\n", "") and script in ribbon_js


def test_the_served_namespace_is_what_the_docs_tell_users_to_type(served):
    root = ET.fromstring(served["manifest"]["text"].encode())
    ns = {
        "o": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
        "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    }
    (element,) = root.iter(f"{{{ns['o']}}}Namespace")  # of the CustomFunctions point
    resid = element.get("resid")
    strings = {e.get("id"): e.get("DefaultValue") for e in root.iter(f"{{{ns['bt']}}}String")}
    namespace = strings[resid]
    assert namespace == SERVER_NAMESPACE  # served in dev too: not XLWINGS_DEV
    names = sorted(f["name"] for f in served["meta"]["json"]["functions"])
    guide = (ROOT / "docs" / "getting-started-excel.md").read_text(encoding="utf-8")
    server = guide.split("## 6. xlwings Server", 1)[1]
    typed = sorted(set(re.findall(rf"={namespace}\.(KPI_[A-Z_]+)\(", server)))
    assert typed and set(typed) <= set(names), typed
    assert f"={namespace}.KPI_NPS(" in server
