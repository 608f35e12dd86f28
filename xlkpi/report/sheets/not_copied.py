"""The place of a raw table larger than an Excel sheet holds (:mod:`xlkpi.sources.big`).

Such a table is not copied: its sheet says how many rows it has, where it lives (the
source's label, secrets redacted) and that the KPIs over it are values computed by the
engine where the data is, and what each sheet that reads raw rows did instead. Values
only: no formula of this sheet points at rows.
"""

from __future__ import annotations

from xlkpi.data.contract import TABLES
from xlkpi.report.sheets._common import heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.notes import wrapped
from xlkpi.report.sheets.raw import sheet_title
from xlkpi.report.workbook import SheetSpec

# What each sheet that reads raw rows does when a table it reads is not copied.
INSTEAD = [
    ("Dashboard, All KPIs, Trends, Trend charts, KPI Data",
     "values computed by the engine where the data is, equal to what `xlkpi kpis` prints; "
     "no live formula reads this table"),
    ("Funnel, Acquisition, Retention, Recurring revenue",
     "their tables (funnel, channels, cohorts, MRR bridge) computed by the engine"),
    ("Reconciliation", "rows read, rows used and the money total of this table as the "
     "engine counted them, without an Excel formula beside them"),
    ("Data quality", "the findings of the checks run as queries where the data is; "
     "their rows are the source's, with no link into this workbook"),
    ("NPS", "the individual responses are not listed (they need the NPS table in a sheet); "
     "in their place, steps 1-2 are each period's promoters, passives, detractors and "
     "responses counted by the engine where the data is, and the summary, by-segment and "
     "by-period figures are the engine's"),
    ("Definitions compared", "the KPIs under each preset computed by the engine, one "
     "query per preset"),
    ("Sample sizes (n, confidence intervals)", "a rate's n is the KPI it counts over "
     "(sessions, leads, NPS responses, ...) or, for the counts no KPI reports (orders "
     "placed, impressions, customers at the start, buyers), a count the engine made where "
     "the data is under the same options: the n and 95 % interval a workbook build shows"),
]  # fmt: skip


def build_all(ctx: ReportContext) -> list[SheetSpec]:
    """One sheet per table not copied, in contract order."""
    return [build(ctx, name, ctx.oversized[name]) for name in TABLES if name in ctx.oversized]


def build(ctx: ReportContext, name: str, rows: int) -> SheetSpec:
    spec = SheetSpec(sheet_title(name))
    spec.width(1, 34)
    spec.width(2, 90)
    title = TABLES[name].title
    where = getattr(ctx.raw, "where", None)
    label = (where.labels.get(name) if where is not None else "") or title
    source = (where.label if where is not None else "") or "the source"
    r = heading(
        spec,
        f"{title} data: not copied into this workbook",
        f"{rows:,} rows: more than an Excel sheet holds ({_limit(where):,} data rows).",
    )
    spec.row(r, 1, ["Rows", rows], "cell", [None, "#,##0"])
    spec.put(r, 1, "Rows", "strong")
    spec.put(r + 1, 1, "Where it lives", "strong")
    spec.put(r + 1, 2, f"{label} in {source}" if label != source else label, "cell")
    spec.put(r + 2, 1, "KPIs over it", "strong")
    wrapped(spec, r + 2, [(2, 2, _kpis(ctx, name))])
    r += 4
    spec.section(r, "What the report did instead", new_page=False)
    for sheets, text in INSTEAD:
        if sheets == "NPS" and name != "nps":
            continue
        r += 1
        spec.put(r, 1, sheets, "label")
        wrapped(spec, r, [(2, 2, text)])
    spec.print_area = f"A1:B{r}"
    return spec


def _limit(where) -> int:
    return getattr(where, "limit", None) or 1_048_575


def _kpis(ctx: ReportContext, name: str) -> str:
    """The titles of the KPIs of this report that read table ``name``."""
    titles = [ctx.info(k).title for k in dict.fromkeys(k for k, _ in ctx.pairs())
              if name in ctx.info(k).tables]  # fmt: skip
    if not titles:
        return "none in this report"
    return f"{', '.join(titles)}: values computed by the engine where the data is"
