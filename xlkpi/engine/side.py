"""The report's side tables as engine expressions: the MRR bridge, the cohort triangle, the
funnel, the channel table and the source tie-outs of the Reconciliation sheet.

Each side table is one Ibis expression over the contract tables (cut at the as-of date),
registered by name with :func:`side_table`; the definition options come from the plan, as
for the per-period KPIs. The expression returns long rows (period ordinals, channel keys,
sums and ratios, NULL where not defined); ``shape`` only lays them out as the report's
table (labels, column order, the cohort triangle's columns) and computes nothing.

- ``side_tables(tables, period=, as_of=, options=, names=)``: name -> DataFrame or None
  (None where the tables do not hold what the side table needs, as the NumPy path);
- ``side_expression(name, tables, ...)``: the Ibis table of one side table;
- ``side_sql(name, dialect=, period=, options=)``: its SQL text.

The NumPy side tables (``xlkpi.engine.compute.SIDE_TABLES``) are the reference until the
report takes these (``tests/engine/test_side.py`` compares them).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import ibis
import numpy as np
import pandas as pd

from xlkpi.engine.kpi_periods import period_of
from xlkpi.engine.plan import Plan
from xlkpi.errors import XlkpiError
from xlkpi.kpi.catalogue import by_id


@dataclass
class Side:
    """What a side table is built from: the plan (cut tables, grain, options), the report's
    periods table ``grid`` (column ``p``: every period from the first to the last holding a
    date of any table; None when no table has a date) and the tables before the cut."""

    plan: Plan
    grid: ibis.Table | None
    source: Mapping[str, ibis.Table]


@dataclass(frozen=True)
class SideTable:
    """``build(side)``: the expression, or None where the tables lack what it needs;
    ``shape(frame, side, ords)``: the report's table from the executed rows (``ords``: the
    report's period ordinals)."""

    name: str
    title: str
    build: Callable[[Side], ibis.Table | None]
    shape: Callable[[pd.DataFrame, Side, np.ndarray], pd.DataFrame]
    dated: bool = True  # None when no table has a dated row (no report period)
    kpis: tuple[str, ...] = ()  # the report KPIs whose definition (and options) it shares


SIDE: dict[str, SideTable] = {}


def side_table(name: str, title: str, shape, *, dated: bool = True, kpis=()):
    """Register the decorated ``build(side)`` as side table ``name`` (``title``: what a
    reader calls it); ``kpis``: the catalogue ids whose definition it shares (their
    options change it too)."""
    for kpi_id in kpis:
        by_id(kpi_id)

    def register(build):
        if name in SIDE:
            raise XlkpiError(f"side table {name!r} is registered twice")
        SIDE[name] = SideTable(name, title, build, shape, dated, tuple(kpis))
        return build

    return register


def _load() -> None:
    from xlkpi.engine import (  # noqa: F401  (each registers its side table)
        side_bridge,
        side_channels,
        side_cohorts,
        side_funnel,
        side_tieout,
    )


def side_names() -> list[str]:
    """The registered side tables."""
    _load()
    return list(SIDE)


def _side(tables, *, period, as_of, options, probe: bool) -> Side:
    from xlkpi.engine.run import make_plan

    plan = make_plan(tables, period=period, as_of=as_of, options=options, probe=probe)
    return _side_of(plan, tables)


def _get(name: str) -> SideTable:
    _load()
    try:
        return SIDE[name]
    except KeyError:
        raise XlkpiError(f"unknown side table {name!r}; known: {', '.join(SIDE)}") from None


def side_tables(tables, *, period="month", as_of=None, options=None, names=None) -> dict:
    """Each side table (``names``: only these) as the report shows it, or None where the
    tables do not hold what it needs or no table has a dated row. On DuckDB each query's
    SQL text is compiled once, as KPI Data's (:mod:`xlkpi.engine.compiled`)."""
    from xlkpi.engine.run import _ordinals, _report_bounds, prepared

    wanted = [_get(n) for n in (names if names is not None else side_names())]
    runner, cut, plan = prepared(tables, period, as_of, options)
    side = _side_of(plan, tables)
    ords = np.array([], np.int64)
    if side.grid is not None:
        ords = _ordinals(runner.frame(("report periods",), cut, _report_bounds))
    out = {}
    for spec in wanted:
        frame = None
        if len(ords) or not spec.dated:
            build = functools.partial(_build, spec, tables)
            frame = runner.frame(("side", spec.name, spec.build), cut, build)
        out[spec.name] = None if frame is None else spec.shape(frame, side, ords)
    return out


def _build(spec: SideTable, tables, plan: Plan) -> ibis.Table | None:
    return spec.build(_side_of(plan, tables))


def _side_of(plan: Plan, tables) -> Side:
    dated = plan.dated_tables(plan.tables)
    grid = plan.periods(dated).select("p") if dated else None
    return Side(plan, grid, tables)


def side_expression(name, tables, *, period="month", as_of=None, options=None) -> ibis.Table:
    """The Ibis table of side table ``name`` (XlkpiError where the tables lack its needs)."""
    from xlkpi.engine.run import _bound

    spec = _get(name)
    side = _side(tables, period=period, as_of=as_of, options=options, probe=_bound(tables))
    expr = spec.build(side) if (side.grid is not None or not spec.dated) else None
    if expr is None:
        raise XlkpiError(f"the tables do not hold what side table {name!r} needs")
    return expr


def side_title(name: str) -> str:
    return _get(name).title


def side_sql(name, *, dialect="duckdb", period="month", options=None, as_of=None) -> str:
    """The SQL text of side table ``name`` over the (unbound) contract tables; ``as_of``:
    rows after it are cut (None: no cut)."""
    from xlkpi.engine.run import spark_dialect
    from xlkpi.engine.schema import unbound_tables
    from xlkpi.engine.sqltext import to_sql

    expr = side_expression(name, unbound_tables(), period=period, as_of=as_of, options=options)
    return to_sql(expr, spark_dialect(dialect))


# --- helpers of the side tables -----------------------------------------------------------


def inside(plan: Plan, g: ibis.Table, name: str) -> ibis.Table:
    """``g`` (column ``p``) with boolean ``in_<name>``: the period is inside the dated range
    of table ``name`` (False where it has none)."""
    b = plan.bounds(name)
    b = b.select(**{f"lo_{name}": b.lo, f"hi_{name}": b.hi})
    j = g.cross_join(b)
    flag = ((j.p >= j[f"lo_{name}"]) & (j.p <= j[f"hi_{name}"])).fill_null(False)
    return j.select(*g.columns, **{f"in_{name}": flag})


def labels(kind: str, ords) -> list[str]:
    """The report labels of period ordinals."""
    return [period_of(kind, int(o)).label for o in ords]


def floats(frame: pd.DataFrame, columns) -> dict[str, np.ndarray]:
    """``columns`` of an executed frame as float arrays (NULL -> NaN)."""
    return {c: pd.to_numeric(frame[c], errors="coerce").to_numpy(dtype=float) for c in columns}
