"""A CSV source's large contract tables typed and stored while the command imports the engine.

``xlkpi kpis`` and ``xlkpi check`` on a CSV file or folder the engine reads
(:func:`xlkpi.sources.connect.contract_csv`) spend their first second importing Ibis,
pandas and sqlglot on one core, before DuckDB reads a byte. :func:`start`, called first,
opens the DuckDB database the source will be read in and, in a thread, stores each table
of :data:`~xlkpi.sources.csvread.ON_DISK` bytes or more exactly as
:func:`~xlkpi.sources.csvread.read_typed` would (every cell typed, in the database file,
in file order): DuckDB runs on the other core while Python imports. Opening the source
then takes that database (:func:`connection`) and :func:`stored_early` hands each table
over: stored, or failed at a cell that is not typed (read again with text companions), or
any other failure (read again as if nothing had begun, so the error is the same). Nothing
else runs on the database until the thread is done. The tables are found as opening finds
them; a table whose files differ is read afresh.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_EARLY: list[Early] = []


class Early:
    """The tables of one source being stored on a database of its own."""

    def __init__(self, path: Path, jobs: dict[str, list[Path]]) -> None:
        import duckdb

        from xlkpi.sources.memory import bound

        self.path, self.jobs = path, jobs
        self.con = duckdb.connect()
        bound(self.con)
        self.outcome: dict[str, object] = {}
        self.thread = threading.Thread(target=self._run, name="xlkpi-early-csv", daemon=True)
        self.thread.start()
        import atexit

        atexit.register(self.wait)  # DuckDB is not left running as the interpreter ends

    def _run(self) -> None:
        from xlkpi.sources.csvread import store_typed

        cursor = self.con.cursor()  # the thread's own connection to the same database
        try:
            for key, files in self.jobs.items():
                try:
                    store_typed(cursor, key, files)
                    self.outcome[key] = True
                except Exception as exc:  # handed over as it is (stored_early)
                    self.outcome[key] = exc
        finally:
            cursor.close()

    def wait(self) -> None:
        self.thread.join()


def start(source) -> None:
    """Begin storing the large CSV tables of ``source`` (a path) if the engine will read
    it as a CSV file or folder of contract tables (module doc); else do nothing."""
    if not isinstance(source, str | os.PathLike) or "://" in os.fspath(source):
        return
    path = Path(source).expanduser()
    try:
        jobs = _large_tables(path)
    except Exception:  # whatever it is, opening the source says it
        return
    if jobs:
        _EARLY.append(Early(path, jobs))


def connection(path: Path):
    """The database :func:`start` stores ``path``'s tables on, once (None: none)."""
    for early in _EARLY:
        if early.path == path:
            return early.con
    return None


def stored_early(con, key: str, files: list[Path]):
    """What became of table ``key`` (``files``) stored early on ``con``'s database: True
    (stored), False (a cell is not typed), None (not stored early, or failed otherwise:
    read it as usual). Waits for the thread first."""
    from xlkpi.sources.csvread import untyped

    for early in _EARLY:
        if early.con is con:
            early.wait()
            if early.jobs.get(key) != files:
                return None
            outcome = early.outcome.get(key)
            if outcome is True:
                return True
            return False if outcome is not None and untyped(outcome) else None
    return None


def _large_tables(path: Path) -> dict[str, list[Path]]:
    """Contract table -> its CSV files, for the tables of at least ON_DISK bytes that
    opening ``path`` will read with :func:`~xlkpi.sources.csvread.read_typed`."""
    from xlkpi.data.contract import TABLES, find_table
    from xlkpi.sources.connect import CSV, _files_of, _ls, contract_csv, is_engine_source
    from xlkpi.sources.csvread import is_large

    if is_engine_source(path) or not contract_csv(path):
        return {}
    jobs: dict[str, list[Path]] = {}
    for entry in _ls(path) if path.is_dir() else [path]:
        key = find_table(entry.stem if entry.is_file() else entry.name)
        files = _files_of(entry)
        if key not in TABLES or not files or files[0].suffix.lower() not in CSV:
            continue
        if key in jobs:  # two files of one table: opening says so
            return {}
        if is_large(files):
            jobs[key] = files
    return jobs
