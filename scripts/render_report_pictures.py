#!/usr/bin/env python3
"""Render the sample report's pages to PNG for docs/report.md.

Builds the sample raw workbook and its report, converts the report to PDF with headless
LibreOffice (formulas recalculated), then ``pdftoppm -png -r 110`` the first page of each
report sheet into ``docs/images/report-<sheet>.png``. Needs ``soffice`` and ``pdftoppm``.

    python scripts/render_report_pictures.py [--out docs/images] [--dpi 110]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.libreoffice import convert, pdf_pages  # noqa: E402
from xlkpi.data.sample import write_sample  # noqa: E402
from xlkpi.report.build import build_report  # noqa: E402

SHEETS = [
    "Dashboard",
    "All KPIs",
    "Trend charts",
    "Trends",
    "NPS",
    "Funnel",
    "Acquisition",
    "Retention",
    "Recurring revenue",
    "Data quality",
]


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def sheet_pages(pdf: Path) -> dict[str, int]:
    """First PDF page of each report sheet, found by the sheet's title text."""
    pages: dict[str, int] = {}
    for page, text in enumerate(pdf_pages(pdf, layout=False), start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        lines = [line for line in lines if not line.startswith(("KPI report", "As of "))]
        first = lines[0] if lines else ""  # the sheet's title, under the page header
        for title, heading in zip(
            SHEETS,
            [
                "KPI dashboard",
                "All KPIs",
                "Trend charts",
                "Trends",
                "Net Promoter Score",
                "Funnel",
                "Acquisition",
                "Retention",
                "Recurring revenue",
                "Data quality",
            ],
            strict=True,
        ):
            if first == heading and title not in pages:
                pages[title] = page
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--dpi", type=int, default=110)
    args = parser.parse_args()
    if not shutil.which("pdftoppm"):
        print("pdftoppm (poppler-utils) is needed", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlkpi-pictures-") as tmp:
        tmp = Path(tmp)
        source = write_sample(tmp / "sample_raw.xlsx")
        report = build_report(source, tmp / "sample_report.xlsx")
        pdf = convert(report, "pdf", tmp / "pdf")
        for title, page in sheet_pages(pdf).items():
            stem = args.out / f"report-{slug(title)}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    str(args.dpi),
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(pdf),
                    str(stem),
                ],
                check=True,
            )
            print(f"wrote {stem}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
