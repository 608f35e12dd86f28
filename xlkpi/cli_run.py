"""The ``xlkpi`` process's entry point (the console script, ``python -m xlkpi``)."""

from __future__ import annotations

import contextlib
import os
import sys

#: set once a command read its source with the engine (:func:`engine_source`)
ENGINE_READ: list[bool] = []


def engine_source(source, settings=None):
    """SOURCE opened by the engine where it lies (``xlkpi.sources``), under ``--setting``'s
    keys, else None (``xlkpi check`` and ``kpis``). A CSV source's large tables are stored
    while the engine is imported (``xlkpi.sources.early``), so this imports neither first."""
    from xlkpi.sources.early import start

    start(source)
    from xlkpi.cli_kpis import engine_source as opened

    where = opened(source, settings)
    if where is not None:
        ENGINE_READ.append(True)
    return where


def run() -> None:
    """The process's entry point (``xlkpi``, ``python -m xlkpi``): ``xlkpi.cli.main``. After a
    command that read its source with the engine, the process ends once its output is
    flushed and its exit handlers have run (the spill folder removed, ...), without the
    interpreter's teardown: closing DuckDB's database and freeing every module took
    0.2-0.3 s after a 10M-row KPI query (mypy ends so too)."""
    from xlkpi.cli import main

    try:
        main()
        code = 0
    except SystemExit as exc:
        if not ENGINE_READ:
            raise
        code = exc.code
    if not ENGINE_READ:
        return
    if isinstance(code, str):  # sys.exit("text"): said on stderr, exit 1, as Python does
        print(code, file=sys.stderr)
        code = 1
    import atexit

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing more to say
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(code if isinstance(code, int) else 0)
