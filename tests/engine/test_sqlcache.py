"""The compiled SQL kept on disk (``xlkpi.engine.sqlcache``): a second process compiles
nothing and gets the same KPI Data; what shapes the SQL (the package's source, a compiler's
version, the grain) makes a new text; a damaged file is compiled again, never run; a folder
that cannot be written only costs the time; and nothing of the data is ever written."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import ibis
import pandas as pd
import pytest

from tests.engine.frames.compute_fixtures import make_raw, orders
from xlkpi.data.model import Settings
from xlkpi.engine import compiled as C
from xlkpi.engine import sqlcache, tables_from_raw
from xlkpi.engine.run import kpi_data
from xlkpi.engine.side import side_tables

KPIS = ["revenue", "refund_rate"]
SCRIPT = """
import json, sys
from tests.engine.test_sqlcache import compute
table, n = compute()
print(json.dumps({"n": n, "table": table.to_json()}))
"""


def compute(frame: pd.DataFrame | None = None, **kw) -> tuple[pd.DataFrame, dict]:
    """KPI Data of two KPIs and the funnel on ``frame`` (Orders) and what it compiled."""
    C.clear()  # nothing kept in this process: every text from disk or compiled
    before = C.stats()
    raw = make_raw(Settings(), orders=orders() if frame is None else frame)
    tables = tables_from_raw(raw)
    kw.setdefault("as_of", "2026-03-31")
    table = kpi_data(tables, kpis=KPIS, **kw)
    side_tables(tables, names=["funnel", "channels"], **kw)
    return table, {k: C.stats()[k] - before[k] for k in ("compiled", "loaded")}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(sqlcache.VARIABLE, str(tmp_path / "cache"))
    monkeypatch.setattr(C, "_STATS", dict.fromkeys(C._STATS, 0))
    return tmp_path / "cache" / "sql"


def _texts(folder) -> list:
    return sorted(folder.glob("*.sql"))


def test_another_process_compiles_nothing_and_gets_the_same_table(folder):
    table, n = compute()
    assert n["compiled"] > 0 and n["loaded"] == 0
    env = {**os.environ, sqlcache.VARIABLE: str(folder.parent)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    other = json.loads(done.stdout.strip().splitlines()[-1])
    assert other["n"] == {"compiled": 0, "loaded": n["compiled"]}
    pd.testing.assert_frame_equal(pd.read_json(io.StringIO(other["table"])), table)


def test_a_text_from_disk_gives_what_compiling_gives_on_other_data_and_date(folder):
    compute()
    bigger = orders().assign(revenue=orders().revenue * 3)
    cold_table = kpi_data(tables_from_raw(make_raw(orders=bigger)), kpis=KPIS, as_of="2026-02-15")
    warm, n = compute(bigger, as_of="2026-02-15")
    assert n["compiled"] == 0 and n["loaded"] > 0
    pd.testing.assert_frame_equal(warm, cold_table)
    assert list(warm.period.unique()) == ["2026-01", "2026-02"]


@pytest.mark.parametrize(
    "change",
    ["source", "ibis", "grain", "option"],
)
def test_what_shapes_the_sql_makes_a_new_text(folder, monkeypatch, change):
    compute()
    kept = _texts(folder)
    kw = {}
    if change == "source":  # an edited module of the package
        environment = sqlcache.environment()
        monkeypatch.setattr(sqlcache, "environment", lambda: environment.replace("|", "|0", 1))
    elif change == "ibis":  # another compiler version
        monkeypatch.setattr(ibis, "__version__", "0.0.0")
        monkeypatch.setattr(sqlcache, "environment", sqlcache.environment.__wrapped__)
    else:
        option = {"options": {"refund_rate.basis": "value"}}
        kw = {"period": "quarter"} if change == "grain" else option
    _, n = compute(**kw)
    assert n["compiled"] > 0 and n["loaded"] == 0
    assert set(kept) < set(_texts(folder))


def test_the_source_digest_follows_each_module(tmp_path):
    (tmp_path / "pkg").mkdir()
    module = tmp_path / "pkg" / "m.py"
    module.write_text("X = 1\n")
    before = sqlcache.source_digest(tmp_path)
    module.write_text("X = 2\n")
    assert sqlcache.source_digest(tmp_path) != before


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "other kind"])
def test_a_damaged_file_is_compiled_again_never_run(folder, damage):
    first, _ = compute()
    for path in _texts(folder):
        data = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(b"\x00\xff" * 40)
        elif damage == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "empty":
            path.write_bytes(b"")
        else:  # a whole, consistent file whose text is no record of this cache
            body = b"drop\nDROP TABLE xlkpi_orders"
            path.write_bytes(sqlcache._head(body) + b"\n" + body)
    again, n = compute()
    assert n == {"compiled": n["compiled"], "loaded": 0} and n["compiled"] > 0
    pd.testing.assert_frame_equal(first, again)
    assert compute()[1]["loaded"] == n["compiled"]  # and rewritten whole


def test_a_folder_that_cannot_be_written_only_costs_the_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(sqlcache.VARIABLE, str(blocker / "cache"))
    first, n = compute()
    second, m = compute()
    assert n["compiled"] > 0 and m == n
    pd.testing.assert_frame_equal(first, second)


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(sqlcache.VARIABLE, "off")
    monkeypatch.chdir(tmp_path)
    assert sqlcache.folder() is None
    compute()
    assert not list(tmp_path.rglob("*"))


def test_the_user_cache_folder_by_system(monkeypatch, tmp_path):
    monkeypatch.delenv(sqlcache.VARIABLE, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert sqlcache.folder() == tmp_path / "xlkpi" / "sql"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    assert sqlcache.folder() == tmp_path / "xlkpi" / "Cache" / "sql"


def test_no_value_of_the_data_and_no_name_of_the_user_is_written(folder):
    frame = orders().assign(
        customer_id=[f"cust-secret-{i}" for i in range(7)],
        channel=["chan-secret-a", "chan-secret-b"] * 3 + ["chan-secret-a"],
        status=["paid"] * 6 + ["status-secret"],
    )
    compute(frame, as_of="2026-02-17")
    compute(frame, period="week", as_of="2026-02-17")
    # each file's first line holds its text's SHA-256 in hex, which may spell "2026"
    text = b"".join(p.read_bytes().split(b"\n", 1)[1] for p in _texts(folder))
    assert b"SELECT" in text
    dates = [C._literal(pd.Timestamp(d)) for d in ("2026-02-17", "2026-02-18")]
    filled = C.fill(text.decode(), pd.Timestamp("2026-02-17"))
    assert any(d in filled for d in dates)  # the test can fail
    for value in ["secret", "cust-", "chan-", "2026", *dates]:
        assert value.encode() not in text, value
    # a table under the user's own name (a DuckDB file, a password-like name): not kept
    for path in _texts(folder):
        path.unlink()
    con = ibis.duckdb.connect()
    dated = frame.assign(order_date=pd.to_datetime(frame.order_date, format="ISO8601"))
    con.con.register("orders_hunter2", dated)
    kpi_data({"orders": con.table("orders_hunter2")}, kpis=KPIS, as_of="2026-03-31")
    assert not _texts(folder)


def test_the_folder_is_trimmed_least_recently_used_first(folder):
    for i in range(5):
        sqlcache.save(f"key {i}", "x" * 1000)
        os.utime(folder / sqlcache.name_of(f"key {i}"), (i, i))
    assert sqlcache.load("key 0") is not None  # used now: kept longest
    sqlcache.trim(folder, limit=3 * 1100)
    kept = {p.name for p in _texts(folder)}
    assert kept == {sqlcache.name_of(f"key {i}") for i in (0, 3, 4)}


def test_a_builder_without_a_module_is_not_kept_and_does_not_fail():
    """A builder made by exec'd code has ``__module__`` None: its query is compiled every
    time (no text the same in every process), never an AttributeError."""
    namespace: dict = {}
    exec("def build(t):\n    return t", namespace)
    assert namespace["build"].__module__ is None
    assert C.stable_key(("kpi", namespace["build"])) is None
    assert C.stable_key(("kpi", C.stable_key)) is not None
