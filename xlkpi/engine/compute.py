"""The computation's entry point: every available report KPI per period from the raw
tables (the "KPI Data" table), for the report to lay out (``xlkpi.report`` computes
nothing: ``tests/test_compute_boundary.py``).

``compute_kpis(raw)`` cuts the raw tables at the as-of date, places each row in a report
period (month, quarter or ISO week), and takes each catalogue id's values from one of the
computation's two executors (:mod:`xlkpi.engine.switch` chooses): the NumPy function
registered against it (``REGISTRY``, filled by ``@report_kpi`` in
:mod:`xlkpi.engine.frames`; the default, and the only one in xlwings Lite) or the engine's
Ibis expression on DuckDB. It returns a ``KpiResult``: the long table
``period | kpi | segment | value`` plus the report's side tables (MRR bridge, cohorts,
funnel, channels, tie-outs). Importing it imports neither Ibis nor DuckDB.

A KPI whose inputs are missing is listed in ``unavailable`` with the sheet and columns it
needs; it never appears in the table, and is never shown as 0. A value that is not
defined (zero denominator, a period outside the table's data) is NaN.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xlkpi.data.contract import MONEY_TOTAL, TABLES
from xlkpi.data.model import RawData, Settings
from xlkpi.data.settings import choose
from xlkpi.engine import switch
from xlkpi.engine.frames import customers, leads, nps, orders, recurring, spend, web
from xlkpi.engine.frames.base import (
    PRIMARY_DATE,
    REPORT_FUNCTIONS,
    SECONDARY_DATES,
    Ctx,
    NotAvailable,
    ReportFn,
    month_ends,
    month_rows,
    month_starts,
    rows_function,
)
from xlkpi.engine.frames.rules import rules_used
from xlkpi.engine.frames.trials import trial_counts
from xlkpi.engine.kpi_periods import (
    NO_PERIOD,
    Period,
    check_kind,
    ordinals,
    parse_as_of,
    period_of,
)
from xlkpi.engine.kpi_rows import assemble
from xlkpi.engine.variants import check_options, options_used
from xlkpi.kpi._numbers import sum_of
from xlkpi.kpi.catalogue import report_kpis

# Catalogue id -> per-period function; the families above register into it on import.
REGISTRY: dict[str, ReportFn] = REPORT_FUNCTIONS
FAMILIES = (orders, web, leads, customers, spend, nps, recurring)

# The report's side tables: KpiResult field -> fn(ctx) returning a DataFrame or None.
SIDE_TABLES: dict = {
    "mrr_bridge": recurring.mrr_bridge,
    "cohorts": customers.cohorts,
    "funnel": leads.funnel,
    "channels": spend.channels,
    "tie_outs": lambda ctx: tie_outs(ctx),
}


@dataclass
class KpiResult:
    """Everything the report writer needs, computed once in Python."""

    table: pd.DataFrame  # period | kpi | segment ("" = total) | value (NaN = not defined)
    periods: list[Period]  # ascending, up to as_of, from the first to the last with data
    unavailable: dict[str, str]  # kpi id -> "needs sheet Orders with columns order_date, ..."
    settings: Settings  # as used (period and as_of resolved)
    mrr_bridge: pd.DataFrame | None = None  # month: opening, new, ..., closing
    cohorts: pd.DataFrame | None = None  # cohort label x periods after: share still active
    funnel: pd.DataFrame | None = None  # period, sessions, leads, mqls, sqls, won
    channels: pd.DataFrame | None = None  # channel, spend, clicks, ..., roas (whole range)
    tie_outs: pd.DataFrame | None = None  # table -> rows read, rows used, money total
    rows_used: dict[str, int] = field(default_factory=dict)  # table -> rows after as_of
    options: dict[str, str] = field(default_factory=dict)  # definition options used
    # the computation context (cut frames, periods), for the KPIs under other presets
    context: Ctx | None = field(default=None, repr=False, compare=False)
    spend_spread: bool = False  # weekly grain over monthly Spend rows (spread over days)
    # n of each table row: the trial count of a rate (xlkpi.engine.frames.trials), else NaN
    trials: np.ndarray | None = None
    # the engine's view of a source with a table larger than a sheet (xlkpi.engine.at_source)
    where: object = field(default=None, repr=False, compare=False)


def compute_kpis(
    raw: RawData,
    *,
    period: str | None = None,
    as_of=None,
    options=None,
    preset=None,
    engine: bool | None = None,
    sides: bool = True,
) -> KpiResult:
    """Compute the report KPIs per period.

    ``period`` (month / quarter / week) and ``as_of`` (a date; later rows are ignored)
    default to the Settings sheet, else to month and the last date in the data.
    ``options`` (``{"churn_denominator": "average"}``) and ``preset`` override the
    Settings sheet's definition options (:func:`xlkpi.data.settings.choose`).
    ``engine``: the values and side tables from the engine (``xlkpi.engine``) or from the
    NumPy functions of :mod:`xlkpi.engine.frames` (the default: ``xlkpi.engine.switch.DEFAULT``).
    ``sides=False``: KPI Data only (no side tables, no trial counts), e.g. for the
    Dashboard's like-for-like values at an earlier cut.
    """
    settings = choose(raw.settings, options, preset)
    kind = check_kind(period if period is not None else settings.period)
    check_options(settings)
    cut = parse_as_of(as_of) if as_of is not None else parse_as_of(settings.as_of)
    if cut is None:
        cut = _last_date(raw)
    frames = _cut_frames(raw, cut)
    settings = dataclasses.replace(settings, period=kind, as_of=cut)
    periods, first = _periods(frames, kind, cut)
    ctx = Ctx(raw, settings, kind, frames, periods, first)

    use_engine = (switch.default() if engine is None else engine) and ctx.n > 0
    labels = [p.label for p in periods]
    wanted = SIDE_TABLES if sides else {}
    done = switch.compute(raw, settings, labels, wanted) if use_engine else None
    unavailable: dict[str, str] = {}
    parts: list[pd.DataFrame] = []
    for entry in report_kpis():
        needs = entry.needs_for(settings)
        missing = [(t, cols) for t, cols in needs if not ctx.has(t, *cols)]
        compute = REGISTRY.get(entry.id) or rows_function(entry)
        if missing or compute is None:
            unavailable[entry.id] = _reason(missing) if missing else "not computed per period"
            continue
        if ctx.n == 0:  # the inputs are there, but no row up to as_of
            continue
        try:
            with np.errstate(over="ignore", invalid="ignore"):  # overflow: see _long
                if done is not None and entry.id in done.values:
                    _checks(ctx, compute)  # the data errors the NumPy path raises
                    values = done.values[entry.id]
                else:  # not the engine's, or not in its table (it says why here)
                    values = compute(ctx)
        except NotAvailable as exc:  # e.g. a monthly flow at weekly grain
            unavailable[entry.id] = str(exc)
            continue
        if isinstance(values, dict) and entry.segment is None:  # the catalogue: total only
            values = {"": values[""]}
        if isinstance(values, dict) and not values:  # e.g. every device cell is blank
            unavailable[entry.id] = f"no {entry.segment} values in the data"
            continue
        parts.append(_long(ctx, entry.id, values, ctx.coverage(t for t, _ in needs)))

    table = _sorted(parts, periods)
    return KpiResult(
        table=table,
        periods=periods,
        unavailable=unavailable,
        settings=settings,
        **(done.sides if done else {name: make(ctx) for name, make in wanted.items()}),
        rows_used={name: len(frame) for name, frame in frames.items()},
        options={**options_used(settings), **rules_used(ctx)},
        context=ctx,
        spend_spread=ctx.spread_monthly,
        trials=trial_counts(ctx, table) if sides else None,
    )


def _checks(ctx: Ctx, compute: ReportFn) -> None:
    """Raise the data errors ``compute`` (a NumPy function) raises, e.g. NPS scores that
    are no whole number 0-10 (unless ``nps.invalid`` is ``skip``), for values taken from
    the engine (which leaves such rows out: the reader reports them)."""
    if getattr(compute, "__module__", "") == nps.__name__:
        nps.check(ctx)


def kpi_table(source, *, period=None, as_of=None, options=None, preset=None) -> pd.DataFrame:
    """Read ``source`` (workbook, CSV folder, ...) and return its KPI Data table."""
    from xlkpi.data import read_source

    chosen = {"options": options, "preset": preset}
    raw = read_source(source, as_of=as_of, **chosen)
    return compute_kpis(raw, period=period, as_of=as_of, **chosen).table


def tie_outs(ctx: Ctx) -> pd.DataFrame:
    """Per contract table: rows read, rows used (dated up to the as-of date) and the money total
    of the rows used (``MONEY_TOTAL``; blank = 0, NaN for a table without one)."""
    rows = []
    for name in (n for n in TABLES if n in ctx.raw.tables):  # contract order
        table, used = ctx.raw.tables[name], ctx.frames[name]
        column = MONEY_TOTAL.get(name)
        total = math.nan
        if column in used.columns:
            values = pd.to_numeric(used[column], errors="coerce").to_numpy(dtype=float)
            total = sum_of(np.nan_to_num(values, nan=0.0))  # inf, silently, when it overflows
            total = total if math.isfinite(total) else math.nan  # the overflow rule: not defined
        rows.append((name, len(table.frame), len(used), total))
    table = pd.DataFrame(rows, columns=["table", "rows_read", "rows_used", "total"])
    return table.astype({"rows_read": "int64", "rows_used": "int64", "total": float}).set_index(
        "table"
    )


# --- steps -------------------------------------------------------------------------------


def _date_columns(name: str, frame: pd.DataFrame) -> list[str]:
    """The table's dated columns present in ``frame``: primary first, then event dates."""
    names = [PRIMARY_DATE[name], *SECONDARY_DATES.get(name, ())] if name in PRIMARY_DATE else []
    return [c for c in names if c in frame.columns]


def _last_date(raw: RawData) -> pd.Timestamp | None:
    """The last date of any dated column of any table (None when there is none)."""
    last = [
        table.frame[column].max()
        for name, table in raw.tables.items()
        for column in _date_columns(name, table.frame)
    ]
    last = [d for d in last if not pd.isna(d)]
    return pd.Timestamp(max(last)).normalize() if last else None


def _cut_frames(raw: RawData, as_of: pd.Timestamp | None) -> dict[str, pd.DataFrame]:
    """Rows dated up to the end of the as-of day; later secondary dates become blank.

    The frames keep the original row positions as their index (for data-error locations).
    """
    stop = None if as_of is None else (as_of + pd.Timedelta(days=1)).to_datetime64()
    frames = {}
    for name, table in raw.tables.items():
        frame = table.frame.reset_index(drop=True)
        date = PRIMARY_DATE.get(name)
        if date is None or date not in frame.columns:
            frames[name] = frame
            continue
        values = pd.to_datetime(frame[date], errors="coerce")
        if name == "subscriptions":  # "any date in the month": the month is what counts
            values = values.dt.to_period("M").dt.start_time
            frame = frame.assign(**{date: values})
        keep = np.array(values.notna().to_numpy(), dtype=bool)
        if stop is not None:
            keep &= values.to_numpy(dtype="datetime64[ns]") < stop
        if not keep.all():
            frame = frame[keep]
        for column in SECONDARY_DATES.get(name, ()):
            if column in frame.columns and stop is not None:
                later = frame[column].to_numpy(dtype="datetime64[ns]") >= stop
                if later.any():
                    frame = frame.assign(**{column: frame[column].mask(later)})
        frames[name] = frame
    return frames


def _periods(frames: dict[str, pd.DataFrame], kind: str, as_of=None) -> tuple[list[Period], int]:
    """Contiguous periods from the first to the last one holding a date of any table (a row
    that stands for a month, see ``month_rows``, holds every day of it up to ``as_of``)."""
    lows, highs = [], []
    monthly = month_rows(frames, kind)
    for name, frame in frames.items():
        dates = [frame[c] for c in _date_columns(name, frame)]
        if name in monthly and monthly[name] in frame.columns:
            dates.append(pd.Series(month_ends(frame[monthly[name]], as_of)))
            dates.append(pd.Series(month_starts(frame[monthly[name]])))
        for values in dates:
            ords = ordinals(values, kind)
            ords = ords[ords != NO_PERIOD]
            if len(ords):
                lows.append(ords.min())
                highs.append(ords.max())
    if not lows:
        return [], 0
    first, last = int(min(lows)), int(max(highs))
    return [period_of(kind, o) for o in range(first, last + 1)], first


def _reason(missing) -> str:
    parts = [
        f"sheet {TABLES[t].title if t in TABLES else t.title()} with columns {', '.join(cols)}"
        for t, cols in missing
    ]
    return "needs " + " and ".join(parts)


def _long(ctx: Ctx, kpi_id: str, values, inside: np.ndarray) -> list[tuple]:
    """``kpi_id``'s rows of the KPI Data table: one (segment, values) block per segment
    (:func:`xlkpi.engine.kpi_rows.assemble` builds the one table)."""
    series = values if isinstance(values, dict) else {"": values}
    out = []
    for segment in sorted(series):
        column = np.asarray(series[segment], dtype=float)
        # the overflow rule (docs/kpis.md): a value beyond the float range is not defined
        out.append((kpi_id, segment, np.where(inside & np.isfinite(column), column, np.nan)))
    return out


def _sorted(parts: list[list[tuple]], periods) -> pd.DataFrame:
    """The KPI Data table, period by period, then by KPI id and segment."""
    blocks = [block for part in parts for block in part]
    return assemble(blocks, [p.label for p in periods])
