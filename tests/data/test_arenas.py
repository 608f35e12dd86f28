"""One malloc arena for the command's own process (xlkpi.data.arenas).

What must hold: after ``one_arena()`` new threads allocate from the main arena (glibc's
own ``malloc_stats`` lists the arenas), without it each thread gets its own; only the
command line's own process asks for it, and only for a workbook.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from xlkpi import cli
from xlkpi.data import arenas
from xlkpi.data import xlsx_parse as P

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample_raw.xlsx"

_THREADS = """
import ctypes, sys, threading
from xlkpi.data.arenas import one_arena
if sys.argv[1] == "one":
    assert one_arena()
def work():
    keep = [bytearray(50_000) for _ in range(20)]  # malloc'ed, below the mmap threshold
    del keep
threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
ctypes.CDLL(None).malloc_stats()  # to stderr: one "Arena N:" block per arena
"""


def _arenas(mode: str) -> int:
    run = subprocess.run(
        [sys.executable, "-c", _THREADS, mode], capture_output=True, text=True, check=True
    )
    return run.stderr.count("Arena ")


@pytest.mark.skipif(not arenas.glibc(), reason="the arena limit is glibc's (Linux)")
def test_threads_share_the_main_arena_only_after_one_arena():
    assert _arenas("default") > 1  # the test can fail: without the limit, arenas multiply
    assert _arenas("one") == 1


def test_only_the_commands_own_process_limits_arenas(monkeypatch):
    asked = []
    monkeypatch.setattr(P, "prefetch", lambda source, one_arena: asked.append(one_arena))
    monkeypatch.setattr(P, "release", lambda parse: None)
    for own in (True, False):
        monkeypatch.setattr(cli, "_own_process", lambda own=own: own)
        with cli._parse_early(SAMPLE):
            pass
    assert asked == [True, False]


def test_prefetch_limits_arenas_for_a_workbook_only(monkeypatch, tmp_path):
    limited = []
    monkeypatch.setattr(arenas, "one_arena", lambda: limited.append(True))
    (tmp_path / "orders.csv").write_text("order_id\n1\n")
    assert P.prefetch(tmp_path, one_arena=True) is None  # a CSV folder: nothing started
    assert limited == []
    parse = P.prefetch(SAMPLE, one_arena=True)
    assert limited == [True]
    P.release(parse)
