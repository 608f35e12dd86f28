"""Honest comparisons for the Dashboard: which periods are compared, and how.

- A latest period that the as-of date cuts short is *partial* ("12 of 31 days"). By the
  ``compare`` setting it is compared like for like (``same_days``: the previous period and
  the same period a year earlier cut to the same number of days, computed by the
  computation at that earlier as-of date: :func:`xlkpi.engine.compare.cut_values`), or the report
  headlines the last complete period instead (``last_complete``).
- A change is a relative % for money, counts and ratios, percentage points for rates and
  points for scores (:func:`change`).
- Samples (n, Wilson intervals, the catalogue's minimum sample per family, when an NPS
  change may be called significant): :mod:`xlkpi.report.samples`.
- Lead cohorts younger than the median time to close are immature (:func:`immature`; the
  median is computed by :func:`xlkpi.engine.compare.median_days_to_close`).
- A KPI that reads a monthly-booked table (Subscriptions; Spend when its rows are monthly
  costs, :func:`xlkpi.engine.compare.spend_books_monthly`) is never cut by day: when the
  latest period is partial, it shows and compares the last complete period
  (:func:`for_kpi`, the one rule for the Dashboard and All KPIs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from xlkpi.engine.compare import cut_values, median_days_to_close, spend_books_monthly
from xlkpi.engine.kpi_periods import Period
from xlkpi.report.samples import (  # noqa: F401 - the sample rules, used as cmp.*
    ALPHA,
    SMALL_N,
    interval,
    nps_change,
    nps_min_n,
    sample_n,
    sample_text,
    significance,
    small_sample,
    trials,
)


def days(period: Period, as_of: pd.Timestamp | None) -> tuple[int, int]:
    """(days of ``period`` up to ``as_of``, days in ``period``).

    >>> p = Period("2026-10", pd.Timestamp("2026-10-01"), pd.Timestamp("2026-10-31"))
    >>> days(p, pd.Timestamp("2026-10-12")), days(p, None)
    ((12, 31), (31, 31))
    """
    total = (period.end - period.start).days + 1
    if as_of is None:
        return total, total
    covered = (min(period.end, pd.Timestamp(as_of).normalize()) - period.start).days + 1
    return max(0, min(covered, total)), total


def partial_days(ctx) -> tuple[int, int] | None:
    """(days covered, days in it) of the report's latest period when the as-of date cuts it
    short, else None: the period every chart and sparkline marks as partial."""
    latest = ctx.latest
    if latest is None:
        return None
    covered, total = days(latest, ctx.as_of)
    return (covered, total) if covered < total else None


def partial_text(ctx, short: bool = False) -> str:
    """``16 of 31 days`` (``short``: ``16/31 d``) for a partial latest period, else ``""``."""
    cut = partial_days(ctx)
    if not cut:
        return ""
    return f"{cut[0]}/{cut[1]} d" if short else f"{cut[0]} of {cut[1]} days"


def year_before(period: Period, periods: list[Period]) -> Period | None:
    """The report period one year before ``period`` (52 weeks for weeks), if reported."""
    weekly = "-W" in period.label
    start = period.start - (pd.Timedelta(weeks=52) if weekly else pd.DateOffset(years=1))
    return next((p for p in periods if p.start == start), None)


@dataclass
class Basis:
    """What the Dashboard shows (``shown``) and compares it with."""

    shown: Period | None
    before: Period | None
    year_ago: Period | None
    covered: int = 0  # days of ``shown`` in the data
    total: int = 0  # days in ``shown``
    partial: bool = False  # ``shown`` is cut short by the as-of date
    same_days: bool = False  # ``before`` / ``year_ago`` are cut to ``covered`` days
    note: str = ""  # how the shown period compares, in words
    # like-for-like values: (kpi, segment, period label) -> value
    cut_values: dict = field(default_factory=dict)

    def cut(self, period: Period) -> pd.Timestamp:
        """The as-of date that cuts ``period`` to the shown period's days."""
        return min(period.end, period.start + pd.Timedelta(days=self.covered - 1))

    def label(self, period: Period | None) -> str:
        """How a compared period reads: ``2026-09`` or ``2026-09, days 1-12``."""
        if period is None:
            return "-"
        if self.same_days:
            return f"{period.label}, days 1-{(self.cut(period) - period.start).days + 1}"
        return period.label


def basis(result, raw=None) -> Basis:
    """The periods the Dashboard compares, by the ``compare`` setting (see the module)."""
    periods = list(result.periods)
    if not periods:
        return Basis(None, None, None)
    settings = result.settings
    covered, total = days(periods[-1], settings.as_of)
    partial = covered < total
    mode = getattr(settings, "compare", "same_days")
    if partial and mode == "last_complete" and len(periods) > 1:
        shown = periods[-2]
        before = periods[-3] if len(periods) > 2 else None
        n = (shown.end - shown.start).days + 1
        note = (
            f"{periods[-1].label} is partial ({covered} of {total} days): showing the last "
            f"complete period, {shown.label}"
        )
        return Basis(shown, before, year_before(shown, periods), n, n, note=note)
    shown = periods[-1]
    before = periods[-2] if len(periods) > 1 else None
    note = (
        f"{shown.label} so far: {covered} of {total} days, compared with the same days of "
        "earlier periods"
        if partial
        else f"{shown.label}: complete period"
    )
    out = Basis(shown, before, year_before(shown, periods), covered, total, partial, partial, note)
    if partial and raw is not None:
        out.cut_values = _cut_values(raw, settings, out)
    return out


MONTHLY_BOOKED = ("subscriptions", "spend")  # tables whose rows may each stand for a month


def booked_monthly(ctx, kpi: str) -> str:
    """The monthly-booked table ``kpi`` reads ("" when none): Subscriptions always (a row
    is a month's MRR), Spend when its rows are monthly costs."""
    from xlkpi.kpi.catalogue import by_id

    try:
        entry = by_id(kpi)
    except Exception:  # a KPI outside the catalogue reads no declared table
        return ""
    tables = {t for t, _ in entry.needs} | {t for t, _ in entry.optional}
    for table in MONTHLY_BOOKED:
        if table not in tables:
            continue
        if table == "subscriptions":
            return table
        monthly = getattr(ctx, "_books_monthly", None)
        if monthly is None:
            monthly = ctx._books_monthly = spend_books_monthly(ctx.raw)
        if monthly:
            return table
    return ""


def for_kpi(ctx, b: Basis, kpi: str) -> Basis:
    """``b``, or, for a KPI reading a monthly-booked table while ``b`` cuts the latest
    period by day, the last complete period against the one before (see the module)."""
    if not b.same_days or not booked_monthly(ctx, kpi):
        return b
    whole = getattr(ctx, "_complete_basis", None)
    if whole is None:
        periods = list(ctx.result.periods)
        if len(periods) < 2:
            return b
        shown = periods[-2]
        n = (shown.end - shown.start).days + 1
        note = f"{shown.label}: the last complete period (booked monthly, never cut by day)"
        before = periods[-3] if len(periods) > 2 else None
        whole = Basis(shown, before, year_before(shown, periods), n, n, note=note)
        ctx._complete_basis = whole
    return whole


def of(ctx) -> Basis:
    """The :func:`basis` of a report context, computed once per report."""
    b = getattr(ctx, "_comparison_basis", None)
    if b is None:
        b = ctx._comparison_basis = basis(ctx.result, ctx.raw)
    return b


def _cut_values(raw, settings, b: Basis) -> dict:
    """KPI values of ``before`` and ``year_ago`` computed as of their same-days cut."""
    cuts = [(p, b.cut(p)) for p in (b.before, b.year_ago) if p is not None]
    return cut_values(raw, settings.period, cuts)


def value_of(ctx, b: Basis, kpi: str, period: Period | None, segment: str = "") -> float:
    """The value ``kpi`` is compared with for ``period`` (like for like when cut)."""
    if period is None:
        return math.nan
    if b.same_days:
        return b.cut_values.get((kpi, segment, period.label), math.nan)
    return ctx.value(kpi, period.label, segment)


# ----------------------------------------------------------------------- changes
PP_FORMAT = '"▲ "+0.0" pp";"▼ "-0.0" pp";"► "0.0" pp"'
POINTS_FORMAT = '"▲ "+0.0" pts";"▼ "-0.0" pts";"► "0.0" pts"'
PCT_FORMAT = '"▲ "+0.0%;"▼ "-0.0%;"► "0.0%'


def change_kind(unit: str) -> str:
    """How a change of a KPI of ``unit`` is measured: ``pp``, ``points`` or ``relative``."""
    return {"rate": "pp", "score": "points"}.get(unit, "relative")


def change(unit: str, now: float, before: float) -> float:
    """The change from ``before`` to ``now``: percentage points for a rate (fractions in,
    points out), points for a score, else the relative change (a fraction); NaN when
    undefined (a relative change from 0).

    >>> round(change("rate", 0.25, 0.2), 10), change("score", 40, 45), change("money", 90, 120)
    (5.0, -5, -0.25)
    >>> change("count", 3, 0)
    nan
    """
    if not (math.isfinite(now) and math.isfinite(before)):
        return math.nan
    kind = change_kind(unit)
    if kind == "pp":
        return 100.0 * (now - before)
    if kind == "points":
        return now - before
    return now / before - 1.0 if before else math.nan


def change_format(unit: str) -> str:
    return {"pp": PP_FORMAT, "points": POINTS_FORMAT}.get(change_kind(unit), PCT_FORMAT)


def change_formula(unit: str, now: str, before: str) -> str:
    """The Excel formula of :func:`change` over the cells ``now`` and ``before``."""
    ok = f"AND(ISNUMBER({now}),ISNUMBER({before}))"
    kind = change_kind(unit)
    if kind == "pp":
        return f"=IF({ok},100*({now}-{before}),NA())"
    if kind == "points":
        return f"=IF({ok},{now}-{before},NA())"
    return f"=IF(AND({ok},N({before})<>0),{now}/{before}-1,NA())"


# ----------------------------------------------------------------------- lead cohorts
def immature(period: Period, as_of, median: float) -> bool:
    """A lead cohort is immature when its youngest leads (created on the period's last day)
    are younger than the median time to close.

    >>> p = Period("2026-09", pd.Timestamp("2026-09-01"), pd.Timestamp("2026-09-30"))
    >>> immature(p, pd.Timestamp("2026-10-12"), 30.0), immature(p, pd.Timestamp("2026-11-30"), 30.0)
    (True, False)
    """
    if as_of is None or not math.isfinite(median):
        return False
    return (pd.Timestamp(as_of) - period.end).days < median


def immature_note(ctx, kpi: str, period: Period | None) -> str:
    """``immature cohort: median close takes 48 days`` for a cohort lead-to-close rate whose
    ``period`` is younger than the median time to close; "" otherwise."""
    from xlkpi.kpi.options import LEAD_TO_CLOSE_BASIS

    settings = ctx.result.settings
    if kpi != "lead_to_close_rate" or period is None:
        return ""
    if getattr(settings, "lead_to_close_basis", None) != LEAD_TO_CLOSE_BASIS.COHORT:
        return ""
    median = median_days_to_close(ctx.raw, ctx.as_of)  # computed by xlkpi.engine.compare
    if not immature(period, ctx.as_of, median):
        return ""
    return f"immature cohort: median close takes {median:.0f} days"
