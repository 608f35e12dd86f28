"""Where the time of ``xlkpi kpis SOURCE`` goes: the command, run in this process, with its
stages timed (wall and CPU seconds; CPU is user + system of the process, DuckDB's threads
included).

    python benchmarks/engine_stages.py SOURCE OUT.json

- ``import``: the modules the command imports on an engine source (xlkpi, pandas, Ibis
  and its DuckDB backend, DuckDB, sqlglot), imported first so the other stages are work;
- ``open``: ``cli_kpis.engine_source`` (the source opened where it lies);
- ``checks``: ``sources.api.check`` (the contract's validation, traps, cross-table checks);
- ``KPI queries``: ``sources.api.settings_kpi_data`` (typed tables, plan, every engine
  query, the KPI Data table); each query run by ``engine.compiled.run`` is listed too,
  under its name (``last date``, ``report periods``, ``kpis`` ...);
- ``output``: the rest of the command (warnings, the CSV text written).

``engine_scale.py --stages`` runs it beside the whole-command timings (interpreter start
is in those, not here). The JSON: ``{stage: [wall, cpu]}`` in order, ``queries`` alike.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import sys
import time

STARTED = (time.perf_counter(), time.process_time())


class Clock:
    def __init__(self) -> None:
        self.stages: dict[str, list[float]] = {}
        self.queries: dict[str, list[float]] = {}
        self.wrapped: list[tuple] = []

    def restore(self) -> None:
        for module, name, original in reversed(self.wrapped):
            setattr(module, name, original)
        self.wrapped.clear()

    def wrap(self, module, name: str, label: str, into=None, key=None) -> None:
        """Time each call of ``module.name`` under ``label`` (or ``key(args)``)."""
        original = getattr(module, name)
        into = self.stages if into is None else into

        @functools.wraps(original)
        def timed(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent = into.setdefault(label if key is None else key(args), [0.0, 0.0])
                spent[0] += time.perf_counter() - wall
                spent[1] += time.process_time() - cpu

        self.wrapped.append((module, name, original))
        setattr(module, name, timed)


def main(source: str, out: str | None = None) -> dict:
    """The stages of ``xlkpi kpis source`` (also written to ``out`` as JSON)."""
    import ibis
    import pandas  # noqa: F401

    import xlkpi.cli as cli
    import xlkpi.cli_kpis as cli_kpis
    import xlkpi.engine.compiled as compiled
    import xlkpi.engine.run  # noqa: F401
    import xlkpi.sources.api as api

    ibis.duckdb  # noqa: B018  (loads the backend, as opening a source does)
    imported = (time.perf_counter(), time.process_time())
    clock = Clock()
    clock.stages["import"] = [imported[0] - STARTED[0], imported[1] - STARTED[1]]
    clock.wrap(cli_kpis, "engine_source", "open")
    clock.wrap(api, "check", "checks")
    clock.wrap(api, "settings_kpi_data", "KPI queries")
    clock.wrap(compiled, "run", "", into=clock.queries, key=lambda args: str(args[1][0]))
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            cli.main(["kpis", str(source)], standalone_mode=False)
    finally:
        done = (time.perf_counter(), time.process_time())
        clock.restore()
    command = [done[0] - imported[0], done[1] - imported[1]]
    timed = [v for stage, v in clock.stages.items() if stage != "import"]
    clock.stages["output"] = [command[i] - sum(v[i] for v in timed) for i in (0, 1)]
    clock.stages["total"] = [done[0] - STARTED[0], done[1] - STARTED[1]]
    result = {"stages": clock.stages, "queries": clock.queries}
    if out is not None:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(result, f)
    return result


if __name__ == "__main__":
    main(*sys.argv[1:3])
