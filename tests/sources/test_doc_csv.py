"""docs/getting-started-warehouse.md's CSV section: its commands run through the engine,
and what it promises of the reading is what the reader reads (the same typed values)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from xlkpi.cli import main
from xlkpi.data import read_source
from xlkpi.data.contract import TABLES
from xlkpi.sources import api
from xlkpi.sources.connect import engine_reads

from ..warehouse.conftest import contract_frames

DOC = Path(__file__).resolve().parents[2] / "docs" / "getting-started-warehouse.md"
COMMANDS = [
    line.strip()
    for block in re.findall(r"```bash\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    for line in block.splitlines()
    if "shop-csv" in line
]


def test_the_doc_shows_csv_commands():
    assert any(" kpis " in c for c in COMMANDS) and any(" check " in c for c in COMMANDS)


@pytest.fixture(scope="module")
def shop(sample_raw, tmp_path_factory):
    root = tmp_path_factory.mktemp("doc")
    folder = root / "shop-csv"
    folder.mkdir()
    for name, frame in contract_frames(sample_raw).items():
        frame.to_csv(folder / f"{TABLES[name].title}.csv", index=False)
    (folder / "orders.csv").write_bytes((folder / "Orders.csv").read_bytes())
    (folder / "Orders.csv").unlink()
    return root


@pytest.mark.parametrize("command", COMMANDS)
def test_every_csv_command_runs_through_the_engine(command, shop, monkeypatch):
    monkeypatch.chdir(shop)
    assert engine_reads(shop / "shop-csv")
    done = CliRunner().invoke(main, shlex.split(command)[1:])
    assert done.exit_code == 0, done.output
    if " kpis " in command and "json" not in command:
        assert done.stdout.startswith("period,kpi,segment,value\n")


def test_ids_keep_their_zeros_and_money_reads_as_the_reader_reads_it(tmp_path):
    rows = {
        "order_id": ["00123", "124", "0125"],
        "order_date": ["2025-01-13", "2025/01/14", "45672"],
        "customer_id": ["007", "7", "7.0"],
        "revenue": ["$1,234.50", "€3", "12"],
    }
    pd.DataFrame(rows).to_csv(tmp_path / "orders.csv", index=False)
    want = read_source(tmp_path).tables["orders"].frame[list(rows)]
    got = api.engine_tables(tmp_path)["orders"].select(*rows).execute()
    got["order_date"] = pd.to_datetime(got.order_date).astype("datetime64[ns]")
    want = want.astype({"order_date": "datetime64[ns]"})
    assert got.astype(str).values.tolist() == want.astype(str).values.tolist()
    assert got.order_id.tolist() == ["00123", "124", "0125"]
