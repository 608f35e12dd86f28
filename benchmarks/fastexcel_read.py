"""Reference point: read every sheet with fastexcel into pandas, nothing else.

    python benchmarks/fastexcel_read.py raw.xlsx [--threads 2]

Not a target, a diagnostic: the gap between this and ``xlkpi build`` is what xlkpi adds
(typing, validation, KPIs, writing); the gap between this and the floor is the reader's.
With ``--threads 2`` the Orders sheet is read on one thread and the others on a second
(fastexcel releases the GIL while parsing).
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor

import fastexcel


def load(path: str, names: list[str]) -> list:
    reader = fastexcel.read_excel(path)
    return [reader.load_sheet_by_name(n).to_pandas() for n in names]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="fastexcel read of every sheet")
    ap.add_argument("workbook")
    ap.add_argument("--threads", type=int, default=2, choices=[1, 2])
    args = ap.parse_args(argv)
    names = fastexcel.read_excel(args.workbook).sheet_names
    big, rest = names[:1], names[1:]
    if args.threads == 1:
        frames = load(args.workbook, names)
    else:
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(load, args.workbook, big)
            frames = load(args.workbook, rest) + first.result()
    print(f"read {sum(len(f) for f in frames)} rows from {len(frames)} sheets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
