"""Render only some sheets of a report to PDF with LibreOffice (the chart tests look at
them): the other sheets are hidden and lose their print areas, which LibreOffice would
print even for a hidden sheet."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from tests.support.libreoffice import convert


def only_sheets(src: Path, dst: Path, keep: list[str]) -> Path:
    """A copy of workbook ``src`` at ``dst`` where only the sheets ``keep`` are visible."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                data = _visible(data.decode("utf-8"), keep).encode("utf-8")
            zout.writestr(info, data)
    return dst


def _visible(xml: str, keep: list[str]) -> str:
    names = [n.replace("&amp;", "&") for n in re.findall(r'<sheet name="([^"]*)"', xml)]
    shown = [i for i, n in enumerate(names) if n in keep]
    if not shown:
        raise ValueError(f"none of {keep} in the workbook")

    def sheet(m: re.Match) -> str:
        name = m.group(1).replace("&amp;", "&")
        return (
            m.group(0) if name in keep else m.group(0).replace('state="visible"', 'state="hidden"')
        )

    def name(m: re.Match) -> str:
        return m.group(0) if int(m.group(1)) in shown else ""

    xml = re.sub(r'<sheet name="([^"]*)"[^>]*/>', sheet, xml)
    xml = re.sub(
        r'<definedName name="_xlnm\.Print_Area" localSheetId="(\d+)">[^<]*</definedName>', name, xml
    )
    xml = re.sub(r'activeTab="\d+"', f'activeTab="{shown[0]}"', xml)
    return re.sub(r'firstSheet="\d+"', f'firstSheet="{shown[0]}"', xml)


def render(src: Path, keep: list[str], out_dir: Path, dpi: int = 70) -> tuple[Path, list[Path]]:
    """(PDF, PNG pages) of the sheets ``keep`` of the workbook ``src``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "in").mkdir(exist_ok=True)
    for old in out_dir.glob("page*.png"):
        old.unlink()
    pdf = convert(only_sheets(src, out_dir / "in" / src.name, keep), "pdf", out_dir)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out_dir / "page")], check=True
    )
    return pdf, sorted(out_dir.glob("page*.png"))
