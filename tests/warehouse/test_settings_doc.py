"""docs/bring-your-data.md, "Settings where the data lives": its SQL, run in a DuckDB
database, gives what the page says, through the real ``xlkpi`` commands."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from xlkpi.cli import main

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "bring-your-data.md"


def _section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text.split("### Settings where the data lives", 1)[1].split("\n## ", 1)[0]


def _block(kind: str) -> str:
    return re.search(rf"```{kind}\n(.*?)```", _section(), re.S).group(1).strip()


@pytest.fixture
def shop(tmp_path) -> Path:
    """A DuckDB database with the page's settings table and two orders: one at the page's
    instant, one with a day/month date."""
    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute(_block("sql"))
    instant = re.search(r"an order at `([^`]+)` is a February order", _section()).group(1)
    con.execute(
        "CREATE TABLE orders (order_id text, order_date text, customer_id text, revenue int)"
    )
    con.execute(
        "INSERT INTO orders VALUES ('1', ?, 'C1', 10), ('2', '13/01/2025', 'C2', 5)", [instant]
    )
    con.close()
    return path


def _run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def test_the_settings_table_moves_the_order_into_february(shop):
    result = CliRunner().invoke(main, ["kpis", str(shop)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    rows = [line.split(",") for line in out.splitlines()[1:]]
    orders = {period: value for period, kpi, _, value in rows if kpi == "orders"}
    assert orders == {"2025-01": "1.0", "2025-02": "1.0"}  # 13/01 in January, the instant in Feb
    assert "Australia/Sydney" in _block("sql") and "'dmy'" in _block("sql")


def test_without_it_the_same_orders_are_a_january_order_and_an_error(shop):
    con = duckdb.connect(str(shop))
    con.execute("DELETE FROM settings WHERE key = 'date_order'")
    con.close()
    code, out = _run("check", shop)
    assert code == 1 and "orders.order_date" in out and "date_order" in out


def test_a_bad_value_is_the_line_the_page_shows(shop):
    shown = _block("text")
    bad = re.search(r"\(value: '([^']+)'\)", shown).group(1)
    con = duckdb.connect(str(shop))
    con.execute("UPDATE settings SET value = ? WHERE key = 'time_zone'", [bad])
    con.close()
    code, out = _run("check", shop)
    assert code == 1 and shown in out.splitlines()


def test_unknown_twice_big_and_targets_as_the_page_says(shop, tmp_path):
    con = duckdb.connect(str(shop))
    con.execute("INSERT INTO settings VALUES ('colour', 'blue'), ('date_order', 'mdy')")
    con.execute(
        "CREATE TABLE targets (kpi text, target text); INSERT INTO targets VALUES ('nps', 'x')"
    )
    con.close()
    code, out = _run("check", shop)
    assert code == 1
    assert "settings.key (key 'colour'): unknown setting ignored" in out  # a warning
    assert "settings.value (key 'date_order'): setting date_order: given twice" in out
    assert "targets.target (kpi 'nps'): not a number (value: 'x')" in out
    assert "an error (a table's rows" in " ".join(_section().split())
    app = tmp_path / "app.duckdb"
    con = duckdb.connect(str(app))
    con.execute(
        "CREATE TABLE settings AS SELECT range AS user_id, 'dark' AS theme FROM range(1001)"
    )
    con.execute(
        "CREATE TABLE orders AS SELECT '1' order_id, '2025-01-13' order_date, "
        "'C1' customer_id, 1 revenue"
    )
    con.close()
    code, out = _run("check", app)
    assert code == 0 and "not read as Settings: more than 1,000 rows" in out
    assert "more than 1,000 rows" in " ".join(_section().split())


def test_the_flag_as_the_page_shows_it(shop):
    """The page's command line (its URL replaced by the DuckDB file): the flags beat the
    settings table; its bad-value line is what the command prints."""
    (command,) = re.findall(r"```bash\n(xlkpi kpis .*?)\n```", _section(), re.S)
    flags = command.split()[3:]
    assert flags == ["--setting", "date_order=dmy", "--setting", "time_zone=Australia/Sydney"]
    con = duckdb.connect(str(shop))
    con.execute("UPDATE settings SET value = 'America/Los_Angeles' WHERE key = 'time_zone'")
    con.close()
    code, out = _run("kpis", shop, *flags)
    assert code == 0 and "2025-02,orders,,1.0" in out  # Sydney's February, not LA's January
    (shown,) = re.findall(r"(xlkpi: error: Invalid value for '--setting'.*)", _section())
    bad = re.search(r"setting (\w+) '([^']+)'", shown)
    code, out = _run("kpis", shop, "--setting", f"{bad.group(1)}={bad.group(2)}")
    assert code == 2 and shown in out.splitlines()
