"""KPI SQL: each report KPI's title, its definition from the catalogue and the SQL (DuckDB
dialect) that computes it, compiled by the engine at the report's grain under the options
in force (:mod:`xlkpi.report.sheets.kpi_sql_text`).

One SQL line a row, in a monospace font: a long query stays readable on screen and on
paper. The SQL is data text: every line goes through the cell door (never a formula). A
data sheet: hidden, printed only when asked (docs/report.md says how).
"""

from __future__ import annotations

from xlkpi.kpi.catalogue import report_kpis
from xlkpi.report.sheets import kpi_sql_text as text
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.notes import wrapped
from xlkpi.report.workbook import Column, SheetSpec

TITLE = "KPI SQL"
# Characters of column A: the longest SQL line, at least WIDTH; at most WIDEST, which a
# landscape page prints at 80 % (Consolas 10 pt stays 8 pt on paper; longer lines wrap).
WIDTH, WIDEST = 100, 175
NO_SQL = "Computed by xlkpi's Python path; no SQL yet."
GRAINS = {"month": "monthly", "quarter": "quarterly", "week": "weekly (ISO weeks)"}
PERIOD_NOTE = {
    "month": "months since January 1970 (0 = 1970-01)",
    "quarter": "quarters since 1970-Q1 (0 = 1970-Q1)",
    "week": "ISO weeks since the week of Monday 1969-12-29 (0 = that week)",
}


def start(ctx: ReportContext) -> None:
    """Begin compiling in the background (called when the report's settings are known)."""
    text.start(ctx)


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec(TITLE, hidden=True)  # data: printed only when asked (unhidden)
    texts = text.collect(ctx)
    lines = {kpi: _lines(sql) for kpi, sql in texts.sql.items()}  # cut once, used twice
    longest = max((len(x) for sql in lines.values() for x in sql), default=0)
    spec.width(1, min(max(WIDTH, longest + 2), WIDEST))
    kind = ctx.result.settings.period
    spec.put(1, 1, "Each KPI's definition as SQL (DuckDB)", "title")
    notes = [
        f"Compiled by xlkpi's engine at this report's grain ({GRAINS.get(kind, kind)}) under "
        "the definition options on All KPIs (Definitions used), over the contract tables "
        "(orders, customers, ...) named as the data contract names them.",
        f"Each query returns period, segment ('' = total) and value; period counts "
        f"{PERIOD_NOTE.get(kind, 'periods')}. A NULL value is a period the KPI's tables do "
        "not cover, shown as '–' in the report.",
        f"As in the report, rows dated after its as-of date ({_as_of(ctx)}) are left out, "
        "and each table covers its periods up to that date.",
    ]
    if getattr(ctx.result, "spend_spread", False):
        notes.append(
            "Spend is booked monthly: as in the report, each Spend row is spread over the "
            "days of its month before it is cut into weeks."
        )
    if texts.reason:
        notes.append(f"No SQL in this report: {texts.reason}.")
    for row, note in enumerate(notes, start=2):
        wrapped(spec, row, [(1, 1, note)])
    last = 1 + len(notes)
    for entry in report_kpis():  # a blank row above each KPI's block
        last = _kpi(spec, last + 2, entry, texts, lines.get(entry.id))
    return spec


def _kpi(spec: SheetSpec, row: int, entry, texts: text.Texts, lines: list | None) -> int:
    """The block of one KPI from ``row``: title, definition, SQL lines; its last row."""
    spec.section(row, entry.title)
    wrapped(spec, row + 1, [(1, 1, f"Definition: {entry.definition}")])
    if lines is None:  # no SQL for this KPI
        why = texts.missing.get(entry.id) or texts.reason or NO_SQL
        spec.put(row + 2, 1, why if why == NO_SQL else f"No SQL: {why}", "note")
        return row + 2
    spec.put(row + 2, 1, "SQL (DuckDB):", "strong")
    spec.block(row + 3, 1, [Column(lines, style="code")])
    return row + 2 + len(lines)


def _lines(sql: str) -> list[str]:
    """The lines of ``sql``, one longer than :data:`WIDEST` broken before a ``||`` outside
    its string literals (a line break there is white space to SQL: the text pastes as it
    ran), its continuation indented as it is."""
    out: list[str] = []
    for line in sql.split("\n"):
        indent = " " * (len(line) - len(line.lstrip(" ")))
        while len(line) > WIDEST:
            cut = _cut(line, WIDEST)
            if cut is None:
                break
            out.append(line[:cut].rstrip())
            line = indent + "  " + line[cut:].lstrip()
        out.append(line)
    return out


def _cut(line: str, limit: int) -> int | None:
    """The last position before ``limit`` where `` || `` stands outside a quoted literal."""
    best, quoted = None, False
    for i, ch in enumerate(line[:limit]):
        if ch == "'":
            quoted = not quoted  # a doubled quote toggles twice: still inside
        elif not quoted and line.startswith(" || ", i) and i > len(line) - len(line.lstrip()):
            best = i + 1
    return best


def _as_of(ctx: ReportContext) -> str:
    as_of = ctx.result.settings.as_of
    return "none" if as_of is None else f"{as_of:%Y-%m-%d}"
