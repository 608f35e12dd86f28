"""The report's one outlier rule for bar charts: a bar that would flatten the others is cut.

Rule (declared here once, stated on every chart it changes): among a chart's three or more
defined, non-negative values, the largest is an *outlier* when it is more than
:data:`FACTOR` times the next largest. The value axis then stops at a round value above the
rest (:func:`nice_ceiling` of 1.15 x the next largest); the cut bar carries a label with
its true value, and the axis title says "Axis cut at <cap>: <name> <value>".

A chart opts in (``chart(..., outliers=True)``); the rule reads the values the chart draws
(its cache, :mod:`xlkpi.report.chart_cache`), so it runs when the chart is rendered.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from openpyxl.chart.label import DataLabel

FACTOR = 5.0  # an outlier is more than 5x the largest of the other bars


@dataclass
class Cut:
    cap: float  # the value axis maximum
    outliers: list[int]  # indexes of the cut bars


def find(values: list[float | None]) -> Cut | None:
    """The :class:`Cut` the rule makes of ``values`` (None: undefined), or None.

    >>> find([1_025.0, 2_715.0, 126_955.0, 1_958.0])
    Cut(cap=4000.0, outliers=[2])
    >>> find([1.0, 2.0, 9.0]) is None, find([0.0, 0.0, 90.0]) is None
    (True, True)
    >>> find([22.0, 6.4, 0.96, 0.4]) is None  # two high bars: nothing is cut
    True
    """
    defined = sorted(
        ((v, i) for i, v in enumerate(values) if v is not None and math.isfinite(v)),
        reverse=True,
    )
    if len(defined) < 3 or defined[-1][0] < 0:
        return None
    (top, i), (rest, _) = defined[:2]
    if rest > 0 and top > FACTOR * rest:
        return Cut(nice_ceiling(1.15 * rest), [i])
    return None


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 4, 5, 10 x 10^n at or above ``value`` (> 0).

    >>> nice_ceiling(3_122.0), nice_ceiling(6.4), nice_ceiling(0.26)
    (4000.0, 10.0, 0.4)
    """
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 4, 5, 10):
        if step * power >= value * (1 - 1e-12):
            return float(round(step * power, 12))
    return 10 * power


def show(value: float, fmt: str) -> str:
    """``value`` in the positive section of Excel number format ``fmt``, roughly as Excel
    shows it (grouping, decimals, %, literal text), for the axis title.

    >>> show(126955.2, '"$"#,##0.00;-"$"#,##0.00'), show(22.36, '0.0"x"'), show(0.031, "0.0%")
    ('$126,955.20', '22.4x', '3.1%')
    >>> show(1234.6, '#,##0 "CHF";-#,##0 "CHF"')
    '1,235 CHF'
    """
    section = fmt.split(";")[0]
    match = re.search(r"#,##0(\.0+)?|0(\.0+)?", section)
    if not match or section in ("General", ""):
        return f"{value:,.6g}"
    decimals = len(match.group(1) or match.group(2) or ".") - 1
    percent = "%" in section
    number = value * 100 if percent else value
    grouping = "," if match.group(0).startswith("#,") else ""
    digits = f"{number:{grouping}.{decimals}f}"
    text = section[: match.start()] + digits + section[match.end() :]
    return text.replace('"', "").replace("\\", "")


def apply(chart) -> Cut | None:
    """Cut ``chart``'s value axis by the rule when it opted in (``chart.xlkpi_outliers``)."""
    if not getattr(chart, "xlkpi_outliers", False) or len(chart.series) != 1:
        return None
    series = chart.series[0]
    cache = series.val.numRef.numCache if series.val and series.val.numRef else None
    if cache is None:
        return None
    values: list[float | None] = [None] * (cache.ptCount or 0)
    for pt in cache.pt:
        values[pt.idx] = float(pt.v)
    cut = find(values)
    if cut is None:
        return None
    names = _names(series, len(values))
    axis = chart.y_axis.number_format  # the axis's units (whole currency units)
    fmt = (axis.formatCode if axis is not None else None) or cache.formatCode or "General"
    chart.y_axis.scaling.max = cut.cap
    chart.y_axis.scaling.min = 0
    said = ", ".join(f"{names[i]} {show(values[i], fmt)}" for i in cut.outliers)
    chart.x_axis.title = f"Axis cut at {show(cut.cap, fmt)}: {said} (off the scale)"
    from xlkpi.report.sheets._common import value_label_list

    labels = value_label_list(fmt.split(";")[0], "outEnd")
    labels.showVal = False  # only the cut bars are labelled
    for i in cut.outliers:
        point = DataLabel(idx=i, numFmt=labels.numFmt, showVal=True, dLblPos="outEnd")
        point.txPr = labels.txPr
        for flag in ("showLegendKey", "showCatName", "showSerName", "showPercent"):
            setattr(point, flag, False)
        labels.dLbl.append(point)
    series.dLbls = labels
    return cut


def _names(series, n: int) -> list[str]:
    names = [f"#{i + 1}" for i in range(n)]
    cat = series.cat
    cache = None
    if cat is not None:
        cache = cat.strRef.strCache if cat.strRef is not None else None
        if cache is None and cat.numRef is not None:
            cache = cat.numRef.numCache
    for pt in cache.pt if cache is not None else []:
        names[pt.idx] = str(pt.v)
    return names
