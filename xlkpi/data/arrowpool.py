"""Arrow's system allocator while reading: a third less kernel time on big workbooks.

pyarrow allocates with mimalloc by default. Reading a big sheet, the Arrow columns come
from fastexcel (Rust, the C allocator) and pandas/pyarrow then allocate and free many
column-sized buffers across the reader threads; with mimalloc each of those ends up on
fresh pages (kernel page faults), with the C allocator they reuse the memory just freed.
On the 1M-row benchmark: read 3.0 -> 2.7 s, kernel CPU 1.0 -> 0.6 s, peak RSS 0.80 ->
0.77 GB. The switch is scoped to reading and undone after, so library users keep their
own choice of pool.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa

_lock = threading.Lock()
_users = 0
_saved: pa.MemoryPool | None = None


@contextmanager
def system_pool() -> Iterator[None]:
    """Make Arrow's default memory pool the system allocator for the ``with`` block.

    Nested and concurrent uses share the switch; the last one out restores the pool.
    """
    global _users, _saved
    with _lock:
        if _users == 0:
            current = pa.default_memory_pool()
            if current.backend_name != "system":
                _saved = current
                pa.set_memory_pool(pa.system_memory_pool())
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0 and _saved is not None:
                pa.set_memory_pool(_saved)
                _saved = None
