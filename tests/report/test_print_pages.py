"""The printed report, rendered by LibreOffice and read back page by page: which sheets
print and on how many pages, no blank page, and no text smaller than 8 pt."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.support.libreoffice import convert, pdf_pages, soffice_or_skip
from xlkpi.report.build import build_report

SAMPLE = "examples/sample_raw.xlsx"
REPORT_SHEETS = [
    "Dashboard", "All KPIs", "Trend charts", "Trends", "NPS", "Funnel", "Acquisition",
    "Retention", "Recurring revenue", "Data quality", "Reconciliation", "Definitions compared",
]  # fmt: skip
# pdftotext -bbox gives a word's box; its height is 1.053 x the font size (Calibri)
BOX_PER_POINT = 1.053


@pytest.fixture(scope="module", params=["month", "week"])
def printed(request, tmp_path_factory):
    """(grain, the PDF LibreOffice prints) of the sample's report at month and week grain."""
    soffice_or_skip()
    path = tmp_path_factory.mktemp(request.param) / "report.xlsx"
    build_report(SAMPLE, path, period=request.param)
    return request.param, convert(path, "pdf", tmp_path_factory.mktemp("pdf"))


def sheet_of(text: str) -> str:
    """The sheet a page belongs to: its footer, "<sheet>   Page i of n"."""
    last = [line for line in text.splitlines() if line.strip()][-1]
    return re.split(r"\s{2,}Page \d+ of \d+", last.strip())[0].strip()


def pages_per_sheet(pdf) -> dict[str, int]:
    out: dict[str, int] = {}
    for text in pdf_pages(pdf):
        out[sheet_of(text)] = out.get(sheet_of(text), 0) + 1
    return out


@pytest.mark.libreoffice
def test_the_report_prints_its_report_sheets_alone(printed):
    _, pdf = printed
    pages = pages_per_sheet(pdf)
    assert list(pages) == REPORT_SHEETS  # no data sheet, in workbook order
    assert pages["Dashboard"] == pages["Trend charts"] == 1
    assert pages["Trends"] <= 3  # the last 13 periods, one page wide (KPIs down)
    assert sum(pages.values()) <= 36, pages  # was 558 (month) and 1,003 (week)


@pytest.mark.libreoffice
def test_no_printed_page_is_blank(printed):
    _, pdf = printed
    for i, text in enumerate(pdf_pages(pdf), 1):
        body = [line for line in text.splitlines() if line.strip()][1:-1]  # not header/footer
        assert len(body) >= 2, f"page {i} ({sheet_of(text)}) is blank"


def word_sizes(pdf) -> list[list[tuple[float, str]]]:
    """Per page: (font size in points, word) of every word, from pdftotext -bbox."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    out = []
    for page in html.split("<page ")[1:]:
        words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', page)
        out.append([((float(b) - float(a)) / BOX_PER_POINT, w) for a, b, w in words])
    return out


# Sheets whose every printed word is at least 8 pt. Not yet: the chart sheets (LibreOffice
# shrinks chart text with the chart: Trend charts, Funnel, Acquisition, Recurring revenue)
# and Retention's cohort triangle (24 ages across one page).
READABLE = [
    "Dashboard", "All KPIs", "Trends", "NPS", "Data quality", "Reconciliation",
    "Definitions compared",
]  # fmt: skip


@pytest.mark.libreoffice
def test_printed_text_is_at_least_8_points(printed):
    _, pdf = printed
    for i, (text, words) in enumerate(zip(pdf_pages(pdf), word_sizes(pdf), strict=True), 1):
        if sheet_of(text) not in READABLE:
            continue
        size, word = min(words)
        assert size >= 7.95, f"page {i} ({sheet_of(text)}): {word!r} at {size:.1f} pt"
