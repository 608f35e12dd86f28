"""Adapters where the data lives: an export stored in an engine source (a Parquet or CSV
file read by DuckDB, a DuckDB database's table, a warehouse table) is adapted there.

The export is recognised by its columns (any table or file name: ``orders_export_1``,
``events_20250113``), as a downloaded file is by its header, and the adapter's Ibis
expression is applied to the stored table itself: the contract tables it yields are
queries on the backend (DuckDB, PostgreSQL, BigQuery, ...), never pulled into Python.
What the adapter did (rows read, left out and why, the facts that change the numbers)
is counted by queries when the source is checked (:func:`statement`).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import ibis

from xlkpi.adapters import recognise
from xlkpi.adapters.base import ROW, Adapter, cell_row, column_key
from xlkpi.adapters.ga4 import nested
from xlkpi.adapters.run import ADDS_UP, cell_problem, expressions, labels, not_used, statement


@dataclass
class Adapted:
    """One export adapted in its backend: the rows marked with their drop reason, and the
    contract tables it yields (both Ibis expressions on the stored table)."""

    adapter: Adapter
    label: str  # the file or table, as the user names it
    marked: object
    tables: dict
    #: the export's headers as it spells them (problems name them, as the reader does)
    headers: tuple = ()
    #: its rows carry the file's lines (a file: problems name them); a warehouse table's
    #: rows have no order (problems name the row's key)
    lines: bool = False
    #: the bad cells no adapted row carries (:attr:`Adapter.cells`), or None
    cells: object = None
    #: stores an expression where the export lives, ``keep(expr, what)`` (:meth:`Kept.table`):
    #: the bad cells are then computed once for every table's problems; None: not stored
    keep: object = None

    def statement(self) -> str:
        """Which adapter, rows read, left out and why: counted by queries."""
        counts = {key: int(expr.count().execute()) for key, expr in self.tables.items()}
        return statement(self.adapter, self.marked, counts)

    def header(self, column: str) -> str:
        """The export's header a contract ``column`` comes from (else ``column``)."""
        return labels(self.adapter, self.headers).get(column, column)

    def line(self, table, column: str):
        """The export line of ``column``'s cell in each row of ``table`` (one it made)."""
        name = cell_row(column)
        return table[name] if name in table.columns else table[ROW]

    def bad_cells(self, located) -> list:
        """The adapter's bad cells of the table ``located`` holds (several bad or
        disagreeing cells of one order), as the reader names them: a file's line, else the
        row's key; per column and message the first few (by line) and a line counting the
        rest, as validation shows a check's examples (one query)."""
        from xlkpi.sources.validate import EXAMPLES, QueryProblem, _fetch

        if self.cells is None:
            return []
        if self.keep is not None:  # one query per table of the export reads them
            self.cells, self.keep = self.keep(self.cells, "cells"), None
        cells = self.cells.filter(self.cells._table == located.name)
        group = ibis.window(group_by=[cells._column, cells._message],
                            order_by=[cells._row, cells._rank])  # fmt: skip
        cells = cells.mutate(_n=cells.count().over(group), _i=ibis.row_number().over(group))
        shown = cells.filter(cells._i < EXAMPLES).order_by(["_row", "_rank"])
        out, more = [], {}
        for cell in _fetch(shown, self.lines):
            line, header, value, message = cell_problem(cell, self.headers)
            where = "" if self.lines else f"{self.header_of(self.adapter.key)} {cell['_key']!r}"
            row = line if self.lines else None
            out.append(QueryProblem(located.label, row, header, value, message, where))
            if cell["_n"] > EXAMPLES:
                more[(cell["_column"], cell["_message"])] = (row, header, message, cell["_n"])
        for row, header, message, n in more.values():
            said = f"and {n - EXAMPLES} more row(s) like these: {message}"
            out.append(QueryProblem(located.label, row, header, None, said))
        return out

    def header_of(self, key: str) -> str:
        """The export's header whose :func:`column_key` is ``key``, as it spells it."""
        return next((str(h) for h in self.headers if column_key(h) == key), key)


def export_of(located) -> Adapted | None:
    """The export a table of a source was adapted from (one export; not a sum of several)."""
    adapted = getattr(located, "adapted", ())
    return adapted[0] if len(adapted) == 1 else None


def cell_problems(located) -> list:
    """An adapted table's bad cells no row of it carries (:meth:`Adapted.bad_cells`);
    none for another table."""
    export = export_of(located)
    return [] if export is None else export.bad_cells(located)


def keyed(table, first_line: int | None = None):
    """The stored table's columns named by :func:`column_key` (the first of equal keys),
    and ``_row``: the file line (``first_line`` = the line of the first data row), else a
    row number (a warehouse table has no row order)."""
    names: dict[str, str] = {}
    for column in table.columns:
        key = column_key(column)
        if key and key != ROW and key not in names:
            names[key] = column
    out = table.select(**{key: table[column] for key, column in names.items()})
    return out.mutate(**{ROW: ibis.row_number() + (first_line or 1)})


def adapt(table, label: str, mapping: tuple = (), first_line: int | None = None, keep=None):
    """``table`` through the adapter its columns call for; None when none does. ``keep``:
    see :func:`xlkpi.adapters.run.expressions`."""
    adapter = recognise(list(table.columns), mapping)
    if adapter is None:
        return None
    marked, tables, cells = expressions(adapter, keyed(table, first_line), keep)
    lines = first_line is not None
    return Adapted(adapter, label, marked, tables, tuple(table.columns), lines, cells)


def add_to(opened, adapted: Adapted) -> None:
    """Put an adapted export's tables among ``opened``'s (a :class:`Located` each)."""
    from xlkpi.sources.connect import Located

    for key, expr in adapted.tables.items():
        held = opened.tables.get(key)
        if held is None:
            opened.tables[key] = Located(key, adapted.label, expr, None, (adapted,))
        elif held.adapted and key in ADDS_UP:  # spend of several ad platforms
            opened.tables[key] = Located(
                key, f"{held.label} + {adapted.label}", _union(held.table, expr), None,
                (*held.adapted, adapted),
            )  # fmt: skip
        else:
            said = not_used(key, held.label)
            opened.notes.append((adapted.label, said))
    opened.exports.append(adapted)


def _union(a, b):
    names = [c for c in a.columns if c in b.columns]
    return a.select(**{c: a[c].cast("string") for c in names}).union(
        b.select(**{c: b[c].cast("string") for c in names})
    )


@contextmanager
def under_settings(opened):
    """The block builds adapters under the source's Settings ``date_order`` and
    ``time_zone`` (a folder's settings.csv, a warehouse's settings table, under those given
    beside it: ``--setting``), as the reader builds them under the folder's or workbook's:
    a Shopify buyer's first order is then taken by time among day/month dates too. The
    rules are kept on ``opened`` once an export is adapted (``adapted_under``)."""
    from xlkpi.sources.dates import reading

    rules = opened.settings().settings.date_rules()
    with reading(rules):
        yield
    if opened.exports:
        opened.adapted_under = rules


def adapt_files(opened, backend, entries: list[tuple[Path, list[Path]]], mapping=()) -> None:
    """Files of no contract table name, read by DuckDB as text (as downloaded) from the
    line an adapter recognises as their header; Parquet as stored."""
    with under_settings(opened):
        _adapt_files(opened, backend, entries, mapping)


def _adapt_files(opened, backend, entries, mapping) -> None:
    from xlkpi.data.csvdir import MAPPING_FILE, utf8_copies
    from xlkpi.sources.memory import spill_folder

    for entry, files in entries:
        kept = Kept(backend, strict=True)  # the file read once, into the source's DuckDB
        try:
            try:
                found = _adapt_file(backend, entry.name, files, mapping, kept)
            except Exception:
                again = utf8_copies(files, spill_folder())  # Excel's Windows-1252 CSV
                if again is None:
                    raise
                found = _adapt_file(backend, entry.name, again, mapping, kept)
        except Exception as exc:  # DuckDB cannot parse it: said, the other files go on
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            opened.notes.append((entry.name, f"not read as an export: {first}"))
            continue
        if found is not None:
            add_to(opened, kept.tables(found))
        elif entry.name.lower() != MAPPING_FILE:  # said, never dropped in silence
            opened.notes.append((entry.name, _not_read(backend, files)))


def _not_read(backend, files: list[Path]) -> str:
    """Why a file of no table's name that no adapter takes is not read (the reader's words
    for a CSV file: :func:`xlkpi.data.csvdir.not_read`)."""
    from xlkpi.data.csvdir import not_read
    from xlkpi.sources.connect import PARQUET

    if files[0].suffix.lower() not in PARQUET:
        return not_read(files[0])
    columns = ", ".join(backend.read_parquet([str(f) for f in files]).columns)
    columns = columns if len(columns) <= 120 else columns[:117] + "..."
    return (
        f"not read: its name is no table's and its columns ({columns}) are no export's "
        "xlkpi knows; name the file after its table (orders.parquet, ...) or map its "
        "columns (mapping.csv)"
    )


def _adapt_file(backend, label: str, files: list[Path], mapping, keep: Kept):
    from xlkpi.data.csvdir import _encodings, _find_header, export_header
    from xlkpi.sources.connect import PARQUET

    names = [str(f) for f in files]
    if files[0].suffix.lower() in PARQUET:
        table = backend.read_parquet(names)
        _not_nested(table)
        return adapt(table, label, mapping, first_line=1, keep=keep)
    header = export_header(files[0], mapping)
    if header is None:
        return None
    encoding = _encodings(files[0])[0]
    line, sep = _find_header(files[0], encoding, header[0])
    options = {"encoding": "utf-16"} if encoding == "utf-16" else {}
    table = backend.read_csv(
        names, all_varchar=True, header=True, skip=line - 1, delim=sep, quote='"',
        escape='"', null_padding=True, strict_mode=False, **options,
    )  # fmt: skip
    return adapt(table, label, mapping, first_line=line + 1, keep=keep)


def _not_nested(table) -> None:
    """Raise the statement of a GA4 events table with nested event_params (a Parquet
    export of BigQuery's events_* keeps them nested), which no adapter reads."""
    said = nested(table.columns)
    if said is not None and recognise(list(table.columns)) is None:
        raise ValueError(said)


def adapt_tables(opened, backend, names: list[str], mapping=(), store: bool = False) -> None:
    """A backend's tables of no contract name: each an export its columns are recognised
    as is adapted in the backend. Date-sharded tables (GA4's ``events_20250113``,
    ``events_20250114``, ...) are one export: their union is adapted (a session that
    crosses midnight stays one), under the label ``events_*``. ``store``: the connection
    is the source's own (a DuckDB file, a URL), where the marked rows and adapted tables
    may be kept as temporary tables (:class:`Kept`)."""
    with under_settings(opened):
        _adapt_tables(opened, backend, names, mapping, store)


#: backends whose own connection keeps an export's adapted rows as temporary tables
KEEPS = ("duckdb", "postgres")


class Kept:
    """Stores an export's marked rows, then its adapted tables (and its bad cells once
    asked for), as temporary tables of the source's own connection, numbered in the
    stored order: the export is read once, and each check or KPI query then reads a
    table, not the whole adapter's expression (compiling that again per query cost a
    Shopify export ~40 s of checks). The connection: the in-memory DuckDB a file export
    is read into (``strict``: a failure, such as a file DuckDB cannot parse, is raised
    and said as the file's); a DuckDB file, even read-only (the temporary catalog is not
    the file's); a PostgreSQL session, where the role may create them. Where a database
    refuses (no TEMP privilege, a read-only transaction), the expressions stay as they
    are, with the same results."""

    def __init__(self, backend, strict: bool = False):
        self.backend, self.strict, self.refused = backend, strict, False

    def __call__(self, marked):
        return self.table(marked, "marked")

    def table(self, expr, what: str):
        if self.refused:
            return expr
        from ibis import util

        from xlkpi.sources.memory import in_file_order

        name = util.gen_name(f"xlkpi_{what}")
        duckdb = self.backend.name == "duckdb"
        try:
            if not duckdb:
                return self.backend.create_table(name, expr, temp=True)
            with in_file_order(self.backend.con):  # row numbers as stored
                return self.backend.create_table(name, expr, temp=True)
        except Exception:  # the backend does not let this role keep temporary tables
            if self.strict:
                raise
            self.refused = True
            return expr

    def tables(self, adapted: Adapted) -> Adapted:
        """``adapted``'s tables kept too (when its marked rows were), and its bad cells
        once they are asked for."""
        for key, expr in list(adapted.tables.items()):
            adapted.tables[key] = self.table(expr, key)
        adapted.keep = self.table
        return adapted


def _adapt_tables(opened, backend, names, mapping, store) -> None:
    for label, shards in sharded(names).items():
        try:
            first = backend.table(shards[0])
            if recognise(list(first.columns), mapping) is None:
                said = nested(first.columns)
                if said is not None:  # GA4's own events table: named, not read
                    opened.notes.append((label, f"not read as an export: {said}"))
                continue
            tables = [first, *(backend.table(n) for n in shards[1:])]
        except Exception:  # a view it cannot read, a table of another kind: not an export
            continue
        table = tables[0] if len(tables) == 1 else ibis.union(*tables, distinct=False)
        keep = Kept(backend) if store and backend.name in KEEPS else None
        found = adapt(table, label, mapping, keep=keep)
        if found is not None:
            add_to(opened, found if keep is None or keep.refused else keep.tables(found))


_SHARD = re.compile(r"^(.*_)(\d{8})$")


def sharded(names: list[str]) -> dict[str, list[str]]:
    """Table names grouped by shard: ``events_20250113`` and ``events_20250114`` under
    ``events_*``; any other name alone.

    >>> sharded(["events_20250114", "events_20250113", "orders_export_1"])
    {'events_*': ['events_20250113', 'events_20250114'], 'orders_export_1': ['orders_export_1']}
    >>> sharded(["events_20250113"])
    {'events_20250113': ['events_20250113']}
    """
    out: dict[str, list[str]] = {}
    for name in sorted(names):
        match = _SHARD.match(name)
        out.setdefault(f"{match.group(1)}*" if match else name, []).append(name)
    return {k if len(v) > 1 else v[0]: v for k, v in out.items()}


def retry_named(opened, mapping=()) -> None:
    """A table named after the contract (``orders``) that lacks a required column but is
    a platform export (a Shopify export saved as orders.csv or loaded as ``orders``):
    adapted instead, as the file reader treats such a file."""
    from xlkpi.sources.connect import lacks_required

    with under_settings(opened):
        _retry_named(opened, mapping, lacks_required)


def _retry_named(opened, mapping, lacks_required) -> None:
    for key, found in list(opened.tables.items()):
        if not lacks_required(found):
            continue
        adapted = adapt(found.table, found.label, mapping, first_line=_first_line(found))
        if adapted is not None:
            del opened.tables[key]
            add_to(opened, adapted)


def _first_line(found) -> int | None:
    return None if found.line_offset is None else found.line_offset + 1
