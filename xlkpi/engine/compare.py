"""The numbers behind the report's comparisons that are not KPI Data itself, computed here
so that the report only states and lays them out (:mod:`xlkpi.report.comparisons` decides
which periods are compared and how; :mod:`xlkpi.report.samples` words the samples):

- :func:`cut_values`: KPI Data of earlier periods cut to the same number of days (the
  like-for-like comparison of a partial latest period), by :func:`compute_kpis` itself;
- :func:`spend_books_monthly`: whether Spend rows are monthly costs (never cut by day);
- :func:`median_days_to_close`: the lead cohorts' maturity rule;
- :func:`nps_test` and :func:`responses_by_segment`: the NPS change test on the compared
  windows and the answers per segment.

NumPy and pandas only (xlwings Lite imports it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlkpi.engine.frames.base import books_monthly
from xlkpi.engine.kpi_periods import Period
from xlkpi.kpi.net_promoter import is_score, nps_change_test
from xlkpi.kpi.options import NPS_INVALID

_DAY = pd.Timedelta(days=1)


def cut_values(raw, kind: str, cuts) -> dict[tuple[str, str, str], float]:
    """(kpi, segment, period label) -> value, for each (``period``, ``cut``) of ``cuts``:
    KPI Data at grain ``kind`` computed as of ``cut`` (KPI Data only: no side tables)."""
    from xlkpi.engine.compute import compute_kpis

    out = {}
    for period, cut in cuts:
        table = compute_kpis(raw, period=kind, as_of=cut, sides=False).table
        table = table[table["period"].astype(str) == period.label]
        for kpi, seg, value in zip(
            table["kpi"].astype(str),
            table["segment"].fillna("").astype(str),
            table["value"].astype(float),
            strict=True,
        ):
            out[(kpi, seg, period.label)] = value
    return out


def spend_books_monthly(raw) -> bool:
    """Whether ``raw``'s Spend rows are monthly costs (:func:`books_monthly`)."""
    return books_monthly({n: t.frame for n, t in getattr(raw, "tables", {}).items()})


def median_days_to_close(raw, as_of) -> float:
    """Median days from created_date to won_date of the leads won up to ``as_of``."""
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


def _scores(raw, period: Period | None, stop: pd.Timestamp | None) -> np.ndarray:
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
    table = getattr(raw, "tables", {}).get("nps")
    if table is None or period is None or "segment" not in table.frame:
        return {}
    frame = table.frame
    stop = period.stop if as_of is None else min(period.stop, pd.Timestamp(as_of) + _DAY)
    dates = pd.to_datetime(frame["response_date"], errors="coerce")
    answers = is_score(pd.to_numeric(frame["score"], errors="coerce"))
    keep = ((dates >= period.start) & (dates < stop)).to_numpy(bool) & answers
    return {str(k): int(v) for k, v in frame["segment"][keep].value_counts().items()}


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
