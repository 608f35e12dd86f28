"""Bounded memory for the DuckDB connection that reads files: data larger than memory
spills to a temporary folder instead of growing the process.

- ``memory_limit``: ``XLKPI_MEMORY_LIMIT`` (a DuckDB size such as ``2GB``), else
  :data:`DEFAULT_LIMIT`; DuckDB's operators (aggregates, joins, sorts, windows) spill
  beyond it;
- ``temp_directory``: a fresh folder under the system's temporary folder, removed when
  the process ends (DuckDB's default for an in-memory database is ``.tmp`` in the working
  folder: the user's folder). A process killed (SIGKILL, power loss) cannot remove it: the
  next process that makes one removes the folders of processes that are gone
  (:func:`sweep`: only ours, named ``xlkpi-spill-<pid>-...`` and holding the marker file
  that names the same process);
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


def spill_folder() -> str:
    """This process's spill folder (made on first use, removed at exit)."""
    return _spill_folder()


PREFIX = "xlkpi-spill-"
MARKER = ".xlkpi-spill"  # inside each spill folder: "xlkpi spill folder of process <pid>"
_NAME = re.compile(rf"^{PREFIX}(\d+)-[A-Za-z0-9_]+$")


def _spill_folder() -> str:
    if not _FOLDER:
        sweep()
        pid = os.getpid()
        folder = tempfile.mkdtemp(prefix=f"{PREFIX}{pid}-")
        with open(os.path.join(folder, MARKER), "w", encoding="ascii") as f:
            f.write(_marker_text(pid))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _FOLDER.append(folder)
    return _FOLDER[0]


def _marker_text(pid: int) -> str:
    return f"xlkpi spill folder of process {pid}\n"


def sweep(root: str | None = None) -> list[str]:
    """Remove the spill folders under ``root`` (the temporary folder) left by processes
    that are gone; the paths removed. A folder is removed only when all hold: its name is
    ``xlkpi-spill-<pid>-<letters>``, it is a real folder (no link) of this user, its
    marker file names that pid, and no process of that pid runs. POSIX only (elsewhere
    nothing is checked, nothing removed)."""
    if os.name != "posix" or not hasattr(os, "getuid"):
        return []
    root = root or tempfile.gettempdir()
    try:
        names = os.listdir(root)
    except OSError:
        return []
    removed = []
    for name in names:
        match = _NAME.match(name)
        path = os.path.join(root, name)
        if match and _stale(path, int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _stale(path: str, pid: int) -> bool:
    import stat

    try:
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return False
        marker = os.path.join(path, MARKER)
        if not stat.S_ISREG(os.lstat(marker).st_mode):
            return False
        with open(marker, encoding="ascii") as f:
            if f.read(200) != _marker_text(pid):
                return False
    except (OSError, UnicodeDecodeError):
        return False
    return not _running(pid)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it runs
        return True
    return True


def out_of_memory(exc: BaseException) -> str | None:
    """The one line saying the engine ran out of its memory limit, when ``exc`` is DuckDB's
    out-of-memory error (told by name: ``duckdb`` need not be imported); else None."""
    if type(exc).__name__ != "OutOfMemoryException":
        return None
    first = str(exc).strip().split("\n")[0][:200]  # DuckDB's own line, not its advice
    return (
        f"the engine ran out of memory within its limit of {memory_limit()} and could not "
        f"spill to disk enough; set {ENV} higher (for example {ENV}=4GB) or free disk space "
        f"in the temporary folder ({first})"
    )
