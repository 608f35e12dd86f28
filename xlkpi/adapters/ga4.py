"""GA4: the BigQuery export's events (``events_YYYYMMDD``), one row per event.

A session is the pair (``user_pseudo_id``, ``ga_session_id``): the session id is only
unique per user. ``ga_session_id``, ``session_engaged`` and ``engagement_time_msec`` are
event parameters; a query or a download that flattens ``event_params`` gives them as
columns (see docs/bring-your-data.md for the query). Each session becomes one Sessions row:

- session_date = its first ``event_date`` (``YYYYMMDD``, the property's time zone);
- pageviews = its ``page_view`` events (at least 1: a session without one is counted and
  stated), duration_seconds = the sum of ``engagement_time_msec`` / 1000;
- converted = a ``purchase`` or ``generate_lead`` event in it;
- device and source = the ``device.category`` and ``traffic_source.medium`` columns of
  its ``session_start`` event; a session without one takes its first event's by
  ``event_timestamp``. In the export, ``traffic_source`` is the user's FIRST visit's
  source; the session's is ``session_traffic_source_last_click`` (Google's
  developers.google.com/analytics/bigquery/traffic-attribution-data, "Session-scoped"),
  which the guide's flattening query writes into that column (else the event's
  ``medium`` parameter; tests/adapters/test_ga4_query.py reads the query back). A blank
  value is skipped (the next event with one is taken), and events of the same
  microsecond are taken by their value in code-point order (the smallest: the same on
  every backend and collation), so a session's events that disagree give one stated
  value, never the text MAX of them.

Events without a ``ga_session_id`` (Measurement Protocol, some server events) are left
out, counted.

Sources: the columns are the BigQuery export schema's
(support.google.com/analytics/answer/7029846: ``event_date`` STRING ``YYYYMMDD``,
``event_timestamp`` INTEGER microseconds, ``user_pseudo_id``, ``event_params`` with
``ga_session_id``, ``session_engaged``, ``engagement_time_msec``, ``device.category``,
``traffic_source.medium``); a flat CSV is what the flattening query of the guide writes
(BigQuery cannot save nested rows as CSV).

GA4's own ``session_engaged`` flag is compared with the contract's engaged
rule (more than 10 s, a conversion, or 2+ page views) and any difference is stated.
"""

from __future__ import annotations

import ibis

from xlkpi.adapters.base import ROW, Adapter, bad_cells, cell_row, lower, maybe, number, text
from xlkpi.engine.keys import code_point_order
from xlkpi.sources.dates import ambiguous, parse_text

_CONVERSIONS = ("purchase", "generate_lead")


def _drops(t):
    return [
        ("event(s) without a ga_session_id", text(t.ga_session_id).isnull()),
        ("event(s) without a user_pseudo_id", text(t.user_pseudo_id).isnull()),
    ]


def _events(t):
    """The events with their session's device and source (:func:`_first`), the date's
    text and parse, and the line of the session's first bad event_date and
    engagement_time_msec."""
    name = lower(t.event_name)
    t = t.mutate(
        _user=text(t.user_pseudo_id),
        _session=text(t.ga_session_id),
        # CASE WHEN, never CAST(boolean AS BIGINT): PostgreSQL refuses that cast
        _view=(name == "page_view").ifelse(1, 0),
        _conv=name.isin(_CONVERSIONS).ifelse(1, 0),
        _msec_text=text(maybe(t, "engagement_time_msec")),
        _msec=number(maybe(t, "engagement_time_msec")),
        _engaged=lower(maybe(t, "session_engaged")).isin(("1", "true")).ifelse(1, 0),
        _device=lower(maybe(t, "device_category")),
        _source=lower(maybe(t, "traffic_source_medium")),
        _later=(name == "session_start").ifelse(0, 1),
        _at=number(t.event_timestamp),
        # the text and its parse as columns: each expression written once in the SQL, not
        # at every use (a parse is ~100 kB of SQL; repeated, PostgreSQL ran out of memory)
        _day=text(t.event_date),
    )
    t = t.mutate(_when=parse_text(t._day))
    # a bad event_date (engagement_time_msec) on ANY event of the session: its first is the
    # session's date (duration), on its own line, so the contract's typing names that
    # cell (never hidden by the min, never summed as 0); each other one is a bad cell of
    # its own (:func:`_cells`)
    session = ibis.window(group_by=[t._user, t._session])
    return t.mutate(
        _device=_first(t, t._device),
        _source=_first(t, t._source),
        _bad_day=(t._day.notnull() & t._when.isnull()).ifelse(t[ROW], None).min().over(session),
        _bad_msec=(t._msec_text.notnull() & t._msec.isnull()).ifelse(t[ROW], None)
        .min().over(session),
    )  # fmt: skip


def _sessions(t):
    t = _events(t)
    day, when, line = t._day, t._when, t[ROW]
    bad, bad_msec = line == t._bad_day, line == t._bad_msec
    return t.group_by("_user", "_session").agg(
        session_date=day.argmin(line, where=bad).fill_null(day.argmin(when, where=when.notnull())),
        pageviews=t._view.sum(),
        duration_seconds=t._msec.fill_null(0.0).sum() / 1000,
        _bad_msec=t._msec_text.argmin(line, where=bad_msec),
        converted=t._conv.max() > 0,
        device=t._device.max(),  # one value per session (_first): no collation
        source=t._source.max(),
        _engaged=t._engaged.max(),
        _events=t.count(),
        _day_line=line.min(where=bad).fill_null(line.argmin(when, where=when.notnull())),
        _msec_line=line.min(where=bad_msec),
        **{ROW: line.min()},
    )


def _cells(t):
    """The bad event_date and engagement_time_msec cells of a session besides its first
    (which its row carries), each on its own line."""
    from xlkpi.data.tables import NOT_A

    t = _events(t)
    line, key = t[ROW], t._user + " / " + t._session
    # a day/month date without Settings date_order is ONE problem of the column (typing)
    day = t._day.notnull() & t._when.isnull() & ~ambiguous(t._day) & (line != t._bad_day)
    msec = t._msec_text.notnull() & t._msec.isnull() & (line != t._bad_msec)
    return ibis.union(
        bad_cells(t, "sessions", "event_date", day, NOT_A["date"], rank=0, key=key,
                  value=t._day),
        bad_cells(t, "sessions", "engagement_time_msec", msec, NOT_A["number"], rank=1,
                  key=key, value=t._msec_text),
        distinct=False,
    )  # fmt: skip


def _first(t, value):
    """``value`` of the session's first event that has one: its ``session_start`` event,
    else the earliest by ``event_timestamp``; same microsecond: the smallest value by code
    point (the module docstring says why). On every event of the session."""
    order = [value.isnull(), t._later, t._at.isnull(), t._at, code_point_order(value)]
    return value.first().over(ibis.window(group_by=[t._user, t._session], order_by=order))


def _tables(t):
    s = _sessions(t)
    return {
        "sessions": s.select(
            session_date=s.session_date,
            visitor_id=s._user,
            pageviews=ibis.greatest(s.pageviews, 1),
            device=s.device,
            source=s.source,
            converted=s.converted,
            duration_seconds=s._bad_msec.fill_null(s.duration_seconds.cast("string")),
            **{ROW: s[ROW]},
            # each cell on its own line: a bad date and a bad duration of one session
            **{
                cell_row("session_date"): s._day_line.fill_null(s[ROW]),
                cell_row("duration_seconds"): s._msec_line.fill_null(s[ROW]),
            },
        )
    }


def _notes(t):
    s = _sessions(t)
    rule = (s.duration_seconds > 10) | s.converted | (s.pageviews >= 2)
    return [
        ("{n:,} event row(s) grouped into sessions", (s._events - 1).sum()),
        ("{n:,} session(s) without a page_view counted with 1 page view",
         (s.pageviews == 0).sum()),
        ("{n:,} session(s) GA4 flags engaged but not engaged by the report's rule "
         "(> 10 s, a conversion or 2+ page views)",
         ((s._engaged > 0) & ~rule).sum()),
    ]  # fmt: skip


EVENTS = Adapter(
    name="ga4_events",
    title="GA4 BigQuery events export",
    signature=("event_date", "event_timestamp", "event_name", "user_pseudo_id", "ga_session_id"),
    tables=_tables,
    drops=_drops,
    notes=_notes,
    cells=_cells,
    key="user_pseudo_id",
    yields=("sessions",),
    labels={"session_date": "event_date", "visitor_id": "user_pseudo_id",
            "device": "device_category", "source": "traffic_source_medium",
            "duration_seconds": "engagement_time_msec"},
    optional=("session_engaged", "engagement_time_msec", "device_category",
              "traffic_source_medium"),
    steps="BigQuery > your GA4 export dataset > run the flattening query of this guide on "
    "events_* > Save results > CSV (or point xlkpi at the table)",
)  # fmt: skip


#: the columns of the BigQuery export's own events table (one row per event)
_EVENT_COLUMNS = ("event_date", "event_timestamp", "event_name", "user_pseudo_id")


def nested(columns) -> str | None:
    """What to say of a GA4 events table as BigQuery stores it (``event_params`` nested:
    a REPEATED RECORD of key and value), which the adapter does not read: its session id
    is inside ``event_params``. None for any other table.

    >>> nested(["event_date", "event_timestamp", "event_name", "user_pseudo_id"])
    >>> nested(["event_date", "event_timestamp", "event_name", "user_pseudo_id",
    ...         "event_params"]).split(":")[0]
    'column event_params'
    """
    from xlkpi.adapters.base import column_key

    keys = {column_key(c) for c in columns}
    if not {"event_params", *_EVENT_COLUMNS} <= keys or "ga_session_id" in keys:
        return None
    return (
        "column event_params: a GA4 BigQuery events table with its event parameters nested "
        "is not read (no Sessions from it, never a guess); point xlkpi at the result of the "
        "flattening query in the guide (ga_session_id, session_engaged and "
        "engagement_time_msec as columns) instead"
    )
