"""NPS family, per period and per NPS segment (segment ``""`` = all responses).

Promoters score 9-10, passives 7-8, detractors 0-6; blank scores are non-responses.
The counts are vectorised; the arithmetic is ``K.nps`` / ``K.nps_margin_of_error``'s
(the tests prove both equal on random data).
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from xlkpi.errors import CellProblem, DataError
from xlkpi.report.kpis_base import Ctx, by_segment, keys, numbers, ratio, report_kpi

Z95 = NormalDist().inv_cdf(0.975)


def _scores(ctx: Ctx) -> tuple[np.ndarray, np.ndarray]:
    """Scores of the responses (blank skipped) and their row positions in the frame."""
    frame = ctx.frame("nps")
    score = numbers(frame, "score")
    answered = ~np.isnan(score)
    valid = answered & (score >= 0) & (score <= 10) & (score == np.round(score))
    bad = np.flatnonzero(answered & ~valid)
    if len(bad) and ctx.settings.nps_invalid != "skip":
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


def _counts(ctx: Ctx) -> dict[str, np.ndarray]:
    """segment -> (4 x periods) matrix: promoters, passives, detractors, responses."""

    def make():
        score, valid = _scores(ctx)
        pos = np.where(valid, ctx.rows_pos("nps"), -1)
        groups = {
            "promoters": score >= 9,
            "passives": (score >= 7) & (score < 9),
            "detractors": score < 7,
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


def _each(ctx: Ctx, fn) -> dict[str, np.ndarray]:
    return {seg: fn(m[0], m[1], m[2], m[3]) for seg, m in _counts(ctx).items()}


@report_kpi("nps")
def nps(ctx: Ctx):
    return _each(ctx, lambda p, _, d, n: 100.0 * ratio(p - d, n))


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
    """z x 100 x sqrt((p + d - (p - d)^2) / n), p and d the promoter and detractor shares."""

    def margin(p, _, d, n):
        ps, ds = ratio(p, n), ratio(d, n)
        variance = np.clip(ps + ds - (ps - ds) ** 2, 0.0, None)
        return Z95 * 100.0 * np.sqrt(ratio(variance, n))

    return _each(ctx, margin)
