"""What the commands do with an engine source: check it, hand it to the engine, read it whole.

- :func:`check` - every data error and warning, found by queries where the data is;
- :func:`engine_tables` - the contract tables typed for the engine (``DataError`` first
  when the data breaks the contract, as the workbook reader raises);
- :func:`kpi_data` - the KPI Data table, computed by :func:`xlkpi.engine.kpi_data`;
- :func:`frames` - the contract tables as pandas DataFrames, for a report workbook that
  copies the raw data (only when every table fits in an Excel sheet; a report from a
  larger table: :mod:`xlkpi.sources.big`).
"""

from __future__ import annotations

from xlkpi.data.contract import TABLES
from xlkpi.errors import DataError, MissingColumnError, SourceError
from xlkpi.sources.cast import typed_table
from xlkpi.sources.connect import Opened, open_source
from xlkpi.sources.dates import reading
from xlkpi.sources.validate import QueryProblem
from xlkpi.text import EXCEL_MAX_ROWS

#: Data rows of an Excel sheet: a table of more rows is not copied into a report
#: (:mod:`xlkpi.sources.big`). Tests lower it to make a small table "larger than a sheet".
SHEET_ROWS = EXCEL_MAX_ROWS - 1


def opened(source, settings=None) -> Opened:
    """``source`` opened (an already opened one as it is); ``settings``: Settings keys
    chosen beside it (``--setting``; :func:`xlkpi.data.settings.setting_values`), which
    beat its own Settings (a folder's settings.csv, a warehouse's settings table), in the
    typing of its tables and in its adapters alike (an opened source whose exports were
    adapted under other date rules is opened again)."""
    from xlkpi.data.settings import setting_values

    given = setting_values(settings)
    if not isinstance(source, Opened):
        return open_source(source, given)
    if given and given != source.given:
        source.given, source.read = given, None
        built = source.adapted_under  # the date rules its exports were adapted under
        rules = None if built is None else source.settings().settings.date_rules()
        if built is not None and source.origin is not None and rules != built:
            return open_source(source.origin, given)  # adapted again under them
    return source


def check(
    source, *, said: bool = True, as_of=None, settings=None
) -> tuple[list[QueryProblem], list[QueryProblem]]:
    """(data errors, warnings) of every contract table of ``source``, in contract order;
    ``said``: the warnings start with what the adapters did (:func:`exports_said`) and
    end with the checks across tables (:mod:`xlkpi.sources.cross`) and the traps;
    ``as_of``: the report's closing date (default: a folder's settings.csv as_of);
    ``settings``: Settings keys that beat the source's (:func:`opened`)."""
    source = opened(source, settings)
    folder = source.settings()  # a folder's settings.csv: its date rules, its problems
    as_of = folder.settings.as_of if as_of is None else as_of
    with reading(folder.settings.date_rules()):
        return _check(source, said, list(folder.errors), list(folder.warnings), as_of)


def _check(source: Opened, said: bool, errors: list, notes: list, as_of) -> tuple[list, list]:
    """Every check asks its counts first, then reads them: one aggregate query per table
    (:class:`~xlkpi.sources.scan.Scan`) answers the validation's, the traps' and the
    cross-table checks' counts; examples are fetched only for a check that found."""
    from xlkpi.adapters.where import cell_problems
    from xlkpi.sources.ambiguous import ambiguous_dates
    from xlkpi.sources.scan import scans as scan_tables
    from xlkpi.sources.validate import plan_table

    warnings: list[QueryProblem] = exports_said(source) if said else []
    warnings += notes
    scans = scan_tables(source)
    planned = {name: plan_table(source.tables[name], scans[name]) for name in TABLES
               if name in source.tables}  # fmt: skip
    if said:  # the traps (xlkpi.data.traps) as queries, on the tables as typed
        from xlkpi.sources.cross import plan_cross
        from xlkpi.sources.traps import plan_traps

        missing = _missing(source)
        typed = {
            name: typed_table(TABLES[name], found.table, trimmed=found.trimmed)
            for name, found in source.tables.items()
            if name not in missing
        }
        cross = plan_cross(source, as_of, scans) if not missing else list
        traps = plan_traps(source, typed, scans)
    for name, finish in planned.items():
        bad, found_notes = finish()
        source.tables[name].trimmed = scans[name].trimmed()  # the typed tables' to come
        bad += ambiguous_dates(source.tables[name]) + cell_problems(source.tables[name])
        columns = list(source.tables[name].table.columns)
        errors += _in_order(bad, columns)
        warnings += _in_order(found_notes, columns)
    if said:
        from xlkpi.sources.orphans import orphan_warnings

        warnings += cross()
        warnings += traps()
        warnings += orphan_warnings(source)
    return errors, warnings


def _missing(source: Opened) -> set[str]:
    """The tables of ``source`` without some required column."""
    from xlkpi.sources.cast import found_columns

    return {
        name
        for name, found in source.tables.items()
        if not set(TABLES[name].required) <= set(found_columns(TABLES[name], found.table))
    }


def exports_said(source: Opened) -> list[QueryProblem]:
    """Which adapter read which stored export, rows read, left out and why (queries)."""
    from xlkpi.data.raw import SOURCE_NOTE

    said = [
        QueryProblem(a.label, None, SOURCE_NOTE, a.adapter.name, a.statement())
        for a in source.exports
    ]
    return said + [QueryProblem(label, None, "(file)", label, text) for label, text in source.notes]


def _in_order(problems: list[QueryProblem], columns: list[str] = ()) -> list[QueryProblem]:
    """Missing columns first, then row by row (files), a row's cells from left to right
    (``columns``: the stored order), as the workbook reader lists them."""
    at = {name: i for i, name in enumerate(columns)}
    return sorted(
        problems,
        key=lambda p: (
            not p.message.startswith("missing required column"),
            p.row or 0,
            at.get(p.column, len(at)) if p.row else 0,
        ),
    )


def engine_tables(source, *, validate: bool = True, settings=None) -> dict:
    """The contract tables of ``source`` as typed Ibis tables (canonical column names).

    With ``validate``, a source that breaks the contract raises ``DataError`` (or
    ``MissingColumnError``) listing the first problems, as ``read_source`` does.
    ``settings``: Settings keys that beat the source's (:func:`opened`).
    """
    source = opened(source, settings)
    with reading(source.settings().settings.date_rules()):
        return _typed(source, validate)


def _typed(source: Opened, validate: bool) -> dict:
    if validate:
        errors, _ = check(source, said=False)
        missing = [p for p in errors if p.message.startswith("missing required column")]
        if missing and len(missing) == len(errors) and len({p.sheet for p in missing}) == 1:
            found = str(missing[0].message).rsplit("found columns: ", 1)[-1].split(", ")
            error = MissingColumnError(missing[0].sheet, [p.column for p in missing], found)
            error.problems = list(missing)
            raise error
        if errors:
            raise DataError(errors)
    return {
        name: typed_table(TABLES[name], found.table, trimmed=found.trimmed)
        for name, found in source.tables.items()
    }


def kpi_data(source, *, period=None, as_of=None, options=None, settings=None):
    """The KPI Data table of ``source``, computed where the data is by the engine.

    ``options``: definition options by name (``refund_rate.basis``) or Settings key
    (``refund_basis``), as a mapping or ``NAME=VALUE`` texts; they beat a folder's
    settings.csv, as they beat a workbook's Settings sheet. ``settings``: any Settings key
    (``{"date_order": "dmy", "time_zone": "Australia/Sydney"}``), beating the source's
    own Settings (a folder's settings.csv, a warehouse's ``settings`` table).
    """
    return settings_kpi_data(source, period=period, as_of=as_of, options=options,
                             settings=settings)  # fmt: skip


def settings_kpi_data(source, *, period=None, as_of=None, options=None, preset=None,
                      validate=True, settings=None):  # fmt: skip
    """:func:`kpi_data` under the source's Settings (a folder's settings.csv: grain, as-of
    date, definition options), ``options`` and ``preset`` chosen over them as
    :func:`xlkpi.data.settings.choose` does for a workbook."""
    from xlkpi.data.settings import choose
    from xlkpi.engine import kpi_data as run
    from xlkpi.sources.settings import engine_options

    source = opened(source, settings)
    chosen = choose(source.settings().settings, options, preset)
    tables = engine_tables(source, validate=validate)
    cut = as_of if as_of is not None else chosen.as_of
    return run(tables, period=period or chosen.period, as_of=cut,
               options=engine_options(chosen))  # fmt: skip


def option_names(options) -> dict | None:
    """Definition options as the engine takes them (option name -> choice), validated;
    given by option name or Settings key, as ``--option`` and ``--preset`` give them.

    >>> option_names({"refund_basis": "value", "churn_rate.denominator": "Average"})
    {'refund_rate.basis': 'value', 'churn_rate.denominator': 'average'}
    """
    if not options:
        return None
    from xlkpi.kpi.options import by_setting
    from xlkpi.kpi.presets import option_values

    return {by_setting(key).name: value for key, value in option_values(options).items()}


def frames(source, *, limit: int | None = None) -> dict:
    """``{table title: DataFrame}`` of the typed contract tables, each at most ``limit`` rows
    (default :data:`SHEET_ROWS`).

    For a report workbook, which copies the raw tables into its sheets: a larger table
    is refused with a ``SourceError`` (``build_report`` builds such a report with
    :mod:`xlkpi.sources.big` instead, and never reads that table whole).
    """
    limit = SHEET_ROWS if limit is None else limit
    source = opened(source)
    tables = engine_tables(source)
    counts = row_counts(tables)
    over = {name: n for name, n in counts.items() if n > limit}
    if over:
        shown = ", ".join(f"{source.tables[n].label} ({c:,} rows)" for n, c in over.items())
        where = "" if shown.startswith(f"{source.label} ") else f"{source.label}: "
        raise SourceError(
            f"{where}{shown}: more than an Excel sheet holds ({limit:,} rows), and a report "
            "workbook copies each table into a sheet; `xlkpi kpis` computes the KPI Data "
            "table where the data is"
        )
    return {TABLES[name].title: table.to_pandas() for name, table in tables.items()}


def row_counts(tables: dict) -> dict[str, int]:
    """Table name -> rows, counted where the data is."""
    return {name: int(table.count().to_pyarrow().as_py()) for name, table in tables.items()}
