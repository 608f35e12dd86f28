"""A report from a source whose table is larger than an Excel sheet holds.

The report copies each contract table into a sheet; a table of more rows than a sheet
holds (:data:`xlkpi.sources.api.SHEET_ROWS`) is not copied and never read into Python:
its KPIs, the side tables and the like-for-like comparisons are computed by the engine
where the data is (:mod:`xlkpi.engine.at_source`), the same numbers ``xlkpi kpis`` prints.
The tables that fit are read as the report reads them today, for their raw sheets.

- :func:`oversized` - the tables of a source that do not fit (name -> rows);
- :func:`csv_over` - whether a CSV source may hold one (then the engine counts);
- :func:`report_input` - ``(RawData, KpiResult)`` for such a source; the RawData holds
  the tables that fit and, as ``where``, the engine's view (:class:`~xlkpi.engine.at_source.Where`).
"""

from __future__ import annotations

import os
from pathlib import Path

from xlkpi.data.contract import TABLES
from xlkpi.errors import CellProblem
from xlkpi.sources import api


def oversized(source, limit: int | None = None) -> dict[str, int]:
    """Table name -> rows of each contract table of ``source`` over ``limit`` rows (default
    :data:`xlkpi.sources.api.SHEET_ROWS`), counted where the data is."""
    limit = api.SHEET_ROWS if limit is None else limit
    tables = api.engine_tables(api.opened(source), validate=False)
    return {n: c for n, c in api.row_counts(tables).items() if c > limit}


def csv_over(source, limit: int | None = None) -> bool:
    """Whether ``source`` is a CSV file or folder the engine reads
    (:func:`xlkpi.sources.connect.contract_csv`) with a table of more lines than ``limit``
    rows: the cheap test before counting where the data is (a line break inside a quoted
    value counts here too: the engine's count decides)."""
    from xlkpi.sources.connect import contract_csv, is_engine_source

    limit = api.SHEET_ROWS if limit is None else limit
    if not isinstance(source, str | os.PathLike) or is_engine_source(source):
        return False
    path = Path(source).expanduser()
    if not contract_csv(path):
        return False
    files = [path] if path.is_file() else [p for p in path.rglob("*.[cC][sS][vV]")]
    lines: dict[Path, int] = {}
    for file in files:  # a table: a file, or a folder of parts (each with its header)
        table = file if file.parent == path or file == path else file.parent
        lines[table] = lines.get(table, 0) + _lines(file, limit) - 1
    return any(n > limit for n in lines.values())


def _lines(file: Path, limit: int) -> int:
    """Line breaks in ``file`` (+1 for a last line without one); 0 for a file of fewer
    bytes than ``limit`` (it cannot hold more lines than that)."""
    if file.stat().st_size <= limit:
        return 0
    count, last = 0, b"\n"
    with open(file, "rb") as stream:
        while chunk := stream.read(1 << 24):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def report_input(source, over: dict[str, int], *, period=None, as_of=None, options=None,
                 preset=None, said=()) -> tuple:  # fmt: skip
    """``(raw, result)`` of an opened ``source`` whose tables ``over`` do not fit a sheet.

    Checked once where the data is (a data error raises ``DataError`` as ``xlkpi kpis``
    does); the warnings become the report's findings after ``said`` (the adapters' and
    the oversized tables' statements, :func:`statements`).
    """
    from xlkpi.data import read_source
    from xlkpi.data.model import RawData
    from xlkpi.data.settings import choose
    from xlkpi.engine.at_source import Where, engine_result
    from xlkpi.sources.settings import engine_options

    source = api.opened(source)
    folder = source.settings()
    settings = choose(folder.settings, options, preset)
    cut = as_of if as_of is not None else settings.as_of
    errors, warnings = api.check(source, as_of=cut, said=False)
    tables = api.engine_tables(source, validate=bool(errors))  # raises on a data error
    small = {TABLES[n].title: t.to_pandas() for n, t in tables.items() if n not in over}
    # the tables that fit, read as the report reads them (none: every table is too large)
    raw = read_source(small, as_of=as_of, options=options, preset=preset) if small else RawData({})
    raw.settings = settings
    raw.targets = folder.targets if getattr(folder, "targets", None) is not None else raw.targets
    raw.source = source.label
    labels = {n: source.tables[n].label for n in over}
    raw.where = Where(tables, engine_options(settings), dict(over), label=source.label,
                      labels=labels, limit=api.SHEET_ROWS)  # fmt: skip
    raw.problems = [*said, *statements(source, over), *map(_cell, warnings)]
    result = engine_result(raw.where, settings, period=period, as_of=as_of)
    raw.where.options = engine_options(result.settings)
    return raw, result


def statements(source, over: dict[str, int]) -> list[CellProblem]:
    """One finding per table not copied: its rows, where it lives, what the report did."""
    from xlkpi.data.raw import SOURCE_NOTE

    source = api.opened(source)
    return [
        CellProblem(source.tables[n].label, 1, SOURCE_NOTE, "engine", sentence(n, rows))
        for n, rows in over.items()
    ]


def sentence(name: str, rows: int) -> str:
    """What the report did with a table of ``rows`` rows, in one line.

    >>> sentence("orders", 10_000_000)[:76]
    'Orders: 10,000,000 rows, more than an Excel sheet holds (1,048,575): not cop'
    """
    return (
        f"{TABLES[name].title}: {rows:,} rows, more than an Excel sheet holds "
        f"({api.SHEET_ROWS:,}): not copied into the report; the KPIs over it are values "
        "computed by the engine where the data is"
    )


def _cell(p) -> CellProblem:
    """A finding of a query as the Data quality sheet lists it (a warehouse row: its key)."""
    message = f"{p.message} ({p.key})" if getattr(p, "key", "") and p.row is None else p.message
    return CellProblem(p.sheet, p.row, p.column, p.value, message)  # row None: no order
