"""Open a source the engine reads where it lies, and find the contract's tables in it.

Sources: a CSV or Parquet file, a folder of them (``orders.parquet``, ``Orders.csv``, or a
folder ``orders/`` of Parquet/CSV parts), a DuckDB database file, a connection URL
(anything ``ibis.connect`` understands: ``postgresql://``, ``bigquery://``,
``snowflake://``, ``duckdb://`` ...), a live Ibis backend or a Spark session. Files are
read by DuckDB, lazily: nothing is loaded until a query runs. Tables are found by the
contract's names (:func:`xlkpi.data.contract.find_table`: case, spaces, ``-`` and ``_`` do
not matter). A connection failure is one :class:`~xlkpi.errors.SourceError` whose text
has every secret redacted, raised outside the driver's exception, so no traceback
carries the driver's text either.
"""

from __future__ import annotations

import os
import sys
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from xlkpi.data.contract import SETTINGS_SHEET, TABLES, TARGETS_SHEET, find_table, no_table_error
from xlkpi.errors import SourceError
from xlkpi.sources.memory import bound
from xlkpi.sources.secrets import SourceUrl, real_url, redact

PARQUET = (".parquet", ".pq")
CSV = (".csv", ".tsv", ".txt")
DUCKDB = (".duckdb", ".ddb")
_DUCKDB_MAGIC = b"DUCK"  # at byte 8 of a DuckDB database file
#: Settings given beside the source being opened (:func:`open_source`'s ``given``): an
#: ``Opened`` starts with them, so its adapters are built under them
_GIVEN: ContextVar[dict | None] = ContextVar("xlkpi_given_settings", default=None)


@dataclass
class Located:
    """One contract table found in a source, as stored (columns not yet typed)."""

    name: str  # canonical table name
    label: str  # what the user calls it: "orders.csv", "public.orders", ...
    table: object  # ibis.Table
    #: file rows are numbered: data row i (1-based) is line ``i + line_offset`` of the file
    #: (1 for a CSV with its header on line 1, 0 for Parquet); None: a warehouse table,
    #: whose rows have no order (problems name the row by its key instead)
    line_offset: int | None = None
    #: the exports an adapter made this table of (xlkpi.adapters.where), if any
    adapted: tuple = ()
    #: stored text columns the checks found trimmed in every cell (xlkpi.sources.scan
    #: :meth:`~xlkpi.sources.scan.Scan.trimmed`): the typed table trims them no more
    trimmed: frozenset = frozenset()


@dataclass
class Opened:
    """A source opened for the engine: its backend and the contract tables it holds."""

    label: str  # redacted: safe to print
    backend: object  # ibis backend
    tables: dict[str, Located] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)
    exports: list = field(default_factory=list)  # exports adapted in the backend
    notes: list[tuple[str, str]] = field(default_factory=list)  # (export, what was ignored)
    #: the source's Settings / Targets by sheet key (xlkpi.sources.settings): a folder's
    #: settings.csv / targets.csv, or a stored table of that name
    files: dict[str, Path | Located] = field(default_factory=dict)
    read: object = None  # their FolderSettings, once read
    #: Settings given beside the source (``--setting``), which beat its own: key -> value
    given: dict = field(default_factory=lambda: dict(_GIVEN.get() or {}))
    #: what was opened (a path, URL, backend): opened again when the adapters must be
    #: built under other date rules (:func:`xlkpi.sources.api.opened`)
    origin: object = None
    #: the date rules the adapters were built under (None: no export adapted)
    adapted_under: object = None

    def settings(self):
        """The source's Settings under those given, their problems and targets (read once)."""
        if self.read is None:
            from xlkpi.sources.settings import read_files

            self.read = read_files(self.files, self.given)
        return self.read


def is_engine_source(source: object) -> bool:
    """True for the sources this package reads: Parquet files and folders, DuckDB files, URLs,
    Ibis backends and Spark sessions (workbooks, CSV files and folders and DataFrames go to
    the reader, which knows the platform exports; :func:`open_source` reads CSV too, and
    ``xlkpi kpis`` and ``check`` give it the CSV of :func:`contract_csv`)."""
    if isinstance(source, str | os.PathLike):
        text = os.fspath(source)
        if isinstance(source, SourceUrl) or "://" in text:
            return True
        path = Path(text).expanduser()
        if path.is_dir():
            return any(_parts(path, PARQUET)) or any(p.suffix.lower() in DUCKDB for p in _ls(path))
        # a CSV file stays with the reader, whose adapters recognise platform exports
        return path.suffix.lower() in (*PARQUET, *DUCKDB) or _is_duckdb_file(path)
    return _is_backend(source) or _is_spark(source)


def engine_reads(source: object) -> bool:
    """What ``xlkpi kpis`` and ``xlkpi check`` give the engine: every engine source, and
    the CSV files and folders of :func:`contract_csv` (a report still reads those with the
    reader: it copies the raw tables, with the Settings and Targets files)."""
    if is_engine_source(source):
        return True
    return isinstance(source, str | os.PathLike) and contract_csv(Path(source).expanduser())


def contract_csv(path: Path) -> bool:
    """A CSV file, or a folder of them (or of folders of CSV parts), each named after a
    contract table (or Settings/Targets) and holding its required columns in its first
    line, in UTF-8, with no mapping: what the engine reads exactly as the reader does.
    Anything else (an export an adapter reads, a mapping, UTF-16 text) stays with the
    reader. Only file names and first lines are read."""
    from xlkpi.data.contract import match_columns
    from xlkpi.data.csvdir import MAP_FILE, MAPPING_FILE, _encodings, _first_lines

    if MAP_FILE.get() is not None or not path.exists():
        return False
    if path.is_dir():
        if (path / MAPPING_FILE).exists():
            return False
        entries = [p for p in _ls(path) if p.is_dir() or p.suffix.lower() in CSV]
    else:
        entries = [path]
    tables = 0
    for entry in entries:
        key = find_table(entry.stem if entry.is_file() else entry.name)
        files = [entry] if entry.is_file() else _parts(entry, CSV)
        if entry.is_dir() and (key not in TABLES or not files):
            continue  # a folder of something else: the reader does not look inside either
        if key is None or entry.suffix.lower() not in ("", ".csv"):
            return False  # maybe an export (or .txt/.tsv, which the reader ignores)
        if key in TABLES:
            if _encodings(files[0])[0] == "utf-16":
                return False
            lines = _first_lines(files[0])
            if not lines or not set(TABLES[key].required) <= set(
                match_columns(TABLES[key], lines[0][1])
            ):
                return False
            tables += 1
    return tables > 0


def open_source(source: object, given: dict | None = None) -> Opened:
    """Open ``source`` and locate its contract tables (``SourceError`` if it holds none);
    ``given``: Settings keys chosen beside it (:func:`xlkpi.data.settings.setting_values`),
    which beat its own, also where its exports are adapted (a Shopify buyer's first order
    among day/month dates under ``date_order``)."""
    token = _GIVEN.set(dict(given or {}))
    try:
        opened = _open(source)
    finally:
        _GIVEN.reset(token)
    opened.origin = source
    return opened


def _open(source: object) -> Opened:
    if isinstance(source, str | os.PathLike):
        text = os.fspath(source)
        if isinstance(source, SourceUrl) or "://" in text:
            opened = _open_url(SourceUrl(text))
        else:
            opened = _open_path(Path(text).expanduser())
    elif _is_spark(source):
        import ibis

        opened = _open_backend(ibis.pyspark.connect(source), "Spark session")
    elif _is_backend(source):
        opened = _open_backend(source, f"{type(source).__module__.split('.')[-1]} backend")
    else:
        raise SourceError(
            f"cannot read data from a {type(source).__name__}: pass a workbook, a CSV or "
            "Parquet file or folder, a DuckDB file, a connection URL, an Ibis backend or a "
            "Spark session"
        )
    if not opened.tables:  # what was not read, and why (a nested GA4 events table)
        said = "".join(f" {label}: {text}." for label, text in opened.notes)
        raise SourceError(f"{no_table_error(opened.label, opened.seen)}{said}")
    return opened


# --- files -----------------------------------------------------------------------------


def _open_path(path: Path) -> Opened:
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    if path.is_file() and (path.suffix.lower() in DUCKDB or _is_duckdb_file(path)):
        return _open_duckdb_file(path)
    import ibis

    from xlkpi.sources.early import connection

    early = connection(path)  # large CSV tables being stored already (xlkpi.sources.early)
    if early is not None:
        backend = ibis.duckdb.from_connection(early)
    else:
        backend = ibis.duckdb.connect()
        bound(backend.con)
    opened = Opened(path.name, backend)
    entries = _ls(path) if path.is_dir() else [path]
    exports = []  # files of no contract table: platform exports, maybe
    for entry in entries:
        opened.seen.append(repr(entry.name))
        key = find_table(entry.stem if entry.is_file() else entry.name)
        files = _files_of(entry)
        if key in (SETTINGS_SHEET, TARGETS_SHEET) and entry.suffix.lower() == ".csv":
            opened.files.setdefault(key, entry)  # read by the reader's code
            continue
        if key in (SETTINGS_SHEET, TARGETS_SHEET) and files and files[0].suffix.lower() in PARQUET:
            stored = backend.read_parquet([str(f) for f in files], table_name=f"xlkpi_{key}")
            opened.files.setdefault(key, Located(key, entry.name, stored))  # as a table
            continue
        if files and key is None:
            exports.append((entry, files))
        if key not in TABLES or not files:
            continue
        if key in opened.tables:
            raise SourceError(
                f"{path.name}: both {opened.tables[key].label} and {entry.name} hold the "
                f"{key} table; keep one"
            )
        opened.tables[key] = _read_files(backend, key, entry.name, files)
    if exports:  # adapted in DuckDB, as read (xlkpi.adapters.where)
        from xlkpi.adapters.mapping import mapping_adapters
        from xlkpi.adapters.where import adapt_files

        mapping = tuple(mapping_adapters(path if path.is_dir() else None))
        adapt_files(opened, backend, exports, mapping)
    _retry_named(opened, path if path.is_dir() else None)
    return opened


def lacks_required(found: Located) -> bool:
    """A stored contract table without one of its required columns (by name)."""
    from xlkpi.sources.cast import found_columns

    spec = TABLES[found.name]
    return not found.adapted and not set(spec.required) <= set(found_columns(spec, found.table))


def _retry_named(opened: Opened, folder: Path | None) -> None:
    """Contract-named tables lacking a required column may be exports (xlkpi.adapters)."""
    if not any(lacks_required(found) for found in opened.tables.values()):
        return
    from xlkpi.adapters.mapping import mapping_adapters
    from xlkpi.adapters.where import retry_named

    retry_named(opened, tuple(mapping_adapters(folder)))


def _files_of(entry: Path) -> list[Path]:
    """The data files an entry stands for: itself, or the Parquet (else CSV) parts inside."""
    if entry.is_file():
        return [entry] if entry.suffix.lower() in (*PARQUET, *CSV) else []
    return _parts(entry, PARQUET) or _parts(entry, CSV)


def _read_files(backend, key: str, label: str, files: list[Path]) -> Located:
    try:
        if files[0].suffix.lower() in PARQUET:
            names = [str(f) for f in files]
            table = backend.read_parquet(names, table_name=f"xlkpi_{key}")
            return Located(key, label, table, 0)
        from xlkpi.sources.csvread import read_typed

        table = read_typed(backend, key, files)  # parsed once, typed (xlkpi.sources.csvread)
    except SourceError as exc:
        raise SourceError(f"{label}: cannot read: {exc}") from None
    except Exception as exc:  # duckdb's IOException, InvalidInputException, ...
        message = _first_line(exc)
        raise SourceError(f"{label}: cannot read: {message}") from None
    return Located(key, label, table, 1)


def _open_duckdb_file(path: Path) -> Opened:
    import ibis

    try:
        backend = ibis.duckdb.connect(str(path), read_only=True)
    except Exception as exc:
        raise SourceError(
            f"{path.name}: cannot open the DuckDB database: {_first_line(exc)}"
        ) from None
    bound(backend.con)
    return _open_backend(backend, path.name, own=True)


def _ls(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    except OSError as exc:
        raise SourceError(f"{folder}: cannot list the folder: {exc.strerror or exc}") from None


def _parts(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files with ``suffixes`` in ``folder`` or its subfolders (Hive-style partitions)."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in suffixes and p.is_file())


def _is_duckdb_file(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(12)[8:12] == _DUCKDB_MAGIC
    except OSError:
        return False


# --- warehouses and live backends ------------------------------------------------------


def _open_url(url: SourceUrl) -> Opened:
    """``ibis.connect`` on the real URL; any failure becomes one redacted SourceError."""
    import ibis

    failure = None
    try:
        backend = ibis.connect(real_url(url))
    except ImportError as exc:
        failure = f"the {url.split(':', 1)[0]} backend is not installed ({_first_line(exc)})"
    except Exception as exc:
        failure = f"cannot connect: {type(exc).__name__}: {_first_line(exc)}"
    if failure is not None:  # raised here, outside the except block: no driver context
        raise SourceError(redact(f"{url}: {failure}"))
    return _open_backend(backend, str(url), own=True)


def _open_backend(backend, label: str, own: bool = False) -> Opened:
    """``own``: the connection is this source's (opened here, not the caller's backend),
    where exports may be kept as temporary tables (:class:`xlkpi.adapters.where.Kept`)."""
    opened = Opened(redact(label), backend)
    failure = None
    try:
        names = _table_names(backend)
    except Exception as exc:
        failure = f"cannot list the tables: {type(exc).__name__}: {_first_line(exc)}"
    if failure is not None:
        raise SourceError(redact(f"{opened.label}: {failure}"))
    others = []
    for name in sorted(names):
        opened.seen.append(repr(name))
        key = find_table(name)
        if key in TABLES and key not in opened.tables:
            opened.tables[key] = Located(key, name, backend.table(name))
        elif key in (SETTINGS_SHEET, TARGETS_SHEET):  # read by xlkpi.sources.settings
            opened.files.setdefault(key, Located(key, name, backend.table(name)))
        elif key is None:
            others.append(name)
    if others:  # exports stored as tables, adapted in the backend (xlkpi.adapters.where)
        from xlkpi.adapters.mapping import mapping_adapters
        from xlkpi.adapters.where import adapt_tables

        adapt_tables(opened, backend, others, tuple(mapping_adapters(None)), store=own)
    _retry_named(opened, None)
    return opened


def _table_names(backend) -> list[str]:
    """The backend's tables and views (its current schema)."""
    if getattr(backend, "name", "") == "duckdb":
        # ibis 12's DuckDB list_tables calls fetch_arrow_table, which duckdb 2.0 removed
        query = (
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_catalog = current_database()"
        )
        return [row[0] for row in backend.con.execute(query).fetchall()]
    return backend.list_tables()


def _is_backend(source: object) -> bool:
    """An Ibis backend object; without importing Ibis (0.7 s) when it is not loaded yet,
    since no backend can exist then (a dict of frames or a RawData stays cheap)."""
    backends = sys.modules.get("ibis.backends")
    return backends is not None and isinstance(source, backends.BaseBackend)


def _is_spark(source: object) -> bool:
    return any(c.__name__ == "SparkSession" for c in type(source).__mro__)


def _first_line(exc: BaseException) -> str:
    """The exception's first non-empty line, redacted (drivers repeat the DSN in theirs)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return redact(lines[0] if lines else type(exc).__name__)
