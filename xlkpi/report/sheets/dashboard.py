"""Dashboard: one printed page of headline tiles and a contents block.

Each tile shows a KPI of the declared tile list (Settings ``dashboard_tiles``, else
:data:`DEFAULT_TILES`): the value of the shown period in the KPI's unit (money scaled:
$2.21M), its change against the compared period (▲/▼, green when it goes the KPI's good
way), against the same period a year earlier where the data has it, the status against
the target of the All KPIs sheet, and a native sparkline of the last periods. The full
list is on the All KPIs sheet.
"""

from __future__ import annotations

import math

from openpyxl.utils import get_column_letter

from xlkpi.data.model import Settings
from xlkpi.engine.variants import option_text
from xlkpi.kpi.options import OPTIONS
from xlkpi.kpi.presets import by_preset
from xlkpi.report import comparisons as cmp
from xlkpi.report import status as kpi_status
from xlkpi.report import styles
from xlkpi.report.formulas import quote_sheet
from xlkpi.report.sheets import kpi_list, nps, sparklines
from xlkpi.report.sheets._common import heading
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.workbook import Formula, SheetSpec

DEFAULT_TILES = (
    "revenue",
    "orders",
    "aov",
    "conversion_rate",
    "new_customers",
    "cac",
    "lead_to_close_rate",
    "churn_rate",
    "nps",
    "mrr",
    "nrr",
    "roas",
)
PER_ROW = 4
TILE_ROWS = 8  # title, value, change, year ago, status, note, sparkline, gap
TOP = 6
WIDTHS = (12, 19, 2)  # a tile's left and right columns, then the gap column
DATA = PER_ROW * len(WIDTHS) + 2  # column N: the tiles' inputs (compared values, sparklines)
SPAN = 12


def tiles(ctx: ReportContext) -> list[str]:
    """The tile KPIs: the declared list (every id, available or not), else those of the
    default list the data has, a KPI its tables could give but this grain cannot (MRR
    movements at weekly grain) included: its tile says why, never a silent gap."""
    declared = getattr(ctx.result.settings, "dashboard_tiles", None)
    if declared:
        return list(declared)[: PER_ROW * 3]
    unavailable = getattr(ctx.result, "unavailable", {}) or {}
    tables = set(getattr(ctx.raw, "tables", {}) or {}) | set(ctx.oversized)

    def shown(kpi: str) -> bool:
        return ctx.has(kpi) or (kpi in unavailable and set(ctx.info(kpi).tables) <= tables)

    return [k for k in DEFAULT_TILES if shown(k)][: PER_ROW * 3]


def scaled_format(unit: str, currency: str, prefix: str = "") -> str:
    """A tile's number format: money and counts scaled to K / M.

    >>> scaled_format("money", "USD")
    '[>=1000000]"$"#,##0.00,,"M";[>=10000]"$"#,##0.0,"K";"$"#,##0'
    >>> scaled_format("rate", "USD", "target ")
    '"target "0.0%'
    """
    if unit in ("money", "count"):
        symbol = styles.CURRENCY_SYMBOLS.get(currency.upper(), "") if unit == "money" else ""
        code = "" if symbol or unit == "count" else f" {currency.upper()}"
        lead = f'"{prefix}{symbol}"' if prefix or symbol else ""
        small = ">=10000"
        return (
            f'[>=1000000]{lead}#,##0.00,,"M{code}";[{small}]{lead}#,##0.0,"K{code}";'
            f"{lead}#,##0" + (f'"{code}"' if code else "")
        )
    lead = f'"{prefix}"' if prefix else ""
    return lead + styles.number_format(unit, currency)


def _place(n: int) -> tuple[int, int]:
    """Top row and left column of tile ``n``."""
    return TOP + (n // PER_ROW) * TILE_ROWS, 1 + (n % PER_ROW) * len(WIDTHS)


def _unavailable_tile(spec, ctx, t, c, kpi) -> None:
    spec.put(t + 1, c, "n/a", "tile_value")
    reason = getattr(ctx.result, "unavailable", {}).get(kpi, "no data in the period")
    a1 = lambda r, col: f"{get_column_letter(col)}{r}"  # noqa: E731
    spec.put(t + 2, c, f"Not available: {reason}", "tile_reason")
    for r in range(t + 2, t + 7):
        spec.row(r, c + (r == t + 2), [""] * (2 - (r == t + 2)), "tile_reason")
    spec.merges.append(f"{a1(t + 2, c)}:{a1(t + 6, c + 1)}")


def _tile(spec, ctx, b, n, kpi, where, sparks) -> None:
    t, c = _place(n)
    info = ctx.info(kpi)
    a1 = lambda r, col: f"{get_column_letter(col)}{r}"  # noqa: E731
    spec.merges += [f"{a1(t, c)}:{a1(t, c + 1)}", f"{a1(t + 1, c)}:{a1(t + 1, c + 1)}"]
    spec.put(t, c, info.title, "tile_title")
    spec.put(t, c + 1, "", "tile_title")
    for r in range(t + 1, t + 7):
        spec.row(r, c, ["", ""], "tile")
    if not ctx.has(kpi):
        return _unavailable_tile(spec, ctx, t, c, kpi)
    whole = cmp.for_kpi(ctx, b, kpi)  # a monthly-booked KPI: its last complete period
    if whole is not b:
        b = whole
        spec.put(
            t + 5,
            c,
            f"{b.shown.label}: last complete {ctx.result.settings.period}; booked monthly",
            "tile_note",
        )
    now = ctx.value(kpi, b.shown.label)
    fmt = kpi_status.status_format(scaled_format(info.unit, ctx.currency), now, *_goal(ctx, kpi))
    live = (ctx.live(kpi) or nps.headline(ctx, kpi)) if b.shown is ctx.latest else None
    value = a1(t + 1, c)
    if live is not None:
        spec.put(t + 1, c, Formula(live, now), "tile_value", fmt)
        spec.check(value, kpi, b.shown.label)
    elif math.isfinite(now):
        spec.put(t + 1, c, now, "tile_value", fmt)
        if b.shown is ctx.latest:  # a live KPI under an option choice its formula lacks
            spec.comments[value] = ctx.fallback(kpi) or nps.fallback(ctx, kpi)
    else:
        spec.put(t + 1, c, "n/a", "tile_value")
        spec.put(t + 5, c, kpi_list.na_reason(ctx, kpi), "tile_note")
    data_row = TOP + n
    spec.put(data_row, DATA, info.title, "label")
    for k, (period, r) in enumerate(((b.before, t + 2), (b.year_ago, t + 3))):
        old = cmp.value_of(ctx, b, kpi, period)
        ref = a1(data_row, DATA + 1 + k)
        spec.put(data_row, DATA + 1 + k, old, "cell", ctx.fmt(info.unit))
        change = cmp.change(info.unit, now, old)
        spec.put(
            r,
            c,
            Formula(
                cmp.change_formula(info.unit, value, ref).replace("NA()", '"–"'),
                change if math.isfinite(change) else "–",
            ),
            "tile_delta",
            cmp.change_format(info.unit),
        )
        kpi_list.direction_rules(spec, a1(r, c), info.direction)
        word = "vs" if period is not None else "no"
        spec.put(r, c + 1, f"{word} {b.label(period) if period else 'year-ago data'}", "tile_note")
    _status(spec, ctx, t, c, kpi, now, where)
    note = _note(ctx, b, kpi, now)
    if note:
        spec.put(t + 5, c, note, "tile_note")
    series = ctx.series(kpi)
    if b.shown is not ctx.latest:
        series = series[:-1]
    series = series[-SPAN:]
    first = DATA + 3 + SPAN - len(series)
    spec.row(data_row, first, series, "cell", ctx.fmt(info.unit))
    rng = f"{a1(data_row, DATA + 3)}:{a1(data_row, DATA + 2 + SPAN)}"
    partial = b.partial and b.shown is ctx.latest  # the last column: a part period, paler
    sparks.append(sparklines.entry(a1(t + 6, c + 1), rng, series, partial))
    spec.put(t + 6, c, f"last {len(series)} {ctx.result.settings.period}s", "tile_note")
    if partial and spec.cells[(t + 5, c)].value == "":  # no other note in the tile
        spec.put(
            t + 5, c, f"pale bar: {b.shown.label} so far, {cmp.partial_text(ctx)}", "tile_note"
        )


def _goal(ctx, kpi) -> tuple[float, float, int]:
    """(target, amber line, direction) of ``kpi`` (NaN where no target is given)."""
    direction = ctx.info(kpi).direction
    tgt, amber = kpi_list.targets(ctx).get(kpi, (math.nan, math.nan))
    if direction and not math.isfinite(amber) and math.isfinite(tgt):
        amber = kpi_list.default_warn(tgt, direction)
    return tgt, amber, direction


def _status(spec, ctx, t, c, kpi, now, where) -> None:
    info = ctx.info(kpi)
    row = where.get((kpi, ""))
    if not info.direction or row is None:
        spec.put(t + 4, c, "no target", "tile_note")
        return
    sheet = quote_sheet(kpi_list.TITLE)
    target, warn = f"{sheet}!$E${row}", f"{sheet}!$F${row}"
    tgt, amber, _ = _goal(ctx, kpi)
    text = kpi_list.status_value(now, tgt, amber, info.direction)
    v = f"{get_column_letter(c)}{t + 1}"
    op = ">=" if info.direction > 0 else "<="
    spec.put(
        t + 4,
        c,
        Formula(
            f'=IF(OR({target}="",NOT(ISNUMBER({v}))),"no target",IF({v}{op}{target},'
            f'"● On target",IF({v}{op}{warn},"● Watch","● Off target")))',
            f"● {text}" if text else "no target",
        ),
        "tile_status",
    )
    kpi_list.status_rules(spec, f"{get_column_letter(c)}{t + 4}")
    spec.put(
        t + 4,
        c + 1,
        Formula(f'=IF({target}="","",{target})', tgt if math.isfinite(tgt) else ""),
        "tile_note",
        scaled_format(info.unit, ctx.currency, "target "),
    )


def _note(ctx, b, kpi, now) -> str:
    """Sample size, significance or cohort maturity, where it changes the reading."""
    info = ctx.info(kpi)
    small = cmp.small_sample(ctx, kpi, b.shown.label)  # under the family's minimum sample
    if kpi == "nps":
        if small:
            return f"{small} responses: indicative only"
        test = cmp.nps_change(ctx.raw, b, ctx.result.settings)
        return f"change {cmp.significance(test)}" if test else ""
    young = cmp.immature_note(ctx, kpi, b.shown)
    if young:
        return young
    if info.unit == "rate":
        n = cmp.trials(ctx, kpi, b.shown.label)
        ci = cmp.interval(now, n)
        if ci is not None:
            head = small or f"n = {n:,.0f}"
            return f"{head}; 95 % CI {ci[0]:.0%} to {ci[1]:.0%}"
    return ""


def _contents(spec: SheetSpec, titles: list[str], data: list[str], top: int) -> int:
    """Hyperlinks to the report sheets ``titles``, four a row from ``top``, then the data
    sheets ``data`` (hidden: shown and printed only when asked); return the last row used."""
    spec.put(top, 1, "Contents", "section")
    r = top
    for i, title in enumerate(titles):
        r = top + 1 + i // PER_ROW
        link = f"#{quote_sheet(title)}!A1"
        text = title.replace('"', '""')
        cell = Formula(f'=HYPERLINK("{link}","{text}")', title)
        spec.put(r, 1 + (i % PER_ROW) * len(WIDTHS), cell, "link")
    if data:
        spec.put(r + 1, 1, DATA_NOTE, "note")
        spec.put(r + 2, 1, ", ".join(data), "note")
        r += 2
    return r


# The data sheets are hidden, so printing the workbook prints the report sheets alone.
DATA_NOTE = (
    "Data sheets, hidden so that the report prints without them (to see or print one: "
    "right-click a sheet tab > Unhide):"
)


def add_contents(specs: list[SheetSpec], titles: list[str], data: list[str] = ()) -> None:
    """Hyperlinks to every report sheet of the workbook (``titles``) on the Dashboard, and
    the names of the hidden data sheets (``data``)."""
    for spec in specs:
        if spec.title == "Dashboard":
            shown = [t for t in titles if t != "Dashboard" and t not in data]
            last = _contents(spec, shown, list(data), spec.max_row + 2)
            spec.print_area = f"A1:{get_column_letter(DATA - 3)}{last}"


def build(ctx: ReportContext) -> SheetSpec:
    spec = SheetSpec("Dashboard", tab_color=styles.ACCENT, fit_height=True)
    for n in range(PER_ROW):
        for j, width in enumerate(WIDTHS):
            spec.width(1 + n * len(WIDTHS) + j, width)
    spec.width(DATA, 24)
    heading(spec, "KPI dashboard", kpi_list.subtitle(ctx))
    b = cmp.of(ctx)
    if b.shown is None:
        spec.put(3, 1, "No dated rows in the data: nothing to show.", "note")
        return spec
    spec.put(3, 1, b.note, "flag" if b.partial or b.shown is not ctx.latest else "note")
    if not ctx.embed or ctx.oversized:  # the numbers are values; no note on live cells
        spec.put(4, 1, kpi_list.note(ctx), "note")
    spec.put(5, 1, definitions_line(ctx.result.settings), "note")  # preset, changed options
    where = kpi_list.rows(ctx)
    sparks: list[tuple[str, str]] = []
    ids = tiles(ctx)
    spec.put(TOP - 1, DATA, "Tile inputs (not printed)", "section")
    spec.row(TOP - 1, DATA + 1, ["Compared with", "Year ago"], "header")
    for n, kpi in enumerate(ids):
        _tile(spec, ctx, b, n, kpi, where, sparks)
        spec.row_heights[_place(n)[0] + 1] = 36
        spec.row_heights[_place(n)[0] + 6] = 30
        spec.row_heights[_place(n)[0] + 7] = 8
    sparklines.add(spec, sparks)
    spec.hidden_cols.append((DATA, DATA + 2 + SPAN))  # the tile inputs: not for the reader
    spec.print_area = f"A1:{get_column_letter(DATA - 3)}{spec.max_row}"
    return spec


def definitions_line(settings: Settings) -> str:
    """One line for the Dashboard's header: the preset in force and every option that
    differs from xlkpi's defaults (wherever it was set: preset, Settings sheet, --option).

    >>> definitions_line(Settings())
    'Definitions: preset xlkpi (xlkpi defaults); every option at its default'
    >>> definitions_line(Settings(preset="stripe", churn_window="rolling_30d"))
    'Definitions: preset stripe (Stripe Billing); not the default: churn_rate.window = rolling_30d'
    """
    preset = by_preset(settings.preset)
    changed = [
        f"{o.name} = {option_text(getattr(settings, o.setting))}"
        for o in OPTIONS
        if getattr(settings, o.setting) != o.default
    ]
    tail = f"not the default: {', '.join(changed)}" if changed else "every option at its default"
    return f"Definitions: preset {preset.name} ({preset.title}); {tail}"
