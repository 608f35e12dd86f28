"""``xlkpi sql``: golden SQL per dialect per engine KPI (MetricFlow-style snapshots), each
read back by sqlglot in its dialect; the PostgreSQL text runs on a real server and gives
the engine's values.

The KPI set is the engine's registry (``xlkpi.engine.covered()``): it grows as the engine
does. Regenerate the snapshots after a deliberate change of a definition with
``XLKPI_UPDATE_SNAPSHOTS=1 python -m pytest tests/warehouse/test_sql.py`` and review the
diff like code.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
import sqlglot
from click.testing import CliRunner

from xlkpi.cli import main
from xlkpi.engine import covered
from xlkpi.errors import KpiInputError
from xlkpi.kpi.catalogue import by_id
from xlkpi.sources.sql import DIALECTS, kpi_sql, spark_compiler

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("XLKPI_UPDATE_SNAPSHOTS") == "1"
KPIS = covered()


def _snapshot(dialect: str) -> Path:
    """The snapshot folder of ``dialect`` (Spark: per compiler, it depends on pyspark)."""
    name = dialect if dialect != "spark" or spark_compiler() == "databricks" else "spark-pyspark"
    return SNAPSHOTS / name


def _parse(text: str, dialect: str) -> None:
    """sqlglot reads ``text`` back in ``dialect`` as one statement (each query once: the
    text under an option's default choice is the default's, below other comment lines)."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("-- xlkpi "))
    assert _statements(body, dialect) == 1


@functools.cache
def _statements(body: str, dialect: str) -> int:
    return len([s for s in sqlglot.parse(body, read=DIALECTS[dialect]) if s is not None])


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
@pytest.mark.parametrize("kpi", KPIS)
def test_the_sql_of_every_engine_kpi_matches_its_snapshot(kpi, dialect):
    text = kpi_sql(kpi, dialect=dialect)
    path = _snapshot(dialect) / f"{kpi}.sql"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))  # bytes: the text holds a literal \r
    assert path.exists(), (
        f"no golden SQL for {kpi} ({dialect}): a KPI new to the engine needs its snapshots; "
        "regenerate with XLKPI_UPDATE_SNAPSHOTS=1 python -m pytest tests/warehouse/test_sql.py "
        "and review them like code"
    )
    assert text == path.read_bytes().decode("utf-8")
    _parse(text, dialect)


def test_no_snapshot_outlives_its_kpi():
    expected = {f"{kpi}.sql" for kpi in KPIS}
    for folder in SNAPSHOTS.iterdir():
        assert {p.name for p in folder.iterdir()} <= expected, folder.name
        assert folder.name in (*DIALECTS, "spark-pyspark")


@pytest.mark.parametrize("dialect", ["bigquery", "postgres"])
def test_every_grain_and_option_choice_compiles_and_parses(dialect):
    """Each KPI at the other grains, and under each choice of its options (monthly), in
    the two strictest dialects (every dialect's monthly default text is a snapshot)."""
    for kpi in KPIS:
        for period in ("quarter", "week"):
            try:
                text = kpi_sql(kpi, dialect=dialect, period=period)
            except KpiInputError as exc:  # a monthly flow (MRR bridge) has no weekly value
                assert period == "week" and "needs a monthly grain" in str(exc), (kpi, exc)
                continue
            _parse(text, dialect)
        for option in by_id(kpi).option_decls:
            for value in option.values:
                _parse(kpi_sql(kpi, dialect=dialect, options={option.name: value}), dialect)


def test_the_command_prints_the_snapshot():
    kpi = KPIS[0]
    done = CliRunner().invoke(main, ["sql", kpi, "--dialect", "postgres"])
    assert done.exit_code == 0, done.output
    assert done.output == (_snapshot("postgres") / f"{kpi}.sql").read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["sql", "no_such_kpi"], "'no_such_kpi' is no report KPI; the SQL is available for: "),
        (["sql", KPIS[0], "--option", "nonsense"], "expected NAME=VALUE"),
        (["sql", KPIS[0], "--option", "no.such=1"], "unknown definition option 'no.such'"),
    ],
)
def test_bad_requests_are_one_error_line(argv, says):
    done = CliRunner().invoke(main, argv)
    assert done.exit_code == 2  # a bad command-line value: a usage error
    lines = done.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("xlkpi: error: ") and says in lines[0]


def test_the_spark_text_says_which_compiler_made_it():
    head = kpi_sql(KPIS[0], dialect="spark").splitlines()[0]
    if spark_compiler() == "databricks":
        assert head.endswith("Spark SQL (Ibis' Databricks compiler: pyspark is not installed)")
    else:
        assert head.endswith("Spark SQL (Ibis' PySpark compiler)")


def test_the_postgres_text_runs_on_postgresql_and_gives_the_engine_values(pg, pg_sample):
    """Pasted into PostgreSQL, the SQL gives what the engine computes there (all periods)."""
    import ibis

    from xlkpi.engine import expression
    from xlkpi.sources.api import engine_tables

    con = ibis.connect(pg_sample)
    tables = engine_tables(con)
    for kpi in KPIS:
        text = kpi_sql(kpi, dialect="postgres")
        pasted = con.sql(text.rstrip().rstrip(";")).to_pandas()
        engine = expression(kpi, tables).to_pandas()
        assert list(pasted.columns) == ["period", "segment", "value"]
        assert pasted.period.tolist() == engine.period.tolist(), kpi
        assert pasted.value.to_numpy() == pytest.approx(engine.value.to_numpy(), nan_ok=True), kpi
