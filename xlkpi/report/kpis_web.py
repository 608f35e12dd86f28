"""Sessions family: traffic, visitors, bounce, device/source shares, conversion, opt-in.

Counting is vectorised over the (visitor, period) pairs of the Sessions table; the
ratios go through the catalogue's scalar functions where one exists.
"""

from __future__ import annotations

import numpy as np

from xlkpi import kpi as K
from xlkpi.kpi.web import bounced_sessions, engaged_sessions
from xlkpi.report.kpis_base import (
    Ctx,
    by_segment,
    flag,
    ids,
    keys,
    numbers,
    per_period,
    ratio,
    report_kpi,
)


def _pairs(ctx: Ctx):
    """Distinct (visitor, period) pairs: period position, visitor code, sessions, opted in."""

    def make():
        frame = ctx.frame("sessions")
        pos = ctx.rows_pos("sessions")
        codes, _ = ids(frame["visitor_id"])
        keep = (pos >= 0) & (codes >= 0)
        key = codes[keep] * ctx.n + pos[keep]
        unique, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        opted = flag(frame, "email_optin")[keep]
        optin = np.bincount(inverse, weights=opted, minlength=len(unique)) > 0
        return unique % ctx.n, unique // ctx.n, counts, optin

    return ctx.memo("sessions:pairs", make)


@report_kpi("sessions")
def sessions(ctx: Ctx) -> np.ndarray:
    return ctx.count(ctx.rows_pos("sessions"))


@report_kpi("unique_visitors")
def unique_visitors(ctx: Ctx) -> np.ndarray:
    return ctx.count(_pairs(ctx)[0])


@report_kpi("repeat_visits")
def repeat_visits(ctx: Ctx) -> np.ndarray:
    return per_period(K.repeat_visits, sessions(ctx), unique_visitors(ctx))


@report_kpi("returning_visitor_rate")
def returning_visitor_rate(ctx: Ctx) -> np.ndarray:
    """Visitors with a session in an earlier period or >= 2 in this one / unique visitors."""
    pos, visitor, counts, _ = _pairs(ctx)
    first = np.ones(len(visitor), dtype=bool)  # pairs are sorted by visitor, then period
    first[1:] = visitor[1:] != visitor[:-1]
    returning = (counts >= 2) | ~first
    return ratio(ctx.count(pos[returning]), ctx.count(pos))


@report_kpi("bounce_rate")
def bounce_rate(ctx: Ctx) -> np.ndarray:
    frame = ctx.frame("sessions")
    views = numbers(frame, "pageviews")
    pos = ctx.rows_pos("sessions")
    if ctx.settings.bounce_definition == "ga4":  # 1 - engaged sessions / sessions
        seconds = numbers(frame, "duration_seconds")
        engaged = engaged_sessions(
            views, seconds, flag(frame, "converted"), engaged_seconds=ctx.settings.engaged_seconds
        )
        return 1.0 - ratio(ctx.count(pos[engaged]), ctx.count(pos))
    return ratio(ctx.count(pos[bounced_sessions(views)]), ctx.count(pos))


def _share(ctx: Ctx, column: str) -> dict[str, np.ndarray]:
    """Sessions with each value of ``column`` / all sessions of the period.

    One rule for device and source share: the denominator is every session (row) of the
    period; a session with a blank value is no segment of its own but still a session,
    so the shares of a period add up to 1 minus the share of blanks.
    """
    codes, labels = keys(ctx.frame("sessions")[column])
    pos = ctx.rows_pos("sessions")
    counts = by_segment(ctx, pos, codes, labels)
    total = sessions(ctx)
    return {label: ratio(counts[i], total) for i, label in enumerate(labels)}


@report_kpi("device_share")
def device_share(ctx: Ctx):
    return _share(ctx, "device")


@report_kpi("source_share")
def source_share(ctx: Ctx):
    return _share(ctx, "source")


def _flag_rate(ctx: Ctx, column: str) -> np.ndarray:
    pos = ctx.rows_pos("sessions")
    hits = ctx.count(pos[flag(ctx.frame("sessions"), column)])
    return per_period(K.conversion_rate, hits, ctx.count(pos))


@report_kpi("conversion_rate")
def conversion_rate(ctx: Ctx) -> np.ndarray:
    return _flag_rate(ctx, "converted")


@report_kpi("micro_conversion_rate")
def micro_conversion_rate(ctx: Ctx) -> np.ndarray:
    return _flag_rate(ctx, "micro_converted")


@report_kpi("email_optin_rate")
def email_optin_rate(ctx: Ctx) -> np.ndarray:
    """Distinct visitors who opted in during the period / unique visitors."""
    pos, _, _, optin = _pairs(ctx)
    return per_period(K.email_optin_rate, ctx.count(pos[optin]), ctx.count(pos))
