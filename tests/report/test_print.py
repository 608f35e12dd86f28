"""How the report prints, read from the generated workbook: page header and footer on every
sheet, repeated header rows, page breaks before sections, charts clear of text, the cohort
triangle's print area, and (LibreOffice) what the printed pages show."""

from __future__ import annotations

import re
import warnings
import zipfile

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from tests.support.books import load
from tests.support.libreoffice import pdf_pages
from xlkpi.engine.compute import compute_kpis
from xlkpi.report import styles
from xlkpi.report.build import build_report, write_workbook
from xlkpi.report.sheets import retention

SAMPLE = "examples/sample_raw.xlsx"
EMU_PER_POINT = 12_700


def load_all(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sparklines are not read back by openpyxl
        return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The bundled sample's report (raw data embedded), as written and as openpyxl reads it."""
    path = build_report(SAMPLE, tmp_path_factory.mktemp("print") / "report.xlsx")
    return path, load_all(path)  # every sheet: the hidden data sheets' page setup is read


@pytest.fixture(scope="module")
def weekly(tmp_path_factory):
    path = tmp_path_factory.mktemp("weekly") / "report.xlsx"
    return build_report(SAMPLE, path, period="week", embed_raw=False)


def decode_header(text: str) -> dict[str, str]:
    """An Excel header / footer string as {section: literal text}, codes as ``{A}`` etc."""
    out, section, i = {"L": "", "C": "", "R": ""}, "C", 0
    while i < len(text):
        ch = text[i]
        if ch != "&":
            out[section] += ch
            i += 1
            continue
        code = text[i + 1]
        if code == "&":
            out[section] += "&"
            i += 2
        elif code in "LCR":
            section, i = code, i + 2
        elif code.isdigit():  # a font size: digits and the separating space
            m = re.match(r"\d+ ?", text[i + 1 :])
            i += 1 + m.end()
        else:
            out[section] += "{" + code + "}"
            i += 2
    return {k: v.strip() for k, v in out.items() if v.strip()}


def header_footer(path) -> dict[str, tuple[dict, dict]]:
    """Sheet title -> (decoded header, decoded footer), read from each sheet's XML."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="/?(?:xl/)?([^"]+)"', rels))
        targets |= {
            a: b for b, a in re.findall(r'Target="/?(?:xl/)?([^"]+)"[^>]*Id="(rId\d+)"', rels)
        }
        out = {}
        for name, rid in re.findall(r'<sheet name="([^"]+)"[^>]*r:id="(rId\d+)"', book):
            xml = z.read(f"xl/{targets[rid]}").decode()
            head = re.search(r"<oddHeader>(.*?)</oddHeader>", xml)
            foot = re.search(r"<oddFooter>(.*?)</oddFooter>", xml)
            unescape = lambda m: m.group(1).replace("&amp;", "&") if m else ""  # noqa: E731
            out[name] = (decode_header(unescape(head)), decode_header(unescape(foot)))
    return out


def test_every_sheet_has_the_page_header_and_footer(sample):
    path, wb = sample
    frames = header_footer(path)
    assert list(frames) == wb.sheetnames and len(frames) >= 19  # report and raw sheets
    for name, (head, foot) in frames.items():
        assert head == {"L": "KPI report - sample_raw.xlsx", "R": "As of 2026-10-31"}, name
        assert foot == {"L": "{A}", "R": "Page {P} of {N}"}, name


def test_an_ampersand_in_the_report_name_prints_as_itself(full_raw, tmp_path):
    full_raw.source = "R&D & Sales &P.xlsx"  # &P would be the page number, unescaped
    path = write_workbook(tmp_path / "r.xlsx", full_raw, compute_kpis(full_raw))
    for head, _ in header_footer(path).values():
        assert head["L"] == "KPI report - R&D & Sales &P.xlsx"
    assert styles.header_text("a&b") == "a&&b"
    long = styles.header_text("x" * 500)
    assert len(long) == 100 and long.endswith("…")


def cell_kind(cell) -> str | None:
    """'header' / 'section' by the report's styles (what the writer gave the cell)."""
    font, fill = cell.font, cell.fill
    accent = "00" + styles.ACCENT
    filled = fill is not None and fill.fgColor is not None and fill.fgColor.rgb == accent
    ink = font.color.rgb if font.color is not None else None
    if filled and font.b and ink == "00FFFFFF":
        return "header"
    if not filled and font.b and font.sz == 12 and ink == accent:
        return "section"
    return None


def printed(ws) -> list[tuple[int, int, int, int]]:
    """(min col, min row, max col, max row) of each printed range of ``ws``."""
    area = ws.print_area
    if not area:
        return [(1, 1, ws.max_column, ws.max_row)]
    return [range_boundaries(a.split("!")[-1].replace("$", "")) for a in area.split(",")]


def tables(ws) -> list[tuple[int, int, int]]:
    """(header row, first col, data rows) of every table that prints: a header-styled row
    and the filled cells below its first cell."""
    ranges = printed(ws)
    seen, out = set(), []
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell_kind(cell) != "header" or cell.row in seen:
                continue
            if not any(
                c1 <= cell.column <= c2 and r1 <= cell.row <= r2 for c1, r1, c2, r2 in ranges
            ):
                continue
            seen.add(cell.row)
            n = 0
            while ws.cell(cell.row + n + 1, cell.column).value not in (None, ""):
                n += 1
            out.append((cell.row, cell.column, n))
    return out


def test_every_table_sheet_repeats_the_header_of_its_last_sections_longest_table(sample):
    """Print titles repeat on every page after them, so they are the header of a table in
    the sheet's last section: a later section's page never shows another table's header."""
    _, wb = sample
    shown = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    with_tables = [ws for ws in shown if tables(ws)]
    assert {ws.title for ws in shown} - {ws.title for ws in with_tables} == {
        "Dashboard",  # one page: its tile inputs header is outside the print area
        "Trend charts",  # one page of charts: their data is outside the print area
    }
    for ws in with_tables:
        last_break = max((b.id + 1 for b in ws.row_breaks.brk), default=0)
        last = [n for r, _, n in tables(ws) if r >= last_break]
        if not last:  # the last section has no table: nothing repeats
            assert ws.print_title_rows is None, ws.title
            continue
        longest = max(last)
        assert ws.print_title_rows, ws.title
        first, last = (int(x) for x in ws.print_title_rows.replace("$", "").split(":"))
        titled = [(r, n) for r, _, n in tables(ws) if first <= r <= last]
        assert titled and max(n for _, n in titled) == longest, ws.title
        assert any(r == last for r, _ in titled), ws.title  # the header ends the title rows


def test_a_page_starts_at_every_section_heading(sample):
    _, wb = sample
    checked = 0
    for ws in wb.worksheets:
        breaks = sorted(b.id + 1 for b in ws.row_breaks.brk)  # the first row of a new page
        if ws.page_setup.fitToHeight == 1 and ws.sheet_properties.pageSetUpPr.fitToPage:
            assert breaks == [], ws.title  # one-page sheets: Dashboard, Trend charts
            continue
        headings = [
            c.row
            for c in ws["A"]
            if c.value and cell_kind(c) == "section" and c.row > 4  # not the first section
        ]
        chart_tops = {c.anchor._from.row + 1 for c in ws._charts}
        assert set(headings) <= set(breaks), ws.title
        assert set(breaks) - set(headings) <= chart_tops, ws.title  # else only above charts
        checked += len(headings)
    assert checked >= 8
    assert wb["Acquisition"].row_breaks.count == 1  # its few channels and charts: one page


def test_charts_after_a_long_channel_list_start_a_page(full_raw, tmp_path):
    spend = full_raw.tables["spend"].frame
    extra = spend.iloc[[0] * 30].copy()
    extra["channel"] = [f"partner {i:02d}" for i in range(30)]
    full_raw.tables["spend"].frame = pd.concat([spend, extra], ignore_index=True)
    path = write_workbook(tmp_path / "r.xlsx", full_raw, compute_kpis(full_raw))
    ws = load(path, {"Acquisition"})["Acquisition"]
    tops = {c.anchor._from.row + 1 for c in ws._charts}
    assert len(tops) == 1  # the three charts side by side
    breaks = [b.id + 1 for b in ws.row_breaks.brk]
    assert tops <= set(breaks)
    above = [ws.cell(min(tops) - k, 1).value for k in (3, 4)]  # the table (its footnote)
    assert "Total" in above  # right below the channel table


def test_trends_freezes_its_header_and_the_charts_have_their_own_sheet(sample):
    _, wb = sample
    ws = wb["Trends"]
    assert ws.freeze_panes == "B5" and ws._charts == []
    assert [cell_kind(c) for c in ws[4][:3]] == ["header"] * 3
    assert all(c.value is None for c in ws[3])  # only the title and subtitle above
    charts = wb["Trend charts"]
    assert len(charts._charts) == 7
    for chart in charts._charts:  # each chart reads its own sheet's chart data
        for s in chart.series:
            assert s.val.numRef.f.startswith("'Trend charts'!")
    links = {}
    for row in wb["Dashboard"].iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("=HYPERLINK("):
                target = re.match(r'=HYPERLINK\("#\'(.+)\'!A1"', c.value).group(1)
                links[target.replace("''", "'")] = c.coordinate
    shown = {ws.title for ws in wb.worksheets if ws.sheet_state == "visible"}
    assert set(links) == shown - {"Dashboard"}
    hidden = set(wb.sheetnames) - shown  # the data sheets: named, printed only when asked
    assert {"KPI Data"} | {t for t in wb.sheetnames if t.endswith(" data")} <= hidden
    note = next(r for r in wb["Dashboard"].iter_rows() if str(r[0].value).startswith("Data sh"))
    assert set(wb["Dashboard"].cell(note[0].row + 1, 1).value.split(", ")) == hidden


def chart_cells(ws, chart) -> tuple[int, int, int, int]:
    """(first col, first row, last col, last row) a chart covers, from its drawing anchor:
    a two-cell anchor's from / to, or a one-cell anchor's from plus its size, measured
    over the sheet's column widths and row heights."""
    anchor = chart.anchor
    left, top = anchor._from.col + 1, anchor._from.row + 1
    if hasattr(anchor, "to") and anchor.to is not None:
        return left, top, anchor.to.col + 1, anchor.to.row + 1
    width = anchor.ext.width / EMU_PER_POINT
    height = anchor.ext.height / EMU_PER_POINT
    default_row = ws.sheet_format.defaultRowHeight or 15
    right, bottom = left, top
    while True:
        dim = ws.column_dimensions.get(get_column_letter(right))
        chars = dim.width if dim is not None and dim.customWidth else 8.43
        width -= (chars * 7 + 5) * 0.75
        if width <= 0:
            break
        right += 1
    while True:
        dim = ws.row_dimensions.get(bottom)
        height -= dim.height if dim is not None and dim.height else default_row
        if height <= 0:
            break
        bottom += 1
    return left, top, right, bottom


def test_no_text_lies_under_a_chart(sample):
    _, wb = sample
    charted = [ws for ws in wb.worksheets if ws._charts]
    assert {"Funnel", "NPS", "Trend charts", "Retention"} <= {ws.title for ws in charted}
    for ws in charted:
        boxes = [chart_cells(ws, c) for c in ws._charts]
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or not cell.value or cell.data_type == "f":
                    continue  # text cells (a formula shows a number or a short word)
                for left, top, right, bottom in boxes:
                    if not top <= cell.row <= bottom or cell.column > right:
                        continue
                    assert cell.column < left, f"{ws.title}!{cell.coordinate} under a chart"
                    # text runs right over empty cells: does it reach the chart?
                    reach, col = len(cell.value) * 0.9, cell.column
                    while reach > 0 and col < left:
                        dim = ws.column_dimensions.get(get_column_letter(col))
                        reach -= dim.width if dim is not None and dim.customWidth else 8.43
                        col += 1
                        if ws.cell(cell.row, col).value is not None:
                            break
                    assert reach <= 0 or col < left, f"{ws.title}!{cell.coordinate} runs under"


def test_the_cohort_triangle_prints_its_newest_cohorts_at_weekly_grain(weekly):
    ws = load(weekly, {"Retention"})["Retention"]
    assert ws.print_title_rows == "$4:$5"
    per_period, cohorts = printed(ws)
    left = cohorts[0]
    assert ws.cell(5, left).value == "Cohort" and cell_kind(ws.cell(5, left)) == "header"
    assert ws.cell(5, 1).value == "Period"  # the other table's header: the same title row
    labels = []
    r = 6
    while ws.cell(r, left).value and ws.cell(r, left).font.b:  # the note below is not bold
        labels.append(ws.cell(r, left).value)
        r += 1
    assert len(labels) >= 100  # the whole triangle stays on the sheet
    first_printed = cohorts[1]
    assert ws.cell(first_printed, left).value == labels[-retention.PRINT_COHORTS]
    assert cohorts[3] == 6 + len(labels)  # the last cohort and the note below it
    assert ws.cell(5, left + 1).value == "Customers"  # the cohort sizes, beside the shares
    assert cohorts[2] == left + 1 + retention.PRINT_COHORTS  # +0 .. +23
    assert per_period[:2] == (1, 1) and per_period[2] < left


@pytest.mark.libreoffice
def test_printed_pages_show_header_footer_and_repeated_table_headers(weekly, lo_convert):
    pages = pdf_pages(lo_convert(weekly, "pdf"))
    total = len(pages)
    for i, text in enumerate(pages, 1):
        lines = [line.split() for line in text.splitlines() if line.strip()]
        assert " ".join(lines[0]) == "KPI report - sample_raw.xlsx As of 2026-10-31", i
        assert lines[-1][-4:] == ["Page", str(i), "of", str(total)], i
    by_sheet: dict[str, list[str]] = {}
    for text in pages:
        last = [line for line in text.splitlines() if line.strip()][-1]
        by_sheet.setdefault(last.split("Page")[0].strip(), []).append(text)
    assert len(by_sheet["Dashboard"]) == 1
    assert not {"KPI Data", "NPS data"} & set(by_sheet)  # data sheets: only when asked
    for sheet, start, header in [
        ("Trends", "Trends", "KPI 20"),  # KPIs as rows, periods across
        ("NPS", "NPS by period", "Period Responses"),  # the sheet's last, longest table
    ]:
        first = next(i for i, t in enumerate(by_sheet[sheet]) if start in " ".join(t.split()))
        continued = by_sheet[sheet][first + 1 :]
        assert continued, sheet
        for text in continued:  # every later page starts with the table's header row
            body = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
            assert body[1].startswith(header), (sheet, body[:3])
    cohort_page = next(t for t in by_sheet["Retention"] if "Acquisition cohorts" in t)
    ws = load(weekly, {"Retention"})["Retention"]
    left = printed(ws)[1][0]
    labels = [c.value for c in ws[get_column_letter(left)][5:] if c.value and c.font.b]
    assert labels[-1] in cohort_page and labels[-retention.PRINT_COHORTS] in cohort_page
    assert labels[-retention.PRINT_COHORTS - 1] not in cohort_page
