"""KPI Data: the long table ``period | kpi | segment | value`` computed in Python."""

from __future__ import annotations

from xlkpi.report.sheets._common import excel_table
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import Column, SheetSpec

COLUMNS = ["period", "start", "end", "kpi", "segment", "value", "unit", "title"]
WIDTHS = [11, 12, 12, 26, 18, 16, 8, 34]


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("KPI Data")
    for i, w in enumerate(WIDTHS, start=1):
        spec.width(i, w)
    spec.header(1, 1, COLUMNS)
    spec.freeze, spec.title_rows = "A2", "1:1"
    bounds = {p.label: (p.start, p.end) for p in ctx.periods}
    table = ctx.result.table
    periods = table["period"].astype(str).tolist()
    kpis = table["kpi"].astype(str).tolist()
    infos = {kpi: ctx.info(kpi) for kpi in dict.fromkeys(kpis)}
    fmts = {kpi: ctx.fmt(info.unit) for kpi, info in infos.items()}
    spans = [bounds.get(p, (None, None)) for p in periods]
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
            Column(table["value"].tolist(), fmt=[fmts[k] for k in kpis], na="error"),
            Column([infos[k].unit for k in kpis]),
            Column([infos[k].title for k in kpis]),
        ],
    )
    excel_table(spec, "KPI Data", 1, 1, len(COLUMNS), len(table), style="TableStyleLight9")
    return spec
