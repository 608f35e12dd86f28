"""A contract table's CSV files read once, typed, into a table of the source's own DuckDB.

The bytes are parsed once (no sniffing pass over the whole file first), in the reader's
dialect: the separator its header line uses (``,``, ``;`` or tab, as
:mod:`xlkpi.data.csvdir` decides), ``"`` quotes doubled inside quotes, the header on the
first non-empty line. Every cell is read as text and typed in the same statement:

- a number or whole-number column's cell becomes a DOUBLE where DuckDB's cast reads it as
  the reader's ``to_number`` does (finite, no ``_`` digit groups; a whole number for
  ``int``);
- a date column's cell becomes a DATE where it is ISO ``YYYY-MM-DD`` within 1900-2199;
- ids, text, categories, booleans and the columns the contract does not name stay text.

The statement stores the typed columns alone and stops at the first cell that could not be
typed so (``n/a``, ``$1,234.50``, ``13/01/2025``, a blank of spaces); the files are then
read again with each such cell's text kept in a companion column (:func:`with_texts`).
When a column has any, the stored column is that text again (the typed cells written back
as text, which the contract reads as the same values) and the contract's cast reads it as
it reads any text column (a bad cell is named on its line, money and dates in other shapes
are read as the reader reads them); when it has none, the column stays typed and no query
parses it again. The rows keep the files' order (row numbers name file lines).

Where they are kept: files of :data:`ON_DISK` bytes or more go to a database file of the
backend in the spill folder (:mod:`xlkpi.sources.memory`), written once uncompressed and
never checkpointed: the KPI query's memory can then drop the table's pages instead of
writing them out to its spill files, as it must for a temporary table held in memory
(10M rows: 0.5-0.9 GB spilled within the 1 GB limit). Smaller files stay a temporary
table in memory.
"""

from __future__ import annotations

from pathlib import Path

from xlkpi.data.contract import TABLES, match_columns
from xlkpi.errors import SourceError
from xlkpi.sources.memory import in_file_order

#: kind -> (the typed candidate of text ``{c}``, when the candidate ``{x}`` is accepted)
_TYPED = {
    "number": (
        "CASE WHEN contains({c}, '_') THEN NULL ELSE TRY_CAST({c} AS DOUBLE) END",
        "isfinite({x})",
    ),
    "date": (
        "CASE WHEN {c} LIKE '____-__-__' THEN TRY_CAST({c} AS DATE) END",
        "{x} BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'",
    ),
}
_TYPED["int"] = (_TYPED["number"][0], "isfinite({x}) AND {x} = floor({x})")


def read_typed(backend, key: str, files: list[Path], fast: bool = True):
    """The rows of ``files`` (parts of contract table ``key``) as an Ibis table over a
    table of ``backend``: the stored header names, in their order; typed columns where
    every cell was read so (module doc). ``fast=False``: always with text companions
    (the reference of the tests). Large files the command began storing before it
    imported the engine (:mod:`xlkpi.sources.early`) are taken as stored there."""
    from xlkpi.sources.early import stored_early

    con = backend.con
    names, typed, source = _plan(con, key, files)
    rows = f"xlkpi_{key}_rows"
    early = stored_early(con, key, files) if fast else None
    if early is True:  # stored, every cell typed
        _view(con, rows)
        return backend.table(rows)
    try:  # every cell typed: the typed columns alone (stops at the first cell that is not)
        if not fast or early is not None:  # (early: a cell that is not typed)
            raise SourceError(_UNTYPED)
        _store(backend, rows, _select(names, typed, source, strict=True), files)
        return backend.table(rows)
    except Exception as exc:
        if _UNTYPED not in str(exc):
            raise
    return with_texts(backend, rows, names, typed, source)


def store_typed(con, key: str, files: list[Path]) -> None:
    """Store the rows of ``files`` every cell typed in the database file of ``con``'s
    database (no view: :func:`read_typed` makes it on its own connection); raises
    :data:`_UNTYPED` at a cell that is not typed (:mod:`xlkpi.sources.early`)."""
    names, typed, source = _plan(con, key, files)
    _write(con, f"xlkpi_{key}_rows", _select(names, typed, source, strict=True))


def untyped(exc: BaseException) -> bool:
    """True for what the statement typing every cell raises at one it cannot type."""
    return _UNTYPED in str(exc)


def _plan(con, key: str, files: list[Path]) -> tuple[list[str], dict, str]:
    """The header names of ``files``, the typing of those the contract types, and the
    ``read_csv`` they are read with."""
    source = _source(files)
    names = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    spec = TABLES[key]
    kinds = {names[i]: spec.column(name).kind for name, i in match_columns(spec, names).items()}
    typed = {n: _TYPED[kinds[n]] for n in names if kinds.get(n) in _TYPED}
    return names, typed, source


def with_texts(backend, rows: str, names: list[str], typed: dict, source: str):
    """The rows with a text companion for each typed column: a column with a cell that
    could not be typed is read as text again (module doc)."""
    con = backend.con
    con.execute(f"DROP VIEW IF EXISTS {_q(rows)}")
    with in_file_order(con):
        select = _select(names, typed, source, strict=False)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_q(rows)} AS {select}")
    texts = {n: _text_of(i) for i, n in enumerate(names) if n in typed}
    failed = set()
    if texts:
        counts = ", ".join(f"count({_q(t)})" for t in texts.values())
        (found,) = con.execute(f"SELECT {counts} FROM {_q(rows)}").fetchall()
        failed = {n for n, count in zip(texts, found, strict=True) if count}
    table = backend.table(rows)
    columns = {}
    for name in names:
        value = table[name]
        if name in failed:  # read as text again: the typed cells as text, the others as read
            value = value.notnull().ifelse(value.cast("string"), table[texts[name]])
        columns[name] = value
    return table.select(**columns)


#: CSV parts of at least this many bytes are stored in a database file (module doc)
ON_DISK = 64 * 2**20
_FILE = "xlkpi_csv_rows"  # the database file's name in a backend
#: what the statement typing every cell raises at the first cell it cannot type
_UNTYPED = "xlkpi: a cell that is not typed"


def _store(backend, rows: str, select: str, files: list[Path]) -> None:
    """``select`` stored as temporary table ``rows``, or, for files of :data:`ON_DISK`
    bytes or more, as a table of the backend's database file read through temporary
    view ``rows``."""
    con = backend.con
    if not is_large(files):
        con.execute(f"DROP VIEW IF EXISTS {_q(rows)}")
        with in_file_order(con):
            con.execute(f"CREATE OR REPLACE TEMP TABLE {_q(rows)} AS {select}")
        return
    _write(con, rows, select)
    _view(con, rows)


def _write(con, rows: str, select: str) -> None:
    """``select`` stored as table ``rows`` of the database file (:func:`_attach`)."""
    _attach(con)
    con.execute("SET force_compression = 'uncompressed'")  # written once, read a few times
    try:
        with in_file_order(con):
            con.execute(f"CREATE OR REPLACE TABLE {_FILE}.main.{_q(rows)} AS {select}")
    finally:
        con.execute("RESET force_compression")


def _view(con, rows: str) -> None:
    """Temporary view ``rows`` of ``con`` over the stored table ``rows`` (:func:`_write`)."""
    con.execute(f"DROP TABLE IF EXISTS temp.main.{_q(rows)}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {_q(rows)} AS SELECT * FROM {_FILE}.main.{_q(rows)}")


def is_large(files: list[Path]) -> bool:
    """True where ``files`` are stored in the database file (:data:`ON_DISK` bytes)."""
    return sum(f.stat().st_size for f in files) >= ON_DISK


def _attach(con) -> None:
    """Attach the database file for typed rows to ``con``'s database (once): a new file
    in the spill folder, never checkpointed, removed at exit with the spill folder (or
    before, with the last connection)."""
    found = "SELECT 1 FROM duckdb_databases() WHERE database_name = ?"
    if con.execute(found, [_FILE]).fetchall():
        return
    import os
    import uuid
    import weakref

    from xlkpi.sources.memory import spill_folder

    path = os.path.join(spill_folder(), f"rows-{uuid.uuid4().hex}.duckdb")
    con.execute(f"ATTACH {_literal(path)} AS {_FILE}")
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    weakref.finalize(con, _remove, path, path + ".wal")


def _remove(*paths: str) -> None:
    import contextlib
    import os

    for path in paths:
        with contextlib.suppress(OSError):
            os.remove(path)


def _select(names: list[str], typed: dict, source: str, strict: bool) -> str:
    """The statement typing the text columns of ``source`` (module doc); ``strict``: with
    no text companions, raising :data:`_UNTYPED` at a cell that cannot be typed."""
    inner, outer = [], []
    for i, name in enumerate(names):
        c = _q(name)
        if name not in typed:
            outer.append(c)
            continue
        candidate, accepted = typed[name]
        x = _q(f"__xlkpi_try_{i}")
        inner.append(f"{candidate.format(c=c)} AS {x}")
        ok = accepted.format(x=x)
        if strict:
            stop = f"error({_literal(_UNTYPED)})"
            outer.append(
                f"CASE WHEN {ok} THEN {x} WHEN {c} IS NULL THEN NULL ELSE {stop} END AS {c}"
            )
            continue
        outer.append(f"CASE WHEN {ok} THEN {x} END AS {c}")
        outer.append(f"CASE WHEN {ok} THEN NULL ELSE {c} END AS {_q(_text_of(i))}")
    if not inner:
        return f"SELECT * FROM {source}"
    return f"SELECT {', '.join(outer)} FROM (SELECT *, {', '.join(inner)} FROM {source})"


def _text_of(i: int) -> str:
    return f"__xlkpi_text_{i}"


def _source(files: list[Path]) -> str:
    """DuckDB's ``read_csv`` of ``files`` as text, in the reader's dialect."""
    from xlkpi.data.csvdir import _find_header

    try:
        line, sep = _find_header(files[0], "utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"{files[0].name}: not UTF-8 text") from None
    if line is None:
        raise SourceError(f"{files[0].name}: no header line")
    paths = ", ".join(_literal(str(f)) for f in files)
    return (
        f"read_csv([{paths}], all_varchar = true, header = true, skip = {line - 1}, "
        f"delim = {_literal(sep)}, quote = '\"', escape = '\"')"
    )


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
