"""Build ``workbook_template.xlsm`` from the repo's sources (``xlkpi template``).

1. openpyxl writes the sheets: *Start here*, the raw sheets of the data contract as empty
   Excel tables, *Settings*, *Targets*, *Mapping* (every contract column, its source
   to fill) and *xlwings.conf* (``UDF Modules``).
2. The package is then rewritten as a macro-enabled workbook: ``xl/vbaProject.bin`` built
   from ``xlkpi_ribbon.bas`` (see :mod:`.vba`), the ribbon ``customUI/customUI.xml`` with
   its relationship in ``_rels/.rels``, the VBA relationship of the workbook, and the
   content types. Zip entries get a fixed timestamp and the document properties a fixed
   date, so rebuilding from the same sources gives the same bytes.
3. The file is written to a temporary file in the target folder and renamed into place.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from xlkpi.excel.template.content import (
    MAPPING_COLUMNS,
    SETTINGS,
    START_HERE,
    TARGET_COLUMNS,
    mapping_rows,
    raw_sheets,
)
from xlkpi.excel.template.vba import build_vba_project
from xlkpi.safe_io import check_output, mark_workbook, save_workbook, write_bytes

__all__ = ["BAS_FILE", "CUSTOM_UI", "build_template", "template_bytes"]

HERE = Path(__file__).resolve().parent
BAS_FILE = HERE / "xlkpi_ribbon.bas"
CUSTOM_UI = HERE / "customUI.xml"

XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
UI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
FIXED_DATE = dt.datetime(2026, 1, 1)
ZIP_DATE = (2026, 1, 1, 0, 0, 0)

_TITLE = Font(bold=True, size=16, color="1F3864")
_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_REQUIRED_FILL = PatternFill("solid", fgColor="1F3864")  # dark blue: required column
_OPTIONAL_FILL = PatternFill("solid", fgColor="5B7DB1")  # light blue: optional column


def _table(
    ws,
    name: str,
    columns: tuple[str, ...],
    rows: list[tuple] | None = None,
    required: tuple[str, ...] | None = None,
) -> None:
    """Header row + rows (at least one empty row) as an Excel table named ``name``.

    Header cells are styled explicitly (not only by the table style), so they read as
    headers in every viewer; required columns are dark blue, optional ones lighter.
    """
    ws.append(list(columns))
    for cell, column in zip(ws[1], columns, strict=True):
        cell.font = _HEADER_FONT
        needed = required is None or column in required
        cell.fill = _REQUIRED_FILL if needed else _OPTIONAL_FILL
    for row in rows or [(None,) * len(columns)]:
        ws.append(list(row))
    last = get_column_letter(len(columns))
    table = Table(displayName=name, ref=f"A1:{last}{1 + max(1, len(rows or []))}")
    table.tableStyleInfo = _STYLE
    ws.add_table(table)
    ws.freeze_panes = "A2"
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(column) + 4)


def _start_here(wb: Workbook) -> None:
    ws = wb.active
    ws.title = "Start here"
    ws.sheet_properties.codeName = "Sheet1"
    ws.sheet_properties.tabColor = "1F3864"
    ws.column_dimensions["A"].width = 100
    ws.sheet_view.showGridLines = False
    for line in START_HERE:
        ws.append([line or None])
    ws["A1"].font = _TITLE
    for row in ws.iter_rows(min_row=2):
        row[0].alignment = Alignment(vertical="top")


def _raw(wb: Workbook) -> None:
    for sheet in raw_sheets():
        ws = wb.create_sheet(sheet.name)
        _table(ws, sheet.name.replace(" ", "_"), sheet.columns, required=sheet.required)
        for i, column in enumerate(sheet.columns, start=1):
            if column in sheet.dates:
                ws.column_dimensions[get_column_letter(i)].number_format = "yyyy-mm-dd"


def _settings(wb: Workbook) -> None:
    ws = wb.create_sheet("Settings")
    _table(ws, "Settings", ("key", "value", "meaning"), [tuple(s) for s in SETTINGS])
    ws.column_dimensions["C"].width = 70


def _targets(wb: Workbook) -> None:
    ws = wb.create_sheet("Targets")
    _table(ws, "Targets", TARGET_COLUMNS)


def _mapping(wb: Workbook) -> None:
    """Every contract column, its source to fill: the same format as mapping.csv."""
    ws = wb.create_sheet("Mapping")
    _table(ws, "Mapping", MAPPING_COLUMNS, list(mapping_rows()))
    ws.column_dimensions["C"].width = 30
    ws.column_dimensions["E"].width = 90


def _xlwings_conf(wb: Workbook) -> None:
    # xlwings reads key/value pairs from A1 down (no header row).
    ws = wb.create_sheet("xlwings.conf")
    ws.append(["UDF Modules", "xlkpi.excel.udfs"])
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 30


def _workbook_bytes() -> bytes:
    wb = Workbook()
    wb.code_name = "ThisWorkbook"
    _start_here(wb)
    _raw(wb)
    _settings(wb)
    _targets(wb)
    _mapping(wb)
    _xlwings_conf(wb)
    for i, ws in enumerate(wb.worksheets[1:], start=2):
        ws.sheet_properties.codeName = f"Sheet{i}"
    wb.properties.creator = "xlkpi"
    wb.properties.title = "xlkpi workbook template"
    wb.properties.created = FIXED_DATE
    mark_workbook(wb, "template", when=FIXED_DATE, ident="workbook-template")  # deterministic
    buffer = io.BytesIO()
    save_workbook(wb, buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- packaging
def _content_types(xml: str) -> str:
    xml = xml.replace(XLSX_MAIN, XLSM_MAIN)
    if 'Extension="bin"' not in xml:
        xml = xml.replace(
            "</Types>", f'<Default Extension="bin" ContentType="{VBA_TYPE}"/></Types>'
        )
    return xml


def _add_relationship(xml: str, rel_type: str, target: str, rel_id: str) -> str:
    if rel_type in xml:
        return xml
    rel = f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"/>'
    return xml.replace("</Relationships>", rel + "</Relationships>")


def _core_properties(xml: str) -> str:
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    for tag in ("created", "modified"):
        xml = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{stamp}\g<2>", xml)
    return xml


def _package(xlsx: bytes, vba: bytes, custom_ui: bytes) -> bytes:
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src:
        for name in src.namelist():
            parts[name] = src.read(name)

    def edit(name: str, change) -> None:
        parts[name] = change(parts[name].decode("utf-8")).encode("utf-8")

    edit("[Content_Types].xml", _content_types)
    edit("_rels/.rels", lambda x: _add_relationship(x, UI_REL, "customUI/customUI.xml", "rIdUI"))
    edit(
        "xl/_rels/workbook.xml.rels",
        lambda x: _add_relationship(x, VBA_REL, "vbaProject.bin", "rIdVBA"),
    )
    edit("docProps/core.xml", _core_properties)
    parts["xl/vbaProject.bin"] = vba
    parts["customUI/customUI.xml"] = custom_ui

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, data)
    return out.getvalue()


def template_bytes() -> bytes:
    """The bytes of the template workbook (deterministic for the same sources)."""
    return _package(_workbook_bytes(), build_vba_project([BAS_FILE]), CUSTOM_UI.read_bytes())


def build_template(output: Path, *, overwrite: bool = False) -> Path:
    """Write the template workbook to ``output`` (atomically) and return its path.

    ``output`` must end in ``.xlsm``: a macro-enabled workbook under another extension
    does not open in Excel. An existing file is replaced only when it is a template
    xlkpi wrote that nobody has saved since (a filled-in template never is), or with
    ``overwrite`` (see :mod:`xlkpi.safe_io`).
    """
    out = check_output(output, kind="template", suffixes=(".xlsm",), overwrite=overwrite)
    return write_bytes(out, template_bytes())
