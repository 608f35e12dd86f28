"""Threads where the platform has them, the same work serially where it has not.

Pyodide (xlwings Lite) has no threads: ``threading.Thread.start`` raises "can't start
new thread". Locks and events still work there, so only starting a thread needs a
fallback. :func:`available` decides once per process (``sys.platform == "emscripten"``,
or a first thread that fails to start); :func:`parallel_map` and the reader
(:mod:`xlkpi.data.xlsx_parse`) then run their work in the calling thread.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["available", "parallel_map"]

T = TypeVar("T")
_available: bool | None = None


def available() -> bool:
    """True when this Python can start a thread (decided once: a probe thread is started)."""
    global _available
    if _available is None:
        if sys.platform == "emscripten":
            _available = False
        else:
            try:
                probe = threading.Thread(target=lambda: None, name="xlkpi-probe", daemon=True)
                probe.start()
                probe.join()
                _available = True
            except RuntimeError:  # "can't start new thread" (Pyodide, or a thread limit)
                _available = False
    return _available


def parallel_map(fn: Callable[[Any], T], items: Iterable[Any], *, workers: int = 2,
                 name: str = "xlkpi") -> list[T]:  # fmt: skip
    """``[fn(x) for x in items]``, on ``workers`` threads when threads are available."""
    items = list(items)
    if workers < 2 or len(items) < 2 or not available():
        return [fn(x) for x in items]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name) as pool:
        return list(pool.map(fn, items))
