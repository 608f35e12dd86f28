"""Each platform export, dropped as downloaded, gives its hand-computed KPIs (issue 17):
alone and all together, through the API and the command line (``xlkpi kpis``, ``build``)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import ibis
import openpyxl
import pandas as pd
import pytest

from tests.adapters.expected import ADAPTER_OF, ALONE_CLI, EXPECTED, SETTINGS, TOGETHER
from tests.support.books import load
from xlkpi.adapters import ADAPTERS, by_name, recognise
from xlkpi.adapters.base import ROW, column_key
from xlkpi.adapters.run import expressions
from xlkpi.data import check_source
from xlkpi.data.csvdir import read_headers
from xlkpi.engine.compute import kpi_table

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def _values(table: pd.DataFrame) -> dict[tuple, float]:
    """KPI Data rows as {(period, kpi): value}, or (period, kpi, segment) for a segment."""
    out = {}
    for p, k, s, v in zip(table["period"], table["kpi"], table["segment"], table["value"],
                          strict=True):  # fmt: skip
        out[(p, k) if s is None or s == "" or s != s else (p, k, s)] = v
    return out


def _assert_expected(values, expected):
    for key, want in expected.items():
        got = values.get(key)
        if want is None:
            assert got is None or pd.isna(got), (key, got)
        else:
            assert got == pytest.approx(want), (key, got)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_export_alone_gives_its_kpis(name, tmp_path):
    assert recognise(read_headers(FIXTURES / name)).name == ADAPTER_OF[name]
    if name not in SETTINGS:
        _assert_expected(_values(kpi_table(FIXTURES / name)), EXPECTED[name])  # the file
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(FIXTURES / name, folder / name)
    if name in SETTINGS:
        (folder / "settings.csv").write_text(SETTINGS[name])
    _assert_expected(_values(kpi_table(folder)), EXPECTED[name])  # in a folder


def test_day_first_exports_need_date_order_once_per_column():
    problems = check_source(FIXTURES / "report1736791384000.csv")
    assert [(p.column, p.value) for p in problems] == [
        ("Create Date", "13/01/2025"),  # the export's own headers, not the contract's
        ("Converted Date", "20/01/2025"),
    ]
    assert all("only fit dmy" in p.message for p in problems)


def _all_in_one(tmp_path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in EXPECTED:
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "settings.csv").write_text("date_order,dmy\n")
    return folder


def _cli(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "xlkpi", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def test_all_exports_together_through_the_command_line(tmp_path):
    folder = _all_in_one(tmp_path)
    done = _cli("kpis", folder)
    assert done.returncode == 0, done.stderr
    _assert_expected(_values(pd.read_csv(io.StringIO(done.stdout), dtype={"segment": str})),
                     TOGETHER)  # fmt: skip
    check = _cli("check", folder)
    assert check.returncode == 0, check.stderr
    for name, adapter in ADAPTER_OF.items():
        said = [line for line in check.stdout.splitlines() if line.startswith(f"{name}!(source)")]
        assert len(said) == 1 and f"read as a {by_name(adapter).title}" in said[0]
    report = tmp_path / "report.xlsx"
    built = _cli("build", folder, "-o", report, "-q")
    assert built.returncode == 0, built.stderr
    for name in ADAPTER_OF:
        assert f"Source {name}: read as a" in built.stdout
    sheet = openpyxl.load_workbook(report, read_only=True)["KPI Data"]
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    table = pd.DataFrame(rows[1:], columns=head)
    table["value"] = pd.to_numeric(table["value"], errors="coerce")
    _assert_expected(_values(table), TOGETHER)


def test_the_statement_counts_rows_read_dropped_and_why():
    warnings: list = []
    assert check_source(FIXTURES / "stripe_subscriptions.csv", warnings=warnings) == []
    [note] = [w for w in warnings if w.column == "(source)"]
    assert "9 row(s) -> Subscriptions 37 row(s)" in note.message
    assert "1 row(s) left out: 1 incomplete or incomplete_expired (never paid)" in note.message
    assert "1 trialing subscription(s): no MRR before the trial ends" in note.message
    warnings = []
    check_source(FIXTURES / "orders_export_1.csv", warnings=warnings)
    [note] = [w for w in warnings if w.column == "(source)"]
    assert "10 row(s) -> Orders 6 row(s), Customers 3 row(s)" in note.message
    assert "1 row(s) of pending" in note.message and "3 line-item row(s) merged" in note.message
    assert "1 partially refunded order(s) counted as paid" in note.message


def test_a_row_with_a_bad_amount_is_left_out_and_counted(tmp_path):
    text = (FIXTURES / "stripe_subscriptions.csv").read_text().replace("1,524.00", "lots")
    (tmp_path / "subs.csv").write_text(text)
    warnings: list = []
    check_source(tmp_path, warnings=warnings)
    [note] = [w for w in warnings if w.column == "(source)"]
    assert "1 with an Amount that is not a number" in note.message


# concrete columns for the signatures' patterns (a header with a currency, a question)
_EXAMPLES = {
    "amount_spent*": ("amount_spent_usd",),
    "total_spent*": ("total_spent_usd",),
    "cost_*": ("cost_usd",),
    "*_nps_group": ("q1", "q1_nps_group"),
    "*would_recommend": ("how_likely_is_it_that_you_would_recommend_us",),
}


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: a.name)
@pytest.mark.parametrize("dialect", ["postgres", "bigquery", "duckdb"])
def test_every_adapter_compiles_for_warehouses(adapter, dialect):
    keys = [key.split("|")[0] for key in (*adapter.signature, *adapter.optional)]
    names = [n for key in keys for n in _EXAMPLES.get(key, (key,))]
    columns = dict.fromkeys(names, "string")
    table = ibis.table({**columns, ROW: "int64"}, name="export")
    for out in expressions(adapter, table)[1].values():
        assert "SELECT" in ibis.to_sql(out, dialect=dialect)


def test_column_keys_of_real_headers():
    assert column_key("Current Period Start (UTC)") == "current_period_start_utc"
    assert column_key(" Lineitem quantity ") == "lineitem_quantity"


@pytest.mark.parametrize("name", ALONE_CLI)
def test_one_export_file_through_the_command_line(name, tmp_path):
    """A downloaded file passed as SOURCE itself (not a folder): kpis, and build with its
    KPIs in KPI Data and the adapter's statement in the Data quality sheet's Sources."""
    from click.testing import CliRunner

    from xlkpi.cli import main

    runner = CliRunner()
    done = runner.invoke(main, ["kpis", str(FIXTURES / name)])
    assert done.exit_code == 0, done.output
    values = _values(pd.read_csv(io.StringIO(done.stdout), dtype={"segment": str}))
    _assert_expected(values, EXPECTED[name])
    report = tmp_path / "report.xlsx"
    built = runner.invoke(main, ["build", str(FIXTURES / name), "-o", str(report), "-q"])
    assert built.exit_code == 0, built.output
    book = load(report, {"KPI Data", "Data quality"})  # the sheets read
    rows = list(book["KPI Data"].iter_rows(values_only=True))
    table = pd.DataFrame(rows[1:], columns=rows[0])
    table["value"] = pd.to_numeric(table["value"], errors="coerce")
    _assert_expected(_values(table), EXPECTED[name])
    sheet = book["Data quality"]
    cells = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    at = cells.index(["Sources: exports read as downloaded"])
    assert cells[at + 1] == ["File", "Read by", "Rows read, left out and why"]
    assert cells[at + 2][:2] == [name, ADAPTER_OF[name]]
    assert cells[at + 2][2].startswith(f"read as a {by_name(ADAPTER_OF[name]).title}")
