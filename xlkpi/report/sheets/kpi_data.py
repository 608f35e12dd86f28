"""KPI Data: the long table ``period | kpi | segment | value`` computed in Python.

After the title: ``n``, a rate's trial count (its catalogue-declared denominator), and
``ci_low`` / ``ci_high``, its 95 % Wilson interval where n < 100 (blank otherwise).
"""

from __future__ import annotations

import math

from xlkpi.report import comparisons as cmp
from xlkpi.report.sheets._common import excel_table
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import Column, SheetSpec

COLUMNS = [
    "period", "start", "end", "kpi", "segment", "value", "unit", "title",
    "n", "ci_low", "ci_high",
]  # fmt: skip
WIDTHS = [11, 12, 12, 26, 18, 16, 8, 34, 10, 9, 9]


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("KPI Data", hidden=True)  # data: printed only when asked (unhidden)
    for i, w in enumerate(WIDTHS, start=1):
        spec.width(i, w)
    spec.header(1, 1, COLUMNS)
    spec.freeze = "A2"
    bounds = {p.label: (p.start, p.end) for p in ctx.periods}
    table = ctx.result.table
    periods = table["period"].astype(str).tolist()
    kpis = table["kpi"].astype(str).tolist()
    infos = {kpi: ctx.info(kpi) for kpi in dict.fromkeys(kpis)}
    fmts = {kpi: ctx.fmt(info.unit) for kpi, info in infos.items()}
    spans = [bounds.get(p, (None, None)) for p in periods]
    values = table["value"].tolist()
    trials = getattr(ctx.result, "trials", None)
    ns = [math.nan] * len(table) if trials is None else [float(n) for n in trials]
    cis = [cmp.interval(v, n) or (None, None) for v, n in zip(values, ns, strict=True)]
    # Column-wise: one Column per table column, written as sheet XML in one pass.
    spec.block(
        2,
        1,
        [
            Column(periods),
            Column([s for s, _ in spans]),
            Column([e for _, e in spans]),
            Column(kpis),
            Column(table["segment"].fillna("").astype(str).tolist()),
            Column(values, fmt=[fmts[k] for k in kpis], na="error"),
            Column([infos[k].unit for k in kpis]),
            Column([infos[k].title for k in kpis]),
            Column(ns, fmt="#,##0"),
            Column([low for low, _ in cis], fmt="0.0%"),
            Column([high for _, high in cis], fmt="0.0%"),
        ],
    )
    excel_table(spec, "KPI Data", 1, 1, len(COLUMNS), len(table), style="TableStyleLight9")
    return spec
