"""KPI Data: the long table ``period | kpi | segment | value`` computed in Python."""

from __future__ import annotations

from xlkpi.report.sheets._common import excel_table
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import SheetSpec

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
    r = 1
    infos = {}
    for period, kpi, seg, value in zip(
        table["period"].astype(str),
        table["kpi"].astype(str),
        table["segment"].fillna("").astype(str),
        table["value"],
        strict=True,
    ):
        r += 1
        info = infos.get(kpi) or infos.setdefault(kpi, ctx.info(kpi))
        start, end = bounds.get(period, (None, None))
        spec.row(r, 1, [period, start, end, kpi, seg], None)
        spec.put(r, 6, value, None, ctx.fmt(info.unit), na="error")
        spec.row(r, 7, [info.unit, info.title], None)
    excel_table(spec, "KPI Data", 1, 1, len(COLUMNS), r - 1, style="TableStyleLight9")
    return spec
