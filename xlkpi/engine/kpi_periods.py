"""Report periods (month, quarter, ISO week): labels, bounds and fast row-to-period mapping.

Shared by both executors of the computation (the NumPy frames and the Ibis engine, whose
SQL ordinals are these: :mod:`xlkpi.engine.periods`) and by the report, which lays results
out by :class:`Period`; NumPy and pandas only (xlwings Lite imports it).

A period is identified by an integer *ordinal* so that millions of dates map to periods
with one NumPy cast instead of a per-row Python call:

- month: months since 1970-01 (``datetime64[M]``);
- quarter: month ordinal // 3;
- week: ISO weeks (Monday to Sunday) since the week of Monday 1969-12-29.

>>> first, last = pd.Timestamp("2025-11-30"), pd.Timestamp("2026-02-01")
>>> [p.label for p in periods_between("quarter", first, last)]
['2025-Q4', '2026-Q1']
>>> period_of("week", 0).label, str(period_of("week", 0).end.date())
('1970-W01', '1970-01-04')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlkpi.data.grain import GRAINS as KINDS
from xlkpi.data.grain import parse_as_of
from xlkpi.data.grain import parse_grain as check_kind

__all__ = [
    "KINDS",
    "Period",
    "check_kind",
    "ordinals",
    "parse_as_of",
    "period_of",
    "periods_between",
]
NO_PERIOD = np.iinfo(np.int64).min  # ordinal of a blank (NaT) date
_MONDAY_ORIGIN = np.datetime64("1969-12-29", "D")  # Monday of ISO week 1970-W01


@dataclass(frozen=True)
class Period:
    """One report period; ``end`` is the last day at 00:00 and the whole day belongs to it."""

    label: str  # "2026-03" (month), "2026-Q1" (quarter), "2026-W05" (ISO week)
    start: pd.Timestamp  # first day 00:00
    end: pd.Timestamp  # last day 00:00 (inclusive)

    @property
    def stop(self) -> pd.Timestamp:
        """The first instant after the period (exclusive upper bound)."""
        return self.end + pd.Timedelta(days=1)


def ordinals(dates, kind: str) -> np.ndarray:
    """Period ordinal of every date (``NO_PERIOD`` where blank), vectorised.

    >>> ordinals(pd.Series(pd.to_datetime(["1970-02-10", "1970-04-01"])), "quarter").tolist()
    [0, 1]
    """
    values = np.asarray(pd.Series(dates).to_numpy(dtype="datetime64[ns]"))
    blank = np.isnat(values)
    if kind == "week":
        days = values.astype("datetime64[D]")
        out = (days - _MONDAY_ORIGIN).astype(np.int64) // 7
    else:
        out = values.astype("datetime64[M]").astype(np.int64)
        if kind == "quarter":
            out = out // 3
    out[blank] = NO_PERIOD
    return out


def period_of(kind: str, ordinal: int) -> Period:
    """The ``Period`` of one ordinal."""
    ordinal = int(ordinal)
    if kind == "week":
        start = pd.Timestamp(_MONDAY_ORIGIN + np.timedelta64(7 * ordinal, "D"))
        end = start + pd.Timedelta(days=6)
        year, week, _ = start.isocalendar()
        return Period(f"{year}-W{week:02d}", start, end)
    months = 3 if kind == "quarter" else 1
    first = ordinal * months
    start = pd.Timestamp(np.datetime64(first, "M").astype("datetime64[D]"))
    end = pd.Timestamp(np.datetime64(first + months, "M").astype("datetime64[D]")) - pd.Timedelta(
        days=1
    )
    if kind == "quarter":
        return Period(f"{start.year}-Q{ordinal % 4 + 1}", start, end)
    return Period(f"{start.year}-{start.month:02d}", start, end)


def periods_between(kind: str, first: pd.Timestamp, last: pd.Timestamp) -> list[Period]:
    """Every period from the one holding ``first`` to the one holding ``last``, ascending."""
    lo, hi = ordinals(pd.Series([first, last]), kind)
    return [period_of(kind, o) for o in range(int(lo), int(hi) + 1)]
