"""The report's numbers from the engine equal the NumPy path's, the whole result: KPI Data
(every report KPI, the engine's and those it leaves to NumPy), what is unavailable and why,
and the side tables; kept while both paths exist. Once with every SQL text compiled in
this process (a cold cache) and once with every text read back from disk (a warm one)."""

from __future__ import annotations

from tests.engine.support import assert_same
from tests.engine.test_differential import sample
from tests.engine.test_side import assert_same as assert_same_sides
from xlkpi.engine import compiled as C
from xlkpi.engine import sqlcache, switch
from xlkpi.engine.compute import SIDE_TABLES, compute_kpis


def _same(numpy, engine) -> None:
    assert_same(numpy.table, engine.table)
    assert engine.unavailable == numpy.unavailable
    assert_same_sides(*({n: getattr(r, n) for n in SIDE_TABLES} for r in (numpy, engine)))


def _counted(raw, kind):
    C.clear()
    before = C.stats()
    result = compute_kpis(raw, period=kind, engine=True)
    return result, {k: C.stats()[k] - before[k] for k in ("compiled", "loaded")}


def test_cold_and_warm_the_result_from_the_engine_equals_the_numpy_one(tmp_path, monkeypatch):
    monkeypatch.setenv(sqlcache.VARIABLE, str(tmp_path))
    raw = sample()
    numpy = compute_kpis(raw, engine=False)
    cold, n = _counted(raw, "month")
    assert n["compiled"] > 0 and n["loaded"] == 0
    _same(numpy, cold)
    warm, n = _counted(raw, "month")
    assert n["compiled"] == 0 and n["loaded"] > 0
    _same(numpy, warm)


def test_at_weekly_grain_the_result_from_the_engine_equals_the_numpy_one():
    raw = sample()
    numpy, engine = (compute_kpis(raw, period="week", engine=e) for e in (False, True))
    _same(numpy, engine)


def test_the_default_path_follows_the_switch_and_lite_never_takes_the_engine(monkeypatch):
    assert switch.installed()
    raw = sample()
    calls = []
    monkeypatch.setattr(switch, "compute", lambda *a: calls.append(a) or None)
    for default in (True, False):
        monkeypatch.setattr(switch, "DEFAULT", default)
        calls.clear()
        compute_kpis(raw)
        assert bool(calls) == default
    monkeypatch.setattr(switch, "DEFAULT", True)
    monkeypatch.setattr("sys.platform", "emscripten")  # xlwings Lite: the NumPy path
    assert not switch.installed()
    calls.clear()
    compute_kpis(raw)
    assert not calls
