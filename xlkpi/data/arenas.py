"""One malloc arena for the ``xlkpi`` command's own process: a quarter less peak memory.

glibc's malloc gives each new thread an arena of its own (up to eight per core), and
memory freed in an arena is reused only by the threads attached to that arena. Reading
a big workbook, the reader and piece threads (:mod:`xlkpi.data.xlsx_parse`,
:mod:`xlkpi.data.xlsx_pieces`) allocate and free far more than they keep: the sheet's XML
pieces, fastexcel's cells, Arrow columns. On the 7-sheet 1M-row benchmark about 0.5 GB
stayed free but held in the threads' arenas after the read (``mallinfo2``), and the KPI
computation, in the main thread, grew the main arena beside it: peak RSS 0.89-0.95 GB.
With every thread on the main arena, what one frees the next reuses: 0.68-0.69 GB, and
fewer page faults (kernel time 1.5-1.6 -> 0.6-1.0 s; user time within noise).

The limit is process-wide and permanent (glibc fixes it the first time it needs one,
``arena_get2``), so only the command line sets it, in its own process, before it starts
any thread; a program calling :func:`xlkpi.build_report` keeps its allocator as it is.
Elsewhere (macOS, Windows, musl, Pyodide) this does nothing.
"""

from __future__ import annotations

import os
import sys

M_ARENA_MAX = -8  # glibc's malloc.h


def glibc() -> bool:
    """True on a glibc-based Linux (where ``mallopt(M_ARENA_MAX, n)`` means what it says)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return os.confstr("CS_GNU_LIBC_VERSION") is not None
    except (ValueError, OSError):  # not glibc (musl): no such name
        return False


def one_arena() -> bool:
    """Limit this process to one malloc arena (the main one); True when it took effect.

    Call it before any thread starts: threads that already have an arena keep it.
    """
    if not glibc():
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        return libc.mallopt(ctypes.c_int(M_ARENA_MAX), ctypes.c_int(1)) == 1
    except (OSError, AttributeError):
        return False
