"""Net Promoter Score: the score, its breakdown, its margin of error and a change test.

Scores answer "How likely are you to recommend us?" on 0–10 (Reichheld / Bain):
promoters 9–10, passives 7–8, detractors 0–6. Blank answers are non-responses and
are skipped. With ``invalid="error"`` (default) a score that is not a whole number
from 0 to 10, or text, raises :class:`~xlkpi.errors.KpiInputError` naming it;
``invalid="skip"`` drops such answers (``nps_breakdown(...).skipped`` counts them).
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any, NamedTuple

import numpy as np

from xlkpi.kpi._arrays import ratios
from xlkpi.kpi._input import count_nonblank, numbers, raise_at, ratio
from xlkpi.kpi.options import NPS_INTERVAL, NPS_INVALID, validate
from xlkpi.kpi.stats import z_value

__all__ = [
    "GROUP_SCORES",
    "PASSIVE_MIN",
    "PROMOTER_MIN",
    "SCORE_MAX",
    "NpsBreakdown",
    "NpsChange",
    "margin_of_counts",
    "nps",
    "nps_breakdown",
    "nps_change_test",
    "nps_margin_from_counts",
    "nps_margin_of_error",
    "nps_of_counts",
]

# The NPS groups, defined here once (the report, its Excel formulas and the docs use these).
PROMOTER_MIN = 9  # promoters score 9-10
PASSIVE_MIN = 7  # passives 7-8; detractors score below it, 0-6
SCORE_MAX = 10
# The adjusted Wald margin (Rocks 2016): ADJUSTED_ANSWERS answers added, ADJUSTED_EACH of
# them promoters and as many detractors (3 answers, ¾ each way). The report's live formula
# (xlkpi.report.sheets.nps) is written from these.
ADJUSTED_ANSWERS = 3
ADJUSTED_EACH = 0.75
GROUP_SCORES = {  # group -> (lowest, highest) score
    "promoter": (PROMOTER_MIN, SCORE_MAX),
    "passive": (PASSIVE_MIN, PROMOTER_MIN - 1),
    "detractor": (0, PASSIVE_MIN - 1),
}


class _Counts(NamedTuple):
    promoters: int
    passives: int
    detractors: int
    skipped: int

    @property
    def responses(self) -> int:
        return self.promoters + self.passives + self.detractors


def is_score(values: Any) -> np.ndarray:
    """True where a value is an NPS answer: a whole number from 0 to 10 (NaN, blank: False).

    >>> is_score([10, 6.5, 11, -1, 0, float("nan")]).tolist()
    [True, False, False, False, True, False]
    """
    a = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        return (a >= 0) & (a <= SCORE_MAX) & (a == np.floor(a))


def _counts(scores: Any, invalid: str, argument: str = "scores") -> _Counts:
    """Count the three groups with vectorised NumPy (no Python loop over an array)."""
    mode = validate(NPS_INVALID, invalid, argument="invalid")
    if mode == NPS_INVALID.ERROR:
        a = numbers(scores, argument)
        if a.size:
            if a.min() < 0 or a.max() > 10:
                raise_at(
                    scores,
                    argument,
                    lambda v: (v < 0) | (v > 10),
                    "is not an NPS score (0 to 10)",
                )
            whole = a.astype(np.int8)  # exact for whole numbers 0..10
            if not (whole == a).all():
                raise_at(
                    scores,
                    argument,
                    lambda v: v != np.floor(v),
                    "is not a whole-number NPS score (0 to 10)",
                )
        else:
            whole = a
        skipped = 0
    else:
        a = numbers(scores, argument, text="skip")
        a = a[is_score(a)]
        whole = a
        skipped = count_nonblank(scores) - int(a.size)
    promoters = int(np.count_nonzero(whole >= PROMOTER_MIN))
    detractors = int(np.count_nonzero(whole < PASSIVE_MIN))
    return _Counts(promoters, int(a.size) - promoters - detractors, detractors, skipped)


def nps(scores: Any, *, invalid: str = NPS_INVALID.default) -> float:
    """Net Promoter Score of survey responses, in points −100…+100.

    ``100 × (promoters − detractors) / responses``; promoters score 9–10, detractors
    0–6. Blanks are skipped; no responses gives NaN.

    >>> nps([10, 9, 8, 7, 6, 0])  # 100 × (2 − 2) / 6
    0.0
    >>> nps([[10], [10], [9], [3], [None]])  # 100 × (3 − 1) / 4
    50.0
    >>> nps([10, 11, "n/a", 0], invalid="skip")  # 100 × (1 − 1) / 2
    0.0
    """
    c = _counts(scores, invalid)
    return nps_of_counts(c.promoters, c.detractors, c.responses)


_share = ratios  # element-wise, as the report applies it


def _out(values: np.ndarray):
    return float(values) if values.ndim == 0 else values


def nps_of_counts(promoters, detractors, responses):
    """``100 × (promoters − detractors) / responses``, element-wise; NaN without responses.

    The one NPS formula: :func:`nps` applies it to one set of answers, the report to
    every period and segment at once (arrays of counts).

    >>> nps_of_counts(3, 1, 4)
    50.0
    >>> nps_of_counts(np.array([3, 0]), np.array([1, 0]), np.array([4, 0])).tolist()
    [50.0, nan]
    """
    return _out(100.0 * _share(np.subtract(promoters, detractors, dtype=float), responses))


def margin_of_counts(
    promoters, detractors, responses, z: float, method: str = NPS_INTERVAL.default
):
    """``z × 100 × sqrt((p + d − (p − d)²) / n)`` from counts, element-wise (NaN if n = 0).

    The one margin-of-error formula, for :func:`nps_margin_of_error` and the report.
    ``method="adjusted_wald"`` takes n + 3 answers with ¾ added to the promoters and to the
    detractors (Rocks 2016); NaN stays where there are no responses.

    >>> round(margin_of_counts(2, 2, 6, 1.959964), 2)
    65.33
    """
    p, d, n = (np.asarray(v, dtype=float) for v in (promoters, detractors, responses))
    size = n
    if method == NPS_INTERVAL.ADJUSTED_WALD:
        p, d, size = p + ADJUSTED_EACH, d + ADJUSTED_EACH, n + float(ADJUSTED_ANSWERS)
    ps, ds = _share(p, size), _share(d, size)
    variance = np.clip(ps + ds - (ps - ds) ** 2, 0.0, None)  # one answer coded +1/0/-1
    margin = z * 100.0 * np.sqrt(_share(variance, size))
    return _out(np.where(n > 0, margin, np.nan))


class NpsBreakdown(NamedTuple):
    """Counts and shares of promoters, passives and detractors, responses and NPS.

    The five steps of the manual Excel workflow: classify each score, count each
    group, count the responses, take each group's share (fractions 0–1), and
    NPS = 100 × (promoter share − detractor share) in points. Shares and NPS are NaN
    when there are no responses. ``skipped`` counts answers dropped by ``invalid="skip"``.
    """

    promoters: int
    passives: int
    detractors: int
    responses: int
    promoters_share: float
    passives_share: float
    detractors_share: float
    nps: float
    skipped: int = 0

    def to_rows(self) -> list[list[Any]]:
        """The breakdown as a 2-D table for Excel to spill: a header, then 5 rows.

        ``[["Group", "Count", "Share"], ["Promoters", n, share], ["Passives", ...],
        ["Detractors", ...], ["Responses", n, 1.0], ["NPS", score, None]]``: the NPS row
        holds the score (points) in the second column and leaves the share blank.

        >>> nps_breakdown([10, 9, 0, 7]).to_rows()[1:]
        [['Promoters', 2, 0.5], ['Passives', 1, 0.25], ['Detractors', 1, 0.25], \
['Responses', 4, 1.0], ['NPS', 25.0, None]]
        """
        n = self.responses
        return [
            ["Group", "Count", "Share"],
            ["Promoters", self.promoters, self.promoters_share],
            ["Passives", self.passives, self.passives_share],
            ["Detractors", self.detractors, self.detractors_share],
            ["Responses", n, ratio(n, n)],
            ["NPS", self.nps, None],
        ]


def nps_breakdown(scores: Any, *, invalid: str = NPS_INVALID.default) -> NpsBreakdown:
    """Promoters, passives, detractors (counts, and shares as fractions 0–1), responses, NPS.

    See :class:`NpsBreakdown`; ``.to_rows()`` gives the spillable table. Blanks are
    skipped; with no responses the shares and the NPS are NaN.

    >>> b = nps_breakdown([10, 9, 8, 7, 6, 0])
    >>> b.promoters, b.passives, b.detractors, b.responses, round(b.promoters_share, 4), b.nps
    (2, 2, 2, 6, 0.3333, 0.0)
    >>> nps_breakdown([]).nps
    nan
    """
    c = _counts(scores, invalid)
    n = c.responses
    return NpsBreakdown(
        promoters=c.promoters,
        passives=c.passives,
        detractors=c.detractors,
        responses=n,
        promoters_share=ratio(c.promoters, n),
        passives_share=ratio(c.passives, n),
        detractors_share=ratio(c.detractors, n),
        nps=nps_of_counts(c.promoters, c.detractors, n),
        skipped=c.skipped,
    )


def _variance(c: _Counts) -> float:
    """Variance of one answer coded +1/0/−1: p + d − (p − d)² (never below 0)."""
    n = c.responses
    p, d = c.promoters / n, c.detractors / n
    return max(p + d - (p - d) ** 2, 0.0)


def nps_margin_of_error(
    scores: Any,
    confidence: float = 0.95,
    *,
    invalid: str = NPS_INVALID.default,
    method: str = NPS_INTERVAL.default,
) -> float:
    """Margin of error of the NPS (± around it), in points.

    ``method="wald"`` (default): ``z × 100 × sqrt((p + d − (p − d)²) / n)``, p and d the
    promoter and detractor shares, n the responses, z the two-sided normal quantile of
    ``confidence`` (1.96 for 0.95). ``method="adjusted_wald"`` (Rocks 2016, *The American
    Statistician* 70(4), the method it found best): the same with n + 3 answers and
    ¾ added to the promoters and to the detractors (p = (P + ¾) / (n + 3), ...); that
    interval is centred on 100 × (p − d) of the adjusted shares. Blanks are skipped; no
    responses gives NaN.

    >>> round(nps_margin_of_error([10, 9, 8, 7, 6, 0]), 2)  # 1.96 × 100 × sqrt((2/3) / 6)
    65.33
    >>> round(nps_margin_of_error([10, 9, 8, 7, 6, 0], method="adjusted_wald"), 2)
    51.07
    >>> nps_margin_of_error([10, 10, 10])  # every answer the same: no spread
    0.0
    >>> nps_margin_of_error([None])
    nan
    """
    c = _counts(scores, invalid)
    mode = validate(NPS_INTERVAL, method, argument="method")
    return margin_of_counts(c.promoters, c.detractors, c.responses, z_value(confidence), mode)


def nps_margin_from_counts(
    promoters: Any, detractors: Any, responses: Any, *, confidence: float = 0.95,
    method: str = NPS_INTERVAL.default,
) -> Any:  # fmt: skip
    """:func:`nps_margin_of_error` from the counts: numbers or equal-length arrays (the
    report passes one value per period); NaN where there are no responses.

    >>> nps_margin_from_counts(np.array([2, 0]), np.array([2, 0]), np.array([6, 0])).round(2)
    array([65.33,   nan])
    """
    mode = validate(NPS_INTERVAL, method, argument="method")
    return margin_of_counts(promoters, detractors, responses, z_value(confidence), mode)


class NpsChange(NamedTuple):
    """Result of :func:`nps_change_test`: NPS(B) − NPS(A) in points, z statistic, p-value."""

    difference: float
    z: float
    p_value: float


def nps_change_test(
    scores_a: Any, scores_b: Any, *, invalid: str = NPS_INVALID.default
) -> NpsChange:
    """Test whether NPS changed from sample A to sample B; difference in points.

    ``difference = NPS(B) − NPS(A)``; ``z = difference / (100 × sqrt(var_A/n_A +
    var_B/n_B))`` with ``var = p + d − (p − d)²`` per sample; ``p_value`` is
    two-sided (normal approximation, fine from ~30 answers per sample). An empty
    sample gives NaN everywhere; two samples without spread (standard error 0) give
    the difference with z and p-value NaN.

    >>> # A: NPS 100 × (2 − 2)/6 = 0; B: 100 × (3 − 1)/6 = 33.33; 120 answers each
    >>> r = nps_change_test([10, 9, 6, 3, 8, 7] * 20, [10, 9, 9, 3, 8, 7] * 20)
    >>> round(r.difference, 2), round(r.z, 3), round(r.p_value, 4)
    (33.33, 3.303, 0.001)
    >>> nps_change_test([], [10]).difference
    nan
    """
    a = _counts(scores_a, invalid, "scores_a")
    b = _counts(scores_b, invalid, "scores_b")
    if a.responses == 0 or b.responses == 0:
        return NpsChange(math.nan, math.nan, math.nan)
    diff = 100.0 * (
        (b.promoters - b.detractors) / b.responses - (a.promoters - a.detractors) / a.responses
    )
    se = 100.0 * math.sqrt(_variance(a) / a.responses + _variance(b) / b.responses)
    z = ratio(diff, se)
    p = math.nan if math.isnan(z) else 2.0 * (1.0 - NormalDist().cdf(abs(z)))
    return NpsChange(float(diff), z, float(p))
