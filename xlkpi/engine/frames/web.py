"""Sessions family: traffic, visitors, bounce, device/source shares, conversion, opt-in.

Each rate applies its scalar function's own rule (``xlkpi.kpi.web``'s ``*_by``
functions, or the scalar function per period on per-period counts), vectorised over
the rows or the (visitor, period) pairs of the Sessions table.
"""

from __future__ import annotations

import numpy as np

from xlkpi import kpi as K
from xlkpi.engine.frames.base import Ctx, flag, ids, keys, numbers, per_period, report_kpi
from xlkpi.kpi._arrays import distinct
from xlkpi.kpi.options import BOUNCE_DEFINITION
from xlkpi.kpi.web import bounce_rate_by, device_share_by, returning_visitor_rate_by


def _visitors(ctx: Ctx) -> tuple[np.ndarray, int]:
    """The visitor code of every session (-1 = blank) and the number of visitors."""
    return ctx.memo("sessions:visitors", lambda: ids(ctx.frame("sessions")["visitor_id"]))


def _visitors_by_period(ctx: Ctx, rows=None) -> np.ndarray:
    """Per period: the distinct visitors of the sessions (of ``rows``, a mask, if given)."""
    codes, count = _visitors(ctx)
    pos = ctx.rows_pos("sessions")
    if rows is not None:
        codes, pos = codes[rows], pos[rows]
    return distinct(codes, (pos, ctx.n), count)


@report_kpi("sessions")
def sessions(ctx: Ctx) -> np.ndarray:
    return ctx.count(ctx.rows_pos("sessions"))


@report_kpi("unique_visitors")
def unique_visitors(ctx: Ctx) -> np.ndarray:
    return ctx.memo("sessions:unique_visitors", lambda: _visitors_by_period(ctx))


@report_kpi("repeat_visits")
def repeat_visits(ctx: Ctx) -> np.ndarray:
    return per_period(K.repeat_visits, sessions(ctx), unique_visitors(ctx))


@report_kpi("returning_visitor_rate")
def returning_visitor_rate(ctx: Ctx) -> np.ndarray:
    """Visitors with a session in an earlier period or >= 2 in this one / unique visitors
    (``K.returning_visitor_rate``'s rule, which on one period is ">= 2 sessions")."""
    codes, count = _visitors(ctx)
    return returning_visitor_rate_by(codes, (ctx.rows_pos("sessions"), ctx.n), count)


@report_kpi("bounce_rate")
def bounce_rate(ctx: Ctx) -> np.ndarray:
    """``K.bounce_rate``'s rule (``bounce_rate_by``) over every session of each period."""
    frame = ctx.frame("sessions")
    by = (ctx.rows_pos("sessions"), ctx.n)
    definition = ctx.settings.bounce_definition
    ga4 = {}
    if definition == BOUNCE_DEFINITION.GA4:  # its Choice.reads: duration_seconds
        ga4 = dict(duration_seconds=numbers(frame, "duration_seconds"),
                   converted=flag(frame, "converted"),
                   engaged_seconds=ctx.settings.engaged_seconds)  # fmt: skip
    return bounce_rate_by(numbers(frame, "pageviews"), by, definition=definition, **ga4)


def _share(ctx: Ctx, column: str) -> dict[str, np.ndarray]:
    """Sessions with each value of ``column`` / all sessions of the period.

    One rule for device and source share: the denominator is every session (row) of the
    period; a session with a blank value is no segment of its own but still a session,
    so the shares of a period add up to 1 minus the share of blanks.
    """
    codes, labels = keys(ctx.frame("sessions")[column])
    shares = device_share_by(codes, len(labels), (ctx.rows_pos("sessions"), ctx.n))
    return dict(zip(labels, shares, strict=True))


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
    opted = _visitors_by_period(ctx, flag(ctx.frame("sessions"), "email_optin"))
    return per_period(K.email_optin_rate, opted, unique_visitors(ctx))
