"""Website KPIs from a web-analytics export: visits, returning visitors, bounce, devices."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from xlkpi.errors import KpiInputError
from xlkpi.kpi._arrays import By, returning_share, segment_shares, share, single
from xlkpi.kpi._input import flags, flat_numbers, labels, matches, raise_at, total
from xlkpi.kpi.options import BOUNCE_DEFINITION, ENGAGED_SECONDS, validate

__all__ = ["bounce_rate", "device_share", "repeat_visits", "returning_visitor_rate"]


def repeat_visits(sessions: Any, unique_visitors: Any) -> float:
    """Repeat visits, a count: sessions − unique visitors.

    Sum arguments (blank = 0). ``unique_visitors`` may not exceed ``sessions``
    (every visitor has at least one session).

    >>> repeat_visits(1200, 900)
    300.0
    >>> repeat_visits([500, 700], [[400], [500]])
    300.0
    """
    s = total(sessions, "sessions")
    u = total(unique_visitors, "unique_visitors")
    if u > s:
        raise KpiInputError(
            f"unique_visitors: {u:g} is more than sessions ({s:g})",
            value=u,
            argument="unique_visitors",
        )
    return s - u


def returning_visitor_rate(visitor_ids: Any) -> float:
    """Returning visitor rate, as a fraction 0–1: visitors with ≥ 2 sessions / visitors.

    ``visitor_ids`` holds one id per session (a column of the sessions export); ids
    are compared as text (``1001`` = ``"1001"``), blanks skipped; no ids gives NaN.

    >>> returning_visitor_rate(["a", "b", "a", "c", "a", "b"])  # a and b return: 2 / 3
    0.6666666666666666
    >>> returning_visitor_rate([[None], [""]])
    nan
    """
    codes, uniques = pd.factorize(labels(visitor_ids, "visitor_ids"))
    return single(returning_visitor_rate_by(codes, ids=len(uniques)))


def returning_visitor_rate_by(
    codes: np.ndarray, by: By = None, ids: int | None = None
) -> np.ndarray:
    """Returning visitor rate per group, from the visitor code of each session (−1 =
    blank): visitors with ≥ 2 sessions in the group or one in an earlier group / visitors
    with a session in it. ``ids``: the number of visitor codes. The one rule of
    :func:`returning_visitor_rate` (one group: ≥ 2 sessions) and the report.

    >>> returning_visitor_rate_by(np.array([0, 1, 0, 2]), (np.array([0, 0, 1, 1]), 2)).tolist()
    [0.0, 0.5]
    """
    return returning_share(codes, by, ids=ids)


def bounce_rate(
    pageviews: Any,
    *,
    definition: str = BOUNCE_DEFINITION.default,
    duration_seconds: Any = None,
    converted: Any = None,
    engaged_seconds: float = ENGAGED_SECONDS.default,
) -> float:
    """Bounce rate, as a fraction 0–1 of sessions.

    ``pageviews`` holds one number per session; blank cells are not sessions.

    - ``definition="single_page"`` (default; Universal Analytics, HubSpot): sessions with
      exactly one page view / sessions.
    - ``definition=BOUNCE_DEFINITION.GA4``: 1 − engaged sessions / sessions, a session being engaged
      when it lasted more than ``engaged_seconds`` (10 by default; GA4 lets a property
      set 10 to 60) (``duration_seconds``, required), or had a
      conversion (``converted``, optional flags) or at least 2 page views. Both ranges
      must line up with ``pageviews`` (same length); a blank duration is 0 s and a
      blank flag FALSE.

    Page views must be whole numbers ≥ 0; no sessions gives NaN.

    >>> bounce_rate([1, 3, 1, 2])  # 2 single-page sessions of 4
    0.5
    >>> bounce_rate([1, 3, 1, 2], definition=BOUNCE_DEFINITION.GA4, duration_seconds=[30, 5, 4, 0])
    0.25
    >>> bounce_rate([1, 3, 1, 2], definition=BOUNCE_DEFINITION.GA4, duration_seconds=[30, 5, 4, 0],
    ...             engaged_seconds=45)  # the 30 s session is no longer engaged
    0.5
    >>> bounce_rate([None])
    nan
    """
    mode = validate(BOUNCE_DEFINITION, definition, argument="definition")
    timer = validate(ENGAGED_SECONDS, engaged_seconds, argument="engaged_seconds")
    pv, _ = flat_numbers(pageviews, "pageviews")
    present = ~np.isnan(pv)
    with np.errstate(invalid="ignore"):
        if ((pv < 0) | (pv != np.floor(pv)))[present].any():
            raise_at(
                pageviews,
                "pageviews",
                lambda v: (v < 0) | (v != np.floor(v)),
                "is not a page-view count (a whole number ≥ 0)",
            )
    if mode == BOUNCE_DEFINITION.SINGLE_PAGE:
        return single(bounce_rate_by(pv[present]))
    if duration_seconds is None:
        raise KpiInputError(
            "duration_seconds: the ga4 bounce definition needs session durations",
            argument="duration_seconds",
        )
    dur, _ = flat_numbers(duration_seconds, "duration_seconds")
    if dur.size != pv.size:
        raise KpiInputError(
            f"duration_seconds: has {dur.size} cells but pageviews has {pv.size}; "
            "they must be the same rows",
            argument="duration_seconds",
        )
    if np.nanmin(dur, initial=0.0) < 0:
        raise_at(duration_seconds, "duration_seconds", lambda v: v < 0, "must not be negative")
    conv = None
    if converted is not None:
        conv = flags(converted, "converted", blank=False)
        if conv.size != pv.size:
            raise KpiInputError(
                f"converted: has {conv.size} cells but pageviews has {pv.size}; "
                "they must be the same rows",
                argument="converted",
            )
    rows = dict(duration_seconds=dur[present], converted=None if conv is None else conv[present])
    return single(
        bounce_rate_by(pv[present], definition=BOUNCE_DEFINITION.GA4, engaged_seconds=timer, **rows)
    )


def bounce_rate_by(
    pageviews: np.ndarray,
    by: By = None,
    *,
    definition: str = BOUNCE_DEFINITION.default,
    duration_seconds=None,
    converted=None,
    engaged_seconds: float = ENGAGED_SECONDS.default,
) -> np.ndarray:
    """Bounce rate per group, one row per session (cleaned: page views as numbers, the
    other ranges aligned): :func:`bounced_sessions` / sessions, or with ``"ga4"`` 1 −
    :func:`engaged_sessions` / sessions. The one rule of :func:`bounce_rate` (one group)
    and the report.

    >>> bounce_rate_by(np.array([1.0, 3.0, 1.0, 2.0]), (np.array([0, 0, 1, 1]), 2)).tolist()
    [0.5, 0.5]
    """
    if definition == BOUNCE_DEFINITION.SINGLE_PAGE:
        return share(bounced_sessions(pageviews), by)
    engaged = engaged_sessions(
        pageviews, duration_seconds, converted, engaged_seconds=engaged_seconds
    )
    return 1.0 - share(engaged, by)


def engaged_sessions(
    pageviews: np.ndarray,
    duration_seconds: np.ndarray,
    converted=None,
    *,
    engaged_seconds: float = ENGAGED_SECONDS.default,
):
    """GA4's engaged session, row by row: longer than ``engaged_seconds``, or ≥ 2 page
    views, or a conversion (blank duration = 0 s). The one rule :func:`bounce_rate` and
    the report's per-period bounce rate apply.

    >>> engaged_sessions(np.array([1, 2, 1]), np.array([30, 0, np.nan])).tolist()
    [True, True, False]
    """
    engaged = (np.nan_to_num(duration_seconds) > engaged_seconds) | (pageviews >= 2)
    return engaged | converted if converted is not None else engaged


def bounced_sessions(pageviews: np.ndarray) -> np.ndarray:
    """A single-page bounce, row by row: exactly one page view (the report's rule too)."""
    return pageviews == 1


def device_share(devices: Any, device: str = "mobile") -> float:
    """Share of sessions on one device, as a fraction 0–1: sessions on ``device`` / sessions.

    ``devices`` holds one device name per session; names compare case-insensitively
    and without surrounding spaces; blanks are skipped; no sessions gives NaN.

    >>> device_share(["mobile", "Desktop", "MOBILE ", "tablet"])
    0.5
    >>> device_share(["mobile", "desktop"], "desktop")
    0.5
    >>> device_share([])
    nan
    """
    hit = matches(labels(devices, "devices"), str(device))
    return single(device_share_by(np.where(hit, 0, -1), 1)[0])


def device_share_by(codes: np.ndarray, segments: int, by: By = None) -> np.ndarray:
    """``(segments, n)``: sessions of each device (or source) code / all sessions, per
    group; a session of code −1 (blank) still counts in the denominator. The one rule
    of :func:`device_share` (one device, one group) and the report's device and source
    shares.

    >>> device_share_by(np.array([0, 1, 0, -1]), 2).tolist()
    [[0.5], [0.25]]
    """
    return segment_shares(codes, segments, by)
