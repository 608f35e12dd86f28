"""``xlkpi kpis`` and ``xlkpi check`` give a CSV folder (or file) of contract tables to
the engine, which reads it where it lies (DuckDB, lazily, no Excel row limit): the same
KPI Data and the same messages as the workbook reader gives for the same files.
Folders holding platform exports or a mapping stay with the reader."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from click.testing import CliRunner

from xlkpi.cli import main
from xlkpi.cli_kpis import workbook_kpis
from xlkpi.data import check_source
from xlkpi.data.contract import TABLES
from xlkpi.engine import covered
from xlkpi.sources import connect
from xlkpi.sources.connect import engine_reads

from ..warehouse.conftest import SAMPLE


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The sample's sheets as CSV files, as a user saves them (Settings, Targets too),
    with a few cross-table findings: an orphan customer, a churn before acquisition, a
    second subscription row for one month, orders without a cost, a row after as-of."""
    from openpyxl import load_workbook

    out = tmp_path_factory.mktemp("csv")
    book = load_workbook(SAMPLE, read_only=True)
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.values]
        width = max(map(len, rows))
        rows = [r + [None] * (width - len(r)) for r in rows]
        head = [h if h is not None else "" for h in rows[0]]
        pd.DataFrame(rows[1:], columns=head).to_csv(out / f"{sheet.title}.csv", index=False)
    orders = pd.read_csv(out / "Orders.csv", dtype=str)
    orders.loc[3, "customer_id"] = "NOPE"
    orders.loc[[5, 9], "cost"] = None
    orders.loc[10, "order_date"] = "2027-01-05"
    orders.to_csv(out / "Orders.csv", index=False)
    subs = pd.read_csv(out / "Subscriptions.csv", dtype=str)
    pd.concat([subs.iloc[:4], subs.iloc[[2]], subs.iloc[4:]]).to_csv(
        out / "Subscriptions.csv", index=False
    )
    customers = pd.read_csv(out / "Customers.csv", dtype=str)
    customers.loc[2, "churned_date"] = "2024-11-11"  # acquired 2024-11-12
    customers.to_csv(out / "Customers.csv", index=False)
    return out


def _run(*argv):
    return CliRunner().invoke(main, [str(a) for a in argv])


def test_a_folder_of_contract_csv_goes_to_the_engine(folder, tmp_path):
    assert engine_reads(folder) and engine_reads(folder / "Orders.csv")
    assert not connect.is_engine_source(folder)  # a report still reads it with the reader
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "orders_export_1.csv").write_text("Name,Email\n#1,a@b.c\n", encoding="utf-8")
    (tmp_path / "mapped").mkdir()
    (tmp_path / "mapped" / "orders.csv").write_text("order_id\n1\n", encoding="utf-8")
    utf16 = tmp_path / "utf16"
    utf16.mkdir()
    (utf16 / "orders.csv").write_text(
        "order_id,order_date,customer_id,revenue\n1,2025-01-01,C,2\n", encoding="utf-16"
    )
    for other in (exports, tmp_path / "mapped", utf16, tmp_path / "missing"):
        assert not engine_reads(other), other  # an export, a required column missing, ...


def test_kpis_of_a_csv_folder_equal_the_readers(folder):
    """Settings.csv counts (its as-of date, grain and options), as a Settings sheet does;
    ``--option`` beats it."""
    for argv in ([], ["--option", "churn_denominator=average", "--period", "quarter"]):
        done = _run("kpis", folder, *argv)
        assert done.exit_code == 0, done.output
        got = pd.read_csv(io.StringIO(done.stdout), keep_default_na=False, na_values=[""])
        options = [a for a in argv[1:2]] or None
        period = argv[3] if argv else None
        table, _ = workbook_kpis(folder, period=period, as_of=None, options=options, preset=None)
        table = table[table.kpi.isin(covered())].reset_index(drop=True)  # the suite's test KPI
        key = ["period", "kpi", "segment"]
        table["segment"] = table.segment.fillna("")
        got["segment"] = got.segment.fillna("")
        assert got[key].values.tolist() == table[key].values.tolist()
        assert got.value.to_numpy() == pytest.approx(
            table.value.to_numpy(dtype=float), rel=1e-9, nan_ok=True
        )


def test_check_of_a_csv_folder_says_what_the_reader_says(folder):
    done = _run("check", folder)
    assert done.exit_code == 0, done.output
    warnings: list = []
    assert check_source(folder, warnings=warnings) == []
    lines = done.stdout.splitlines()
    assert lines[0] == f"Warnings ({len(warnings)}; a report still builds and lists them):"
    assert sorted(lines[1:-1]) == sorted(map(str, warnings))
    assert "Orders.csv!order_date row 12: 1 row(s) dated after as_of 2026-10-31" in done.stdout


def test_a_bad_cell_is_named_by_file_row_and_column(tmp_path):
    rows = [("O1", "2025-01-13", "C1", "12"), ("O2", "13/01/2025", "C1", "n/a")]
    pd.DataFrame(rows, columns=list(TABLES["orders"].required)).to_csv(
        tmp_path / "orders.csv", index=False
    )
    assert engine_reads(tmp_path)
    done = _run("check", tmp_path)
    assert done.exit_code == 1
    expected = [str(p) for p in check_source(tmp_path)]
    assert done.stdout.splitlines()[1:] == expected
    assert "orders.csv!revenue row 3: not a number (value: 'n/a')" in expected
    done = _run("kpis", tmp_path)
    assert done.exit_code == 1
    (line,) = done.stderr.splitlines()
    assert line.startswith("xlkpi: error: ") and "orders.csv!order_date row 3" in line


def test_text_duckdb_cannot_decode_goes_to_the_reader(tmp_path):
    """Windows-1252 text (an accented channel): DuckDB reads UTF-8 only, the reader tries
    Windows-1252 too; the command gives the reader's numbers, no error."""
    text = "order_id,order_date,customer_id,revenue,channel\nO1,2025-01-13,C1,12,Caf\xe9\n"
    (tmp_path / "orders.csv").write_bytes(text.encode("cp1252"))
    done = _run("kpis", tmp_path)
    assert done.exit_code == 0, done.output
    assert "orders," in done.stdout or "2025-01" in done.stdout


def test_a_bad_cell_past_duckdbs_sample_is_named_as_the_reader_names_it(tmp_path):
    """DuckDB types a column from a sample of rows; a bad date or number after it (in a
    second part file too) is still one readable line per cell, never a conversion error."""
    n = 25_000
    frame = pd.DataFrame({"order_id": [f"O{i}" for i in range(n)], "order_date": "2025-01-13",
                          "customer_id": "C1", "revenue": "12.5"})  # fmt: skip
    parts = tmp_path / "shop" / "orders"
    parts.mkdir(parents=True)
    frame.iloc[:10].to_csv(parts / "part-0.csv", index=False)
    frame.loc[n - 2, "order_date"] = "someday"
    frame.loc[n - 1, "revenue"] = "n/a"
    frame.iloc[10:].to_csv(parts / "part-1.csv", index=False)
    frame.to_csv(tmp_path / "orders.csv", index=False)
    assert engine_reads(tmp_path / "orders.csv") and engine_reads(tmp_path / "shop")
    done = _run("check", tmp_path / "orders.csv")
    assert done.exit_code == 1
    assert done.stdout.splitlines()[1:3] == [str(p) for p in check_source(tmp_path / "orders.csv")]
    done = _run("check", tmp_path / "shop")
    assert done.exit_code == 1 and "not a date" in done.stdout and "internal" not in done.output
