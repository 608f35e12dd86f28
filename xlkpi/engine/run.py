"""The engine's public functions: KPI Data from Ibis tables, one KPI's expression, its SQL."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

import ibis
import numpy as np
import pandas as pd

from xlkpi.data.contract import TABLES
from xlkpi.data.model import Settings
from xlkpi.engine import compiled as C
from xlkpi.engine import periods as P
from xlkpi.engine.kpi_periods import check_kind, parse_as_of, period_of
from xlkpi.engine.kpi_rows import assemble as _assemble
from xlkpi.engine.kpi_rows import empty as _empty
from xlkpi.engine.plan import ENGINE, WITH_TOTAL, Plan
from xlkpi.engine.schema import unbound_tables
from xlkpi.engine.sqltext import to_sql
from xlkpi.errors import KpiInputError, XlkpiError
from xlkpi.kpi.catalogue import by_id, report_kpis
from xlkpi.kpi.options import by_name, validate

# Settings that are no definition option but change a KPI's value.
EXTRA = {"clv_years": float}


def settings_from(options: Mapping[str, object] | None) -> Settings:
    """``Settings`` with each option of ``options`` (option name -> choice) applied."""
    values = {}
    for name, value in (options or {}).items():
        if name in EXTRA:
            values[name] = EXTRA[name](value)
            continue
        opt = by_name(name)
        values[opt.setting] = validate(opt, value)
    return dataclasses.replace(Settings(), **values)


def covered() -> list[str]:
    """The report KPIs the engine computes, in catalogue order."""
    _load()
    return [k.id for k in report_kpis() if k.id in ENGINE]


def uncovered() -> list[str]:
    """The report KPIs the engine does not compute yet (the NumPy path still does)."""
    _load()
    return [k.id for k in report_kpis() if k.id not in ENGINE]


def _load() -> None:
    from xlkpi.engine import families  # noqa: F401  (registers the families)


def _bound(tables: Mapping[str, ibis.Table]) -> bool:
    try:
        next(iter(tables.values()))._find_backend()
    except (StopIteration, Exception):
        return False
    return True


def last_date(tables: Mapping[str, ibis.Table]) -> pd.Timestamp | None:
    """The last date of any dated column of any table (one query), the as-of default."""
    expr = _last_date_expr(tables)
    return None if expr is None else _day(expr.execute())


def _last_date_expr(tables: Mapping[str, ibis.Table]) -> ibis.Table | None:
    parts = []
    for name, t in tables.items():
        columns = [P.PRIMARY_DATE.get(name), *P.SECONDARY_DATES.get(name, ())]
        parts += [t.aggregate(d=t[c].cast("timestamp").max()) for c in columns if c in t.columns]
    if not parts:
        return None
    one = parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)
    return one.aggregate(d=one.d.max())


def _day(frame: pd.DataFrame) -> pd.Timestamp | None:
    value = frame.iloc[0, 0]
    return None if value is None or pd.isna(value) else pd.Timestamp(value).normalize()


def _spread(plan: Plan, query=None) -> bool:
    """Weekly grain over Spend rows booked monthly: all dated the 1st of a month, or at
    most one row per channel and category in each month over two months or more (the
    rule of :func:`xlkpi.engine.frames.base.books_monthly`; two queries, run by
    ``query(what, make)`` where ``make(plan)`` builds one; by Ibis on ``plan`` by default)."""
    if plan.kind != "week" or not plan.has("spend", "date"):
        return False
    query = query or (lambda what, make: make(plan).execute())
    row = query(("spread",), _spend_counts)
    # a SUM over no rows (all Spend after the as-of cut) is NULL: NaN, and NaN is truthy
    n, other, months = (0 if pd.isna(v) else int(v) for v in row.iloc[0][["n", "other", "months"]])
    if not n or not other:
        return bool(n)
    if months < 2:
        return False
    return int(query(("spread keys",), _spend_keys).iloc[0, 0]) == n


def _spend_counts(plan: Plan) -> ibis.Table:
    d = plan.table("spend").date
    month = d.cast("timestamp").truncate("M")
    return plan.table("spend").aggregate(
        n=d.count(), other=(d.day() != 1).sum(), months=month.nunique()
    )


def _spend_keys(plan: Plan) -> ibis.Table:
    t = plan.table("spend")
    keys = [c for c in ("channel", "category") if c in t.columns]
    known = t.filter(t.date.notnull())
    month = known.date.cast("timestamp").truncate("M")
    distinct = known.select(*[known[c] for c in keys], month=month).distinct()
    return distinct.aggregate(n=distinct.count())


def make_plan(tables, *, period="month", as_of=None, options=None, probe=True) -> Plan:
    """The cut tables and settings; ``probe``: ask the backend for the as-of default and
    whether Spend is monthly (unbound tables for SQL text: no as-of cut, daily Spend)."""
    _load()
    kind = check_kind(period)
    settings = settings_from(options)
    cut = parse_as_of(as_of)
    if cut is None and probe:
        cut = last_date(tables)
    settings = dataclasses.replace(settings, period=kind, as_of=cut)
    cut_tables = {n: P.cut(n, t, cut) for n, t in tables.items() if n in TABLES}
    plan = Plan(cut_tables, kind, cut, settings)
    plan.spread = _spread(plan) if probe else False
    return plan


def missing_needs(plan: Plan, kpi_id: str) -> list:
    """What ``kpi_id`` needs that the tables lack; a monthly flow at weekly grain needs the
    month (the NumPy path lists it as not available)."""
    from xlkpi.engine.bridge import MONTHLY_FLOWS

    if plan.kind == "week" and kpi_id in MONTHLY_FLOWS:
        return [("a monthly grain", ("month", "quarter"))]
    entry = by_id(kpi_id)
    return [(t, c) for t, c in entry.needs_for(plan.settings) if not plan.has(t, *c)]


def build(plan: Plan, kpi_id: str) -> ibis.Table:
    """``kpi_id``'s table (period, segment, value) on ``plan``; value NULL outside the
    coverage of the tables it needs."""
    if kpi_id not in ENGINE:
        by_id(kpi_id)
        raise XlkpiError(f"the engine does not compute {kpi_id!r} yet")
    missing = missing_needs(plan, kpi_id)
    if missing:
        cols = "; ".join(f"{t}: {', '.join(c)}" for t, c in missing)
        raise KpiInputError(f"{kpi_id} needs {cols}")
    return rows_of(plan, kpi_id, ENGINE[kpi_id])


def rows_of(plan: Plan, kpi_id: str, builder) -> ibis.Table:
    """``builder``'s table (period, segment, value) over the periods of the tables
    ``kpi_id`` needs; value NULL outside their coverage."""
    needs = [t for t, _ in by_id(kpi_id).needs_for(plan.settings)]
    periods = plan.periods(needs)
    res = builder(plan, periods)
    if "segment" not in res.columns:
        res = res.mutate(segment=ibis.literal(""))
    j = res if "covered" in res.columns else res.join(periods, res.p == periods.p)
    value = ibis.ifelse(j.covered, j.value.cast("float64"), ibis.null("float64"))
    return j.select(period=j.p, segment=j.segment, value=value)


def expression(kpi_id, tables, *, period="month", as_of=None, options=None) -> ibis.Table:
    """The per-period table (period ordinal, segment, value) of one report KPI."""
    plan = make_plan(tables, period=period, as_of=as_of, options=options, probe=_bound(tables))
    return build(plan, kpi_id).order_by(["period", "segment"])


def compile_sql(
    kpi_id, *, dialect="duckdb", period="month", options=None, tables=None, as_of=None
) -> str:
    """The SQL text of one report KPI in ``dialect`` (unbound contract tables by default);
    ``as_of``: rows after it are cut (None: no cut)."""
    _load()
    if kpi_id not in ENGINE:
        by_id(kpi_id)
        raise XlkpiError(f"the engine does not compute {kpi_id!r} yet")
    if tables is None:
        plan0 = Plan({}, check_kind(period), None, settings_from(options))
        tables = unbound_tables(t for t, _ in by_id(kpi_id).needs_for(plan0.settings))
    expr = expression(kpi_id, tables, period=period, as_of=as_of, options=options)
    return to_sql(expr, spark_dialect(dialect))


def spark_dialect(dialect: str) -> str:
    """``spark``/``pyspark``: Ibis' pyspark compiler when pyspark is importable (Ibis must
    have imported ``ibis.pyspark`` first), else its ``databricks`` one (Spark SQL, no
    pyspark needed). Other dialects unchanged."""
    if dialect not in ("spark", "pyspark"):
        return dialect
    import importlib

    try:
        importlib.import_module("ibis.pyspark")
    except ImportError:
        return "databricks"
    return "pyspark"


def prepared(tables, period, as_of, options) -> tuple[_Runner, pd.Timestamp, object]:
    """The runner of ``tables`` at ``period`` and ``options``, the as-of date (``as_of``,
    else the last date in the data) and the plan at it, with Spend's rule decided: what
    KPI Data and the side tables start from."""
    runner = _Runner(tables, check_kind(period), options)
    cut = parse_as_of(as_of)
    if cut is None:
        cut = runner.last_date()
    plan = runner.plan(cut)
    runner.spread = plan.spread = _spread(plan, runner.query_at(cut))
    return runner, cut, plan


def kpi_data(tables, *, period="month", as_of=None, options=None, kpis=None) -> pd.DataFrame:
    """The KPI Data table (period label, kpi, segment, value) of every report KPI the engine
    computes and the tables allow, as ``xlkpi.engine.compute.compute_kpis(raw).table``
    (``kpis``: only these ids). On DuckDB the queries' SQL texts are compiled once per
    process and kept on disk (:mod:`xlkpi.engine.compiled`)."""
    runner, cut, plan = prepared(tables, period, as_of, options)
    if not plan.dated_tables(plan.tables):
        return _empty()
    ords = _ordinals(runner.frame(("report periods",), cut, _report_bounds))
    if not len(ords):
        return _empty()
    ids = [k for k in covered() if (kpis is None or k in kpis) and not missing_needs(plan, k)]
    if not ids:
        return _empty()
    # one query for every KPI: one compilation, and DuckDB shares the scans it can
    what = ("kpis", tuple(ids), tuple(ENGINE[k] for k in ids))
    frame = runner.frame(what, cut, lambda p: _union(p, ids))
    blocks = _blocks(frame, ids, ords)
    return _assemble(blocks, [period_of(plan.kind, o).label for o in ords])


def _blocks(frame: pd.DataFrame, ids: list[str], ords: np.ndarray) -> list[tuple]:
    """(kpi, segment, values over ``ords``) of each KPI id and segment of the query's rows;
    NaN for a period with no row or a value that is not finite."""
    n = len(ords)
    at = frame.period.to_numpy(dtype=np.int64) - ords[0]
    values = frame.value.to_numpy(dtype=float)
    groups = frame.groupby(["kpi", "segment"], sort=False).indices if len(frame) else {}
    found: dict[str, set] = {}
    for kpi_id, segment in groups:
        found.setdefault(kpi_id, set()).add(segment)
    blocks = []
    for kpi_id in ids:
        segments = sorted(found.get(kpi_id, set()) | ({""} if kpi_id in WITH_TOTAL else set()))
        if by_id(kpi_id).segment is None:  # total only; NaN where its tables have no period
            segments = [""]
        for segment in segments:
            column = np.full(n, np.nan)
            rows = groups.get((kpi_id, segment), np.array([], dtype=np.int64))
            rows = rows[(at[rows] >= 0) & (at[rows] < n)]
            column[at[rows]] = values[rows]
            blocks.append((kpi_id, segment, np.where(np.isfinite(column), column, np.nan)))
    return blocks


def _union(plan: Plan, ids: list[str]) -> ibis.Table:
    parts = [build(plan, k).mutate(kpi=ibis.literal(k)) for k in ids]
    return parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)


class _Runner:
    """Runs one KPI Data table's queries: on DuckDB from texts compiled once (the key: the
    query, grain, options, Spend rule and the tables' typed shapes; kept in the process and
    on disk, see :mod:`xlkpi.engine.compiled`), on other backends through Ibis."""

    def __init__(self, tables, kind: str, options) -> None:
        self.tables, self.kind, self.options = tables, kind, options
        self.spread = False
        self.backend = C.duckdb_backend(tables)
        if self.backend is not None:
            settings = C.settings_key(settings_from(options))
            self.key = (C.tables_key(tables), kind, settings)
            shapes = C.tables_text(tables)  # None: kept in this process only
            self.stable = None if shapes is None else (shapes, kind, settings)

    def plan(self, as_of) -> Plan:
        plan = make_plan(self.tables, period=self.kind, as_of=as_of, options=self.options,
                         probe=False)  # fmt: skip
        plan.spread = self.spread
        return plan

    def frame(self, what: tuple, as_of, make) -> pd.DataFrame | None:
        """The result of ``make(plan)`` on the plan at ``as_of`` (None where it is None)."""
        if self.backend is None:
            expr = make(self.plan(as_of))
            return None if expr is None else expr.to_pandas()
        key = (*what, *self.key, self.spread)
        stable = None if self.stable is None else C.stable_key((*what, *self.stable, self.spread))
        return C.run(self.backend, key, as_of, lambda day: make(self.plan(day)), stable)

    def query_at(self, as_of):
        return lambda what, make: self.frame(what, as_of, make)

    def last_date(self) -> pd.Timestamp | None:
        if _last_date_expr(self.tables) is None:
            return None
        return _day(self.frame(("last date",), None, lambda _: _last_date_expr(self.tables)))


def _report_bounds(plan: Plan) -> ibis.Table:
    """One row: the first and last period ordinal holding a date of any table."""
    names = plan.dated_tables(plan.tables)
    parts = [plan.bounds(n) for n in names]
    both = parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)
    return both.aggregate(lo=both.lo.min(), hi=both.hi.max())


def _report_periods(plan: Plan) -> np.ndarray:
    """Every period ordinal from the first to the last holding a date of any table."""
    if not plan.dated_tables(plan.tables):
        return np.array([], dtype=np.int64)
    return _ordinals(_report_bounds(plan).execute())


def _ordinals(row: pd.DataFrame) -> np.ndarray:
    lo, hi = row.lo.iloc[0], row.hi.iloc[0]
    if lo is None or pd.isna(lo) or (isinstance(lo, float) and math.isnan(lo)):
        return np.array([], dtype=np.int64)
    return np.arange(int(lo), int(hi) + 1, dtype=np.int64)
