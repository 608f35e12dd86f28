"""docs/getting-started-warehouse.md: its commands run, and what it shows is real output."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from xlkpi.cli import main
from xlkpi.sources.sql import DIALECTS
from xlkpi.sources.validate import EXAMPLES

from .conftest import contract_frames

DOC = Path(__file__).resolve().parents[2] / "docs" / "getting-started-warehouse.md"
TEXT = DOC.read_text(encoding="utf-8")


def _block_lines(language: str) -> list[str]:
    blocks = re.findall(rf"```{language}\n(.*?)```", TEXT, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def _runnable() -> list[str]:
    """The doc's xlkpi commands on the Parquet folder and its `xlkpi sql` commands."""
    return [
        line.split("  #")[0].strip()
        for line in _block_lines("bash")
        if line.startswith("xlkpi ") and ("shop-parquet" in line or line.startswith("xlkpi sql"))
    ]


def test_the_doc_has_parquet_and_sql_examples():
    commands = _runnable()
    assert any("shop-parquet" in c and " kpis " in c for c in commands)
    assert any(c.startswith("xlkpi check shop-parquet") for c in commands)
    assert sum(c.startswith("xlkpi sql") for c in commands) >= 2


@pytest.mark.parametrize("command", _runnable())
def test_every_parquet_and_sql_command_runs(command, sample_raw, tmp_path, monkeypatch):
    folder = tmp_path / "shop-parquet"
    folder.mkdir()
    for name, frame in contract_frames(sample_raw).items():
        frame.to_parquet(folder / f"{name}.parquet")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(main, shlex.split(command)[1:])
    assert done.exit_code == 0, done.output
    if " kpis " in command and "json" not in command:
        assert done.output.startswith("period,kpi,segment,value\n")
    if command.startswith("xlkpi sql"):
        assert done.output.startswith("-- xlkpi ")


def test_the_check_lines_shown_are_what_check_prints(tmp_path):
    shown = [line for line in _block_lines("text") if line.startswith("orders.parquet!")]
    assert len(shown) == 2
    pd.DataFrame(
        {
            "order_id": ["1", "n/a-row", "3", "3"],
            "order_date": ["2025-01-02"] * 4,
            "customer_id": ["C1"] * 4,
            "revenue": ["10", "n/a", "12", "13"],
        }
    ).to_parquet(tmp_path / "orders.parquet")
    done = CliRunner().invoke(main, ["check", str(tmp_path / "orders.parquet")])
    assert done.exit_code == 1
    for line in shown:
        assert line in done.output.splitlines()


def test_the_counts_and_names_the_doc_gives():
    assert (
        f"fetches\nthe first {['', 'one', 'two', 'three', 'four', 'five'][EXAMPLES]} rows" in TEXT
    )
    assert f"`--dialect {'|'.join(DIALECTS)}`" in TEXT


def test_the_unreachable_server_line_is_what_xlkpi_prints(pg):
    from tests.support.postgres import USER

    line = next(line for line in _block_lines("text") if line.startswith("xlkpi: error: postgres"))
    url = f"postgresql://{USER}:not-the-password@127.0.0.1:{pg.port}/postgres"
    done = CliRunner().invoke(main, ["kpis", url])
    assert done.exit_code == 1
    printed = done.output.strip()
    assert "not-the-password" not in printed
    pattern = (
        re.escape(line)
        .replace("analyst", USER)
        .replace(re.escape("db.example.com:5432/shop"), ".*")
    )
    pattern = pattern.replace(re.escape("…"), ".*")
    assert re.fullmatch(pattern, printed), printed
