"""Definitions compared: the headline KPIs of the latest periods under every preset.

Why does this report's churn differ from Stripe's, or its repeat purchase rate from
Shopify's? One row per KPI and period, one column per preset (``xlkpi.kpi.presets``),
the report's own value first; then one line per preset on what it changes and the public
definition it follows. Values only (computed in Python, like KPI Data).
"""

from __future__ import annotations

from xlkpi.engine.variants import COMPARED_PERIODS, compare_presets
from xlkpi.kpi.options import by_name
from xlkpi.kpi.presets import PRESETS, differences
from xlkpi.report.sheets._common import heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.kpi_list import readable, words
from xlkpi.report.sheets.notes import footnote, why, wrapped
from xlkpi.report.workbook import SheetSpec

TITLE = "Definitions compared"


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec(TITLE)
    names = list(PRESETS)
    for i, w in enumerate([30, 11, 14, *([15] * len(names))], start=1):
        spec.width(i, w)
    used = ctx.result.settings.preset
    r = heading(
        spec,
        TITLE,
        f"The KPIs a definition preset changes, for the last {COMPARED_PERIODS} periods: this "
        f"report (preset {used}, with its own Settings) and each preset as it stands. "
        "– = not defined."
        + (" Computed by the engine where the data is." if ctx.oversized else ""),
    )
    table = compare_presets(ctx.result)
    if table is None or table.empty:
        spec.put(r, 1, "No KPI that a preset changes could be computed from this data.", "note")
        return spec
    top = r
    spec.header(r, 1, ["KPI", "Period", "This report", *(PRESETS[n].title for n in names)])
    for row in table.itertuples(index=False):
        r += 1
        fmt = ctx.fmt(row.kpi)
        spec.put(r, 1, ctx.info(row.kpi).title, "label")
        spec.put(r, 2, row.period, "cell")
        values = [row.report, *(getattr(row, n) for n in names)]
        whys = [why(ctx, row.kpi, row.period)] * len(values)
        spec.row(r, 3, values, "cell", fmt, na="dash", whys=whys)
    spec.freeze = f"C{top + 1}"
    r = footnote(spec, r + 2) + 2
    spec.section(r, "What each preset changes")
    r += 1
    last = 2 + len(names)  # the columns the long texts wrap over
    spec.header(r, 1, ["Preset", "Options it sets", "", "What differs", "", "Follows"])
    for name in names:
        r += 1
        preset = PRESETS[name]
        changed = "; ".join(": ".join(readable(k, str(v))) for k, v in differences(name).items())
        sources = "\n".join(f"{what} ({url})" for what, url in preset.sources)
        spec.put(r, 1, preset.title, "strong")
        wrapped(
            spec,
            r,
            [
                (2, 3, changed or "none"),
                (4, 5, preset.note),
                (6, last, sources or "xlkpi's own defaults (docs/kpis.md)"),
            ],
        )
    r += 2
    spec.section(r, "The options behind these KPIs")
    for name in dict.fromkeys(k for p in PRESETS.values() for k in p.values):
        r += 1
        opt = by_name(name)
        choices = "; ".join(f"{c.value}: {words(c.text)}" for c in opt.choices)
        label = f"{opt.doc[:1].upper()}{opt.doc[1:]} (Settings {opt.setting})"
        wrapped(spec, r, [(1, 2, label), (3, last, choices)])
    return spec
