"""Run one command in a fresh process; print its wall time and peak RSS as JSON.

    python benchmarks/measure.py -- xlkpi build raw.xlsx -o out.xlsx --overwrite --quiet

Wall time covers the whole child process, interpreter start included. Peak RSS is the
larger of ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` (exact, but per process: the largest
single process of the tree) and a 10 ms psutil poll of the summed RSS of the child and
its descendants (catches worker processes running at the same time). This wrapper is
itself a fresh process per run, so ``RUSAGE_CHILDREN`` sees only that one command.
"""

from __future__ import annotations

import contextlib
import json
import resource
import subprocess
import sys
import threading
import time

import psutil


def _poll_tree(pid: int, stop: threading.Event, peak: list[int]) -> None:
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while not stop.is_set():
        total = 0
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for p in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += p.memory_info().rss
        peak[0] = max(peak[0], total)
        stop.wait(0.01)


def measure(cmd: list[str]) -> dict:
    peak = [0]
    stop = threading.Event()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    poller = threading.Thread(target=_poll_tree, args=(proc.pid, stop, peak), daemon=True)
    poller.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    poller.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss_max = usage.ru_maxrss * 1024  # kilobytes on Linux
    return {
        "cmd": cmd,
        "returncode": proc.returncode,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "sys_s": usage.ru_stime,  # kernel time: mostly page faults, the noisiest part
        "peak_rss_bytes": max(rss_max, peak[0]),
        "stdout": out.decode(errors="replace")[-2000:],
        "stderr": err.decode(errors="replace")[-4000:],
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print("usage: measure.py -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    print(json.dumps(measure(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
