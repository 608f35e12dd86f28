"""Where people read, an undefined value is "–", never ``#N/A``.

The report's formulas return ``#N/A`` (``NA()``) where a KPI is not defined, which is what
the ranges charts read need. On a sheet a person reads (a visible sheet, outside its
hidden helper columns) :func:`dash_errors` shows such a result as "–" instead, whatever
data the workbook is recalculated on:

- a formula with a numeric (or undefined) result becomes ``IFERROR(formula,"–")`` and
  caches "–" where Python's value is not defined (formulas that return text - statuses,
  links - are left alone: they guard themselves);
- a Python value placed as the ``#N/A`` error (``na="error"``) shows "–" (``na="dash"``).

Hidden sheets (KPI Data, the raw data) and hidden columns (the charts' data) keep ``#N/A``.
"""

from __future__ import annotations

from xlkpi.report.cells import DASH, NA, Formula, undefined


def dashed(formula: Formula) -> Formula:
    """``formula`` showing "–" where it returns an error (its cached value too).

    >>> f = dashed(Formula("=IF(B2=0,NA(),B1/B2)", float("nan")))
    >>> str(f), f.value
    ('=IFERROR(IF(B2=0,NA(),B1/B2),"–")', '–')
    >>> dashed(Formula('=IF(B1>0,"On target","Off")', "Off")).value
    'Off'
    """
    value = formula.value
    if isinstance(value, str | bool) or str(formula).startswith("=IFERROR("):
        return formula
    if value is not NA and not undefined(value) and not isinstance(value, int | float):
        return formula  # a date or another non-number result
    cached = DASH if undefined(value) else value
    return Formula(f'=IFERROR({formula[1:]},"{DASH}")', cached)


def dash_errors(spec) -> None:
    """Show "–" instead of ``#N/A`` in every cell of ``spec`` (a SheetSpec) a person reads."""
    if spec.hidden:
        return
    hidden = {c for first, last in spec.hidden_cols for c in range(first, last + 1)}
    for (_, col), put in spec.cells.items():
        if col in hidden:
            continue
        if isinstance(put.value, Formula):
            put.value = dashed(put.value)
        elif put.na == "error":
            put.na = "dash"
