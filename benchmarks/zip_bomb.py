"""A lying-size zip bomb must be refused within 200 MB of RSS; what the guard costs honest files.

    python benchmarks/zip_bomb.py [--inflated-gib 4] [--data raw-1000000r-....xlsx]

1. Builds (in a temp folder) an Orders workbook whose sheet XML inflates to
   ``--inflated-gib`` GiB of rows while its zip directory declares a 451-byte prefix with
   that prefix's CRC (``tests/support/hostile.py: lying_bomb``), then runs
   ``xlkpi check`` and ``xlkpi build`` on it through ``measure.py`` (fresh process, peak
   RSS of the tree). Each must exit 1 with one ``xlkpi: error: ... refused`` line.
2. With ``--data``, times :func:`xlkpi.data.source.check_member` over every member of
   that honest workbook in one thread: the inflate-and-count pass every read now pays
   (in the reader threads, in parallel with the other sheets).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from tests.support.hostile import lying_bomb  # noqa: E402

PY = sys.executable
RSS_LIMIT = 200 * 1024**2


def measure(cmd: list[str]) -> dict:
    done = subprocess.run(
        [PY, str(HERE / "measure.py"), "--", *cmd], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def bomb_runs(gib: float) -> dict:
    out = {}
    with tempfile.TemporaryDirectory(prefix="xlkpi-bomb-") as tmp:
        bomb = lying_bomb(Path(tmp) / "bomb.xlsx", int(gib * 1024**3))
        out["file_bytes"] = bomb.stat().st_size
        for name, extra in (("check", []), ("build", ["-o", str(Path(tmp) / "r.xlsx"), "-q"])):
            r = measure([PY, "-m", "xlkpi", name, str(bomb), *extra])
            lines = r["stderr"].strip().splitlines()
            refused = (
                r["returncode"] == 1
                and len(lines) == 1
                and lines[0].startswith("xlkpi: error:")
                and "refused" in lines[0]
            )
            out[name] = {
                "wall_s": r["wall_s"],
                "peak_rss_bytes": r["peak_rss_bytes"],
                "refused": refused,
                "message": lines[-1] if lines else "",
                "ok": refused and r["peak_rss_bytes"] <= RSS_LIMIT,
            }
    return out


def guard_cost(data: Path) -> dict:
    from xlkpi.data.source import check_member

    with zipfile.ZipFile(data) as zf:
        infos = zf.infolist()
    t0, c0 = time.perf_counter(), time.process_time()
    for info in infos:
        check_member(data, info, sheet=info.filename.startswith("xl/worksheets/"))
    return {
        "wall_s": time.perf_counter() - t0,
        "cpu_s": time.process_time() - c0,
        "bytes": sum(i.file_size for i in infos),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inflated-gib", type=float, default=4.0)
    ap.add_argument("--data", type=Path, default=None, help="an honest workbook to time")
    args = ap.parse_args(argv)
    result = {"inflated_gib": args.inflated_gib, "rss_limit_bytes": RSS_LIMIT}
    result.update(bomb_runs(args.inflated_gib))
    if args.data:
        result["guard"] = guard_cost(args.data)
    print(json.dumps(result))
    return 0 if result["check"]["ok"] and result["build"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
