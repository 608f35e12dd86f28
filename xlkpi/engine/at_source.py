"""The report's numbers computed where the data lies, from the engine alone: the
``KpiResult`` of a source whose table is larger than an Excel sheet holds (the report
copies the tables that fit and none of the rows of the others).

Every number comes from the same calls as ``xlkpi kpis`` (:func:`xlkpi.engine.kpi_data`
at the same grain, as-of date and options) and the engine's side tables; nothing is
computed from the pandas copies of the small tables. What the NumPy path adds and the
engine does not compute is left out, never guessed: the KPIs under the other presets
(``context`` is None; :func:`compare_presets` computes them for the report). The trial
counts no KPI reports (orders placed, impressions, customers at the start, buyers) are
counted where the data is (:mod:`xlkpi.engine.trial_counts`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import pandas as pd

from xlkpi.engine.compute import SIDE_TABLES, KpiResult
from xlkpi.engine.kpi_periods import check_kind, parse_as_of, period_of
from xlkpi.engine.variants import check_options, options_used
from xlkpi.sources.settings import engine_options


@dataclass
class Where:
    """The engine's view of a source too large for the report's sheets: its typed tables
    (Ibis), the definition options as the engine takes them, and the tables not copied
    (canonical name -> row count)."""

    tables: dict
    options: dict
    oversized: dict[str, int]
    label: str = ""  # the source as the user named it (secrets redacted)
    limit: int = 1_048_575  # the rows a sheet holds (a table of more is not copied)
    labels: dict = dataclasses.field(default_factory=dict)  # table -> its label


def engine_result(where: Where, settings, *, period=None, as_of=None) -> KpiResult:
    """The ``KpiResult`` of ``where.tables`` under ``settings`` (grain ``period`` and
    ``as_of`` beat the settings'), KPI Data equal to what ``xlkpi kpis`` prints."""
    from xlkpi.engine import kpi_data, side_tables
    from xlkpi.engine.frames.rules import rules_used
    from xlkpi.engine.frames.trials import COUNTS, counts_of, name_of
    from xlkpi.engine.run import _ordinals, _report_bounds, last_date, prepared
    from xlkpi.engine.trial_counts import trial_counts

    check_options(settings)
    kind = check_kind(period or settings.period)
    cut = parse_as_of(as_of if as_of is not None else settings.as_of)
    if cut is None:
        cut = last_date(where.tables)
    settings = dataclasses.replace(settings, period=kind, as_of=cut)
    options = engine_options(settings)
    runner, cut, plan = prepared(where.tables, kind, cut, options)
    ords = []
    if plan.dated_tables(plan.tables):
        ords = _ordinals(runner.frame(("report periods",), cut, _report_bounds))
    table = kpi_data(where.tables, period=kind, as_of=cut, options=options)
    sides = side_tables(where.tables, period=kind, as_of=cut, options=options,
                        names=list(SIDE_TABLES))  # fmt: skip
    ties = sides.get("tie_outs")
    periods = [period_of(kind, o) for o in ords]
    # the trial counts no KPI reports (orders placed, impressions, ...), counted where the
    # data is, for the rates of this table that divide by them
    asked = {name_of(k, settings) for k in table["kpi"].unique()} & set(COUNTS)
    counted = trial_counts(runner, cut, plan, ords, sorted(asked))
    shim = _Has(where.tables, kind, bool(plan.spread))
    return KpiResult(
        table=table,
        periods=periods,
        unavailable=dict(table.attrs.get("unavailable", {})),
        settings=settings,
        **sides,
        rows_used={} if ties is None else {n: int(v) for n, v in ties.rows_used.items()},
        options={**options_used(settings), **rules_used(shim)},
        context=None,
        spend_spread=shim.spread_monthly,
        # n of each rate: a count KPI's KPI Data value, or a count computed above
        trials=counts_of(table, settings, periods, counted.get),
        where=where,
    )


def compare_presets(where: Where, result: KpiResult, periods: int) -> pd.DataFrame:
    """:func:`xlkpi.engine.variants.compare_presets` computed by the engine: under each
    preset, the KPIs one of its differing options changes, in one query each."""
    from xlkpi.data.settings import apply_preset
    from xlkpi.engine.run import kpi_data
    from xlkpi.engine.variants import compared_kpis
    from xlkpi.kpi.options import OPTIONS
    from xlkpi.kpi.presets import PRESETS

    kpis = compared_kpis(result)
    labels = [p.label for p in result.periods[-periods:]]
    index = pd.MultiIndex.from_product([kpis, labels], names=["kpi", "period"])
    out = pd.DataFrame({"report": _totals(result.table).reindex(index)}, index=index)
    for name in PRESETS:
        settings = apply_preset(result.settings, name)
        before = result.settings
        changed = [o for o in OPTIONS if getattr(settings, o.setting) != getattr(before, o.setting)]
        affected = [k for k in kpis if any(k in o.kpis for o in changed)]
        column = out["report"].copy()
        if affected:
            table = kpi_data(where.tables, period=settings.period, as_of=settings.as_of,
                             options=engine_options(settings), kpis=affected)  # fmt: skip
            values = _totals(table)
            for kpi in affected:
                column.loc[kpi] = values.reindex(pd.MultiIndex.from_product([[kpi], labels]))
        out[name] = column
    return out.reset_index()


def _totals(table: pd.DataFrame) -> pd.Series:
    """(kpi, period) -> value of the total rows (segment "") of a KPI Data table."""
    totals = table[table["segment"] == ""]
    return totals.set_index(["kpi", "period"])["value"].astype(float)


class _Has:
    """What :func:`xlkpi.engine.frames.rules.rules_used` asks of a computation context,
    answered from the typed tables' columns."""

    def __init__(self, tables: dict, kind: str, spread: bool) -> None:
        self.tables, self.kind, self.spread_monthly = tables, kind, spread

    def has(self, table: str, *columns: str) -> bool:
        found = self.tables.get(table)
        return found is not None and all(c in found.columns for c in columns)


def cut_values(where: Where, kind: str, cuts) -> dict[tuple[str, str, str], float]:
    """(kpi, segment, period label) -> value of KPI Data at grain ``kind`` computed by the
    engine as of each (``period``, ``cut``) of ``cuts`` (the like-for-like comparison)."""
    from xlkpi.engine import kpi_data
    from xlkpi.engine.compare import period_values

    out = {}
    for period, cut in cuts:
        table = kpi_data(where.tables, period=kind, as_of=pd.Timestamp(cut),
                         options=where.options)  # fmt: skip
        out.update(period_values(table, period.label))
    return out


# ---- the numbers behind the comparisons (xlkpi.engine.compare), over a table not copied


def books_monthly(where: Where) -> bool:
    """Whether Spend rows are monthly costs (:func:`xlkpi.engine.frames.base.books_monthly`),
    asked of the whole Spend table where it lies."""
    from xlkpi.engine.run import _spread, make_plan

    plan = make_plan(where.tables, period="week", options=where.options, probe=False)
    return _spread(plan)


def median_days_to_close(where: Where, as_of) -> float:
    """Median whole days from created_date to won_date of the leads won up to ``as_of``
    (:func:`xlkpi.engine.compare.median_days_to_close`, in one query)."""
    t = where.tables.get("leads")
    if t is None or "won_date" not in t.columns or "created_date" not in t.columns:
        return math.nan
    won, created = t.won_date.cast("timestamp"), t.created_date.cast("timestamp")
    keep = won.notnull() & created.notnull()
    if as_of is not None:
        keep &= won <= pd.Timestamp(as_of).to_pydatetime()
    days = ((won.epoch_seconds() - created.epoch_seconds()) / 86400).floor()
    value = t.filter(keep).aggregate(m=days.median()).execute().iloc[0, 0]
    return math.nan if value is None or pd.isna(value) else float(value)


def value_counts(where: Where, table: str, column: str) -> pd.Series:
    """How often each value of ``column`` occurs in ``table`` where it lies (blanks left
    out), most frequent first, then by value (a query has no "first seen")."""
    t = where.tables[table]
    if column not in t.columns:
        return pd.Series(dtype="int64")
    known = t.filter(t[column].notnull())
    frame = known.group_by(column).aggregate(n=known.count()).execute()
    frame = frame.sort_values(["n", column], ascending=[False, True])
    return pd.Series(frame.n.to_numpy(), index=frame[column].to_numpy())


def score_counts(where: Where, start, stop, by_segment: bool = False) -> pd.DataFrame:
    """Answers (whole scores 0-10) dated in [``start``, ``stop``): one row per score (and
    segment) with its count ``n``, from the NPS table where it lies."""
    t = where.tables["nps"]
    date = t.response_date.cast("timestamp")
    keep = (date >= pd.Timestamp(start).to_pydatetime()) & (
        date < pd.Timestamp(stop).to_pydatetime()
    )
    score = t.score.cast("float64")
    keep &= score.notnull() & (score >= 0) & (score <= 10) & (score == score.round())
    keys = ["score", "segment"] if by_segment and "segment" in t.columns else ["score"]
    picked = t.filter(keep).mutate(score=score)
    return picked.group_by(keys).aggregate(n=picked.count()).execute()


def nps_group_counts(where: Where, settings) -> pd.DataFrame:
    """The NPS table's answers counted where it lies, per period of ``settings`` (its grain,
    as-of date and options): promoters, passives, detractors and responses (valid scores,
    as the NPS KPIs count them: :func:`xlkpi.engine.nps.group_counts`), indexed by period
    label; NaN for a period outside the NPS data's dates."""
    from xlkpi.engine.nps import COUNTS, group_counts
    from xlkpi.engine.run import make_plan

    plan = make_plan(where.tables, period=settings.period, as_of=settings.as_of,
                     options=where.options, probe=False)  # fmt: skip
    f = group_counts(plan, plan.periods(["nps"]), False)
    frame = f.select("p", "covered", *COUNTS).order_by("p").execute()
    frame.index = [period_of(plan.kind, int(p)).label for p in frame.p]
    values = frame[list(COUNTS)].astype(float)
    return values[frame.covered.fillna(False).astype(bool).to_numpy()].reindex(values.index)
