"""``build_report``: read the raw data, compute the KPIs, write the report workbook safely."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from xlkpi.errors import OutputError
from xlkpi.kpi.presets import by_preset, option_values
from xlkpi.report import styles
from xlkpi.report.progress import Steps
from xlkpi.report.readable import dash_errors
from xlkpi.report.sheets import (
    acquisition,
    dashboard,
    definitions,
    funnel,
    kpi_data,
    kpi_list,
    kpi_sql,
    not_copied,
    nps,
    quality,
    reconciliation,
    recurring,
    retention,
    trend_charts,
    trends,
)
from xlkpi.report.sheets import (
    raw as raw_sheets,
)
from xlkpi.report.sheets.context import ReportContext
from xlkpi.report.sheets.raw_xml import splice
from xlkpi.report.workbook import render
from xlkpi.safe_io import atomic_write, check_output, mark_workbook

# Raw data is copied into the report (and so headline cells are live formulas) only up to
# this many cells: beyond it openpyxl's writing would cost far more than reading the data.
EMBED_LIMIT = 2_000_000
SHEETS = [
    dashboard,
    kpi_list,
    trend_charts,
    trends,
    nps,
    funnel,
    acquisition,
    retention,
    recurring,
    quality,
    definitions,  # the KPIs above under every definition preset
    kpi_data,
    kpi_sql,  # each KPI's SQL: compiled in the background from write_workbook's start
]
EMBED_CHOICES = ("auto", True, False)


def build_report(
    source,
    output,
    *,
    period=None,
    as_of=None,
    overwrite: bool = False,
    progress: bool = False,
    embed_raw="auto",
    findings: list | None = None,
    options=None,
    preset: str | None = None,
    settings=None,
) -> Path:
    """Build the KPI report workbook from ``source`` and write it atomically to ``output``.

    ``source``: a workbook / CSV-folder path, a dict of DataFrames, a ``RawData``, or a
    source read where it lies (Parquet/CSV file or folder, DuckDB file, connection URL,
    Ibis backend, Spark session: ``xlkpi.sources``; a table larger than a sheet is not
    copied, and every number is the engine's: :mod:`xlkpi.sources.big`).
    ``period``: month | quarter | week (default: the Settings sheet, else month).
    ``as_of``: the report's closing date (default: Settings, else the last date in the data).
    ``overwrite``: replace ``output`` even when it is not a report xlkpi wrote.
    ``progress``: show a progress bar on stderr.
    ``embed_raw``: ``"auto"`` (copy the raw tables, with live formulas over them, when they
    hold at most ``EMBED_LIMIT`` cells), ``True`` or ``False``.
    ``options``: definition options, ``{"churn_denominator": "average"}`` (an option's name
    or Settings key); ``preset``: a bundle of them (``"stripe"``). Precedence: these, then
    the Settings sheet's keys, then the preset (this one replaces the sheet's), then the
    defaults. A bad name or value raises ``OptionError`` before the data is read.
    ``settings``: any Settings key (``{"date_order": "dmy", "time_zone": "Europe/Paris"}``,
    :func:`xlkpi.data.settings.setting_values`), beating the source's own Settings.
    ``findings``: when a list, it receives the data-quality findings the report's Data
    quality sheet lists (``CellProblem`` s), e.g. for a summary.

    Returns the path written. Raises ``OutputError`` (bad output path), ``SourceError``
    (unreadable source), ``DataError`` (bad data) - all ``XlkpiError``.
    """
    from xlkpi.data import read_source
    from xlkpi.data.model import RawData
    from xlkpi.engine import switch
    from xlkpi.engine.compute import compute_kpis

    if embed_raw not in EMBED_CHOICES:
        raise OutputError(f"embed_raw must be 'auto', True or False; got {embed_raw!r}")
    chosen = {"options": option_values(options), "preset": preset and by_preset(preset).name}
    src_path = Path(source) if isinstance(source, str | os.PathLike) else None
    source, said, over = _tables_where_they_lie(source, settings)
    out = check_output(output, source=src_path, overwrite=overwrite)
    if switch.default():
        switch.preload()  # the engine's imports overlap the reading of the data
    with Steps(total=5 + len(SHEETS), enabled=progress) as steps:
        steps.start("read data")
        if over:  # a table larger than a sheet: every number from the engine, where it is
            from xlkpi.sources.big import report_input

            raw, result = report_input(source, over, period=period, as_of=as_of, said=said,
                                       **chosen)  # fmt: skip
            steps.start("compute KPIs")
        else:
            given = {"as_of": as_of, "settings": settings, **chosen}
            raw = source if isinstance(source, RawData) else read_source(source, **given)
            raw.problems = said + raw.problems  # what the adapters did where the data lies
            steps.start("compute KPIs")
            result = compute_kpis(raw, period=period, as_of=as_of, **chosen)
        if findings is not None:
            findings.extend(raw.problems)
        atomic_write(
            out, lambda tmp: write_workbook(tmp, raw, result, embed_raw=embed_raw, steps=steps)
        )
    return out


EXCEL_ROWS = 1_048_576  # rows of a worksheet, the header included


def embed_decision(raw, embed_raw="auto") -> bool:
    """Whether the raw tables go into the report."""
    too_tall = [t.sheet for t in raw.tables.values() if len(t.frame) >= EXCEL_ROWS]
    if embed_raw == "auto":
        return not too_tall and 0 < raw_sheets.total_cells(raw) <= EMBED_LIMIT
    if embed_raw and too_tall:
        raise OutputError(
            f"sheet {too_tall[0]!r} has more rows than an Excel sheet holds "
            f"({EXCEL_ROWS - 1:,} data rows); build with embed_raw='auto' or False"
        )
    return bool(embed_raw) and bool(raw.tables)


def write_workbook(
    path, raw, result, *, embed_raw="auto", steps: Steps | None = None, checks: list | None = None
) -> Path:
    """Write the report for already computed ``result`` to ``path`` (not atomically).

    When ``checks`` is a list, it receives ``(sheet, cell, kpi, segment, period)`` for every
    live formula cell whose value must equal the KPI Data value (what the tests verify).
    """
    steps = steps or Steps(0)
    embed = embed_decision(raw, embed_raw)
    refs = raw_sheets.layout(raw) if embed else {}
    steps.add(len(refs))
    ctx = ReportContext(
        raw,
        result,
        embed,
        refs,
        raw_rows=sum(len(t.frame) for t in raw.tables.values()),
        raw_note="" if embed or embed_raw == "auto" else "embed_raw=False was asked for",
    )
    kpi_sql.start(ctx)
    wb = Workbook(write_only=True)
    wb.properties.creator = "xlkpi"
    wb.properties.keywords = "xlkpi report"
    mark_workbook(wb, "report")  # what makes it replaceable by the next build (safe_io)
    wb.properties.title = "KPI report"
    wb.properties.description = f"KPI report built by xlkpi from {raw.source or 'data'}"
    wb.calculation.fullCalcOnLoad = True
    deferred = []  # every sheet's cells: spliced into the saved workbook
    specs = []
    for module in SHEETS:
        steps.start(f"sheet {module.__name__.rsplit('.', 1)[-1].replace('_', ' ')}")
        specs.append(module.build(ctx))
    steps.start("sheet reconciliation")  # over the live cells the other sheets recorded
    specs.insert(SHEETS.index(quality) + 1, reconciliation.build(ctx, specs))
    specs += not_copied.build_all(ctx)  # the tables larger than a sheet: why not here
    data = [s.title for s in specs if s.hidden] + [r.sheet for r in refs.values()]
    dashboard.add_contents(specs, [s.title for s in specs], data)
    for spec in specs:
        dash_errors(spec)  # "–", never #N/A, where people read
        deferred.append(render(wb, spec))
        if checks is not None:
            checks.extend((spec.title, *check) for check in spec.checks)
    if embed:
        deferred += raw_sheets.write(wb, raw, refs, steps)
    frame_pages(wb, raw, result)
    steps.start("save")
    splice(save_uncompressed(wb), Path(path), deferred)
    return Path(path)


def report_name(raw) -> str:
    """What the page header calls the report: "KPI report - <source file>"."""
    source = str(getattr(raw, "source", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return f"KPI report - {source}" if source else "KPI report"


def frame_pages(wb, raw, result) -> None:
    """The page header and footer (:func:`styles.print_frame`) on every sheet of ``wb``."""
    as_of = getattr(result.settings, "as_of", None)
    stamp = f"{pd.Timestamp(as_of):%Y-%m-%d}" if as_of is not None else ""
    for ws in wb.worksheets:
        styles.print_frame(ws, report_name(raw), stamp)


def save_uncompressed(wb) -> io.BytesIO:
    """``wb`` saved in memory without compression: the stage :func:`splice` completes.

    Every sheet's cells are still to come, so this is small (layout, styles, charts);
    compressing it would be wasted, as splice compresses the final file.
    """
    from openpyxl.writer.excel import ExcelWriter

    if not wb.worksheets:  # what Workbook.save does for an empty write-only book
        wb.create_sheet()
    stage = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(stage, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    stage.seek(0)
    return stage


def _tables_where_they_lie(source, settings=None):
    """(source, what its adapters did (the Sources section), its tables larger than a
    sheet): a source the engine reads where it lies (``xlkpi.sources``) as DataFrames, for
    a report that copies its raw tables, or opened when a table does not fit
    (:mod:`xlkpi.sources.big`), as is a CSV source with such a table; any other source
    (a CSV source whose tables fit, or that the engine cannot read) as it is.
    ``settings``: Settings keys chosen beside the source (``--setting``), which beat its
    own."""
    from xlkpi.sources.connect import contract_csv, is_engine_source

    given = source
    if not is_engine_source(source) and not (
        isinstance(source, str | os.PathLike) and contract_csv(Path(source).expanduser())
    ):  # a workbook (most builds): none of the engine's modules imported (~0.4 s)
        return source, [], {}
    from xlkpi.data.raw import SOURCE_NOTE
    from xlkpi.errors import CellProblem, SourceError
    from xlkpi.sources.api import exports_said, frames, opened
    from xlkpi.sources.big import csv_over, oversized

    if not is_engine_source(source) and not csv_over(source):
        return source, [], {}
    try:
        source = opened(source, settings)
    except SourceError:
        if is_engine_source(given):
            raise
        return given, [], {}  # e.g. text DuckDB cannot decode: the reader reads it
    said = [
        CellProblem(p.sheet, 1, p.column, p.value, p.message)
        for p in exports_said(source)
        if p.column in (SOURCE_NOTE, "(file)")
    ]
    over = oversized(source)
    if not is_engine_source(given):  # CSV: the reader, unless a table is too large
        return (source, said, over) if over else (given, [], {})
    if over:
        return source, said, over
    from xlkpi.sources.settings import as_sheets  # the source's Settings and Targets, too

    return {**frames(source), **as_sheets(source.settings())}, said, {}
