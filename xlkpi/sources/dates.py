"""Date text in the shapes exports write it, parsed where the data is (any SQL backend).

The engine's side of :mod:`xlkpi.data.dates`, read by the same rules (Settings
``date_order`` and ``time_zone``, :class:`~xlkpi.data.dates.DateRules`):

- ISO ``2025-01-13``, ``2025-01-13 18:03[:04[.5]]``, also with an offset or zone
  (``+0100``, ``+01:00``, ``-05``, ``Z``, `` UTC``): such an instant is converted to the
  report's time zone; a time without an offset is taken as in that zone already;
- ``YYYYMMDD`` (GA4's ``event_date``) and Excel serial numbers written as text;
- Unix time: seconds, milliseconds, microseconds or nanoseconds, the unit from the
  column's name (``..._ms``, ``event_timestamp``) as the reader takes it, else from each
  value's magnitude; converted to the report's time zone;
- ``2025/01/13``; ``13/01/2025`` and ``01/13/2025`` (``/``, ``.`` or ``-``, optionally
  with a time and AM/PM) read day-first or month-first as ``date_order`` says: without
  it such a cell is *ambiguous* (NULL here; :func:`ambiguous` finds them, and
  validation reports them once per column, as the reader does);
- dates outside 1900-2199 are not dates (a typo), as for the reader.

Anything else is NULL (a bad cell, counted by validation). Every step is a regular
expression, and a calendar check (:func:`iso_day`: no 30 February), before a cast,
so no backend raises on a bad cell (PostgreSQL has no TRY_CAST). The rules in force are
:data:`RULES` (set by :func:`reading` while a source's tables are typed: the expressions
are built then, and keep them).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from xlkpi.data.dates import DEFAULT_RULES, DateRules

_ZONE = r"(Z|UTC|[+-]\d{2}(:?\d{2})?)"
_ISO = (
    r"^\s*(\d{4}-\d{2}-\d{2})([ T]([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?)?\s?"
    + _ZONE
    + r"?\s*$"
)
_YMD = r"^\s*(\d{4})(\d{2})(\d{2})\s*$"
_UNIX = r"^\s*\d{9,19}(\.\d+)?\s*$"
_SERIAL = r"^\s*\+?(\d+\.?\d*|\.\d+)\s*$"
_OFFSET = r"([+-])(\d{2}):?(\d{2})?\s*$"
_TIME = r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s?([AaPp])[Mm])?)?\s*$"
#: groups: 1 first, 2 separator, 3 second, 4 separator, 5 year, then the time's (hour,
#: minute, second, AM/PM: at most 9 groups, DuckDB's limit)
_DAY_MONTH = r"^\s*(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4})" + _TIME
#: groups: 1 year, 2 month, 3 day, then the time's
_YEAR_FIRST = r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})" + _TIME
#: seconds per unit, the unit's upper magnitude (as xlkpi.data.dates.unix_unit)
_UNITS = (("s", 1.0, 1e11), ("ms", 1e-3, 1e14), ("us", 1e-6, 1e17), ("ns", 1e-9, None))
_MAX_SERIAL = 2958465  # 9999-12-31, as the reader's MAX_SERIAL
_FIRST, _LAST = "1900-01-01 00:00:00", "2199-12-31 23:59:59"

#: The date rules the cast expressions are built with (see :func:`reading`).
RULES: ContextVar[DateRules] = ContextVar("xlkpi_engine_date_rules", default=DEFAULT_RULES)


@contextmanager
def reading(rules: DateRules | None) -> Iterator[None]:
    """Build the expressions of this block with ``rules`` (None: the defaults)."""
    token = RULES.set(rules or DEFAULT_RULES)
    try:
        yield
    finally:
        RULES.reset(token)


def parse_text(text, name: str = "", rules: DateRules | None = None):
    """Text (an Ibis string value) as a timestamp in the report's time zone; NULL where
    it is not a date (or is an ambiguous day/month date: no ``date_order``)."""
    import ibis

    rules = rules or RULES.get()
    s = text.strip()
    ymd = (_group(s, _YMD, 1) + "-" + _group(s, _YMD, 2) + "-" + _group(s, _YMD, 3)).try_cast(
        "date"
    )
    zoned = _group(s, _ISO, 7) != ""
    iso = _iso(s)
    is_iso = s.re_search(_ISO) & iso_day(_group(s, _ISO, 1))
    parsed = ibis.cases(
        (is_iso & zoned, to_zone(iso, rules.time_zone)),
        (is_iso, iso),
        (s.re_search(_YMD) & _valid_ymd(s), ymd.cast("timestamp")),
        (s.re_search(_UNIX), to_zone(_unix(s, name), rules.time_zone)),
        (s.re_search(_SERIAL), _serial(s)),
        (s.re_search(_YEAR_FIRST), _from_parts(s, _YEAR_FIRST, 1, 2, 3, 4)),
        (s.re_search(_DAY_MONTH) & _same_separator(s), _day_month(s, rules.order)),
        else_=ibis.null("timestamp"),
    )
    return in_range(parsed)


def in_range(ts):
    """``ts`` where it falls in 1900-2199, else NULL (a typo, not a date)."""
    import ibis

    inside = ts.between(ibis.timestamp(_FIRST), ibis.timestamp(_LAST))
    return inside.ifelse(ts, ibis.null("timestamp"))


def ambiguous(text, rules: DateRules | None = None):
    """True where ``text`` is a day/month date and no ``date_order`` says how to read it."""
    import ibis

    rules = rules or RULES.get()
    if rules.order is not None:
        return ibis.literal(False)
    s = text.strip()
    iso_like = s.re_search(_ISO) | s.re_search(_YMD) | s.re_search(_UNIX) | s.re_search(_SERIAL)
    return (~iso_like & s.re_search(_DAY_MONTH) & _same_separator(s)).fill_null(False)


def day_month_parts(text):
    """(first, second) numbers of a ``13/01/2025``-style date (NULL elsewhere)."""
    s = text.strip()
    first = _group(s, _DAY_MONTH, 1).nullif("").cast("int64")
    second = _group(s, _DAY_MONTH, 3).nullif("").cast("int64")
    return first, second


def to_zone(utc, time_zone: str):
    """UTC instants (naive timestamps) as wall times in ``time_zone`` (naive); nothing for
    UTC. The SQL is the backend's own (:func:`_convert`)."""
    if time_zone == "UTC":
        return utc
    return _convert(utc, time_zone, aware=False)


def wall_time(aware, time_zone: str | None = None):
    """Time-zone-aware instants (PostgreSQL ``timestamptz``, DuckDB ``TIMESTAMPTZ``,
    BigQuery ``TIMESTAMP``) as wall times in ``time_zone`` (default: the report's,
    :data:`RULES`), naive: the day they fall on is the report's day, whatever the
    session's time zone (a plain cast takes the session's, the server's or the
    machine's)."""
    return _convert(aware, time_zone or RULES.get().time_zone, aware=True)


#: how each backend turns an instant into a wall time (BigQuery's DATETIME(ts, zone),
#: Snowflake's CONVERT_TIMEZONE, Spark's from_utc_timestamp: Ibis has no such operation)
_WALL_SQL = {
    "duckdb": "timezone",
    "postgres": "timezone",
    "bigquery": "datetime",
    "snowflake": "convert_timezone",
    "pyspark": "from_utc_timestamp",
    "databricks": "from_utc_timestamp",
}


def _backend(value) -> str:
    try:
        return value._find_backend().name
    except Exception:  # unbound (SQL text): DuckDB's, the engine's own dialect
        return "duckdb"


def _convert(ts, zone: str, *, aware: bool):
    """``ts`` (naive UTC, or ``aware``) as the naive wall time in ``zone``."""
    import ibis.expr.datatypes as dt

    from xlkpi.errors import SourceError

    backend = _backend(ts)
    how = _WALL_SQL.get(backend)
    if how is None:
        if zone == "UTC":  # as before: the backend's own cast
            return ts.cast(dt.Timestamp()) if aware else ts
        raise SourceError(
            f"Settings time_zone {zone!r}: converting times to a time zone is not written for "
            f"the {backend} backend yet (DuckDB, PostgreSQL, BigQuery, Snowflake and Spark have "
            "it); use time_zone UTC there"
        )
    utc = dt.Timestamp(timezone="UTC")
    if aware and ts.type() != utc:
        ts = ts.cast(utc)
    udf = _udfs()[how]
    if how == "timezone":
        return udf(zone, ts if aware else _udfs()["instant"]("UTC", ts))
    if how == "datetime":
        return udf(ts if aware else ts.cast(utc), zone)
    if how == "convert_timezone":
        return _udfs()["tz_to"](zone, ts).cast(dt.Timestamp()) if aware else udf("UTC", zone, ts)
    return udf(ts, zone)  # from_utc_timestamp: Ibis runs Spark sessions in UTC


@functools.cache
def _udfs() -> dict:
    """The backends' SQL functions of :data:`_WALL_SQL` as Ibis builtins, by name; and
    ``instant``: DuckDB's and PostgreSQL's ``timezone(zone, ts)`` of a wall time in
    ``zone``, an instant; ``tz_to``: Snowflake's two-argument CONVERT_TIMEZONE."""
    import ibis
    import ibis.expr.datatypes as dt

    def two(a, b):
        """A SQL function of the backend."""

    def three(a, b, c):
        """A SQL function of the backend."""

    naive, aware, text = dt.Timestamp(), dt.Timestamp(timezone="UTC"), dt.string
    builtin = ibis.udf.scalar.builtin
    return {
        "timezone": builtin(two, name="timezone", signature=((text, aware), naive)),
        "instant": builtin(two, name="timezone", signature=((text, naive), aware)),
        "datetime": builtin(two, name="datetime", signature=((aware, text), naive)),
        "convert_timezone": builtin(three, name="convert_timezone",
                                    signature=((text, text, naive), naive)),
        "tz_to": builtin(two, name="convert_timezone", signature=((text, aware), aware)),
        "from_utc_timestamp": builtin(two, name="from_utc_timestamp",
                                      signature=((naive, text), naive)),
    }  # fmt: skip


def _group(s, pattern: str, i: int):
    """Group ``i`` of ``pattern`` in ``s``; '' when it did not take part (PostgreSQL gives
    NULL there, DuckDB '')."""
    return s.re_extract(pattern, i).fill_null("")


def _int(s, pattern: str, i: int):
    return _group(s, pattern, i).nullif("").cast("int64")


def _calendar(sep: str) -> str:
    """A regular expression of a day of the calendar, ``YYYY<sep>MM<sep>DD``: a month
    1-12, a day up to its month's last, 29 February in leap years only (a year divisible
    by 4, and by 400 where it ends in 00)."""
    days = (
        rf"(0[13578]|1[02]){sep}(0[1-9]|[12]\d|3[01])"
        rf"|(0[469]|11){sep}(0[1-9]|[12]\d|30)"
        rf"|02{sep}(0[1-9]|1\d|2[0-8])"
    )
    leap = r"\d{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00"
    return rf"(\d{{4}}{sep}({days})|({leap}){sep}02{sep}29)"


#: ``YYYY-MM-DD`` that is a day of the calendar (no 30 February)
_CALENDAR = "^" + _calendar("-") + "$"
_CALENDAR_YMD = r"^\s*" + _calendar("") + r"\s*$"


def iso_day(text):
    """True where ``text`` is ``YYYY-MM-DD`` and a day of the calendar. One regular
    expression, checked before a cast: PostgreSQL's cast raises on ``2025-02-30`` where
    DuckDB's TRY_CAST gives NULL (and the check adds one match to the SQL, not the date's
    parts again: the SQL of a date parse is large already)."""
    return text.re_search(_CALENDAR)


def _valid_ymd(s):
    return s.re_search(_CALENDAR_YMD)


def _same_separator(s):
    return _group(s, _DAY_MONTH, 2) == _group(s, _DAY_MONTH, 4)


def _day_month(s, order: str | None):
    import ibis

    if order is None:
        return ibis.null("timestamp")
    day, month = (1, 3) if order == "dmy" else (3, 1)
    return _from_parts(s, _DAY_MONTH, 5, month, day, 6)


def _from_parts(s, pattern: str, year: int, month: int, day: int, time: int):
    """The timestamp of the parts matched by ``pattern`` (groups ``year``, ``month``,
    ``day``; the optional time from groups ``time`` on: hour, minute, second, AM/PM); NULL
    where a part is out of range (the 13th month, 31 February, 13 PM)."""
    import ibis

    hour = _int(s, pattern, time).fill_null(0)
    minute = _int(s, pattern, time + 1).fill_null(0)
    second = _int(s, pattern, time + 2).fill_null(0)
    half = _group(s, pattern, time + 3).lower()
    hour24 = ibis.cases((half == "p", hour % 12 + 12), (half == "a", hour % 12), else_=hour)
    ok = (half == "") | hour.between(1, 12)
    ok &= hour24.between(0, 23) & minute.between(0, 59) & second.between(0, 59)
    ok &= iso_day(
        _group(s, pattern, year)
        + "-"
        + _group(s, pattern, month).lpad(2, "0")
        + "-"
        + _group(s, pattern, day).lpad(2, "0")
    )
    text = (
        _group(s, pattern, year)
        + "-"
        + _group(s, pattern, month).lpad(2, "0")
        + "-"
        + _group(s, pattern, day).lpad(2, "0")
        + " "
        + hour24.cast("string").lpad(2, "0")
        + ":"
        + minute.cast("string").lpad(2, "0")
        + ":"
        + second.cast("string").lpad(2, "0")
    )
    return ok.ifelse(text, ibis.null("string")).try_cast("timestamp")


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


def _serial(s):
    """An Excel serial number (1 to 9999-12-31's), as text: days since 1899-12-30."""
    import ibis

    value = s.cast("float64")
    micros = (value * 86_400e6).round().cast("int64")
    stamp = ibis.timestamp("1899-12-30 00:00:00") + micros.as_interval("us")
    return value.between(1, _MAX_SERIAL).ifelse(stamp, ibis.null("timestamp"))


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
