"""``xlkpi kpis``: the KPI Data table on stdout; on stderr, what was read and the warnings.

Every source, a workbook, a folder of exports or a table where the data lives, states the
same on stderr as ``xlkpi check`` and the build summary do: which adapter read which
export (rows read, left out and why), which file was not used, and the warning findings.
When no KPI can be computed (e.g. a GA4 report without its Date dimension: every row is
left out), the command says why and exits 1, as for any other data error.
"""

from __future__ import annotations

from xlkpi.data.raw import SOURCE_NOTE
from xlkpi.errors import DataError

#: Findings about whole files or sheets (one not used, one ignored): stated like a source.
FILE_NOTES = (SOURCE_NOTE, "(file)", "(sheet)")
#: Warnings listed on stderr before "and N more" (``xlkpi check`` lists them all).
SHOWN = 20


def workbook_kpis(source, *, period, as_of, options, preset, settings=None):
    """(KPI Data table, findings) of a workbook or folder source."""
    from xlkpi.data import read_source
    from xlkpi.engine.compute import compute_kpis

    chosen = {"options": options, "preset": preset}
    raw = read_source(source, as_of=as_of, settings=settings, **chosen)
    table = compute_kpis(raw, period=period, as_of=as_of, **chosen).table
    return table, list(raw.problems)


def engine_source(source, settings=None):
    """``source`` opened by the engine (``xlkpi.sources.connect.engine_reads``), or None
    for the reader; ``settings``: ``--setting`` keys, under which its exports are adapted.
    A CSV source DuckDB cannot read (text that is not UTF-8, ...) goes to the reader too,
    which also tries Windows-1252."""
    from xlkpi.errors import SourceError
    from xlkpi.sources.api import opened
    from xlkpi.sources.connect import engine_reads, is_engine_source

    if not engine_reads(source):
        return None
    try:
        return opened(source, settings)
    except SourceError:
        if is_engine_source(source):
            raise
        return None  # the reader reads it, or says why in its own words


def engine_kpis(source, *, period, as_of, options=None, preset=None, settings=None):
    """(KPI Data table, warnings) of a source the engine reads where it lies: checked
    once (the data errors raise as ``kpi_data`` raises them), then computed; the KPIs the
    engine does not compute are named on stderr after the table (``engine.coverage``).
    A folder's settings.csv counts as a workbook's Settings sheet does: ``options`` and
    ``preset`` beat it as they beat the sheet (:func:`xlkpi.data.settings.choose`), and
    ``settings`` (``--setting``) beat the source's Settings (a warehouse's settings table)."""
    import click

    from xlkpi.engine.coverage import not_computed_note
    from xlkpi.sources.api import check, opened, settings_kpi_data

    source = opened(source, settings)
    cut = as_of if as_of is not None else source.settings().settings.as_of
    errors, warnings = check(source, as_of=cut)
    table = settings_kpi_data(
        source, period=period, as_of=as_of, options=options, preset=preset, validate=bool(errors)
    )  # raises on a data error
    note = not_computed_note()  # report KPIs without an engine expression, named
    if note:
        click.get_current_context().call_on_close(lambda: click.echo(note, err=True))
    return table, warnings


def state(table, findings, say, source) -> None:
    """The source statements, then the other warnings (at most :data:`SHOWN`), on stderr;
    ``DataError`` (why, in one line) when ``table`` is empty: no KPI can be computed."""
    notes = [p for p in findings if p.column in FILE_NOTES]
    why = [p for p in notes if " 0 row(s)" in p.message] or notes if table.empty else []
    for p in notes:
        if p not in why:
            say(f"Source {p.sheet}: {p.message}", err=True)
    rest = [p for p in findings if p.column not in FILE_NOTES]
    for p in rest[:SHOWN]:
        say(f"warning: {p}", err=True)
    if len(rest) > SHOWN:
        say(f"... and {len(rest) - SHOWN} more warning(s): run xlkpi check", err=True)
    if table.empty:
        raise nothing_computed(source, why)


def nothing_computed(source, why) -> DataError:
    """The error of a source that gives no KPI, with ``why`` (its exports' statements)."""
    name = getattr(source, "name", None) or str(source)
    if why:
        text = "; ".join(f"{p.sheet}: {p.message}" for p in why)
    else:
        text = "no contract table with rows to compute from (run xlkpi check)"
    return DataError(f"no KPI can be computed from {name}: {text}")
