"""A mapping for every other export (issue 17): mapping.csv in the folder, --map FILE,
simple expressions, date order and status values; xlkpi map writes a starter."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from xlkpi.cli import main
from xlkpi.data import check_source, read_source
from xlkpi.engine.compute import kpi_table
from xlkpi.errors import SourceError

EXPORT = (
    "Order Number,Date,Client,Net,Tax,State\n"
    'A-1,13/01/2025,C1,"1,000.00",200,Done\n'
    "A-2,14/01/2025,C2,500,100,Refund\n"
    "A-3,02/02/2025,C1,300,60,Done\n"
)
MAPPING = (
    "table,column,source,format\n"
    "orders,order_id,Order Number,\n"
    "orders,order_date,Date,dmy\n"
    "orders,customer_id,Client,\n"
    "orders,revenue,[Net] - [Tax],\n"
    "orders,status,State,Done=paid; Refund=refunded\n"
)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "sales export (3).csv").write_text(EXPORT)
    return tmp_path


def _value(table, period, kpi):
    row = table[(table["period"] == period) & (table["kpi"] == kpi)]
    return float(row["value"].iloc[0])


def test_mapping_csv_in_the_folder(folder):
    (folder / "mapping.csv").write_text(MAPPING)
    frame = read_source(folder).tables["orders"].frame
    assert frame["order_id"].tolist() == ["A-1", "A-2", "A-3"]
    assert frame["revenue"].tolist() == [800.0, 400.0, 240.0]  # [Net] - [Tax]
    assert frame["status"].tolist() == ["paid", "refunded", "paid"]
    assert [d.isoformat()[:10] for d in frame["order_date"]] == [
        "2025-01-13",
        "2025-01-14",
        "2025-02-02",
    ]
    table = kpi_table(folder)
    assert _value(table, "2025-01", "revenue") == 800.0
    assert _value(table, "2025-01", "refund_rate") == 0.5
    assert _value(table, "2025-02", "revenue") == 240.0
    warnings: list = []
    check_source(folder, warnings=warnings)
    assert any("read as a mapping (mapping.csv) for Orders" in w.message for w in warnings)


def test_map_option_on_the_command_line(folder, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("maps") / "my map.csv"
    elsewhere.write_text(MAPPING)
    runner = CliRunner()
    done = runner.invoke(main, ["kpis", str(folder), "--map", str(elsewhere)])
    assert done.exit_code == 0, done.output
    assert "2025-01,revenue,,800.0" in done.output
    without = runner.invoke(main, ["check", str(folder)])
    assert without.exit_code == 1 and "no table of the data contract" in without.output


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ("orders,profit_margin,Net,", "not a column of the data contract"),
        ("orderz,revenue,Net,", "not a column of the data contract"),
    ],
)
def test_a_bad_mapping_is_one_clear_error(folder, row, fragment):
    (folder / "mapping.csv").write_text(MAPPING + row + "\n")
    with pytest.raises(SourceError, match=fragment):
        read_source(folder)


def test_only_simple_expressions(folder):
    (folder / "mapping.csv").write_text(MAPPING.replace("[Net] - [Tax]", "__import__('os')"))
    with pytest.raises(SourceError):
        read_source(folder)
    (folder / "mapping.csv").write_text(MAPPING.replace("[Net] - [Tax]", "([Net] - [Tax]) * 2"))
    assert read_source(folder).tables["orders"].frame["revenue"].tolist() == [1600, 800, 480]


def test_xlkpi_map_writes_a_starter_that_only_needs_the_blanks(folder, tmp_path):
    out = tmp_path / "starter.csv"
    done = CliRunner().invoke(main, ["map", str(folder / "sales export (3).csv"), "-o", str(out)])
    assert done.exit_code == 0, done.output
    lines = out.read_text().splitlines()
    assert lines[0] == "table,column,source,format,note"
    assert "orders,order_id,Order Number,,required" in lines
    assert "orders,customer_id,Client,,required" in lines
    assert "orders,revenue,Net,,required" in lines
    assert "orders,status,State,,optional" in lines
    again = CliRunner().invoke(main, ["map", str(folder / "sales export (3).csv"), "-o", str(out)])
    assert again.exit_code != 0 and "not overwritten" in again.output
