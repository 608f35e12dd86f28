"""Sources read where they lie: files through DuckDB, a DuckDB database, PostgreSQL.

Tables are found by the contract's names; the contract's validation runs as queries and
names the same cells, with the same words, as the workbook/CSV reader does.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlkpi.data import check_source
from xlkpi.data.contract import TABLES
from xlkpi.data.traps import TrapFinding
from xlkpi.errors import DataError, MissingColumnError, SourceError
from xlkpi.sources import api
from xlkpi.sources.connect import is_engine_source, open_source
from xlkpi.sources.traps import QueryTrap

from .conftest import contract_frames


def test_a_folder_of_parquet_files_is_found_by_table_titles(parquet_folder):
    opened = open_source(parquet_folder)
    assert sorted(opened.tables) == sorted(TABLES)
    assert opened.tables["nps"].label == "NPS.parquet"
    assert api.check(opened) == ([], [])


def test_single_files_partitions_and_duckdb_databases(sample_raw, tmp_path):
    frames = contract_frames(sample_raw)
    orders = frames["orders"]
    orders.to_csv(tmp_path / "Orders.csv", index=False)
    parts = tmp_path / "parts" / "orders"
    parts.mkdir(parents=True)
    orders.iloc[:1000].to_parquet(parts / "part-0.parquet")
    orders.iloc[1000:].to_parquet(parts / "part-1.parquet")
    database = tmp_path / "shop.duckdb"
    with duckdb.connect(str(database)) as con:
        for name, frame in frames.items():
            con.register("f", frame)
            con.execute(f'CREATE TABLE "{TABLES[name].title}" AS SELECT * FROM f')
    for source, tables in [
        (tmp_path / "Orders.csv", ["orders"]),  # read by DuckDB through the Python API
        (tmp_path / "parts", ["orders"]),
        (database, sorted(TABLES)),
    ]:
        assert is_engine_source(source) == (source.suffix != ".csv")
        opened = open_source(source)
        assert sorted(opened.tables) == tables
        typed = api.engine_tables(opened)
        assert int(typed["orders"].count().execute()) == len(orders)
        assert typed["orders"].revenue.sum().execute() == pytest.approx(orders.revenue.sum())


def test_workbooks_csv_files_and_folders_and_frames_stay_with_the_reader(tmp_path):
    (tmp_path / "orders.csv").write_text("order_id\n1\n", encoding="utf-8")
    assert not is_engine_source(tmp_path)
    assert not is_engine_source(tmp_path / "orders.csv")  # the adapters know exports
    assert not is_engine_source(tmp_path / "book.xlsx")
    assert not is_engine_source({"Orders": pd.DataFrame()})


def test_a_source_without_contract_tables_says_what_it_saw(tmp_path):
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "Order export.parquet")
    with pytest.raises(SourceError, match="Did you mean 'Orders'"):
        open_source(tmp_path)


def test_a_missing_required_column_is_named_with_the_columns_found(tmp_path):
    pd.DataFrame({"order_id": ["1"], "revenue": [2.0]}).to_parquet(tmp_path / "orders.parquet")
    with pytest.raises(MissingColumnError) as caught:
        api.engine_tables(tmp_path / "orders.parquet")
    assert caught.value.missing == ["order_date", "customer_id"]
    assert "found columns: order_id, revenue" in str(caught.value)


# --- the same findings as the CSV reader, for every kind of bad cell --------------------

BAD = {
    "order_id": ["", "dup"],
    "order_date": ["not a date", "2025-13-40", ""],
    "customer_id": [""],
    "revenue": ["n/a", "-5", "", "1e400x"],
    "status": ["weird", "PAID"],
}
GOOD = {"order_id": None, "order_date": "2025-01-15", "customer_id": "C1", "revenue": "12.5",
        "status": "paid"}  # fmt: skip


@st.composite
def bad_orders(draw):
    n = draw(st.integers(3, 25))
    rows = [{**GOOD, "order_id": f"O{i}"} for i in range(n)]
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, n - 1))
        column = draw(st.sampled_from(sorted(BAD)))
        value = draw(st.sampled_from(BAD[column]))
        rows[i][column] = rows[max(i - 1, 0)]["order_id"] if value == "dup" else value
    return rows


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=bad_orders())
def test_query_validation_names_the_cells_the_csv_reader_names(rows, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    pd.DataFrame(rows).to_csv(folder / "orders.csv", index=False)
    warnings: list = []
    expected = check_source(folder, warnings=warnings)
    # the traps of issue 17 (zero-value orders, repeated order ids, ...): the same
    # findings by queries (the reader names a row, a query the first example's value)
    traps = sorted(w.message for w in warnings if isinstance(w, TrapFinding))
    warnings = [w for w in warnings if not isinstance(w, TrapFinding)]
    errors, notes = api.check(folder / "orders.csv")
    assert sorted(n.message for n in notes if isinstance(n, QueryTrap)) == traps
    notes = [n for n in notes if not isinstance(n, QueryTrap)]
    key = lambda p: (p.sheet, p.row, p.column, p.message)  # noqa: E731
    assert sorted(map(key, errors)) == sorted(map(key, expected))
    assert sorted(map(key, notes)) == sorted(map(key, warnings))
    assert [str(p) for p in errors] == [str(p) for p in expected] or _same_but_value(
        errors, expected
    )
    if expected:
        with pytest.raises(DataError):
            api.engine_tables(folder / "orders.csv")


def _same_but_value(errors, expected) -> bool:
    """Values may differ in type only (the reader shows text, DuckDB a typed column)."""
    return [_number(p.value) for p in errors] == [_number(p.value) for p in expected]


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def test_examples_are_capped_and_the_rest_counted(tmp_path):
    frame = pd.DataFrame(
        {
            "order_id": [str(i) for i in range(40)],
            "order_date": ["2025-01-02"] * 40,
            "customer_id": ["C"] * 40,
            "revenue": ["x"] * 40,
        }
    )
    frame.to_csv(tmp_path / "orders.csv", index=False)
    errors, _ = api.check(tmp_path / "orders.csv")
    assert [p.row for p in errors[:5]] == [2, 3, 4, 5, 6]
    assert str(errors[-1]).startswith("orders.csv!revenue row 6: and 35 more row(s) like these")


def test_a_warehouse_table_names_a_bad_row_by_its_key(pg):
    from tests.support.postgres import load

    orders = pd.DataFrame(
        {
            "Order ID": ["A1", "A2", "A3", "A3"],
            "Order Date": ["2025-01-02", "soon", "2025-01-03", "2025-01-04"],
            "customer_id": ["C1", "C2", None, "C4"],
            "revenue": ["10", "n/a", "-1", "4"],
        }
    )
    url = load(pg, "bad_rows", {"Orders": orders})
    errors, warnings = api.check(url)
    assert [str(p) for p in errors] == [
        "Orders.Order ID: duplicate order_id (2 rows) (value: 'A3')",
        "Orders.Order Date (Order ID 'A2'): not a date (use a real date, an Excel date serial"
        " or YYYY-MM-DD) (value: 'soon')",
        "Orders.customer_id (Order ID 'A3'): required value is blank (value: None)",
        "Orders.revenue (Order ID 'A2'): not a number (value: 'n/a')",
        "Orders.revenue (Order ID 'A3'): must be 0 or more (value: '-1')",
    ]
    # the repeated order id is also the line-item trap (issue 17), found by a query
    assert [(type(w).__name__, w.column, w.value) for w in warnings] == [
        ("QueryTrap", "Order ID", "A3")
    ]


def test_a_report_is_built_from_a_parquet_folder(parquet_folder, sample_raw, tmp_path):
    """The whole report, raw sheets included; its KPI Data as computed from the same
    tables read by the workbook reader (the sample's Settings sheet is not in the folder)."""
    from openpyxl import load_workbook

    from xlkpi.data import read_source
    from xlkpi.engine.compute import compute_kpis
    from xlkpi.report.build import build_report

    written = build_report(parquet_folder, tmp_path / "report.xlsx")
    book = load_workbook(written, read_only=True)
    assert {f"{spec.title} data" for spec in TABLES.values()} <= set(book.sheetnames)
    rows = list(book["KPI Data"].values)
    shown = pd.DataFrame(rows[1:], columns=rows[0])
    same_tables = {TABLES[n].title: f for n, f in contract_frames(sample_raw).items()}
    expected = compute_kpis(read_source(same_tables)).table
    key = ["period", "kpi", "segment"]
    shown["segment"] = shown.segment.fillna("")
    assert shown[key].values.tolist() == expected[key].values.tolist()
    values = pd.to_numeric(shown.value, errors="coerce").to_numpy(dtype=float)  # '#N/A': NaN
    assert values == pytest.approx(expected.value.to_numpy(), rel=1e-12, nan_ok=True)


def test_tables_beyond_a_sheet_are_refused_for_a_workbook_report(parquet_folder):
    with pytest.raises(
        SourceError,
        match=r"Orders.parquet \(3,075 rows\).*: more than an Excel sheet holds \(1,000 rows\)",
    ):
        api.frames(parquet_folder, limit=1000)


def test_a_single_file_beyond_a_sheet_is_named_once(parquet_folder, tmp_path):
    """The file is the source and its table: the message names it once, not twice."""
    single = tmp_path / "orders.parquet"
    single.write_bytes((parquet_folder / "Orders.parquet").read_bytes())
    with pytest.raises(SourceError) as caught:
        api.frames(single, limit=1000)
    said = str(caught.value)
    assert said.startswith("orders.parquet (3,075 rows): more than an Excel sheet holds")
    assert said.count("orders.parquet") == 1


@pytest.mark.parametrize(
    "chosen",
    [
        [],
        ["--option", "refund_rate.basis=value"],
        ["--option", "refund_basis=value"],
        ["--preset", "shopify"],
    ],
)
def test_kpis_of_parquet_equal_the_workbook_under_the_same_options(parquet_folder, chosen):
    """``xlkpi kpis`` through the engine and through the workbook reader, same options."""
    import io

    from click.testing import CliRunner

    from xlkpi.cli import main
    from xlkpi.engine import covered

    from .conftest import SAMPLE

    def run(source) -> pd.DataFrame:
        argv = ["kpis", str(source), "--as-of", "2026-10-31", *chosen]
        done = CliRunner().invoke(main, argv)
        assert done.exit_code == 0, done.output
        table = pd.read_csv(io.StringIO(done.output), keep_default_na=False, na_values=[""])
        return table[table.kpi.isin(covered())].reset_index(drop=True)

    ours, expected = run(parquet_folder), run(SAMPLE)
    assert set(ours.kpi) == set(covered())
    key = ["period", "kpi", "segment"]
    assert ours[key].values.tolist() == expected[key].values.tolist()
    assert ours.value.to_numpy() == pytest.approx(expected.value.to_numpy(), rel=1e-9, nan_ok=True)


def test_frames_and_raw_data_are_told_apart_without_importing_ibis():
    import subprocess
    import sys

    code = (
        "import sys, pandas as pd; from xlkpi.sources.connect import is_engine_source; "
        "assert not is_engine_source({'Orders': pd.DataFrame()}); "
        "assert 'ibis' not in sys.modules, 'ibis imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_a_value_on_three_rows_is_named_on_each_repeat_as_the_reader_names_it(tmp_path):
    """An order id on rows 2, 4 and 5 and another on rows 3 and 6: the reader names rows 4,
    5 and 6, each with its first row; the query names the same rows, in file order (it
    named one row per value)."""
    frame = pd.DataFrame(
        {
            "order_id": ["A", "B", "A", "A", "B", "C"],
            "order_date": ["2025-01-02"] * 6,
            "customer_id": ["C1"] * 6,
            "revenue": [1.0] * 6,
        }
    )
    frame.to_csv(tmp_path / "orders.csv", index=False)
    expected = check_source(tmp_path, warnings=[])
    errors, _ = api.check(tmp_path / "orders.csv")
    assert [(p.row, p.message) for p in expected] == [
        (4, "duplicate order_id (first on row 2)"),
        (5, "duplicate order_id (first on row 2)"),
        (6, "duplicate order_id (first on row 3)"),
    ]
    assert [str(p) for p in errors] == [str(p) for p in expected]


def test_a_warehouse_tables_examples_are_the_first_by_key_on_every_run(tmp_path):
    """A table without file lines has no row order: its examples are the first bad rows by
    the key (then value), not whichever rows a parallel scan returns first."""
    ids = [f"O{i}" for i in (7, 3, 9, 1, 8, 2, 6, 4, 5)]  # stored out of order
    orders = pd.DataFrame(
        {
            "order_id": ids,
            "order_date": ["2025-01-02"] * len(ids),
            "customer_id": ["C1"] * len(ids),
            "revenue": ["x"] * len(ids),
        }
    )
    path = tmp_path / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        con.register("frame", orders)
        con.execute("CREATE TABLE orders AS SELECT * FROM frame")
    for _ in range(2):
        errors, _ = api.check(path)
        named = [p for p in errors if p.column == "revenue"]
        assert [p.key for p in named[:5]] == [f"order_id 'O{i}'" for i in range(1, 6)]
        assert named[-1].message == "and 4 more row(s) like these: not a number"


def test_a_warehouse_tables_ambiguous_dates_show_the_same_example_on_every_run(tmp_path):
    dates = ["05/04/2025", "12/04/2025", "03/04/2025", "07/04/2025"]  # each fits dmy and mdy
    orders = pd.DataFrame({"order_id": ["1", "2", "3", "4"], "order_date": dates,
                           "customer_id": ["C1"] * 4, "revenue": [1.0] * 4})  # fmt: skip
    path = tmp_path / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        con.register("frame", orders)
        con.execute("CREATE TABLE orders AS SELECT * FROM frame")
    (problem,) = api.check(path)[0]
    assert problem.row is None and problem.value == "03/04/2025"
    assert "4 date(s) in this column" in problem.message


def _export_beside_parquet(folder, encoding: str, extra: bytes = b""):
    """A folder the engine reads (a Parquet table) holding a Meta Ads export, a campaign
    name with a euro sign and an accent, written in ``encoding`` (+ ``extra`` bytes)."""
    from pathlib import Path

    fixture = Path(__file__).parents[1] / "adapters" / "fixtures" / "meta_ads.csv"
    text = fixture.read_text(encoding="utf-8-sig").replace(
        "Winter sale", "Soldes \u20ac \u00e9t\u00e9"
    )
    folder.mkdir()
    (folder / "meta_ads.csv").write_bytes(text.encode(encoding) + extra)
    customers = pd.DataFrame({"customer_id": ["C1"], "acquired_date": ["2025-01-01"]})
    customers.to_parquet(folder / "customers.parquet")
    return folder


def test_an_export_saved_as_windows_1252_reads_as_its_utf8_twin(tmp_path):
    """Excel saves a CSV as Windows-1252: DuckDB reads UTF-8 only, so the export is read
    from a UTF-8 copy (the reader tries Windows-1252 too), with the same findings."""
    said = []
    for encoding in ("utf-8", "cp1252"):
        errors, warnings = api.check(_export_beside_parquet(tmp_path / encoding, encoding))
        said.append(([str(p) for p in errors], [str(w) for w in warnings]))
    assert said[0] == said[1]
    assert "(adapter meta_ads)" in said[1][1][0]


def test_an_export_no_reader_decodes_is_said_not_read(tmp_path):
    """Bytes neither UTF-8 nor Windows-1252 decode (0x81, past the part of the file its
    header is looked for in): one note naming the file, the other tables still read."""
    late = b"2025-01-01,x\n" * 12 + b"2025-01-01," + b"y" * 20_000 + b"\n2025-01-01,\x81\n"
    folder = _export_beside_parquet(tmp_path / "shop", "cp1252", extra=late)
    errors, warnings = api.check(folder)
    notes = [w for w in warnings if "not read as an export" in str(w)]
    assert [(w.sheet, w.message) for w in notes] == [
        (
            "meta_ads.csv",
            "not read as an export: not UTF-8, UTF-16 or Windows-1252 text (save it as CSV UTF-8)",
        )
    ]
    assert not errors and len(warnings) == 1


def test_a_file_no_table_or_export_claims_is_said_not_read(tmp_path):
    """A folder's file of no table's name whose header no adapter knows (a renamed export,
    another platform's, text in no encoding xlkpi reads, an empty one) is one warning that
    says why, on the reader's path and the engine's alike; mapping.csv is the mapping."""
    orders = pd.DataFrame({"order_id": ["O1"], "order_date": ["2025-01-02"],
                           "customer_id": ["C1"], "revenue": ["10"]})  # fmt: skip
    said = {}
    for kind in ("csv", "parquet"):
        folder = tmp_path / kind
        folder.mkdir()
        if kind == "csv":
            orders.to_csv(folder / "orders.csv", index=False)
        else:
            orders.to_parquet(folder / "orders.parquet")
            pd.DataFrame({"x": [1], "y": [2]}).to_parquet(folder / "other.parquet")
        (folder / "Orders (2).csv").write_text("Nom,Montant\n#1,3\n", encoding="utf-8")
        (folder / "survey.csv").write_bytes(b"Score,Comment\x81\n9,ok\n")
        (folder / "blank.csv").write_text("\n\n", encoding="utf-8")
        (folder / "mapping.csv").write_text("table,column,export_column\n", encoding="utf-8")
        if kind == "csv":
            assert not is_engine_source(folder)
            warnings = []
            errors = check_source(folder, warnings=warnings)
            said[kind] = {p.sheet: p.message for p in warnings}
        else:
            assert is_engine_source(folder)
            errors, warnings = api.check(folder)
            said[kind] = {p.sheet: p.message for p in warnings}
        assert not errors
    assert said["csv"] == {k: v for k, v in said["parquet"].items() if k != "other.parquet"}
    assert said["csv"] == {
        "Orders (2).csv": "not read: its name is no table's and its header (Nom, Montant) is "
        "no export's xlkpi knows; name the file after its table (orders.csv, ...) or map its "
        "columns (mapping.csv)",
        "survey.csv": "not read: not UTF-8, UTF-16 or Windows-1252 text (save it as CSV UTF-8)",
        "blank.csv": "not read: the file is empty",
    }
    assert said["parquet"]["other.parquet"].startswith(
        "not read: its name is no table's and its columns (x, y) are no export's"
    )
