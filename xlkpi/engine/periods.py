"""Report periods in SQL: integer period ordinals, the cut at the as-of date, the periods
table and the coverage rule.

A period is an integer *ordinal*, the same as ``xlkpi.engine.kpi_periods.ordinals``:

- month: months since 1970-01; quarter: that // 3;
- week: ISO weeks (Monday to Sunday) since the week of Monday 1969-12-29.

Ordinals come from ``EXTRACT(year/month)`` and a day difference, which every dialect has;
the periods table is an integer range from the first to the last ordinal of the data (a
portable ``range`` + ``unnest``), never a window frame over dates.
"""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd

from xlkpi.data.contract import PRIMARY_DATE, SECONDARY_DATES

WEEK_ORIGIN = dt.date(1969, 12, 29)  # Monday of ISO week 1970-W01


def month_ordinal(date) -> ibis.Value:
    """Months since 1970-01 of a date or timestamp expression."""
    return (date.year() - 1970) * 12 + date.month() - 1


def ordinal(date, kind: str) -> ibis.Value:
    """The period ordinal of a date or timestamp expression (NULL where it is NULL)."""
    if kind == "week":
        days = date.date().delta(ibis.date(WEEK_ORIGIN), unit="day")
        return days // 7
    months = month_ordinal(date)
    return months // 3 if kind == "quarter" else months


def start_of(p, kind: str) -> ibis.Value:
    """The first day (a date) of period ordinal ``p``."""
    if kind == "week":
        return ibis.date(WEEK_ORIGIN) + (p * 7).as_interval("D")
    months = p * 3 if kind == "quarter" else p
    years = months // 12
    return ibis.date(years + 1970, months - years * 12 + 1, 1)


def stop_of(p, kind: str) -> ibis.Value:
    """The first day after period ordinal ``p`` (its exclusive upper bound)."""
    return start_of(p + 1, kind)


def stamp(date: pd.Timestamp) -> ibis.Value:
    """A timestamp literal of a date."""
    return ibis.timestamp(pd.Timestamp(date).to_pydatetime())


def month_end(date, as_of: pd.Timestamp | None) -> ibis.Value:
    """The last day of ``date``'s month (a timestamp), but not after ``as_of``."""
    first = date.truncate("M")
    last = first + ibis.interval(months=1) - ibis.interval(days=1)
    return last if as_of is None else ibis.least(last, stamp(as_of))


def cut(name: str, table: ibis.Table, as_of: pd.Timestamp | None) -> ibis.Table:
    """Rows dated up to the end of the as-of day; later event dates become NULL.

    Subscriptions rows stand for their month: ``month`` is truncated to the month's first
    day before the cut ("any date in the month").
    """
    date = PRIMARY_DATE.get(name)
    if date is None or date not in table.columns:
        return table
    if name == "subscriptions":
        table = table.mutate(**{date: table[date].cast("timestamp").truncate("M")})
    keep = table[date].notnull()
    if as_of is None:
        return table.filter(keep)
    stop = stamp(as_of + pd.Timedelta(days=1))
    table = table.filter(keep & (table[date] < stop))
    later = {
        c: ibis.ifelse(table[c] >= stop, ibis.null(table[c].type()), table[c])
        for c in SECONDARY_DATES.get(name, ())
        if c in table.columns
    }
    return table.mutate(**later) if later else table


def dated(name: str, table: ibis.Table, as_of, monthly: bool) -> list[ibis.Value]:
    """The date expressions of ``table`` that periods hold: primary, event dates, and for
    a table whose rows stand for a whole month (``monthly``), the month's first and last
    day."""
    columns = [PRIMARY_DATE[name], *SECONDARY_DATES.get(name, ())]
    out = [table[c] for c in columns if c in table.columns]
    if monthly and PRIMARY_DATE[name] in table.columns:
        date = table[PRIMARY_DATE[name]]
        out.append(month_end(date, as_of))
        out.append(date.truncate("M"))  # a row dated the 31st covers the 1st
    return out


def bounds(name: str, table: ibis.Table, kind: str, as_of, monthly: bool) -> ibis.Table:
    """One row: the first (``lo``) and last (``hi``) period ordinal holding a date of
    ``table`` (both NULL when it has none).

    The ordinal of each date's MIN and MAX: a period's ordinal never decreases as the
    date grows, so it is the MIN/MAX of the ordinals, computed for two values instead of
    every row. One MIN/MAX per date column, combined by a UNION ALL and a second MIN/MAX:
    LEAST and GREATEST are not portable over NULLs (BigQuery and Snowflake return NULL).
    """
    parts = [
        table.aggregate(
            lo=ordinal(d.min(), kind).cast("int64"), hi=ordinal(d.max(), kind).cast("int64")
        )
        for d in dated(name, table, as_of, monthly)
    ]
    if not parts:
        return table.aggregate(lo=ibis.null("int64"), hi=ibis.null("int64"))
    one = parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)
    return one.aggregate(lo=one.lo.min(), hi=one.hi.max()) if len(parts) > 1 else one
