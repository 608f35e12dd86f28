"""workbook_template.xlsm: VBA, ribbon, package parts, sheets, determinism, LibreOffice."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlkpi.errors import OutputError
from xlkpi.excel.template import build as template
from xlkpi.excel.template.content import SETTINGS, raw_sheets
from xlkpi.excel.template.vba import build_vba_project, decompress

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "workbook_template.xlsm"
CUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return template.build_template(tmp_path_factory.mktemp("template") / "t.xlsm")


@pytest.fixture(scope="module")
def parts(built) -> dict[str, bytes]:
    with zipfile.ZipFile(built) as z:
        return {name: z.read(name) for name in z.namelist()}


def _code_lines(text: str) -> list[str]:
    """VBA source lines as olevba shows them (it hides ``Attribute`` lines)."""
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    return [line for line in lines if not line.startswith("Attribute VB_")]


def _olevba_modules(vba_project: bytes) -> dict[str, str]:
    olevba = pytest.importorskip("oletools.olevba")
    parser = olevba.VBA_Parser("vbaProject.bin", data=vba_project)
    try:
        return {
            Path(vba_filename).stem: code for _, _, vba_filename, code in parser.extract_macros()
        }
    finally:
        parser.close()


def test_vba_module_reads_back_identical_to_the_bas(parts):
    modules = _olevba_modules(parts["xl/vbaProject.bin"])
    assert set(modules) == {"ThisWorkbook", "Sheet1", "xlkpi_ribbon"}
    source = template.BAS_FILE.read_text(encoding="cp1252")
    assert _code_lines(modules["xlkpi_ribbon"]) == _code_lines(source)


LONG_RUNS = "\r\n".join(
    ['Attribute VB_Name = "Long"', *(["'" + "=" * 250] * 40), "Sub A()", "End Sub", ""]
)


def test_long_repeated_runs_survive_the_compressor(tmp_path):
    """The ms-ovba copy-token bug corrupts long runs; the patched build must not."""
    bas = tmp_path / "Long.bas"
    bas.write_bytes(LONG_RUNS.encode("cp1252"))
    modules = _olevba_modules(build_vba_project([bas]))
    assert _code_lines(modules["Long"]) == _code_lines(LONG_RUNS)


def test_the_unpatched_compressor_really_is_wrong():
    from ms_ovba_compression.ms_ovba import MsOvba

    data = LONG_RUNS.encode("cp1252")
    assert decompress(MsOvba().compress(data)) != data  # why vba.py patches it


def test_every_ribbon_button_calls_a_vba_callback(parts):
    ui = ET.fromstring(parts["customUI/customUI.xml"])
    assert ui.tag == f"{{{CUI_NS}}}customUI"
    tab = ui.find(f".//{{{CUI_NS}}}tab")
    assert tab is not None and tab.get("label") == "KPI"
    buttons = ui.findall(f".//{{{CUI_NS}}}button")
    labels = {b.get("label") for b in buttons}
    assert labels == {"Build report", "Check data", "Insert sample data", "Help"}
    assert all(b.get("imageMso") for b in buttons)
    vba = template.BAS_FILE.read_text(encoding="cp1252")
    callbacks = set(re.findall(r"^Public Sub (\w+)\(control As IRibbonControl\)", vba, re.M))
    assert {b.get("onAction") for b in buttons} == callbacks


def test_callbacks_run_the_ribbon_module(parts):
    vba = template.BAS_FILE.read_text(encoding="cp1252")
    commands = re.findall(r'KpiRunPython "(.+)"', vba)
    from xlkpi.excel import ribbon

    for command in commands:
        module, call = re.fullmatch(r"import (\S+) as r; r\.(\w+)\(\)", command).groups()
        assert module == "xlkpi.excel.ribbon" and callable(getattr(ribbon, call))
    assert len(commands) == 4


def test_relationships_and_content_types(parts):
    root_rels = ET.fromstring(parts["_rels/.rels"])
    ui = [r for r in root_rels if r.get("Type") == template.UI_REL]
    assert [r.get("Target") for r in ui] == ["customUI/customUI.xml"]
    wb_rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    vba = [r for r in wb_rels if r.get("Type") == template.VBA_REL]
    assert [r.get("Target") for r in vba] == ["vbaProject.bin"]
    ids = [r.get("Id") for r in wb_rels]
    assert len(ids) == len(set(ids))
    types = ET.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT_NS}Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT_NS}Default")}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert defaults["bin"] == "application/vnd.ms-office.vbaProject"
    assert template.XLSX_MAIN not in parts["[Content_Types].xml"].decode()


def test_sheets_tables_settings_and_xlwings_conf(built):
    wb = openpyxl.load_workbook(built)
    expected_raw = [s.name for s in raw_sheets()]
    assert wb.sheetnames == [
        "Start here",
        *expected_raw,
        "Settings",
        "Targets",
        "Mapping",
        "xlwings.conf",
    ]
    for sheet in raw_sheets():
        ws = wb[sheet.name]
        assert [c.value for c in ws[1]] == list(sheet.columns)
        assert list(ws.tables) == [sheet.name]
    from xlkpi.data.contract import SETTINGS_KEYS, TABLES

    assert [s.name for s in raw_sheets()] == [
        "Orders",
        "Customers",
        "Sessions",
        "Leads",
        "Spend",
        "NPS",
        "Subscriptions",
    ]
    assert wb["Orders"]["A1"].value == TABLES["orders"].columns[0].name
    settings = {row[0].value: row[1].value for row in wb["Settings"].iter_rows(min_row=2)}
    assert set(settings) == set(SETTINGS_KEYS) == {k for k, _, _ in SETTINGS}
    assert settings["period"] == "month" and settings["clv_years"] == 3
    assert [c.value for c in wb["Targets"][1]] == ["kpi", "target", "warn"]
    conf = wb["xlwings.conf"]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "xlkpi.excel.udfs")
    assert wb.code_name == "ThisWorkbook"


def test_the_empty_template_reads_as_clean_data(built):
    from xlkpi.data import check_source

    assert check_source(built) == []


def test_openpyxl_keep_vba_keeps_macros_and_ribbon(built, tmp_path):
    wb = openpyxl.load_workbook(built, keep_vba=True)
    wb["Targets"]["A2"] = "nps"
    copy = tmp_path / "copy.xlsm"
    wb.save(copy)
    with zipfile.ZipFile(copy) as z, zipfile.ZipFile(built) as original:
        assert z.read("xl/vbaProject.bin") == original.read("xl/vbaProject.bin")
        assert z.read("customUI/customUI.xml") == original.read("customUI/customUI.xml")
        assert template.UI_REL in z.read("_rels/.rels").decode()


def test_rebuilding_gives_identical_bytes(built, tmp_path):
    again = template.build_template(tmp_path / "again.xlsm")
    assert again.read_bytes() == built.read_bytes()


def test_committed_template_is_up_to_date(built):
    assert COMMITTED.exists(), "run: xlkpi template -o workbook_template.xlsm"
    assert COMMITTED.read_bytes() == built.read_bytes(), "run: xlkpi template"


def test_written_atomically_and_only_as_xlsm(tmp_path):
    with pytest.raises(OutputError, match="xlsm"):
        template.build_template(tmp_path / "t.xlsx")
    with pytest.raises(OutputError, match="does not exist"):
        template.build_template(tmp_path / "missing" / "t.xlsm")
    target = tmp_path / "t.xlsm"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match="not a template written by xlkpi"):
        template.build_template(target)  # any other file, a filled-in template above all
    assert target.read_bytes() == b"old"
    template.build_template(target, overwrite=True)
    template.build_template(target)  # an unchanged template xlkpi wrote: replaced
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsm"]  # no temp file left


def test_cli_template_command(tmp_path):
    from click.testing import CliRunner

    from xlkpi.cli import main

    out = tmp_path / "book.xlsm"
    result = CliRunner().invoke(main, ["template", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(io.BytesIO(out.read_bytes()))


@pytest.mark.libreoffice
def test_libreoffice_opens_the_template(built, lo_convert):
    converted = lo_convert(built, "xlsx")
    wb = openpyxl.load_workbook(converted)
    assert "Orders" in wb.sheetnames and wb["Orders"]["A1"].value == "order_id"


@pytest.mark.parametrize("blocked", ["ms_ovba", "ms_ovba_compression"])
def test_cli_template_without_ms_ovba_names_what_to_install(tmp_path, blocked):
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        f"sys.modules[{blocked!r}] = None  # as where it is not installed: import fails\n"
        "from xlkpi.cli import main\n"
        "main(['template', '-o', sys.argv[1]])\n"
    )
    out = tmp_path / "book.xlsm"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("XLKPI_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", script, str(out)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1, done.stderr
    package = blocked.replace("_", "-")
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in lines[0], lines
    assert f"needs {package}" in lines[0] and f"pip install {package}" in lines[0], lines[0]
    assert not out.exists()
