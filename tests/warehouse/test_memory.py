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


def test_running_out_of_the_limit_is_one_line_saying_what_to_do(tmp_path):
    """DuckDB out of memory within the limit (its message spans lines of advice that do not
    apply: threads, insertion order) is one ``xlkpi: error:`` line naming the limit and the
    setting that raises it; no traceback."""
    import os
    import subprocess
    import sys

    import duckdb

    path = tmp_path / "orders.parquet"
    duckdb.sql(
        "COPY (SELECT 'O' || i AS order_id, DATE '2024-01-01' + CAST(i % 300 AS INTEGER)"
        " AS order_date, 'C' || i AS customer_id, 10.0 AS revenue FROM range(30000) t(i))"
        f" TO '{path}' (FORMAT parquet)"
    )
    env = {**os.environ, ENV: "1MB"}
    env.pop("XLKPI_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "xlkpi", "check", str(path)],
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.strip().split("\n")
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("xlkpi: error: the engine ran out of memory within its limit of 1MB")
    assert f"{ENV}=4GB" in lines[0] and "Traceback" not in done.stderr


def test_other_exceptions_are_not_called_out_of_memory():
    from xlkpi.errors import internal_error_line
    from xlkpi.sources.memory import out_of_memory

    assert out_of_memory(ValueError("Out of Memory Error")) is None
    line = internal_error_line(RuntimeError("boom\nsecond line"))
    assert line.startswith("internal error (RuntimeError: boom")
