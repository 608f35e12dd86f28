"""``xlkpi sql --setting KEY=VALUE``: the SQL the other commands run under that setting.

``build``, ``check``, ``kpis`` and ``sql`` take the same choices (``--option``, ``--preset``,
``--setting``), declared once (:func:`xlkpi.cli_settings.with_source_choices`). The text
``xlkpi sql`` prints under ``--setting`` keys, pasted into DuckDB over the sample's contract
tables, gives the values ``xlkpi kpis`` computes from the same tables under the same keys.
"""

from __future__ import annotations

import io

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
