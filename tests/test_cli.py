"""The xlkpi command: exit codes and one-line error messages, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest
from click.testing import CliRunner

from tests.support.books import load
from xlkpi.cli import main
from xlkpi.report.safe_io import is_xlkpi_report


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "raw.xlsx"
    result = CliRunner().invoke(main, ["sample", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert f"wrote {path}" in result.output
    return path


@pytest.fixture
def bad_data(tmp_path):
    path = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "NPS"
    ws.append(["response_date", "score"])
    ws.append(["2026-01-05", 9])
    ws.append(["2026-01-06", 12])
    ws.append(["not a date", 5])
    wb.save(path)
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line_error(result, *fragments, code=1):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("xlkpi: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_build_sample(sample, tmp_path):
    out = tmp_path / "report.xlsx"
    result = run("build", sample, "-o", out, "--quiet")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0] == f"wrote {out}"
    assert "data-quality finding" in lines[-1]
    assert is_xlkpi_report(out)


def test_build_with_period_and_as_of(sample, tmp_path):
    out = tmp_path / "report.xlsx"
    result = run("build", sample, "-o", out, "-q", "--period", "quarter", "--as-of", "2025-12-31")
    assert result.exit_code == 0, result.output
    assert "Latest (2025-Q4)" in load(out, {"All KPIs"})["All KPIs"]["B6"].value


def test_build_missing_file(tmp_path):
    one_line_error(
        run("build", tmp_path / "nope.xlsx", "-o", tmp_path / "r.xlsx", "-q"), "nope.xlsx"
    )


def test_build_corrupt_file(tmp_path):
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"\x00garbage")
    one_line_error(run("build", corrupt, "-o", tmp_path / "r.xlsx", "-q"), "corrupt.xlsx")
    assert not (tmp_path / "r.xlsx").exists()


def test_build_bad_data_names_sheet_row_column(bad_data, tmp_path):
    one_line_error(run("build", bad_data, "-o", tmp_path / "r.xlsx", "-q"), "NPS", "row 3", "score")


def test_build_output_is_input(sample):
    one_line_error(run("build", sample, "-o", sample, "-q"), "overwrite the source")


def test_build_will_not_replace_a_foreign_file(sample, tmp_path):
    theirs = tmp_path / "theirs.xlsx"
    openpyxl.Workbook().save(theirs)
    one_line_error(run("build", sample, "-o", theirs, "-q"), "--overwrite")
    assert run("build", sample, "-o", theirs, "-q", "--overwrite").exit_code == 0


def test_build_bad_period_is_a_usage_error(sample, tmp_path):
    result = run("build", sample, "-o", tmp_path / "r.xlsx", "--period", "decade")
    assert result.exit_code == 2


def test_check(sample, bad_data):
    ok = run("check", sample)
    assert ok.exit_code == 0 and "no data errors" in ok.output
    bad = run("check", bad_data)
    assert bad.exit_code == 1
    assert "row 3" in bad.stdout and "row 4" in bad.stdout  # every error at once
    assert "Traceback" not in bad.output


def test_check_missing_file(tmp_path):
    one_line_error(run("check", tmp_path / "nope.xlsx"), "nope.xlsx")


def test_kpis_csv_and_json(sample):
    csv = run("kpis", sample)
    assert csv.exit_code == 0
    assert csv.stdout.splitlines()[0] == "period,kpi,segment,value"
    js = run("kpis", sample, "--format", "json")
    assert js.exit_code == 0 and js.stdout.lstrip().startswith("[")


def test_kpis_bad_data(bad_data):
    one_line_error(run("kpis", bad_data), "NPS")


def test_sample_refuses_a_foreign_file(tmp_path):
    theirs = tmp_path / "theirs.xlsx"
    openpyxl.Workbook().save(theirs)
    result = run("sample", "-o", theirs)
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_real_process_prints_one_line(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "xlkpi",
            "build",
            str(tmp_path / "nope.xlsx"),
            "-o",
            str(tmp_path / "r.xlsx"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("xlkpi: error: ")


def _churn(result) -> dict[str, float]:
    assert result.exit_code == 0, result.output
    rows = [line.split(",") for line in result.stdout.splitlines()[1:]]
    return {r[0]: float(r[3]) for r in rows if r[1] == "churn_rate" and r[3]}


def test_option_and_preset_flags_change_the_numbers(sample):
    from xlkpi.data import read_source
    from xlkpi.engine.compute import compute_kpis

    raw = read_source(sample)
    want = compute_kpis(raw, options={"churn_rate.denominator": "average"}, preset="stripe").table
    want = want[want["kpi"] == "churn_rate"].set_index("period")["value"].dropna().to_dict()
    default = _churn(run("kpis", sample))
    for flags in (
        ["--preset", "stripe", "--option", "churn_denominator=average"],
        ["--option", "churn_rate.denominator=Average", "--preset", "Stripe"],
    ):
        got = _churn(run("kpis", sample, *flags))
        assert got == pytest.approx(want) and got != pytest.approx(default), flags


BAD_CHOICES = [
    (["--option", "churn_denominator=avg"], ["'avg'", "start, average, start_plus_new"]),
    (["--option", "churn_denominatr=average"], ["churn_denominatr", "churn_denominator"]),
    (["--option", "churn_denominator"], ["NAME=VALUE"]),
    (["--preset", "strip"], ["'strip'", "stripe", "shopify"]),
]
BAD_DATE = (["--as-of", "31/02/2026"], ["as_of", "2026-03-31"])  # check takes no as-of


@pytest.mark.parametrize(
    ("command", "flags", "fragments"),
    [(c, *bad) for c in ("build", "kpis", "check") for bad in BAD_CHOICES]
    + [(c, *BAD_DATE) for c in ("build", "kpis")],
)
def test_a_bad_choice_is_one_line_listing_the_valid_ones(
    sample, tmp_path, command, flags, fragments
):
    out = ["-o", tmp_path / "r.xlsx", "-q"] if command == "build" else []
    one_line_error(run(command, sample, *out, *flags), *fragments, code=2)  # a usage error
    assert not (tmp_path / "r.xlsx").exists()
