"""Where does ``xlkpi build`` spend its time? cProfile it and summarise by xlkpi function.

    python benchmarks/profile_build.py [--rows 1000000] [--top 30]

Runs ``build_report`` on the cached benchmark workbook in this process under cProfile
(imports included) and prints: wall and CPU time, the top xlkpi functions by cumulative
time (the stages: read, type/validate, compute, write) and the top functions overall by
own time (the hot spots). Profiling slows pure-Python code more than C code, so read
the shares, not the absolute seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--save", type=Path, help="also save the raw profile here (for snakeviz)")
    args = ap.parse_args(argv)
    data = make_data.ensure_workbook(args.rows, args.seed)
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
