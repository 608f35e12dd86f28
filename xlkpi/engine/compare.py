"""The numbers behind the report's comparisons that are not KPI Data itself, computed here
so that the report only states and lays them out (:mod:`xlkpi.report.comparisons` decides
which periods are compared and how; :mod:`xlkpi.report.samples` words the samples):

- :func:`cut_values`: KPI Data of earlier periods cut to the same number of days (the
  like-for-like comparison of a partial latest period), by :func:`compute_kpis` itself;
- :func:`spend_books_monthly`: whether Spend rows are monthly costs (never cut by day);
- :func:`median_days_to_close`: the lead cohorts' maturity rule;
- :func:`nps_test` and :func:`responses_by_segment`: the NPS change test on the compared
  windows and the answers per segment.

NumPy and pandas only (xlwings Lite imports it). A report whose table is larger than a
sheet (``raw.where``, :mod:`xlkpi.sources.big`) has these numbers from the engine where
the data is (:mod:`xlkpi.engine.at_source`), never from the tables it copied.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlkpi.engine.frames.base import books_monthly
from xlkpi.engine.frames.nps import group_counts
from xlkpi.engine.kpi_periods import Period
from xlkpi.kpi.net_promoter import is_score, nps_change_test
from xlkpi.kpi.options import NPS_INVALID

_DAY = pd.Timedelta(days=1)


def cut_values(raw, kind: str, cuts) -> dict[tuple[str, str, str], float]:
    """(kpi, segment, period label) -> value, for each (``period``, ``cut``) of ``cuts``:
    KPI Data at grain ``kind`` computed as of ``cut`` (KPI Data only: no side tables)."""
    from xlkpi.engine.compute import compute_kpis

    if (where := _where(raw)) is not None:
        from xlkpi.engine.at_source import cut_values as there

        return there(where, kind, cuts)

    out = {}
    for period, cut in cuts:
        table = compute_kpis(raw, period=kind, as_of=cut, sides=False).table
        out.update(period_values(table, period.label))
    return out


def period_values(table, label: str) -> dict[tuple[str, str, str], float]:
    """(kpi, segment, ``label``) -> value of the KPI Data ``table``'s rows of period ``label``."""
    table = table[table["period"].astype(str) == label]
    return {
        (kpi, seg, label): value
        for kpi, seg, value in zip(
            table["kpi"].astype(str),
            table["segment"].fillna("").astype(str),
            table["value"].astype(float),
            strict=True,
        )
    }


def spend_books_monthly(raw) -> bool:
    """Whether ``raw``'s Spend rows are monthly costs (:func:`books_monthly`)."""
    if (where := _where(raw, "spend")) is not None:
        from xlkpi.engine.at_source import books_monthly as there

        return there(where)
    return books_monthly({n: t.frame for n, t in getattr(raw, "tables", {}).items()})


def median_days_to_close(raw, as_of) -> float:
    """Median days from created_date to won_date of the leads won up to ``as_of``."""
    if (where := _where(raw, "leads")) is not None:
        from xlkpi.engine.at_source import median_days_to_close as there

        return there(where, as_of)
    table = getattr(raw, "tables", {}).get("leads")
    if table is None or "won_date" not in table.frame or "created_date" not in table.frame:
        return math.nan
    frame = table.frame
    created = pd.to_datetime(frame["created_date"], errors="coerce")
    won = pd.to_datetime(frame["won_date"], errors="coerce")
    ok = won.notna() & created.notna()
    if as_of is not None:
        ok &= won <= pd.Timestamp(as_of)
    if not ok.any():
        return math.nan
    return float((won[ok] - created[ok]).dt.days.median())


def value_counts(raw, table: str, column: str) -> pd.Series:
    """How often each value of ``column`` of ``table`` occurs (blanks left out; first seen
    first), for the source's spelling of segments (:mod:`xlkpi.report.spelling`)."""
    if (where := _where(raw, table)) is not None:
        from xlkpi.engine.at_source import value_counts as there

        return there(where, table, column)
    found = getattr(raw, "tables", {}).get(table) if raw is not None else None
    if found is None or column not in found.frame.columns:
        return pd.Series(dtype="int64")
    return found.frame[column].value_counts(dropna=True, sort=False)


def _where(raw, table: str | None = None):
    """``raw.where`` (the engine's view of a source with a table larger than a sheet) when
    ``table`` (None: any table) is one the report did not copy; else None."""
    where = getattr(raw, "where", None)
    if where is None or (table is not None and table not in where.oversized):
        return None
    return where


def _scores(raw, period: Period | None, stop: pd.Timestamp | None) -> np.ndarray:
    if period is not None and (where := _where(raw, "nps")) is not None:
        from xlkpi.engine.at_source import score_counts

        counts = score_counts(where, period.start, stop or period.stop)
        return np.repeat(counts.score.to_numpy(float), counts.n.to_numpy(np.int64))
    table = getattr(raw, "tables", {}).get("nps")
    if table is None or period is None:
        return np.array([])
    frame = table.frame
    if "response_date" not in frame or "score" not in frame:
        return np.array([])
    dates = pd.to_datetime(frame["response_date"], errors="coerce")
    keep = (dates >= period.start) & (dates < (stop or period.stop))
    scores = pd.to_numeric(frame["score"][keep.to_numpy(dtype=bool)], errors="coerce")
    return scores.to_numpy(dtype=float, na_value=np.nan)


def responses_by_segment(raw, period: Period | None, as_of) -> dict[str, int]:
    """NPS answers per segment in ``period`` (up to ``as_of``): KPI Data's responses, so
    a score dropped under ``nps.invalid = skip`` (11, 6.5, text) is not counted."""
    if period is not None and (where := _where(raw, "nps")) is not None:
        from xlkpi.engine.at_source import score_counts

        stop = period.stop if as_of is None else min(period.stop, pd.Timestamp(as_of) + _DAY)
        counts = score_counts(where, period.start, stop, by_segment=True)
        if "segment" not in counts:
            return {}
        return {str(k): int(v) for k, v in counts.groupby("segment").n.sum().items()}
    table = getattr(raw, "tables", {}).get("nps")
    if table is None or period is None or "segment" not in table.frame:
        return {}
    frame = table.frame
    stop = period.stop if as_of is None else min(period.stop, pd.Timestamp(as_of) + _DAY)
    dates = pd.to_datetime(frame["response_date"], errors="coerce")
    answers = is_score(pd.to_numeric(frame["score"], errors="coerce"))
    keep = ((dates >= period.start) & (dates < stop)).to_numpy(bool) & answers
    return {str(k): int(v) for k, v in frame["segment"][keep].value_counts().items()}


def nps_group_counts(raw, result) -> pd.DataFrame | None:
    """Each period's promoters, passives, detractors and responses of ``result`` (a
    ``KpiResult``), indexed by period label, NaN outside the NPS data's dates: counted where
    the data is (:func:`xlkpi.engine.at_source.nps_group_counts`) when ``raw``'s NPS table
    is not copied, else the counts the NPS KPIs were computed from
    (:func:`xlkpi.engine.frames.nps.group_counts`); None without NPS responses."""
    if (where := _where(raw, "nps")) is not None:
        from xlkpi.engine.at_source import nps_group_counts as there

        return there(where, result.settings)
    context = getattr(result, "context", None)
    if context is None or not context.has("nps", "response_date", "score"):
        return None
    return group_counts(context)


@dataclass(frozen=True)
class NpsTest:
    """An NPS change test and the responses it compared (before, now)."""

    difference: float
    z: float
    p_value: float
    n_before: int
    n_now: int


def nps_test(raw, now: Period, now_stop, before: Period, before_stop) -> NpsTest | None:
    """``nps_change_test`` of the answers in ``now`` (dated before ``now_stop``) against
    those in ``before`` (before ``before_stop``); None when either window has none."""
    new = _scores(raw, now, now_stop)
    old = _scores(raw, before, before_stop)
    if not len(new) or not len(old):
        return None
    invalid = NPS_INVALID.SKIP  # the report's NPS already applied the nps_invalid setting
    test = nps_change_test(old, new, invalid=invalid)
    counts = [int(is_score(x).sum()) for x in (old, new)]  # skipped scores are no answers
    return NpsTest(test.difference, test.z, test.p_value, *counts)
