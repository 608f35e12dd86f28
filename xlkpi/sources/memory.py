"""Bounded memory for the DuckDB connection that reads files: data larger than memory
spills to a temporary folder instead of growing the process.

- ``memory_limit``: ``XLKPI_MEMORY_LIMIT`` (a DuckDB size such as ``2GB``), else
  :data:`DEFAULT_LIMIT`; DuckDB's operators (aggregates, joins, sorts, windows) spill
  beyond it;
- ``temp_directory``: a fresh folder under the system's temporary folder, removed when
  the process ends (DuckDB's default for an in-memory database is ``.tmp`` in the working
  folder: the user's folder);
- ``preserve_insertion_order = false``: results need no file order (queries that name a
  file's rows turn it on for themselves, :func:`in_file_order`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import tempfile

from xlkpi.errors import SourceError

ENV = "XLKPI_MEMORY_LIMIT"
DEFAULT_LIMIT = "1GB"
_SIZE = re.compile(r"^\s*\d+(\.\d+)?\s*(B|[KMGT]i?B)\s*$", re.IGNORECASE)


def memory_limit() -> str:
    """The DuckDB memory limit in force (``XLKPI_MEMORY_LIMIT`` or the default)."""
    limit = os.environ.get(ENV, "").strip() or DEFAULT_LIMIT
    if not _SIZE.match(limit):
        raise SourceError(f"{ENV}={limit!r} is not a size such as 2GB or 512MB")
    return limit


def bound(con) -> None:
    """Apply the settings to ``con`` (a ``duckdb`` connection)."""
    limit = memory_limit()
    con.execute(f"SET memory_limit = '{limit}'")
    folder = _spill_folder().replace("'", "''")
    con.execute(f"SET temp_directory = '{folder}'")
    con.execute("SET preserve_insertion_order = false")


@contextlib.contextmanager
def in_file_order(con):
    """Within the block, scans keep the file's row order (row numbers name file lines)."""
    con.execute("SET preserve_insertion_order = true")
    try:
        yield
    finally:
        con.execute("SET preserve_insertion_order = false")


_FOLDER: list[str] = []


def _spill_folder() -> str:
    if not _FOLDER:
        folder = tempfile.mkdtemp(prefix="xlkpi-spill-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _FOLDER.append(folder)
    return _FOLDER[0]
