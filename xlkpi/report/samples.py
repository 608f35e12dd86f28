"""Samples behind a value: n, intervals, the minimum sample, and significance claims.

- Rates whose trial count is under 100 get the count and its Wilson interval
  (:func:`interval`); an NPS change gets the two-sample test of
  :func:`xlkpi.kpi.net_promoter.nps_change_test` (:func:`nps_change`), claimed only when
  both periods reach the NPS minimum sample (:func:`significance`).
- Each KPI family declares its minimum sample in the catalogue (``Kpi.min_n``); a value
  on fewer is flagged with its n (:func:`small_sample`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from xlkpi.engine.compare import NpsTest, nps_test
from xlkpi.engine.kpi_periods import Period
from xlkpi.kpi.stats import rate_interval

if TYPE_CHECKING:
    from xlkpi.report.comparisons import Basis

SMALL_N = 100  # rates on fewer trials show n and their Wilson interval
ALPHA = 0.05  # NPS changes with p >= ALPHA are "not significant"


def trials(ctx, kpi: str, label: str | None, segment: str = "") -> float:
    """The trial count n behind rate ``kpi`` in a period: what its catalogue entry declares
    (``Kpi.trials``, computed by :mod:`xlkpi.engine.frames.trials`); NaN when it has none."""
    return ctx.trials(kpi, label, segment)


def interval(rate: float, n: float) -> tuple[float, float] | None:
    """The 95 % Wilson interval of ``rate`` on ``n`` trials when n < 100, else None.

    >>> [round(v, 4) for v in interval(0.8, 10)]
    [0.4902, 0.9433]
    >>> interval(0.5, 100) is None, interval(float("nan"), 10) is None
    (True, True)
    """
    if not (math.isfinite(rate) and math.isfinite(n)) or n <= 0 or n >= SMALL_N:
        return None
    low, high = rate_interval(round(rate * n), n)
    return float(low), float(high)


def sample_text(rate: float, n: float) -> str:
    """``n = 10; 11% to 60%``: the trial count, and the 95 % Wilson interval when n < 100.

    >>> sample_text(0.3, 10), sample_text(0.3, 1234)
    ('n = 10; 11% to 60%', 'n = 1,234')
    """
    ci = interval(rate, n)
    text = f"n = {n:,.0f}"
    return f"{text}; {ci[0]:.0%} to {ci[1]:.0%}" if ci is not None else text


def nps_change(raw, b: Basis, settings, before: Period | None = None) -> NpsTest | None:
    """The NPS change test (:func:`xlkpi.engine.compare.nps_test`) of the shown period
    against ``before`` (default ``b.before``), both cut like the Dashboard compares them;
    None without NPS data."""
    before = before or b.before
    if b.shown is None or before is None:
        return None
    shown_stop = min(b.shown.stop, pd.Timestamp(settings.as_of) + pd.Timedelta(days=1))
    before_stop = b.cut(before) + pd.Timedelta(days=1) if b.same_days else before.stop
    return nps_test(raw, b.shown, shown_stop, before, before_stop)


def nps_min_n() -> int:
    """The NPS family's minimum sample (the catalogue's ``min_n``)."""
    from xlkpi.kpi.catalogue import by_id

    return by_id("nps").min_n


def significance(test) -> str:
    """``not significant (p = 0.41)`` / ``significant (p = 0.003)`` / ``""``; no claim
    when either period has fewer responses than the NPS minimum sample (the normal
    approximation of the test does not hold): ``not tested: n = 4 and 12, under 30``."""
    if test is None or not math.isfinite(test.p_value):
        return ""
    low = nps_min_n()
    if min(test.n_before, test.n_now) < low:
        return f"not tested: n = {test.n_before} and {test.n_now}, under {low}"
    word = "not significant" if test.p_value >= ALPHA else "significant"
    return f"{word} (p = {test.p_value:.2g})"


def sample_n(ctx, kpi: str, label: str | None, segment: str = "") -> float:
    """n behind ``kpi`` in a period: a rate's trial count, an NPS's responses; NaN when
    the KPI has no sample size."""
    info = ctx.info(kpi)
    if info.unit == "score" and info.group == "NPS" and not segment:
        return ctx.value("nps_responses", label) if label else math.nan
    return trials(ctx, kpi, label, segment)


def small_sample(ctx, kpi: str, label: str | None, segment: str = "") -> str:
    """``n = 4, under 30``: the value stands on fewer than its family's minimum sample
    (the catalogue's ``min_n``); "" otherwise."""
    low = getattr(ctx.info(kpi), "min_n", 0)
    n = sample_n(ctx, kpi, label, segment) if low else math.nan
    if not math.isfinite(n) or n >= low:
        return ""
    return f"n = {n:,.0f}, under {low}"
