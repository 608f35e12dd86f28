"""The hostile-input corpus, generated here: every input class ends in one clean line or a
correct report, never a traceback, an abort, a blown memory or a damaged file.

Classes (issue 9): corrupt zip members, crafted row attributes, lying-size bombs, no
contract table, control characters and ``_xHHHH_`` text, Excel's limits, CSV injection,
terminal escapes, overwrite targets, temporary files of killed builds.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl.utils.escape import unescape

from tests.data.helpers import digest, make_xlsx
from tests.support import hostile
from xlkpi.cli import main
from xlkpi.data import read_source
from xlkpi.report.build import build_report
from xlkpi.safe_io import is_xlkpi_report, remove_stale_temporaries, written_by_xlkpi

ROOT = Path(__file__).resolve().parent.parent
ORDERS_HEADER = ["order_id", "order_date", "customer_id", "revenue"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def commands(source: Path, tmp_path: Path):
    out = tmp_path / "report.xlsx"
    return {
        "check": ("check", source),
        "kpis": ("kpis", source),
        "build": ("build", source, "-o", out, "-q"),
    }


def one_line_error(result, *fragments):
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("xlkpi: error: "), result.stderr
    assert "\x1b" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def in_a_process(*args) -> subprocess.CompletedProcess:
    """The real command in a fresh process: a native abort shows as a negative exit code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "xlkpi", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


# ------------------------------------------------------------------ corrupt zip members
DAMAGE = {
    "deflate": "damaged",
    "crc": "damaged",
    "encrypted": "encrypted",
    "method": "compression method 99",
    "bzip2-bad": "compression method 12",
    "truncated": "damaged",
}


@pytest.mark.parametrize("how", sorted(DAMAGE))
@pytest.mark.parametrize("command", ["check", "kpis", "build"])
def test_corrupt_zip_members_are_one_line(tmp_path, how, command):
    path = hostile.damaged(tmp_path / f"{how}.xlsx", how)
    before = digest(path)
    one_line_error(run(*commands(path, tmp_path)[command]), DAMAGE[how])
    assert digest(path) == before and not (tmp_path / "report.xlsx").exists()


ROWS = {
    "superscript-header": hostile.inline_row("²", *ORDERS_HEADER),
    "23-digits-header": hostile.inline_row("9" * 23, *ORDERS_HEADER),
    "23-digits-data": hostile.inline_row("1", *ORDERS_HEADER)
    + hostile.inline_row("1" * 23, 1, 46027, "C1", 5),
    "beyond-excel-data": hostile.inline_row("1", *ORDERS_HEADER)
    + hostile.inline_row("4000000000", 1, 46027, "C1", 5),
    "superscript-data": hostile.inline_row("1", *ORDERS_HEADER)
    + hostile.inline_row("²", 1, 46027, "C1", 5),
    "cell-column-beyond-xfd": hostile.inline_row("1", *ORDERS_HEADER)
    + '<row r="2"><c r="ZZZZ2"><v>1</v></c></row>',
    # valid references, but a used range of billions of cells: calamine allocates it all
    "stray-cell-at-xfd1048576": hostile.inline_row("1", *ORDERS_HEADER)
    + hostile.inline_row("2", 1, 46027, "C1", 5)
    + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    "stray-cell-at-zz1048576": hostile.inline_row("1", *ORDERS_HEADER)
    + '<row r="1048576"><c r="ZZ1048576"><v>1</v></c></row>',
}


@pytest.mark.parametrize("name", sorted(ROWS))
def test_crafted_row_attributes_never_crash_the_process(tmp_path, name):
    path = hostile.with_sheet_xml(tmp_path / "rows.xlsx", hostile.sheet_xml(ROWS[name]))
    done = in_a_process("check", path)  # a Rust abort would be a negative return code
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("xlkpi: error: "), done.stderr


def test_a_row_number_at_excels_last_row_is_fine(tmp_path):
    rows = hostile.inline_row("1", *ORDERS_HEADER) + hostile.inline_row("2", 1, 46027, "C1", 5)
    rows += hostile.inline_row("1048576", 2, 46027, "C2", 5)
    path = hostile.with_sheet_xml(tmp_path / "rows.xlsx", hostile.sheet_xml(rows))
    assert len(read_source(path).tables["orders"].frame) == 1  # data ends at the empty row


# ------------------------------------------------------------------------- zip bombs
@pytest.mark.parametrize("honest_blocks", [0, 3])
def test_a_lying_size_bomb_is_refused_by_counting(tmp_path, honest_blocks):
    bomb = hostile.lying_bomb(tmp_path / "bomb.xlsx", 64 * 1024**2, honest_blocks=honest_blocks)
    with zipfile.ZipFile(bomb) as zf:  # Python's zipfile trusts the directory: no error
        assert len(zf.read(hostile.SHEET)) == zf.getinfo(hostile.SHEET).file_size
    for command in ("check", "kpis", "build"):
        one_line_error(run(*commands(bomb, tmp_path)[command]), "refused", "zip bomb")


def test_a_gigabyte_bomb_is_refused_in_a_small_process(tmp_path):
    bomb = hostile.lying_bomb(tmp_path / "bomb.xlsx", 2 * 1024**3)
    script = (  # VmHWM: this process's peak RSS (ru_maxrss would count pytest's, forked)
        "import re, sys\n"
        "from xlkpi.cli import main\n"
        "try:\n    main(['check', sys.argv[1]])\n"
        "except SystemExit as e:\n"
        "    status = open('/proc/self/status').read()\n"
        "    print(re.search(r'VmHWM:\\s+(\\d+)', status).group(1), e.code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(bomb)], capture_output=True, text=True, env=env
    )
    peak_kb, code = done.stdout.split()
    assert code == "1" and "refused" in done.stderr
    assert int(peak_kb) < 200 * 1024, peak_kb  # within 200 MB


# ------------------------------------------------------------------- no table found
def test_no_contract_table_is_an_error_naming_the_sheets_and_the_nearest_name(tmp_path):
    path = make_xlsx(
        tmp_path / "export.xlsx",
        {"Order export": [ORDERS_HEADER, [1, "2026-01-05", "C1", 10]], "Notes": [["x"]]},
    )
    for command in ("check", "kpis", "build"):
        line = one_line_error(run(*commands(path, tmp_path)[command]), "no table")
        assert "'Order export'" in line and "'Notes'" in line
        assert "Did you mean 'Orders' (for 'Order export')" in line
    empty = tmp_path / "empty"
    empty.mkdir()
    for command in ("check", "kpis", "build"):
        line = one_line_error(run(*commands(empty, tmp_path)[command]), "no table")
        assert "too large" not in line and "it is empty" in line
    folder = tmp_path / "csvs"
    folder.mkdir()
    (folder / "order-list.csv").write_text("order_id\n1\n")
    (folder / "orders.csv").write_text("")
    line = one_line_error(run("check", folder), "no table")
    assert "'orders.csv' (empty)" in line and "'order-list.csv'" in line


# ------------------------------------------------------------ control characters, _x
TEXTS = ["a\x01b", "_x0041_", "bell\x07", "esc\x1b[2J", "\ufffe", "tab\tand\nnewline", "_x005F_"]


def test_control_characters_and_literal_escapes_round_trip(tmp_path):
    orders = pd.DataFrame(
        {
            "order_id": [str(i) for i in range(len(TEXTS))],
            "order_date": ["2026-01-05"] * len(TEXTS),
            "customer_id": TEXTS,
            "revenue": [1.0] * len(TEXTS),
            "note\x01\x1b": TEXTS,
            "_x0042_": TEXTS,
        }
    )
    out = build_report({"Orders": orders}, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(out)["Orders data"]
    header = [c.value for c in ws[1]]
    assert [unescape(h) for h in header[4:6]] == ["note\x01\x1b", "_x0042_"]
    for i, text in enumerate(TEXTS, start=2):
        for col in (3, 5, 6):
            assert unescape(ws.cell(i, col).value) == text
    table = next(iter(ws.tables.values()))
    assert [c.name for c in table.tableColumns][4:6] == ["note\x01\x1b", "_x0042_"]


def test_the_report_reads_back_as_written_by_a_spreadsheet_reader(tmp_path):
    import fastexcel

    orders = pd.DataFrame(
        {
            "order_id": ["1", "2"],
            "order_date": ["2026-01-05"] * 2,
            "customer_id": ["_x0041_", "a\x01b"],
            "revenue": [1.0, 2.0],
        }
    )
    out = build_report({"Orders": orders}, tmp_path / "r.xlsx")
    frame = fastexcel.read_excel(out).load_sheet("Orders data").to_pandas()
    assert frame["customer_id"].tolist() == ["_x0041_", "a\x01b"]


# --------------------------------------------------------------------- Excel limits
def test_long_text_is_cut_with_a_data_quality_finding(tmp_path):
    long = "x" * 40_000
    orders = pd.DataFrame(
        {"order_id": ["1"], "order_date": ["2026-01-05"], "customer_id": ["C"], "revenue": [1.0]}
    )
    orders["note"] = [long]
    raw = read_source({"Orders": orders})
    assert any("32,767" in p.message for p in raw.problems)
    out = build_report(raw, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(out)
    assert len(wb["Orders data"]["E2"].value) == 32_767
    quality = [c for row in wb["Data quality"].iter_rows(values_only=True) for c in row if c]
    assert any("32,767" in str(c) for c in quality)


def test_a_sheet_wider_than_excel_keeps_excels_columns_with_a_finding(tmp_path):
    folder = tmp_path / "wide"
    folder.mkdir()
    n = 16_390
    with (folder / "orders.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(ORDERS_HEADER + [f"x{i}" for i in range(n - 4)])
        w.writerow(["1", "2026-01-05", "C1", "10"] + ["1"] * (n - 4))
    raw = read_source(folder)
    assert any("16,384" in p.message for p in raw.problems)
    out = build_report(raw, tmp_path / "r.xlsx")
    import fastexcel

    sheet = fastexcel.read_excel(out).load_sheet("Orders data")
    assert sheet.width == 16_384 and sheet.height == 1


# -------------------------------------------------------------------- CSV injection
PAYLOADS = ["=cmd|' /c calc'!a0", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_kpis_csv_neutralises_formulas_but_keeps_negative_numbers(tmp_path):
    nps = pd.DataFrame(
        {
            "response_date": ["2026-01-05"] * len(PAYLOADS),
            "score": [0] * len(PAYLOADS),
            "segment": PAYLOADS,
        }
    )
    path = tmp_path / "raw.xlsx"
    with pd.ExcelWriter(path) as writer:
        nps.to_excel(writer, sheet_name="NPS", index=False)
    result = run("kpis", path)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(result.stdout.splitlines()))
    cells = [c for row in rows[1:] for c in row]
    for payload in PAYLOADS:
        assert payload not in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")) or cell.startswith("'")
    assert "-100" in cells or "-100.0" in cells  # NPS of all-detractors stays a number


# ------------------------------------------------------------------ terminal escapes
def test_escape_sequences_in_headers_and_values_are_shown_escaped(tmp_path):
    # _x001B_ is how a workbook stores ESC (XML cannot hold it); the reader decodes it
    rows = [
        ["order_id", "order_date", "customer_id", "revenue", "_x001B_]0;pwned_x0007_"],
        [1, "2026-01-05_x001B_[2J", "C1", "ten_x001B_[2J", "x"],
    ]
    path = make_xlsx(tmp_path / "raw.xlsx", {"Orders": rows})
    result = run("check", path)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[2J" in result.stdout
    build = run("build", path, "-o", tmp_path / "r.xlsx", "-q")
    assert "\x1b" not in build.output


# --------------------------------------------------------------- overwrite targets
def test_no_writer_replaces_a_file_that_is_not_its_own_unchanged_output(tmp_path, small_book):
    report = tmp_path / "r.xlsx"
    assert run("build", small_book, "-o", report, "-q").exit_code == 0
    assert is_xlkpi_report(report)
    assert run("build", small_book, "-o", report, "-q").exit_code == 0  # its own: replaced
    lookalike = tmp_path / "lookalike.xlsx"
    wb = openpyxl.Workbook()
    wb.properties.title = "my xlkpi report copy"
    wb.properties.keywords = "xlkpi report"
    wb.properties.creator = "xlkpi"
    wb.save(lookalike)
    saved = tmp_path / "saved.xlsx"
    wb2 = openpyxl.load_workbook(report)  # a report the user opened and saved: theirs now
    wb2.save(saved)
    sample = tmp_path / "sample.xlsx"
    assert run("sample", "-o", sample).exit_code == 0
    template = tmp_path / "t.xlsm"
    assert run("template", "-o", template).exit_code == 0
    filled = tmp_path / "filled.xlsm"
    book = openpyxl.load_workbook(template, keep_vba=True)
    book["Orders"]["A2"] = 1
    book.save(filled)
    cases = [
        ("build", small_book, "-o", lookalike, "-q"),
        ("build", small_book, "-o", saved, "-q"),
        ("build", small_book, "-o", sample, "-q"),
        ("sample", "-o", lookalike),
        ("sample", "-o", report),
        ("template", "-o", filled),
    ]
    for args in cases:
        target = Path(args[args.index("-o") + 1])
        before = digest(target)
        one_line_error(run(*args), "--overwrite", "left untouched")
        assert digest(target) == before
    assert run("template", "-o", template).exit_code == 0  # unchanged template: replaced
    assert run("sample", "-o", sample).exit_code == 0
    assert run("template", "-o", filled, "--overwrite").exit_code == 0
    assert written_by_xlkpi(filled, "template")


@pytest.fixture
def small_book(tmp_path):
    return make_xlsx(
        tmp_path / "raw.xlsx", {"Orders": [ORDERS_HEADER, [1, "2026-01-05", "C1", 10.0]]}
    )


# ------------------------------------------------------------------ temporary files
def test_a_killed_build_leaves_no_temporary_file_behind(tmp_path, small_book):
    out = tmp_path / "report.xlsx"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    leftover = tmp_path / f".~report-xlkpi{dead}-abcd1234.xlsx.tmp"
    leftover.write_bytes(b"half a report")
    live = tmp_path / f".~report-xlkpi{os.getpid()}-abcd1234.xlsx.tmp"
    live.write_bytes(b"being written")
    user = tmp_path / ".~lock.report.xlsx#"
    user.write_bytes(b"LibreOffice's lock file")
    assert run("build", small_book, "-o", out, "-q").exit_code == 0
    assert not leftover.exists() and live.exists() and user.exists()
    old = time.time() - 7 * 3600
    os.utime(live, (old, old))
    assert remove_stale_temporaries(tmp_path) == [live]


def test_sigterm_during_a_build_removes_its_temporary_file(tmp_path, small_book):
    script = (
        "import sys, time\n"
        "import xlkpi.report.build as b\n"
        "real = b.write_workbook\n"
        "def slow(path, *a, **k):\n"
        "    open(path, 'wb').write(b'partial'); print('writing', flush=True); time.sleep(60)\n"
        "b.write_workbook = slow\n"
        "sys.argv = ['xlkpi', 'build', sys.argv[1], '-o', sys.argv[2], '-q']\n"
        "from xlkpi.cli import main\nmain()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(small_book), str(tmp_path / "r.xlsx")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout.readline().strip() == "writing"
    assert list(tmp_path.glob(".~r-*.tmp"))
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    assert not list(tmp_path.glob(".~*.tmp")) and not (tmp_path / "r.xlsx").exists()
