"""The one validator and cleaner every KPI function uses.

Inputs may be a scalar, a Python list, a NumPy array, a pandas Series or
DataFrame, or the nested lists xlwings passes for a 2-D Excel range. The helpers
here flatten them, skip blanks and return NumPy arrays:

- :func:`numbers` -> ``float64`` array (blanks removed);
- :func:`labels` -> ``object`` array of stripped ``str`` (blanks removed);
- :func:`flags` -> ``bool`` array (blanks removed);
- :func:`total` -> the sum of a "sum argument" (a number or a range that is summed);
- :func:`scalar` -> one number (a number or a one-cell range).

Blanks are ``None``, ``""`` (or only spaces), ``NaN``, ``pd.NA`` and ``NaT``.

Booleans: a logical value (Excel's ``TRUE``/``FALSE``, Python ``True``/``False``,
a NumPy/pandas bool array) where a number is required is a ``KpiInputError``.
Excel's own ``SUM`` silently ignores logical values in a range, which hides a
wrong selection; xlkpi names the cell instead. Flag arguments (:func:`flags`) are
the place for logical values.

Text where a number is required is a ``KpiInputError`` naming the value, its
position (1-based: ``row r, column c of the range`` for a 2-D range, ``row r of
the range`` for one column, ``column c of the range`` for one row, else ``item i``;
the exception's ``position`` attribute is the 0-based index in the flattened input)
and the argument. Numbers stored as text (``"9"``) are text: fix them in Excel.

Inputs are never modified: arrays are read, and an array returned without a copy
is a read-only view.
"""

from __future__ import annotations

from xlkpi.kpi._labels import (
    flags,
    flat_labels,
    labels,
    matches,
)
from xlkpi.kpi._numbers import (
    FLOAT_MAX,
    check_finite,
    finite,
    first_index,
    flat_numbers,
    interval,
    numbers,
    raise_at,
    ratio,
    scalar,
    sum_of,
    total,
    within,
)
from xlkpi.kpi._ranges import (
    as_typed,
    count_nonblank,
    percent_slip,
    position,
)

__all__ = [
    "FLOAT_MAX",
    "as_typed",
    "check_finite",
    "count_nonblank",
    "finite",
    "first_index",
    "flags",
    "flat_labels",
    "flat_numbers",
    "interval",
    "labels",
    "matches",
    "numbers",
    "percent_slip",
    "position",
    "raise_at",
    "ratio",
    "scalar",
    "sum_of",
    "total",
    "within",
]
