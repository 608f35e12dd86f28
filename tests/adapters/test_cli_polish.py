"""What ``xlkpi kpis``, ``check`` and ``build`` tell about exports (issue 17 polish): why
nothing can be computed, what the adapters did on stderr whatever the source, one problem
per export cell, and which of two exports of one table is used."""

from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.adapters.test_exports import FIXTURES
from xlkpi.cli import main


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_kpis_on_an_export_that_gives_no_kpi_says_why_and_fails(tmp_path):
    """A GA4 report without the Date dimension: every row left out, so no KPI."""
    path = tmp_path / "Traffic acquisition.csv"
    text = "Session primary channel group (Default channel group),Sessions,Engaged sessions\n"
    path.write_text(text + "Organic Search,40,30\nDirect,20,10\n", encoding="utf-8")
    result = _run("kpis", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("xlkpi: error: no KPI can be computed from Traffic acquisition.csv")
    assert "2 row(s) without a Date (a totals row, or the report lacks the Date" in line


@pytest.fixture(scope="module")
def parquet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pq")
    frame = pd.read_csv(FIXTURES / "orders_export_1.csv", dtype="string",
                        keep_default_na=False, na_values=[""])  # fmt: skip
    frame.to_parquet(folder / "orders_export_1.parquet")
    shutil.copy(FIXTURES / "orders_export_1.csv", folder / "orders_export_1.csv")
    return folder


@pytest.mark.parametrize("name", ["orders_export_1.parquet", "orders_export_1.csv"])
def test_kpis_states_the_adapter_on_stderr_for_every_source(parquet, name):
    """Where the data lies (DuckDB reads the Parquet) as for a downloaded CSV: the KPI
    table on stdout, what the adapter did and the warnings on stderr."""
    result = _run("kpis", parquet / name)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("period,kpi,segment,value\n")
    said = [s for s in result.stderr.splitlines() if not s.startswith("xlkpi: note: ")]
    assert said[0].startswith(f"Source {name}: read as a Shopify orders export (adapter shop")
    assert "10 row(s) -> Orders 6 row(s), Customers 3 row(s); 1 row(s) left out" in said[0]
    warnings = _run("check", parquet / name).stdout.split("Warnings (", 1)[1].split(";")[0]
    assert len(said) == int(warnings)  # every warning check lists, kpis states
    assert "Source" not in result.stdout


def test_a_bad_cell_two_tables_read_is_one_problem(tmp_path):
    """Shopify's Created at gives the order date and the customer's first order date."""
    rows = list(csv.reader((FIXTURES / "orders_export_1.csv").open(encoding="utf-8")))
    rows[3][rows[0].index("Created at")] = "2025-13-45"  # order #1002, one line
    with (tmp_path / "orders_export_1.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    result = _run("check", tmp_path)
    assert result.exit_code == 1
    bad = [line for line in result.stdout.splitlines() if "2025-13-45" in line]
    assert bad == [
        "orders_export_1.csv!Created at row 4: not a date (use a real date, an Excel date "
        "serial or YYYY-MM-DD) (value: '2025-13-45')"
    ]


NOT_USED = (
    "orders_export_1.csv: NOT used for Orders: the Orders table is read from invoices.csv "
    "(one source per table, the first by name); to use this file's, take invoices.csv out "
    "of the source"
)


@pytest.fixture(scope="module")
def two_orders(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two")
    for name in ("invoices.csv", "orders_export_1.csv"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def test_two_exports_of_one_table_say_which_is_used(two_orders, tmp_path):
    """Stripe invoices and Shopify orders both give Orders: the first by name is used and
    check, kpis, the build summary and the report's Sources section all say so."""
    check = _run("check", two_orders)
    assert check.exit_code == 0
    assert f"{NOT_USED.replace(': NOT', '!(file) row 1: NOT', 1)}" in check.stdout
    kpis = _run("kpis", two_orders)
    assert f"Source {NOT_USED}" in kpis.stderr.splitlines()
    out = tmp_path / "r.xlsx"
    build = _run("build", two_orders, "-o", out, "-q")
    assert build.exit_code == 0, build.output
    assert f"Source {NOT_USED}" in build.stdout.splitlines()
    import openpyxl

    book = openpyxl.load_workbook(out, read_only=True)
    rows = [r for ws in book.worksheets for r in ws.iter_rows(values_only=True)]
    assert ("orders_export_1.csv", "(not used)", NOT_USED.split(": ", 1)[1]) in [
        tuple(c for c in r if c is not None) for r in rows
    ]
