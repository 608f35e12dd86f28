"""The typed result of reading raw data: what ``xlkpi/data`` hands to ``xlkpi/report``."""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass

import numpy as np
import pandas as pd

from xlkpi.data.grain import GRAINS
from xlkpi.errors import CellProblem
from xlkpi.kpi.options import OPTIONS


@dataclass
class Table:
    """One raw table of the data contract, read and typed.

    ``frame`` has the contract's canonical column names (``order_date``, ``revenue``,
    ...), in contract order, typed as the contract says:

    - dates: ``datetime64[ns]`` (``NaT`` where an optional date is blank);
    - numbers and integers: ``float64`` (``NaN`` where blank; integer columns hold whole
      numbers);
    - booleans: numpy ``bool`` (blank = False);
    - text and ids: pandas 3's default string dtype ``str`` (``pd.StringDtype("pyarrow",
      na_value=nan)``), trimmed, **blank = ``NaN``** (test with ``.isna()``, never
      ``is None``). Ids that Excel stored as numbers are written without a trailing ``.0``
      (``"1001"``, not ``"1001.0"``). Text starting with ``=`` is plain text.
    - categories (Orders ``status``/``device``, Sessions ``device``, Spend ``category``):
      ``str``, lower-cased; a blank Orders ``status`` is filled with ``"paid"``. Unknown
      values are kept (and listed in ``RawData.problems``).
    - NPS ``score``: ``float64`` whole numbers 0-10; ``NaN`` = no response (blank), or a
      skipped invalid score when Settings ``nps_invalid`` is ``skip``.

    Rows end at the first completely empty row. Columns the contract does not know are
    kept after the canonical ones under their original header text, values as read
    (untyped). ``rows[i]`` is the Excel row number (or CSV line number) of
    ``frame.iloc[i]``, so any problem can be located as the user sees it. The frame has a
    ``RangeIndex`` 0..n-1.
    """

    name: str  # canonical table name: "orders", "customers", ...
    sheet: str  # the sheet (or CSV file) name as it is in the source
    frame: pd.DataFrame
    rows: np.ndarray  # int64 Excel row numbers, same length as frame
    headers: dict[str, str] = field(default_factory=dict)  # canonical column -> header as typed


_SETTINGS_DOC = """The Settings sheet (key/value), with the data contract's defaults.

Its fields: ``currency``, ``period`` (the grain: month | quarter | week), ``as_of`` (None:
the last date in the data), ``clv_years``, ``discount_rate``, ``gross_margin`` (None: from
Orders cost, else 1.0), ``preset`` (a bundle of definition options, ``xlkpi.kpi.presets``),
then one field per definition option of ``xlkpi.kpi.options`` (named by its Settings key,
defaulting to its default: derived from the declaration, never written here), then the
report's presentation: ``dashboard_tiles`` (KPI ids of the headline tiles; None: the
default list) and ``compare`` (a partial latest period against the same days of the
previous period, ``same_days``, or the last complete period against the one before),
then how dates are read: ``date_order`` (dmy | mdy | None) and ``time_zone``.
``sheet_keys`` are the keys the Settings sheet set (they override a preset).

>>> [getattr(Settings(), o.setting) for o in OPTIONS] == [o.default for o in OPTIONS]
True
"""

_FIRST = (
    ("currency", str, "USD"),
    ("period", str, GRAINS[0]),
    ("as_of", "pd.Timestamp | None", None),
    ("clv_years", float, 3.0),
    ("discount_rate", float, 0.10),
    ("gross_margin", "float | None", None),
    ("preset", str, "xlkpi"),
)
_LAST = (
    ("dashboard_tiles", "tuple[str, ...] | None", None),
    ("compare", str, "same_days"),
    # How dates are read (xlkpi.data.dates): dmy | mdy | None (13/01/2025-style dates are
    # then an error), and the report's time zone (offset timestamps are converted to it).
    ("date_order", "str | None", None),
    ("time_zone", str, "UTC"),
)


def _date_rules(self):
    """These settings as the date reader's :class:`xlkpi.data.dates.DateRules`."""
    from xlkpi.data.dates import DateRules

    return DateRules(self.date_order, self.time_zone)


Settings = make_dataclass(
    "Settings",
    [
        *_FIRST,
        *((o.setting, int if o.integer else (float if not o.choices else str), o.default)
          for o in OPTIONS),
        *_LAST,
        ("sheet_keys", "frozenset[str]", field(default=frozenset(), compare=False, repr=False)),
    ],
    namespace={"date_rules": _date_rules},
)  # fmt: skip
Settings.__module__ = __name__
Settings.__doc__ = _SETTINGS_DOC


@dataclass
class RawData:
    """Everything read from one source: the present tables, settings, targets, problems."""

    tables: dict[str, Table]  # only the tables present in the source, by canonical name
    settings: Settings = field(default_factory=Settings)
    # Targets sheet: kpi (str, normalised id such as "churn_rate"), target, warn (float64,
    # NaN = not given). Empty when there is no Targets sheet.
    targets: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            {
                "kpi": pd.Series(dtype=object),
                "target": pd.Series(dtype=float),
                "warn": pd.Series(dtype=float),
            }
        )
    )
    # Non-fatal data-quality findings (orphan orders, unknown statuses, skipped scores, rows
    # after as_of, rows ignored after an empty row, ...) for the report's Data quality
    # sheet; at most 20-1000 per column and kind, then one "and N more" line. Fatal ones
    # raise DataError instead.
    problems: list[CellProblem] = field(default_factory=list)
    source: str = ""  # file name (or "DataFrames") for the report's footer

    def has(self, table: str, *columns: str) -> bool:
        """True when ``table`` is present and has every column in ``columns`` (read, not blank)."""
        t = self.tables.get(table)
        return t is not None and all(c in t.frame.columns for c in columns)
