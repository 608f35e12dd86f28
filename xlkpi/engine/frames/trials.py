"""Trial counts of the rate KPIs: the n behind each rate, for its sample size and interval.

A rate's catalogue entry declares its trial count once (``Kpi.trials``, changed by a
definition option through ``Kpi.trials_when``): either a count KPI of the report
(``sessions``, ``leads``, ``nps_responses``, ...), whose KPI Data value is n, or one of
:data:`COUNTS` below, the denominators no KPI reports. :func:`trial_counts` gives n for
every row of KPI Data (NaN for a KPI without trials: money shares, scores, counts).
The report shows n and the 95 % Wilson interval where n < 100
(:func:`xlkpi.report.comparisons.interval`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from xlkpi.engine.frames import customers as customer_kpis
from xlkpi.engine.frames import orders, spend
from xlkpi.engine.frames.base import Ctx, Values
from xlkpi.engine.registry import registrar
from xlkpi.errors import XlkpiError
from xlkpi.kpi._arrays import distinct
from xlkpi.kpi.catalogue import by_id
from xlkpi.kpi.options import CHURN_WINDOW, REPEAT_PURCHASE_DEFINITION

# Trial count name -> fn(ctx) -> values per period (dict: per segment), as a KPI's.
COUNTS: dict[str, Callable[[Ctx], Values]] = {}


def count(name: str):
    """Register the decorated function as the trial count ``name`` (once)."""
    return registrar(COUNTS, "trial count")(name)


@count("orders_placed")
def orders_placed(ctx: Ctx) -> np.ndarray:
    """Orders of any status (completed, refunded, returned, cancelled): the refund and
    return rates' denominator (count basis)."""
    return ctx.count(ctx.rows_pos("orders"))


@count("impressions")
def impressions(ctx: Ctx) -> dict[str, np.ndarray]:
    """Ad impressions per channel: the click-through rate's denominator."""
    _, labels = spend._channels(ctx)
    sums = spend._by_channel(ctx, "impressions")
    return {label: sums[i] for i, label in enumerate(labels)}


def _churn_starts(ctx: Ctx) -> tuple[np.ndarray, np.ndarray]:
    """Start of what the churn rate counts over (the period, or the 30-day window), and
    the customers acquired in it."""
    if ctx.settings.churn_window == CHURN_WINDOW.ROLLING_30D:
        starts, _, _, new = customer_kpis._rolling(ctx, True)
        return starts, new
    starts = np.array([p.start.to_datetime64() for p in ctx.periods], dtype="datetime64[ns]")
    return starts, customer_kpis.new_customers(ctx)


@count("customers_at_start")
def customers_at_start(ctx: Ctx) -> np.ndarray:
    """Customers active at the start (of the period, or of the 30 days with
    ``rolling_30d``): the churn and retention rates' denominator."""
    return customer_kpis._active_at(ctx, _churn_starts(ctx)[0])


@count("customers_at_start_plus_new")
def customers_at_start_plus_new(ctx: Ctx) -> np.ndarray:
    """Customers at the start + new customers: the churn rate's denominator under
    ``churn_denominator`` ``start_plus_new``."""
    starts, new = _churn_starts(ctx)
    return customer_kpis._active_at(ctx, starts) + new


@count("buyers")
def buyers(ctx: Ctx) -> np.ndarray:
    """Customers with a completed order up to the period end (in the period with
    ``returning``): the repeat purchase rate's denominator."""
    codes, dates, _, customers = orders._by_date(ctx)
    if ctx.settings.repeat_purchase_definition == REPEAT_PURCHASE_DEFINITION.RETURNING:
        pos = ctx.pos(pd.Series(dates, dtype="datetime64[ns]"))
        return distinct(codes, (pos, ctx.n), customers)  # the rate's own denominator count
    first = pd.Series(codes).groupby(codes).cumcount().to_numpy() == 0
    return np.searchsorted(dates[first], ctx.ends, side="left").astype(float)


def declaration_problems(entries) -> list[str]:
    """What is wrong with the trial counts the catalogue ``entries`` declare, one line per
    KPI, naming it: a rate without ``trials`` (None: not declared; ``""`` says "a share
    of money amounts, no trials"), a non-rate with trials, or a name that is neither a
    count KPI nor one of :data:`COUNTS`."""
    counts = {e.id for e in entries if e.unit == "count"}
    known = f"a count KPI ({', '.join(sorted(counts))}) or one of {', '.join(COUNTS)}"
    out = []
    for entry in entries:
        if entry.unit != "rate":
            if entry.trials:
                out.append(f"KPI {entry.id!r} is a {entry.unit}, not a rate: no trials")
            continue
        if entry.trials is None:
            out.append(
                f"KPI {entry.id!r} (a rate) declares no trial count: Kpi(trials=...) with "
                f'{known}, or trials="" for a share of money amounts'
            )
        for name in (entry.trials, *(t for _, _, t in entry.trials_when)):
            if name and name not in counts and name not in COUNTS:
                out.append(f"KPI {entry.id!r}: trials {name!r} is not {known}")
    return out


def name_of(kpi: str, settings) -> str:
    """The trial count of ``kpi`` under ``settings`` ("" when it has none)."""
    try:
        entry = by_id(kpi)
    except XlkpiError:  # an id outside the catalogue (a test's extra KPI): no trials
        return ""
    return entry.trials_for(settings) if entry.unit == "rate" else ""


def trial_counts(ctx: Ctx, table: pd.DataFrame) -> np.ndarray:
    """n of every row of the KPI Data ``table`` (NaN where its KPI has no trial count).

    A count KPI's value is looked up in ``table`` itself (its segment's, else its total);
    a :data:`COUNTS` entry is computed once. Periods outside the count's data are NaN.
    """
    return counts_of(table, ctx.settings, ctx.periods, lambda name: COUNTS[name](ctx))


def counts_of(table: pd.DataFrame, settings, report_periods, compute) -> np.ndarray:
    """:func:`trial_counts` over ``report_periods`` under ``settings``, a :data:`COUNTS`
    entry given by ``compute(name)`` (None: not computed here, NaN)."""
    out = np.full(len(table), np.nan)
    if not len(table):
        return out
    kpis = table["kpi"].astype(str).to_numpy()
    segs = table["segment"].fillna("").astype(str).to_numpy()
    periods = table["period"].astype(str).to_numpy()
    values = dict(
        zip(zip(kpis, segs, periods, strict=True), table["value"].astype(float), strict=True)
    )
    position = {p.label: i for i, p in enumerate(report_periods)}
    computed: dict[str, dict[str, np.ndarray]] = {}
    for i, (kpi, seg, period) in enumerate(zip(kpis, segs, periods, strict=True)):
        name = name_of(kpi, settings)
        if not name or not np.isfinite(values[(kpi, seg, period)]):
            continue
        if name in COUNTS:
            if name not in computed:
                got = compute(name)
                computed[name] = {} if got is None else got if isinstance(got, dict) else {"": got}
            series = computed[name]
            column = series.get(seg, series.get(""))
            out[i] = np.nan if column is None else column[position[period]]
        else:
            out[i] = values.get((name, seg, period), values.get((name, "", period), np.nan))
    return out
