"""The engine's compiled SQL texts kept on disk, shared by every process (as Python keeps
``.pyc`` files): a new ``xlkpi build`` runs the texts an earlier one compiled instead of
building and compiling some 80 kB of SQL through Ibis again.

- Where: ``XLKPI_CACHE_DIR`` when set (``off``, ``0``, ``false`` or ``none`` turn the disk
  cache off), else the user's cache directory: ``%LOCALAPPDATA%\\xlkpi\\Cache`` on
  Windows, ``~/Library/Caches/xlkpi`` on macOS, ``$XDG_CACHE_HOME/xlkpi`` (by default
  ``~/.cache/xlkpi``) elsewhere; the texts in its ``sql`` folder.
- The key: a SHA-256 of a text free of anything that differs between processes (no object
  ids or addresses): the cache's format, the source of the ``xlkpi`` package, the Python,
  Ibis, sqlglot and DuckDB versions, and what :mod:`xlkpi.engine.compiled` says shapes the
  SQL (query, grain, options, the tables' names and typed columns).
- What is kept is SQL text with the as-of date replaced by markers, never a value of the
  data. The caller keeps a text only where every table is one the engine named itself
  (``xlkpi_<contract table>``), so no name from the user's database lands on disk either.
- A file is written to a temporary name and renamed (readers see a whole file or none),
  carries the SHA-256 of its text (a damaged or partial file is a miss: compiled again,
  never run), and the folder is trimmed to :data:`LIMIT` bytes, least recently used first.
  A folder that cannot be created, read or written makes the cache a miss, never an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
import tempfile
from pathlib import Path

VARIABLE = "XLKPI_CACHE_DIR"
OFF = {"off", "0", "false", "no", "none"}
FORMAT = "xlkpi-sql-1"
LIMIT = 64 * 2**20  # bytes of texts kept; the least recently used go first
_SUFFIX = ".sql"


def folder() -> Path | None:
    """The folder of the kept texts, or None when the disk cache is off."""
    chosen = os.environ.get(VARIABLE, "").strip()
    if chosen.lower() in OFF:
        return None
    if chosen:
        return Path(chosen).expanduser() / "sql"
    return user_cache() / "sql"


def user_cache() -> Path:
    """The user's cache directory for xlkpi on this system."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "xlkpi" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "xlkpi"
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return Path(base if os.path.isabs(base) else Path.home() / ".cache") / "xlkpi"


@functools.cache
def environment() -> str:
    """What besides the query shapes a compiled text: this cache's format, the ``xlkpi``
    package's source (every module's bytes) and the versions of Python and the compilers."""
    import duckdb
    import ibis
    import sqlglot

    source = source_digest(Path(__file__).resolve().parent.parent)
    versions = (sys.version_info[:2], ibis.__version__, sqlglot.__version__, duckdb.__version__)
    return f"{FORMAT}|{source}|{versions!r}"


def source_digest(package: Path) -> str:
    """The SHA-256 of every module of ``package`` (relative path and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def name_of(stable: str) -> str:
    """The file name of the text kept for the stable key text ``stable``."""
    key = hashlib.sha256(f"{environment()}\n{stable}".encode()).hexdigest()
    return key + _SUFFIX


def load(stable: str) -> str | None:
    """The text kept for ``stable``; None when there is none, or it is damaged or partial."""
    where = folder()
    if where is None:
        return None
    path = where / name_of(stable)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, sep, body = data.partition(b"\n")
    if not sep or head != _head(body):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: trimmed last
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def save(stable: str, text: str) -> None:
    """Keep ``text`` for ``stable`` (atomically; silently not where the folder is not
    writable), then trim the folder to :data:`LIMIT`."""
    where = folder()
    if where is None:
        return
    body = text.encode("utf-8")
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=_SUFFIX)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_head(body) + b"\n" + body)
        os.replace(tmp, where / name_of(stable))
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    trim(where)


def _head(body: bytes) -> bytes:
    return f"{FORMAT} {hashlib.sha256(body).hexdigest()} {len(body)}".encode()


def trim(where: Path, limit: int = LIMIT) -> None:
    """Remove the least recently used texts of ``where`` until they hold ``limit`` bytes."""
    try:
        entries = []
        for entry in os.scandir(where):
            if entry.name.endswith(_SUFFIX) and entry.is_file():
                st = entry.stat()
                entries.append((st.st_mtime, st.st_size, entry.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size
