"""The DuckDB connection that reads files has bounded memory: a memory limit (beyond it
DuckDB spills), a spill folder of its own (not the user's working folder) and no insertion
order to preserve."""

from __future__ import annotations

import pandas as pd
import pytest

from xlkpi.errors import SourceError
from xlkpi.sources import api
from xlkpi.sources.memory import ENV


def _settings(source) -> dict:
    con = api.opened(source).backend.con
    names = ("memory_limit", "temp_directory", "preserve_insertion_order")
    return {n: con.execute(f"SELECT current_setting('{n}')").fetchone()[0] for n in names}


@pytest.fixture
def parquet(tmp_path):
    path = tmp_path / "orders.parquet"
    frame = pd.DataFrame({"order_id": ["1", "2"], "order_date": pd.to_datetime(["2026-01-05"] * 2),
                          "customer_id": ["A", "B"], "revenue": [1.0, 2.0]})  # fmt: skip
    frame.to_parquet(path)
    return path


def test_the_file_connection_is_bounded(parquet, monkeypatch, tmp_path):
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    got = _settings(parquet)
    assert got["memory_limit"] in ("953.6 MiB", "1.0 GB", "1000.0 MB")
    assert "xlkpi-spill-" in got["temp_directory"] and str(tmp_path) not in got["temp_directory"]
    assert got["preserve_insertion_order"] is False


def test_the_limit_follows_the_environment(parquet, monkeypatch):
    monkeypatch.setenv(ENV, "256MB")
    assert _settings(parquet)["memory_limit"] in ("244.1 MiB", "256.0 MB")
    monkeypatch.setenv(ENV, "lots")
    with pytest.raises(SourceError, match="XLKPI_MEMORY_LIMIT='lots' is not a size"):
        api.opened(parquet)
