"""Date text in the shapes exports write it, parsed where the data is (any SQL backend).

The engine's side of :mod:`xlkpi.data.dates`, for the shapes a downloaded export or an
adapter's table holds as text:

- ISO ``2025-01-13``, ``2025-01-13 18:03[:04[.5]]``, also with an offset or zone
  (``+0100``, ``+01:00``, ``-05``, ``Z``, `` UTC``): the instant in UTC, the engine's
  report time zone (a time without an offset is taken as UTC already);
- ``YYYYMMDD`` (GA4's ``event_date``);
- Unix time: seconds, milliseconds, microseconds or nanoseconds, the unit from the
  column's name (``..._ms``, ``event_timestamp``) as the reader takes it, else from each
  value's magnitude.

Anything else is NULL (a bad cell, counted by validation). Every step is a regular
expression before a cast, so no backend raises on a bad cell (PostgreSQL has no
TRY_CAST). Day/month dates (``13/01/2025``) need Settings ``date_order``: the workbook
reader's, not here.
"""

from __future__ import annotations

_ZONE = r"(Z|UTC|[+-]\d{2}(:?\d{2})?)"
_ISO = (
    r"^\s*(\d{4}-\d{2}-\d{2})([ T]([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?)?\s?"
    + _ZONE
    + r"?\s*$"
)
_YMD = r"^\s*(\d{4})(\d{2})(\d{2})\s*$"
_UNIX = r"^\s*\d{9,19}(\.\d+)?\s*$"
_OFFSET = r"([+-])(\d{2}):?(\d{2})?\s*$"
#: seconds per unit, the unit's upper magnitude (as xlkpi.data.dates.unix_unit)
_UNITS = (("s", 1.0, 1e11), ("ms", 1e-3, 1e14), ("us", 1e-6, 1e17), ("ns", 1e-9, None))


def parse_text(text, name: str = ""):
    """Text (an Ibis string value) as a UTC timestamp; NULL where it is not a date."""
    import ibis

    s = text.strip()
    iso = _iso(s)
    ymd = (_group(s, _YMD, 1) + "-" + _group(s, _YMD, 2) + "-" + _group(s, _YMD, 3)).try_cast(
        "date"
    )
    return ibis.cases(
        (s.re_search(_ISO), iso),
        (s.re_search(_YMD) & _valid_ymd(s), ymd.cast("timestamp")),
        (s.re_search(_UNIX), _unix(s, name)),
        else_=ibis.null("timestamp"),
    )


def _group(s, pattern: str, i: int):
    """Group ``i`` of ``pattern`` in ``s``; '' when it did not take part (PostgreSQL gives
    NULL there, DuckDB '')."""
    return s.re_extract(pattern, i).fill_null("")


def _valid_ymd(s):
    month = _group(s, _YMD, 2).nullif("").cast("int64")
    day = _group(s, _YMD, 3).nullif("").cast("int64")
    return month.between(1, 12) & day.between(1, 31)


def _iso(s):
    import ibis

    hour = _group(s, _ISO, 3)
    clock = ibis.cases(
        (hour != "", " " + hour.lpad(2, "0") + ":" + _group(s, _ISO, 4) + _group(s, _ISO, 5)),
        else_="",
    )
    local = (_group(s, _ISO, 1) + clock).try_cast("timestamp")
    zone = _group(s, _ISO, 7)
    sign = ibis.cases((_group(zone, _OFFSET, 1) == "-", -1), else_=1)
    hours = _group(zone, _OFFSET, 2).nullif("").cast("int64").fill_null(0)
    minutes = _group(zone, _OFFSET, 3).nullif("").cast("int64").fill_null(0)
    offset = ibis.cases((zone.re_search(_OFFSET), sign * (hours * 60 + minutes)), else_=0)
    return local - offset.as_interval("m")


def _unix(s, name: str):
    import ibis

    from xlkpi.data.dates import _UNIT_NAMES

    value = s.cast("float64")
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    named = next((unit for pattern, unit in _UNIT_NAMES if pattern.search(key)), None)
    per = {u: p for u, p, _ in _UNITS}
    if named is not None:
        seconds = value * per[named]
    else:
        seconds = ibis.cases(
            *[(value < top, value * p) for _, p, top in _UNITS if top is not None],
            else_=value * per["ns"],
        )
    micros = (seconds * 1e6).round().cast("int64")
    return ibis.timestamp("1970-01-01 00:00:00") + micros.as_interval("us")
