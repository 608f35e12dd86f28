"""Classic xlwings: the template's VBA project carries what *Import Functions* needs.

*Import Functions* writes VBA wrappers calling ``XLPy.CallUDF`` from the xlwings add-in's
VBA project; they compile only when the workbook references that project, as xlwings' own
``quickstart.xlsm`` does. These tests read both dir streams and compare the references.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support.vba_dir import workbook_references
from xlkpi.excel.template import build as template
from xlkpi.excel.template.content import START_HERE

ROOT = Path(__file__).resolve().parents[2]
CUI = "{http://schemas.microsoft.com/office/2006/01/customui}"

# imageMso ids checked against Office's icon gallery / Excel control-id table (see the
# getting-started guide); CreateReport and TableInsert are not Excel ids and showed nothing.
VALID_IMAGE_MSO = {"ChartInsert", "DataValidation", "TableInsertExcel", "Help"}


def _quickstart() -> Path:
    xlwings = pytest.importorskip("xlwings")
    path = Path(xlwings.__file__).parent / "quickstart.xlsm"
    assert path.is_file(), "the installed xlwings ships quickstart.xlsm"
    return path


def _add_in_reference(refs: list[tuple]) -> tuple:
    found = [r for r in refs if r[1] == "project"]
    assert len(found) == 1, refs
    return found[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return template.build_template(tmp_path_factory.mktemp("classic") / "t.xlsm")


def test_quickstart_references_the_xlwings_add_in_project():
    name, kind, absolute, relative, *_ = _add_in_reference(workbook_references(_quickstart()))
    assert (name, kind) == ("xlwings", "project")
    assert absolute.endswith("xlwings.xlam") and relative.endswith("xlwings.xlam")


@pytest.mark.parametrize("which", ["built", "committed"])
def test_template_has_the_same_add_in_reference_as_quickstart(which, built):
    path = built if which == "built" else ROOT / "workbook_template.xlsm"
    ours = workbook_references(path)
    assert _add_in_reference(ours) == _add_in_reference(workbook_references(_quickstart()))
    # and keeps the libraries its own callbacks need (IRibbonControl is in Office)
    assert [r[0] for r in ours if r[1] == "registered"] == ["stdole", "Office"]


def test_vba_still_reads_back_with_oletools(built):
    olevba = pytest.importorskip("oletools.olevba")
    parser = olevba.VBA_Parser(str(built))
    try:
        names = {Path(f).stem for _, _, f, _ in parser.extract_macros()}
    finally:
        parser.close()
    assert names == {"ThisWorkbook", "Sheet1", "xlkpi_ribbon"}


def test_ribbon_icons_are_office_image_ids():
    root = ET.parse(template.CUSTOM_UI).getroot()
    icons = {b.get("id"): b.get("imageMso") for b in root.iter(f"{CUI}button")}
    assert set(icons.values()) <= VALID_IMAGE_MSO, icons
    assert None not in icons.values()


def test_no_entry_point_tells_users_to_pip_install_a_package_that_is_not_published():
    texts = [
        template.BAS_FILE.read_text(encoding="cp1252"),
        "\n".join(START_HERE),
    ]
    for text in texts:
        assert "pip install xlkpi" not in text
        assert "not on PyPI" in text


def test_nothing_in_the_repository_says_pip_install_xlkpi():
    """The package is not on PyPI: no doc, template, message or Lite file may say so."""
    wanted = ("pip install xlkpi", "pip install 'xlkpi", 'pip install "xlkpi')
    offenders = []
    for path in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "xlkpi").rglob("*")]:
        if path.is_file() and path.suffix in {".md", ".py", ".bas", ".xml", ".txt", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{path.relative_to(ROOT)}" for w in wanted if w in text]
    assert offenders == []
