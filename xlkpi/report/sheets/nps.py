"""NPS: the manual Excel workflow, live - responses, a group per response by formula,
COUNTIFS per group, shares, NPS and its margin of error; NPS by period and by segment."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from xlkpi.engine.compare import responses_by_segment
from xlkpi.kpi import net_promoter
from xlkpi.kpi.net_promoter import GROUP_SCORES, PASSIVE_MIN, PROMOTER_MIN, SCORE_MAX
from xlkpi.kpi.options import NPS_INTERVAL, NPS_INVALID
from xlkpi.report import comparisons as cmp
from xlkpi.report.declared import ANY, Declared, fallback_note, setting
from xlkpi.report.formulas import covered, excel_date, quote_sheet
from xlkpi.report.sheets._common import chart, heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.notes import footnote, why, wrapped
from xlkpi.report.sheets.nps_counted import counted_steps, subtitle
from xlkpi.report.workbook import DASH, Formula, SheetSpec

LIST_LIMIT = 50_000  # responses listed with a group formula each; beyond, counts go direct
GROUPS = [  # title, scores, label, share KPI; the scores of xlkpi.kpi.net_promoter
    (f"{label}s", "{}-{}".format(*GROUP_SCORES[label.lower()]), label, f"{label.lower()}s_share")
    for label in ("Promoter", "Passive", "Detractor")
]
GROUP_COLORS = ["2E7D32", "A6A6A6", "C62828"]  # promoters green, passives grey, detractors red
LIST_COL = 12  # column L: responses (step 1) and their group (step 2)
TOP = 6  # first row of the counts block


def _ref(sheet: str, col: int, row: int) -> str:
    return f"{quote_sheet(sheet)}!${get_column_letter(col)}{row}"


def _responses(spec: SheetSpec, ctx: ReportContext) -> str | None:
    """List the responses with a live group formula; return the group range, or None."""
    ref = ctx.refs.get("nps")
    if ref is None or not ref.has("response_date", "score") or ref.rows > LIST_LIMIT:
        return None
    r0 = TOP - 1
    title = "Steps 1-2: every response and its group (by formula)"
    spec.section(r0 - 1, title, LIST_COL, new_page=False)  # for the screen: not printed
    cols = [("Date", "response_date"), ("Score", "score"), ("Segment", "segment")]
    cols = [(h, c) for h, c in cols if ref.has(c)]
    spec.header(r0, LIST_COL, [h for h, _ in cols] + ["Group"])
    score_col = LIST_COL + [c for _, c in cols].index("score")
    s = get_column_letter(score_col)
    frame = ctx.raw.tables["nps"].frame
    shown = [_shown(frame[column]) for _, column in cols]  # what IF(src="","",src) gives
    groups = _groups(frame["score"]).tolist()
    for i in range(ref.rows):
        r = r0 + 1 + i
        for j, (_, column) in enumerate(cols):
            src = _ref(ref.sheet, ref.columns[column], i + 2)
            spec.put(
                r,
                LIST_COL + j,
                Formula(f'=IF({src}="","",{src})', shown[j][i]),
                None,
                "yyyy-mm-dd" if column == "response_date" else None,
            )
        spec.put(
            r,
            LIST_COL + len(cols),
            Formula(
                f'=IF(NOT(ISNUMBER({s}{r})),"",'
                f'IF(OR({s}{r}<0,{s}{r}>{SCORE_MAX},{s}{r}<>INT({s}{r})),"",'
                f'IF({s}{r}>={PROMOTER_MIN},"Promoter",'
                f'IF({s}{r}>={PASSIVE_MIN},"Passive","Detractor"))))',
                groups[i],
            ),
            None,
        )
    last = r0 + max(ref.rows, 1)
    for j, width in enumerate([12, 8, 16, 12][: len(cols) + 1]):
        spec.width(LIST_COL + j, width)
    date = get_column_letter(LIST_COL)
    group = get_column_letter(LIST_COL + len(cols))
    return f"${group}${r0 + 1}:${group}${last}|${date}${r0 + 1}:${date}${last}"


def _shown(series: pd.Series) -> list:
    """A raw column's values as a formula over its cells shows them ("" for a blank)."""
    return series.astype(object).where(series.notna(), "").tolist()


def _scores(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _groups(series: pd.Series) -> np.ndarray:
    """The group formula's result per score: Promoter / Passive / Detractor, "" if invalid."""
    s = _scores(series)
    with np.errstate(invalid="ignore"):
        valid = np.isfinite(s) & (s >= 0) & (s <= SCORE_MAX) & (s == np.floor(s))
        named = np.where(
            s >= PROMOTER_MIN, "Promoter", np.where(s >= PASSIVE_MIN, "Passive", "Detractor")
        )
    return np.where(valid, named, "")


def _count_formula(ctx: ReportContext, listed: str | None, label: str) -> str:
    """COUNTIFS of the latest period's ``label`` group: over the listed groups (step 2),
    else over the raw scores (every score of the group's range)."""
    low, high = GROUP_SCORES[label.lower()]
    scope = ctx.scope()
    window = f'">="&{excel_date(scope.start)},%s,"<"&{excel_date(scope.stop)}'
    if listed:
        group, date = listed.split("|")
        return f'=COUNTIFS({group},"{label}",{date},{window % date})'
    ref = ctx.refs["nps"]
    score, date = ref.rng("score"), ref.rng("response_date")
    return f'=COUNTIFS({score},">={low}",{score},"<={high}",{date},{window % date})'


# What each formula of the summary implements (xlkpi.report.declared). The group formula of
# the listed responses leaves out every invalid score; the raw-score range count would take
# 6.5 for a detractor, so it implements nps.invalid's default (error: no invalid score).
LISTED_COUNTS = Declared({NPS_INVALID: ANY})
RAW_COUNTS = Declared()
OVER_COUNTS = Declared({NPS_INVALID: ANY})  # shares, responses, NPS: cells over the counts


def _margin(p: str, d: str, n: str) -> str:
    """``z × 100 × sqrt((p + d − (p − d)²) / n)`` (as ``margin_of_counts``, clipped at 0)."""
    return f"NORMSINV(0.975)*100*SQRT(MAX(0,{p}+{d}-({p}-{d})^2)/{n})"


def _adjusted(pro: str, det: str, n: str) -> str:
    """The adjusted Wald margin: answers added as ``net_promoter.margin_of_counts`` adds them."""
    each, size = f"{net_promoter.ADJUSTED_EACH!r}", f"({n}+{net_promoter.ADJUSTED_ANSWERS!r})"
    return _margin(f"({pro}+{each})/{size}", f"({det}+{each})/{size}", size)


MARGINS = {  # nps_margin.method -> the margin over the promoter, detractor and answer counts
    NPS_INTERVAL.WALD: lambda pro, det, n: _margin(f"{pro}/{n}", f"{det}/{n}", n),
    NPS_INTERVAL.ADJUSTED_WALD: _adjusted,
}
# The headline cells of this sheet (latest period), for the Dashboard to point at.
HEADLINES = {
    "promoters_share": f"D{TOP}",
    "passives_share": f"D{TOP + 1}",
    "detractors_share": f"D{TOP + 2}",
    "nps_responses": f"C{TOP + 3}",
    "nps": f"C{TOP + 5}",
    "nps_margin": f"C{TOP + 6}",
}
DECLARED = {kpi: OVER_COUNTS for kpi in HEADLINES} | {
    "nps_margin": Declared({NPS_INTERVAL: tuple(MARGINS), NPS_INVALID: ANY})
}


def _missing(ctx: ReportContext, kpi: str, declared: Declared | None = None):
    return (declared or DECLARED[kpi]).unsupported([kpi], ctx.result.settings)


def fallback(ctx: ReportContext, kpi: str) -> str | None:
    """The comment of an NPS headline cell written as its Python value (an option choice
    its formula does not implement), else None."""
    if kpi not in DECLARED or not ctx.has("nps"):
        return None
    missing = _missing(ctx, kpi)
    return fallback_note(missing) if missing else None


def is_live(ctx: ReportContext) -> bool:
    """True when this sheet's headline cells are formulas over the NPS data sheet."""
    ref = ctx.refs.get("nps")
    return (
        ctx.scope() is not None
        and ctx.has("nps")
        and ref is not None
        and ref.has("response_date", "score")
    )


def headline(ctx: ReportContext, kpi: str) -> Formula | None:
    """``='NPS'!C11`` for an NPS KPI whose cell on this sheet is live, else None."""
    if kpi not in HEADLINES or not is_live(ctx) or _missing(ctx, kpi):
        return None
    return Formula(f"={quote_sheet('NPS')}!{HEADLINES[kpi]}", ctx.value(kpi, ctx.latest.label))


def _put_kpi(spec: SheetSpec, ctx: ReportContext, cell: tuple[int, int], kpi: str, text, fmt):
    """A KPI cell of the latest period: ``text`` (a formula over the counts, cached with the
    KPI Data value) where its declaration implements the options in force, else the value."""
    r, c = cell
    value = ctx.value(kpi, ctx.latest.label)
    missing = _missing(ctx, kpi)
    if missing:
        spec.put(r, c, value, "cell", fmt, na="error")
        spec.comments[f"{get_column_letter(c)}{r}"] = fallback_note(missing)
        return
    spec.put(r, c, Formula(text, value), "live", fmt)
    spec.check(f"{get_column_letter(c)}{r}", kpi, ctx.latest.label)


def _summary(spec: SheetSpec, ctx: ReportContext, listed: str | None, counted=None) -> int:
    """Steps 3-5 of the latest period and their chart; return the first free row."""
    latest = ctx.latest.label
    spec.section(TOP - 2, f"Steps 3-5: latest period {latest}", new_page=False)
    spec.header(TOP - 1, 1, ["Group", "Scores", "Responses", "Share"])
    n = ctx.value("nps_responses", latest)
    counts_missing = _missing(ctx, "nps", LISTED_COUNTS if listed else RAW_COUNTS)
    live = is_live(ctx) and not counts_missing
    for i, (title, scores, label, share_id) in enumerate(GROUPS):
        r = TOP + i
        spec.row(r, 1, [title, scores], "label")
        share = ctx.value(share_id, latest)
        count = round(share * n) if math.isfinite(share) and math.isfinite(n) else None
        if counted:  # the latest period's row of steps 1-2
            spec.put(r, 3, Formula(*counted[label]), "live" if live else "cell", "#,##0")
        elif live:
            spec.put(r, 3, Formula(_count_formula(ctx, listed, label), count or 0), "live", "#,##0")
        else:
            spec.put(r, 3, count, "cell", "#,##0")
        if is_live(ctx) and counts_missing:
            spec.comments[f"C{r}"] = fallback_note(counts_missing)
    t = TOP + 3
    spec.row(t, 1, ["All responses", "0-10"], "strong")
    total = f"SUM(C{TOP}:C{TOP + 2})"
    if live:  # undefined without a dated response in the period, as in KPI Data
        cover = covered(ctx.scope(), ["nps"])
        responses = f"=IF({cover},{total},NA())" if cover else f"={total}"
        _put_kpi(spec, ctx, (t, 3), "nps_responses", responses, "#,##0")
    else:  # the counts are values: so is their total (blank, not 0, where undefined)
        spec.put(t, 3, n, "cell", "#,##0", na="error")
        spec.check(f"C{t}", "nps_responses", latest)
    for i, (_, _, _, share_id) in enumerate(GROUPS):
        r = TOP + i
        _put_kpi(spec, ctx, (r, 4), share_id, f"=IF($C${t}=0,NA(),C{r}/$C${t})", "0.0%")
    spec.row(t + 2, 1, ["NPS", "% promoters - % detractors"], "strong")
    _put_kpi(spec, ctx, (t + 2, 3), "nps", f"=IF(C{t}=0,NA(),100*(C{TOP}-C{TOP + 2})/C{t})", "0.0")
    spec.row(t + 3, 1, ["Margin of error", "95 % confidence, +/- points"], "label")
    method = setting(ctx.result.settings, NPS_INTERVAL)
    margin = MARGINS.get(method, MARGINS[NPS_INTERVAL.default])(f"C{TOP}", f"C{TOP + 2}", f"C{t}")
    _put_kpi(spec, ctx, (t + 3, 3), "nps_margin", f"=IF(C{t}=0,NA(),{margin})", "0.0")
    spec.chart(
        chart(
            "bar",
            f"Response groups, {latest}",
            cats=(1, TOP, TOP + 2),
            series=[(3, TOP - 1, TOP + 2)],
            x_title="Group",
            y_title="Responses",
            fmt="#,##0",
            width=11,
            height=6.5,
            colors=GROUP_COLORS,
        ),
        "F3",
    )
    note = spec.below_charts(t + 4)  # the note's text runs right, under the chart's columns
    spec.put(
        note,
        1,
        ", ".join(f"{label.lower()} {scores}" for _, scores, label, _ in GROUPS).capitalize()
        + "; blank scores are skipped. NPS = 100 x (promoters - detractors) / responses.",
        "note",
    )
    return note + 2


def _by_period(spec: SheetSpec, ctx: ReportContext, r: int) -> int:
    spec.section(r, "NPS by period")
    r += 1
    spec.header(
        r, 1, ["Period", "Responses", "Promoters", "Passives", "Detractors", "NPS", "+/- margin"]
    )
    ids = [
        "nps_responses",
        "promoters_share",
        "passives_share",
        "detractors_share",
        "nps",
        "nps_margin",
    ]
    fmts = ["#,##0", "0.0%", "0.0%", "0.0%", "0.0", "0.0"]
    for label in ctx.labels:
        r += 1
        spec.put(r, 1, label, "strong")
        spec.row(
            r,
            2,
            [ctx.value(k, label) for k in ids],
            "cell",
            fmts,
            na="dash",
            whys=[why(ctx, k, label) for k in ids],
        )
    return footnote(spec, r + 2) + 2


def _by_segment(spec: SheetSpec, ctx: ReportContext, r: int) -> int:
    segments = ctx.segments("nps")
    if not segments:
        return r
    latest = ctx.latest.label
    previous = ctx.previous.label if ctx.previous else None
    spec.section(r, "NPS by segment")
    r += 1
    spec.header(
        r,
        1,
        ["Segment", f"NPS {latest}", f"NPS {previous or '-'}", "Change", "n", "n before"],
    )
    counts = [responses_by_segment(ctx.raw, p, ctx.as_of) for p in (ctx.latest, ctx.previous)]
    low = cmp.nps_min_n()  # a change on fewer responses is withheld: "–" (the note says why)
    for seg in segments:
        r += 1
        now, before = ctx.value("nps", latest, seg), ctx.value("nps", previous, seg)
        spec.put(r, 1, ctx.shown(seg, "segment"), "label")
        n = [c.get(seg, 0) for c in counts]
        if not math.isfinite(now) and not math.isfinite(before) and not any(n):
            # one "–" and its reason, not a "–" per column (the text runs over C:D)
            spec.row(r, 2, [f"{DASH} no responses in either period", None, None], "cell")
            spec.row(r, 5, n, "cell", "#,##0")
            continue
        spec.row(r, 2, [now, before], "cell", "0.0", na="dash", whys=[why(ctx, "nps")] * 2)
        diff = now - before if math.isfinite(now - before) and min(n) >= low else DASH
        change = Formula(
            f'=IF(MIN(E{r}:F{r})<{low},"{DASH}",'
            f'IF(AND(ISNUMBER(B{r}),ISNUMBER(C{r})),B{r}-C{r},"{DASH}"))',
            diff,
        )
        spec.put(r, 4, change, "dash" if diff == DASH else "cell", cmp.POINTS_FORMAT)
        spec.row(r, 5, n, "cell", "#,##0")
    wrapped(spec, r + 1, [(1, 6, _change_note(ctx))])  # within the table's width
    return max(r + 3, footnote(spec, r + 2) + 2)


def _change_note(ctx: ReportContext) -> str:
    """The segments' n, and whether the NPS change is more than sampling noise."""
    b = cmp.of(ctx)
    test = cmp.nps_change(ctx.raw, b, ctx.result.settings)
    text = (
        "n = responses in the period; a segment NPS on a few responses moves by chance: "
        f"a change on fewer than {cmp.nps_min_n()} responses a period is not shown (–)."
    )
    if test is not None and b.before is not None:
        text += (
            f" Total NPS {b.shown.label} vs {b.label(b.before)}: {test.difference:+.1f} points, "
            f"{cmp.significance(test)}."
        )
    return text


def _counted(spec: SheetSpec, ctx: ReportContext):
    """Steps 1-2 where the responses are not listed: the NPS table not copied, or more
    responses than LIST_LIMIT (the latest period's counts COUNTIFS over the NPS data sheet
    where they implement the options in force): :func:`counted_steps`."""
    if "nps" not in ctx.oversized and not is_live(ctx):
        return None  # the raw data not embedded: the summary's counts are values
    live = is_live(ctx) and not _missing(ctx, "nps", RAW_COUNTS)
    count = (lambda label: _count_formula(ctx, None, label)) if live else None
    return counted_steps(spec, ctx, TOP - 1, LIST_COL, [g[2] for g in GROUPS], count)


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("NPS")
    for i, w in enumerate([22, 26, 12, 14, 12, 12, 12], start=1):
        spec.width(i, w)
    heading(spec, "Net Promoter Score", subtitle(ctx, LIST_LIMIT))
    if not ctx.has("nps") or ctx.latest is None:
        reason = getattr(ctx.result, "unavailable", {}).get("nps", "needs sheet NPS")
        spec.put(4, 1, f"NPS not available: {reason}", "note")
        return spec
    listed = _responses(spec, ctx)
    counted = None if listed else _counted(spec, ctx)
    r = _summary(spec, ctx, listed, counted)
    r = _by_segment(spec, ctx, r)  # before the long by-period table: its header repeats
    r = _by_period(spec, ctx, r)
    spec.print_area = f"A1:J{r}"  # the summary; the response list is for the screen
    return spec
