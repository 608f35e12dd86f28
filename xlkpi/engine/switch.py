"""The switch between the computation's two executors: KPI Data's values and the side
tables from the Ibis executor (``xlkpi.engine.run`` / ``side``, on DuckDB), computed by
the engine's expressions on the reader's tables (handed to DuckDB as they are, without a
copy), for :func:`xlkpi.engine.compute.compute_kpis` to lay out.

Where the Ibis executor is off (the default, :data:`DEFAULT`) or cannot run (xlwings Lite:
no DuckDB or Ibis in Pyodide), ``compute_kpis`` takes them from the in-process NumPy
executor, :mod:`xlkpi.engine.frames`. This module imports neither Ibis nor DuckDB at import
time: it only looks them up (:func:`installed`) and imports them when asked.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xlkpi.kpi.catalogue import by_id
from xlkpi.sources.settings import engine_options

# The report's default path. The engine reproduces the NumPy path (tests/engine/test_switch.py)
# but costs more where the report is built in one process: on the sample about 0.9 s more
# CPU with its SQL compiled already (2.25 s against 1.3 s), on the 1,048,575-row Orders
# sheet about 2 s more (7.6 s against 5.6 s), which would take the 1M build past its
# benchmark target. ``compute_kpis(engine=True)`` takes it; the NumPy path stays the default.
DEFAULT = False


def default() -> bool:
    """Whether ``compute_kpis`` takes its numbers from the engine when not told."""
    return DEFAULT and installed()


def installed() -> bool:
    """Whether the engine can run here: not in Pyodide, and Ibis and DuckDB are installed
    (looked up without importing them: :func:`preload` imports them in the background)."""
    if sys.platform == "emscripten":
        return False
    return all(importlib.util.find_spec(name) is not None for name in ("duckdb", "ibis"))


# What the engine imports before its first query (Ibis, its DuckDB backend and compilers,
# the engine's expressions): some 0.3-0.5 s of Python in a new process.
_MODULES = ("xlkpi.engine.run", "xlkpi.engine.side", "xlkpi.engine.families")


def preload() -> threading.Thread | None:
    """Start importing the engine in a background thread (while the workbook is read), so
    the computation finds it imported; None where the engine or threads are missing. An
    import that fails there is left to the computation, which imports it again."""
    from xlkpi.data import threads

    if not installed() or not threads.available():
        return None
    thread = threading.Thread(target=_import, name="xlkpi-engine-import", daemon=True)
    thread.start()
    return thread


def _import() -> None:
    try:
        for name in _MODULES:
            importlib.import_module(name)
        from xlkpi.engine import side

        side.side_names()  # the side tables' modules
        import ibis

        ibis.duckdb  # noqa: B018  (loads the backend: its import is most of the cost)
    except Exception:  # the computation imports it again and says why
        pass


@dataclass
class EngineResult:
    """The engine's values of one report: ``values[kpi]`` as the NumPy families return
    them (one array over the report periods, or segment -> array), and the side tables."""

    values: dict[str, object] = field(default_factory=dict)
    sides: dict[str, pd.DataFrame | None] = field(default_factory=dict)


def compute(raw, settings, labels: list[str], sides) -> EngineResult:
    """The engine's KPI values over the report periods ``labels`` and the side tables
    ``sides`` (names) of ``raw`` at ``settings`` (grain and as-of date resolved)."""
    from xlkpi.engine import tables_from_raw
    from xlkpi.engine.run import kpi_data
    from xlkpi.engine.side import side_tables

    tables = tables_from_raw(raw)
    chosen = {"period": settings.period, "as_of": settings.as_of,
              "options": engine_options(settings)}  # fmt: skip
    table = kpi_data(tables, **chosen)
    result = EngineResult(values=_values(table, labels))
    if sides:
        result.sides = side_tables(tables, names=list(sides), **chosen)
    return result


def _values(table: pd.DataFrame, labels: list[str]) -> dict[str, object]:
    """KPI id -> values over ``labels`` (an array; segment -> array for a segmented KPI)."""
    at = {label: i for i, label in enumerate(labels)}
    pos = np.array([at.get(p, -1) for p in table.period.tolist()], dtype=np.int64)
    if (pos < 0).any():  # the engine's periods differ from the report's: a defect
        raise RuntimeError("the engine's report periods differ from the NumPy path's")
    out: dict[str, object] = {}
    values = table.value.to_numpy(dtype=float)
    for (kpi_id, segment), rows in table.groupby(["kpi", "segment"], sort=False).indices.items():
        column = np.full(len(labels), np.nan)
        column[pos[rows]] = values[rows]
        if by_id(kpi_id).segment is None:
            out[kpi_id] = column
        else:
            out.setdefault(kpi_id, {})[segment] = column
    return out
