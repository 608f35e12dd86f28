"""The report's grain (``period``) and closing date (``as_of``): parsed and validated here
only, wherever they come from (the Settings sheet, the command line, ``build_report``,
``compute_kpis``), with one error type (:class:`~xlkpi.errors.OptionError`) and one
message each. Pandas-free at import (the command line lists the grains before pandas loads).

>>> parse_grain(" Quarter ")
'quarter'
>>> parse_grain("day")
Traceback (most recent call last):
...
xlkpi.errors.OptionError: period: 'day' is not one of month, quarter, week
>>> str(parse_as_of("2026-03-31 17:45").date())
'2026-03-31'
"""

from __future__ import annotations

from typing import Any

from xlkpi.errors import OptionError

GRAINS = ("month", "quarter", "week")  # the first is the default
AS_OF_HINT = "a date such as 2026-03-31 (a real date or YYYY-MM-DD)"


def parse_grain(value: Any = None) -> str:
    """The grain ``value`` names (case and spaces ignored; None: the default, month)."""
    if value is None:
        return GRAINS[0]
    name = str(value).strip().lower()
    if name not in GRAINS:
        raise OptionError(
            f"period: {value!r} is not one of {', '.join(GRAINS)}", value=value, option="period"
        )
    return name


def parse_as_of(value: Any):
    """``as_of`` as a midnight ``pd.Timestamp`` (None when blank): a date, datetime, ISO
    text or an Excel date serial (what a Settings cell holds); the time of day is dropped.

    >>> parse_as_of("31/02/2026")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xlkpi.errors.OptionError: as_of: '31/02/2026' is not a date such as 2026-03-31 ...
    """
    import pandas as pd

    from xlkpi.data.convert import to_date

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    stamp = pd.NaT
    if not isinstance(value, str) and hasattr(value, "year"):  # a date, datetime, Timestamp
        stamp = pd.Timestamp(value)
    elif not isinstance(value, bool):
        dates, bad = to_date(pd.Series([value], dtype=object))  # as a Settings cell is read
        stamp = pd.NaT if bad[0] else pd.Timestamp(dates[0])
    if pd.isna(stamp):
        raise OptionError(f"as_of: {value!r} is not {AS_OF_HINT}", value=value, option="as_of")
    return (stamp.tz_localize(None) if stamp.tzinfo else stamp).normalize()
