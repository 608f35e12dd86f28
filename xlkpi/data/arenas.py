"""Few malloc arenas for the ``xlkpi`` command's own process: less peak memory, no slower.

glibc's malloc gives each new thread an arena of its own (up to eight per core), and
memory freed in an arena is reused only by the threads attached to that arena. Reading
a big workbook, the reader and piece threads (:mod:`xlkpi.data.xlsx_parse`,
:mod:`xlkpi.data.xlsx_pieces`) allocate and free far more than they keep: the sheet's XML
pieces, fastexcel's cells, Arrow columns. On the 7-sheet 1M-row benchmark about 0.5 GB
stayed free but held in the threads' arenas after the read (``mallinfo2``), and the KPI
computation, in the main thread, grew the main arena beside it: peak RSS 0.94-1.0 GB.

One arena for every thread (``M_ARENA_MAX`` 1) took the peak to 0.72-0.79 GB but made the
threads queue for its lock: the build's wall time went from 4.2-4.3 s to 5.0-5.2 s on a
quiet 2-core machine. One arena per core the reader uses (``ARENAS``: 2 here) keeps most
of the saving (0.80-0.82 GB) and none of the wait (4.1 s); see benchmarks/RESULTS.md.

The limit is process-wide and permanent (glibc fixes it the first time it needs one,
``arena_get2``), so only the command line sets it, in its own process, before it starts
any thread; a program calling :func:`xlkpi.build_report` keeps its allocator as it is.
Elsewhere (macOS, Windows, musl, Pyodide) this does nothing.
"""

from __future__ import annotations

import os
import sys

M_ARENA_MAX = -8  # glibc's malloc.h

# One arena per core the reader's threads use (it starts at most 4), and never fewer than 2.
ARENAS = max(2, min(os.cpu_count() or 2, 4))


def glibc() -> bool:
    """True on a glibc-based Linux (where ``mallopt(M_ARENA_MAX, n)`` means what it says)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return os.confstr("CS_GNU_LIBC_VERSION") is not None
    except (ValueError, OSError):  # not glibc (musl): no such name
        return False


def few_arenas() -> bool:
    """Limit this process to ``ARENAS`` malloc arenas; True when it took effect.

    Call it before any thread starts: threads that already have an arena keep it.
    """
    if not glibc():
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        return libc.mallopt(ctypes.c_int(M_ARENA_MAX), ctypes.c_int(ARENAS)) == 1
    except (OSError, AttributeError):
        return False
