"""NPS family, per period and per NPS segment (segment ``""`` = all responses).

The groups are ``xlkpi.kpi.net_promoter``'s (``PROMOTER_MIN``, ``PASSIVE_MIN``); blank
scores are non-responses. The counts are vectorised; the NPS and its margin of error
are computed by the same functions as ``K.nps`` / ``K.nps_margin_of_error``
(``nps_of_counts``, ``margin_of_counts``), applied to arrays of counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi.engine.frames.base import Ctx, by_segment, keys, numbers, ratio, report_kpi
from xlkpi.errors import CellProblem, DataError
from xlkpi.kpi.net_promoter import (
    PASSIVE_MIN,
    PROMOTER_MIN,
    is_score,
    margin_of_counts,
    nps_of_counts,
)
from xlkpi.kpi.options import NPS_INVALID
from xlkpi.kpi.stats import z_value

Z95 = z_value(0.95)  # as K.nps_margin_of_error's default confidence
COUNTS = ("promoters", "passives", "detractors", "responses")  # the rows of a counts matrix


def _scores(ctx: Ctx) -> tuple[np.ndarray, np.ndarray]:
    """Scores of the responses (blank skipped) and their row positions in the frame."""
    frame = ctx.frame("nps")
    score = numbers(frame, "score")
    answered = ~np.isnan(score)
    valid = answered & is_score(score)
    bad = np.flatnonzero(answered & ~valid)
    if len(bad) and ctx.settings.nps_invalid != NPS_INVALID.SKIP:
        table = ctx.raw.tables["nps"]
        header = table.headers.get("score", "score")
        rows = table.rows[frame.index.to_numpy()[bad]] if len(table.rows) else bad + 2
        raise DataError(
            [
                CellProblem(
                    table.sheet,
                    int(r),
                    header,
                    float(score[i]),
                    "an NPS score must be a whole number from 0 to 10",
                )
                for r, i in zip(rows, bad, strict=True)
            ],
            sheet=table.sheet,
        )
    return score, valid


def check(ctx: Ctx) -> None:
    """Raise the DataError :func:`_scores` raises for invalid scores (none when valid), and
    keep the counts in ``ctx`` as computing a KPI here does: the KPIs under other presets
    (:mod:`xlkpi.engine.variants`) reuse them, under this report's ``nps.invalid``."""
    _counts(ctx)


def _counts(ctx: Ctx) -> dict[str, np.ndarray]:
    """segment -> (4 x periods) matrix: promoters, passives, detractors, responses."""

    def make():
        score, valid = _scores(ctx)
        pos = np.where(valid, ctx.rows_pos("nps"), -1)
        groups = {
            "promoters": score >= PROMOTER_MIN,
            "passives": (score >= PASSIVE_MIN) & (score < PROMOTER_MIN),
            "detractors": score < PASSIVE_MIN,
        }
        out = {"": np.vstack([ctx.count(pos[m & valid]) for m in groups.values()])}
        frame = ctx.frame("nps")
        if "segment" in frame.columns:
            codes, labels = keys(frame["segment"], lower=False)
            mats = [by_segment(ctx, np.where(m, pos, -1), codes, labels) for m in groups.values()]
            for i, label in enumerate(labels):
                out[label] = np.vstack([m[i] for m in mats])
        return {seg: np.vstack([m, m.sum(axis=0)]) for seg, m in out.items()}

    return ctx.memo("nps:counts", make)


def group_counts(ctx: Ctx) -> pd.DataFrame:
    """Each period's promoters, passives, detractors and responses: the counts the NPS
    KPIs divide (all segments), indexed by period label; NaN for a period outside the
    NPS data's dates, where KPI Data has no NPS (no data is not zero)."""
    counts = pd.DataFrame(_counts(ctx)[""].T, columns=list(COUNTS))
    counts.index = [p.label for p in ctx.periods]
    inside = np.repeat(ctx.coverage(["nps"])[:, None], len(COUNTS), axis=1)
    return counts.where(inside)


def _each(ctx: Ctx, fn) -> dict[str, np.ndarray]:
    return {seg: fn(m[0], m[1], m[2], m[3]) for seg, m in _counts(ctx).items()}


@report_kpi("nps")
def nps(ctx: Ctx):
    return _each(ctx, lambda p, _, d, n: nps_of_counts(p, d, n))


@report_kpi("promoters_share")
def promoters_share(ctx: Ctx):
    return _each(ctx, lambda p, _, __, n: ratio(p, n))


@report_kpi("passives_share")
def passives_share(ctx: Ctx):
    return _each(ctx, lambda _, pa, __, n: ratio(pa, n))


@report_kpi("detractors_share")
def detractors_share(ctx: Ctx):
    return _each(ctx, lambda _, __, d, n: ratio(d, n))


@report_kpi("nps_responses")
def nps_responses(ctx: Ctx):
    return _each(ctx, lambda _, __, ___, n: n.astype(float))


@report_kpi("nps_margin")
def nps_margin(ctx: Ctx):
    """The NPS margin of error of each period by the ``nps_interval`` method (one definition,
    ``margin_of_counts``, shared with ``KPI_NPS_MOE``)."""
    method = ctx.settings.nps_interval
    return _each(ctx, lambda p, _, d, n: margin_of_counts(p, d, n, Z95, method))
