"""Few malloc arenas for the command's own process (xlkpi.data.arenas).

What must hold: after ``few_arenas()`` new threads share at most ``ARENAS`` arenas (glibc's
own ``malloc_stats`` lists them), without it each thread gets its own; only the command
line's own process asks for it, and only for a workbook.
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
from xlkpi.data.arenas import few_arenas
if sys.argv[1] == "few":
    assert few_arenas()
together = threading.Barrier(6)
def work():
    keep = [bytearray(50_000) for _ in range(20)]  # malloc'ed, below the mmap threshold
    together.wait()  # every thread alive at once: none can take over another's arena
    del keep
threads = [threading.Thread(target=work) for _ in range(6)]
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
def test_threads_share_few_arenas_only_after_few_arenas():
    assert 2 <= arenas.ARENAS <= 4
    assert _arenas("default") > arenas.ARENAS  # can fail: without the limit, arenas multiply
    assert _arenas("few") <= arenas.ARENAS


def test_only_the_commands_own_process_limits_arenas(monkeypatch):
    asked = []
    monkeypatch.setattr(P, "prefetch", lambda source, few_arenas: asked.append(few_arenas))
    monkeypatch.setattr(P, "release", lambda parse: None)
    for own in (True, False):
        monkeypatch.setattr(cli, "_own_process", lambda own=own: own)
        with cli._parse_early(SAMPLE):
            pass
    assert asked == [True, False]


def test_prefetch_limits_arenas_for_a_workbook_only(monkeypatch, tmp_path):
    limited = []
    monkeypatch.setattr(arenas, "few_arenas", lambda: limited.append(True))
    (tmp_path / "orders.csv").write_text("order_id\n1\n")
    assert P.prefetch(tmp_path, few_arenas=True) is None  # a CSV folder: nothing started
    assert limited == []
    parse = P.prefetch(SAMPLE, few_arenas=True)
    assert limited == [True]
    P.release(parse)
