"""The engine's compiled-SQL cache (``xlkpi.engine.compiled``): a KPI Data table on new data
of the same shape compiles nothing, and gives what compiling at its own as-of date gives;
the grain, an option, a table's columns or types each compile anew."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.engine.frames.compute_fixtures import make_raw, orders
from tests.engine.test_differential import sample
from xlkpi.engine import compiled as C
from xlkpi.engine import covered, sqlcache, tables_from_raw
from xlkpi.engine.plan import ENGINE
from xlkpi.engine.run import _union, kpi_data, make_plan

KPIS = ["revenue", "refund_rate"]


@pytest.fixture(autouse=True)
def _in_this_process_only(monkeypatch):
    """These tests count compilations: no text from the run's shared disk cache."""
    monkeypatch.setenv(sqlcache.VARIABLE, "off")


def _run(frame: pd.DataFrame, **kw) -> tuple[pd.DataFrame, dict]:
    before = C.stats()
    raw = make_raw(orders=frame)
    table = kpi_data(tables_from_raw(raw), kpis=KPIS, **kw)
    after = C.stats()
    return table, {k: after[k] - before[k] for k in ("compiled", "reused")}


def test_new_data_of_the_same_shape_compiles_nothing_and_gets_its_own_values():
    C.clear()
    first, n = _run(orders(), as_of="2026-03-31")
    assert n["compiled"] > 0
    bigger = orders().assign(revenue=orders().revenue * 2)
    second, n = _run(bigger, as_of="2026-02-15")  # another as-of date: written in, not compiled
    assert n == {"compiled": 0, "reused": n["reused"]} and n["reused"] > 0
    # the as-of date is in force: 2026-03 is cut off, February's values doubled
    assert list(second.period.unique()) == ["2026-01", "2026-02"]
    both = first.merge(second, on=["period", "kpi", "segment"])
    revenue = both[both.kpi == "revenue"]
    assert revenue.value_y.tolist() == pytest.approx((2 * revenue.value_x).tolist())


@pytest.mark.parametrize(
    "change",
    [
        {"period": "quarter"},
        {"options": {"refund_rate.basis": "value"}},
        {"frame": lambda f: f.drop(columns="cost")},
        {"frame": lambda f: f.assign(revenue=f.revenue.astype("int64"))},
    ],
    ids=["grain", "option", "columns", "types"],
)
def test_what_shapes_the_sql_compiles_anew(change):
    C.clear()
    _run(orders(), as_of="2026-03-31")
    frame = change.pop("frame", lambda f: f)(orders().assign(revenue=[1, 2, 3, 4, 5, 6, 7]))
    _, n = _run(frame, as_of="2026-03-31", **change)
    assert n["compiled"] > 0


def test_the_text_written_at_a_date_is_the_text_compiled_at_that_date():
    # a KPI of each engine module on the sample: the stand-in's literals are all that the
    # as-of date puts in the SQL
    raw = sample()
    tables = tables_from_raw(raw)
    as_of = raw.settings.as_of - pd.Timedelta(days=40)
    one_each = {ENGINE[k].__module__: k for k in covered()}
    C.clear()
    kpi_data(tables, as_of=as_of, kpis=list(one_each.values()))
    key = max(C._TEXTS, key=lambda k: len(C._TEXTS[k] or ""))
    plan = make_plan(tables, as_of=as_of, probe=False)
    ids = list(key[1])
    backend = C.duckdb_backend(tables)
    assert C.fill(C._TEXTS[key], as_of) == backend.compile(_union(plan, ids))


def test_a_text_that_keeps_the_stand_in_year_is_not_kept():
    sql = f"SELECT {C._literal(C.STAND_IN)}, {C._literal(C.STAND_IN + pd.Timedelta(days=3))}"
    assert C.template(sql, C.STAND_IN) is None
    assert C.template("SELECT 1", None) == "SELECT 1"
