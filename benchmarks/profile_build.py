"""Where does ``xlkpi build`` spend its time? cProfile it and summarise by xlkpi function.

    python benchmarks/profile_build.py [--rows 1000000] [--top 30]
    python benchmarks/profile_build.py --stages [--repeat 3]     # unprofiled stage timings

Runs ``build_report`` on the cached benchmark workbook in this process under cProfile
(imports included) and prints: wall and CPU time, the top xlkpi functions by cumulative
time (the stages: read, type/validate, compute, write) and the top functions overall by
own time (the hot spots). Profiling slows pure-Python code more than C code, so read
the shares, not the absolute seconds. ``--stages`` times the stages without the profiler
instead: import, ``read_source`` (read + type + validate), ``compute_kpis``,
``write_workbook`` (median of ``--repeat`` runs in one process).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_data


def stages(data: Path, repeat: int) -> dict[str, dict]:
    """Wall and CPU seconds of each stage of build_report, unprofiled (median of runs)."""
    t0, c0 = time.perf_counter(), time.process_time()
    from xlkpi.data import read_source
    from xlkpi.engine.compute import compute_kpis
    from xlkpi.report.build import write_workbook

    runs: dict[str, list[tuple[float, float]]] = {
        "import": [(time.perf_counter() - t0, time.process_time() - c0)],
        "read": [],
        "compute": [],
        "write": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            for name in ("read", "compute", "write"):
                t0, c0 = time.perf_counter(), time.process_time()
                if name == "read":
                    raw = read_source(data)
                elif name == "compute":
                    result = compute_kpis(raw)
                else:
                    write_workbook(Path(tmp) / "report.xlsx", raw, result)
                runs[name].append((time.perf_counter() - t0, time.process_time() - c0))
    return {
        name: {
            "wall_s": statistics.median(w for w, _ in rs),
            "cpu_s": statistics.median(c for _, c in rs),
            "walls": [w for w, _ in rs],
        }
        for name, rs in runs.items()
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--stages", action="store_true", help="unprofiled stage timings")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="--stages: print JSON")
    ap.add_argument("--data", type=Path, help="workbook to build (default: the cached one)")
    ap.add_argument("--save", type=Path, help="also save the raw profile here (for snakeviz)")
    args = ap.parse_args(argv)
    data = args.data or make_data.ensure_workbook(args.rows, args.seed)
    if args.stages:
        result = stages(data, args.repeat)
        if args.json:
            print(json.dumps(result))
        for name, r in result.items():
            walls = ", ".join(f"{w:.2f}" for w in r["walls"])
            print(
                f"{name:8} wall {r['wall_s']:.2f} s  CPU {r['cpu_s']:.2f} s  ({walls})",
                file=sys.stderr if args.json else sys.stdout,
            )
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        prof = cProfile.Profile()
        wall, cpu = time.perf_counter(), time.process_time()
        prof.enable()
        from xlkpi.report.build import build_report

        build_report(data, Path(tmp) / "report.xlsx", overwrite=True, progress=False)
        prof.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"build_report on {data.name}: wall {wall:.2f} s, CPU {cpu:.2f} s (profiled)")
    if args.save:
        prof.dump_stats(args.save)
    for title, key, pattern in (
        ("xlkpi functions by cumulative time", "cumulative", "xlkpi/"),
        ("all functions by own time", "tottime", None),
    ):
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out).sort_stats(key)
        stats.print_stats(*([pattern] if pattern else []), args.top)
        body = out.getvalue()
        print(f"\n== {title} ==")
        print(body[body.find("   ncalls") :].rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
