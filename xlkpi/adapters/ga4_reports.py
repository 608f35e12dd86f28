"""GA4's session reports: a UI report downloaded as CSV, or a Data API ``runReport``
written to CSV. Both are aggregated: one row per date x channel (x device), with counts.

The UI's download (Reports > Acquisition > Traffic acquisition > Share > Download File >
CSV) starts with ``#`` lines (the report's name, account, property, ``# Start date:
20250101``, ``# End date: ...``) above the header; its headers are the UI's labels
(``Session primary channel group (Default channel group)``, ``Date``, ``Sessions``,
``Engaged sessions``, ``Key events``, ``Session key event rate``). A Data API report names
its columns by the API names (``date``, ``sessionDefaultChannelGroup``, ``deviceCategory``,
``sessions``, ``engagedSessions``, ``keyEvents``, ``sessionKeyEventRate``).

Sources: the UI CSV layout as public parsers of real downloads read it (GitHub code search
"# Start date:" ... "Session primary channel group (Default channel group)", and a DuckDB
script reading a traffic-acquisition download with ``skip=10``); the API names from the
GA4 Data API schema (developers.google.com/analytics/devguides/reporting/data/v1/api-schema).

What it becomes. The Sessions contract is one row per session. A report row of ``n``
sessions becomes ``n`` Sessions rows with the row's date, channel (source) and device;
``round(n x Session key event rate)`` of them converted. Every KPI computed from these rows
is then exact: sessions, source share, device share, conversion rate (sessions with a key
event / sessions). What an aggregate cannot say is not made up: there is no visitor id
and no page-view count per session, so unique visitors, repeat visits, returning visitor
rate, bounce rate, email opt-in and micro conversion rate are "not available"
(``unmeasured``), and conversion rate too when the report has ``Key events`` (a count of
events, not of sessions) without ``Session key event rate``. ``Total users`` is not used:
users do not add up over days or channels.
"""

from __future__ import annotations

import ibis

from xlkpi.adapters.base import ROW, Adapter, has, lower, maybe, number, text, whole
from xlkpi.data.contract import DEVICES

_ENGAGED = "engaged_sessions|engagedsessions"
_CHANNEL = (
    "session_primary_channel_group_default_channel_group|session_default_channel_group|"
    "sessionprimarychannelgroup|sessiondefaultchannelgroup|session_source_medium|"
    "sessionsourcemedium"
)
_DEVICE = "device_category|devicecategory"
_RATE = "session_key_event_rate|sessionkeyeventrate|session_conversion_rate|sessionconversionrate"
_KEY_EVENTS = "key_events|keyevents|conversions"
_DATE = r"^(\d{8}|\d{4}-\d{2}-\d{2})$"


def _has_rate(t) -> bool:
    return has(set(t.columns), _RATE)


def _drops(t):
    date = text(maybe(t, "date"))
    return [
        ("row(s) without a Date (a totals row, or the report lacks the Date dimension: "
         "add it)", ~date.re_search(_DATE).fill_null(False)),
        ("row(s) whose Sessions is not a whole number", whole(t.sessions).isnull()),
    ]  # fmt: skip


def _counted(t):
    n = whole(t.sessions).cast("int64")
    converted = (n * number(maybe(t, _RATE)).fill_null(0.0)).round().cast("int64")
    return t.mutate(_n=n, _c=ibis.least(converted, n))


def _tables(t):
    t = _counted(t)
    rows = t.mutate(_k=ibis.range(0, t._n).unnest())
    device = lower(maybe(rows, _DEVICE))
    columns = dict(
        session_date=text(maybe(rows, "date")).replace("-", ""),
        device=ibis.cases((device.isin(DEVICES), device)),
        source=lower(maybe(rows, _CHANNEL)),
    )
    if _has_rate(t):
        columns["converted"] = rows._k < rows._c
    return {"sessions": rows.select(**columns, **{ROW: rows[ROW]})}


def _notes(t):
    t = _counted(t)
    notes = [
        ("{n:,} session(s) from an aggregated report (one row per date and channel): "
         "sessions, source and device share and conversion rate are exact; unique "
         "visitors, repeat visits, returning visitor rate, bounce rate and email opt-in "
         "need one row per session and are not available", t._n.sum()),
    ]  # fmt: skip
    device = lower(maybe(t, _DEVICE))
    other = device.notnull() & ~device.isin(DEVICES)
    notes.append(("{n:,} session(s) on another device (smart tv, ...) counted without one",
                  ibis.cases((other, t._n), else_=0).sum()))  # fmt: skip
    if _has_rate(t):
        notes.append(("{n:,} converted session(s): Sessions x Session key event rate", t._c.sum()))
    elif has(set(t.columns), _KEY_EVENTS):
        notes.append(("conversion rate not available: Key events count events, not sessions "
                      "({n:,} in the report); add Session key event rate",
                      whole(maybe(t, _KEY_EVENTS)).sum().cast("int64")))  # fmt: skip
    return notes


SESSIONS = Adapter(
    name="ga4_sessions_report",
    title="GA4 sessions report (UI download or Data API)",
    signature=("sessions", _ENGAGED),
    tables=_tables,
    drops=_drops,
    notes=_notes,
    yields=("sessions",),
    optional=("date", _CHANNEL, _DEVICE, _RATE, _KEY_EVENTS),
    unmeasured=("visitor_id", "pageviews"),
    labels={"session_date": "date", "device": _DEVICE, "source": _CHANNEL},
    steps="GA4 > Reports > Acquisition > Traffic acquisition, add the secondary dimension "
    "Date > Share this report > Download File > Download CSV (or a Data API runReport with "
    "the dimension date and the metrics sessions, engagedSessions, sessionKeyEventRate)",
)
