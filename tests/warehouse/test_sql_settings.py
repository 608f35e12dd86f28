"""``xlkpi sql --setting KEY=VALUE``: the SQL the other commands run under that setting.

``build``, ``check``, ``kpis`` and ``sql`` take the same choices (``--option``, ``--preset``,
``--setting``), declared once (:func:`xlkpi.cli_settings.with_source_choices`). The text
``xlkpi sql`` prints under ``--setting`` keys, pasted into DuckDB over the sample's contract
tables, gives the values ``xlkpi kpis`` computes from the same tables under the same keys.
"""

from __future__ import annotations

import io
import re

import click
import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from xlkpi.cli import main
from xlkpi.cli_settings import with_source_choices
from xlkpi.engine import covered
from xlkpi.engine.side import labels
from xlkpi.sources.api import engine_tables

SETTINGS = [
    "--setting", "period=quarter", "--setting", "as_of=2025-06-30",
    "--setting", "churn_denominator=average", "--setting", "time_zone=Europe/Berlin",
]  # fmt: skip


def _flags(command) -> set[str]:
    return {o for p in command.params for o in p.opts}


def test_every_command_that_reads_settings_takes_the_same_choices():
    declared = _flags(with_source_choices(click.command()(lambda **_: None)))
    assert declared == {"--option", "--preset", "--setting"}
    for name in ("build", "check", "kpis", "sql"):
        assert declared <= _flags(main.commands[name]), name


def _sql(*argv) -> str:
    done = CliRunner().invoke(main, ["sql", *argv])
    assert done.exit_code == 0, done.output
    return done.output


def test_a_setting_that_is_an_option_gives_the_options_sql():
    by_setting = _sql("churn_rate", "--setting", "churn_denominator=average")
    assert by_setting == _sql("churn_rate", "--option", "churn_denominator=average")
    assert by_setting != _sql("churn_rate")


def test_a_setting_read_with_the_source_is_named_and_the_sql_is_the_same():
    plain = _sql("aov").splitlines()
    zoned = _sql("aov", "--setting", "time_zone=Europe/Berlin").splitlines()
    assert zoned[0] == plain[0]
    assert zoned[1].startswith("-- not in this SQL: time_zone=Europe/Berlin (")
    assert zoned[2:] == plain[1:]


def test_the_period_and_as_of_settings_are_in_the_sql():
    head = _sql("aov", "--setting", "period=week", "--setting", "as_of=2025-06-30")
    assert head.startswith("-- xlkpi aov: Average order value, per week, rows after 2025-06-30 cut")
    cut = "< MAKE_TIMESTAMP(2025, 7, 1, 0, 0, 0.0)"  # before the day after the as-of date
    assert cut in head and cut not in _sql("aov", "--setting", "period=week")
    assert _sql("aov", "--period", "month", "--setting", "period=week").startswith(
        "-- xlkpi aov: Average order value, per month,"
    )  # --period beats the setting, as it beats a Settings sheet


@pytest.fixture(scope="module")
def computed(parquet_folder):
    """(``xlkpi kpis``'s table under SETTINGS, a DuckDB holding the typed contract tables)."""
    done = CliRunner().invoke(main, ["kpis", str(parquet_folder), *SETTINGS])
    assert done.exit_code == 0, done.output
    kpis = pd.read_csv(io.StringIO(done.stdout), keep_default_na=False)
    con = duckdb.connect()  # the contract tables as the engine types them, by their names
    for name, table in engine_tables(parquet_folder).items():
        con.register(f"{name}_typed", table.to_pyarrow())
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM {name}_typed")
    return kpis, con


@pytest.mark.parametrize("kpi", covered())
def test_the_printed_sql_gives_what_kpis_computes_under_the_same_settings(kpi, computed):
    kpis, con = computed
    expected = kpis[(kpis.kpi == kpi) & (kpis.segment == "")]
    values = pd.to_numeric(expected.value.replace("", None))  # blank: not defined
    expected = {p: v for p, v in zip(expected.period, values, strict=True) if not pd.isna(v)}
    assert not expected or max(expected) == "2025-Q2"  # the as-of date's quarter is the last
    pasted = con.sql(_sql(kpi, *SETTINGS).rstrip().rstrip(";")).df()
    pasted = pasted[pasted.segment.fillna("") == ""]
    got = dict(zip(labels("quarter", pasted.period), pasted.value, strict=True))
    got = {p: v for p, v in got.items() if not pd.isna(v)}
    assert got == pytest.approx(expected), kpi


def _documented_view() -> str:
    """The ``CREATE VIEW orders`` block of the guide's ``xlkpi sql`` section."""
    from pathlib import Path

    guide = Path(__file__).resolve().parents[2] / "docs" / "getting-started-warehouse.md"
    blocks = re.findall(r"```sql\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if b.startswith("CREATE VIEW orders"))


def test_the_guides_view_of_a_pandas_parquet_file_gives_the_kpis_values(tmp_path, monkeypatch):
    """A Parquet file written by pandas (dates as nanosecond timestamps, no channel or device
    column): ``xlkpi sql aov`` pasted over the guide's view gives ``xlkpi kpis``'s values;
    over the file's own columns DuckDB cannot run it."""
    orders = pd.DataFrame(
        {
            "order_id": ["O1", "O2", "O3", "O4"],
            "order_date": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-02-03", "2025-03-09"]),
            "customer_id": ["C1", "C2", "C1", "C3"],
            "revenue": [10.0, 20.0, 30.0, 7.5],
            "cost": [1.0, 2.0, 3.0, 1.0],
            "status": ["paid", "paid", "paid", "refunded"],
        }
    )
    orders.order_date = orders.order_date.astype("datetime64[ns]")
    orders.to_parquet(tmp_path / "orders.parquet")
    done = CliRunner().invoke(main, ["kpis", str(tmp_path / "orders.parquet")])
    assert done.exit_code == 0, done.output
    kpis = pd.read_csv(io.StringIO(done.stdout), keep_default_na=False)
    want = kpis[(kpis.kpi == "aov") & (kpis.segment == "")].set_index("period").value
    expected = pd.to_numeric(want.replace("", None))
    # by hand: January 30 / 2 paid orders, February 30 / 1, March none paid (not defined)
    assert expected.dropna().to_dict() == {"2025-01": 15.0, "2025-02": 30.0}
    assert pd.isna(expected["2025-03"])
    monkeypatch.chdir(tmp_path)
    con = duckdb.connect()
    sql = _sql("aov").rstrip().rstrip(";")
    con.execute("CREATE VIEW orders AS SELECT * FROM 'orders.parquet'")
    with pytest.raises(duckdb.Error):  # no channel column (and nanosecond dates)
        con.sql(sql).fetchall()
    con.execute("DROP VIEW orders")
    con.execute(_documented_view())
    got = con.sql(sql).df()
    got = dict(zip(labels("month", got.period), got.value, strict=True))
    assert {p: v for p, v in got.items() if not pd.isna(v)} == pytest.approx(
        {p: v for p, v in expected.items() if not pd.isna(v)}
    )
