"""NPS micro-benchmark: ``xlkpi.nps`` and ``KPI_NPS`` against a hand-written NumPy line.

    python benchmarks/nps_micro.py --n 1000000          # prints JSON

Inputs: ``n`` scores 0-10 with 2 % blanks, as a float ndarray (NaN blanks) and as the
n x 1 nested list xlwings passes a column range as (None blanks). Each contender is
timed timeit-style (auto-ranged loop count, best of ``--repeat``):

- ``hand``: ``a = arr[~np.isnan(arr)]; 100 * ((a >= 9).sum() - (a <= 6).sum()) / a.size``
- ``hand_nested``: the same after ``np.array(nested, dtype=float)`` (the fair comparator for
  a UDF, which must convert Excel's nested list too);
- ``nps``: ``xlkpi.nps(arr)``; ``KPI_NPS``: ``xlkpi.excel.udfs.KPI_NPS(nested)``.

Each result is also checked against ``hand`` (same value to 1e-9).
"""

from __future__ import annotations

import argparse
import json
import sys
import timeit

import numpy as np


def hand(arr: np.ndarray) -> float:
    a = arr[~np.isnan(arr)]
    return float(100 * ((a >= 9).sum() - (a <= 6).sum()) / a.size)


def hand_nested(nested: list) -> float:
    return hand(np.array(nested, dtype=float).ravel())


def make_inputs(n: int, seed: int = 7) -> tuple[np.ndarray, list]:
    rng = np.random.default_rng(seed)
    arr = rng.integers(0, 11, n).astype(float)
    arr[rng.random(n) < 0.02] = np.nan
    nested = [[None if v != v else v] for v in arr.tolist()]
    return arr, nested


def best_of(fn, repeat: int) -> float:
    """Best seconds per call (timeit: loop count auto-ranged to >= 0.2 s)."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number


def _contenders() -> dict:
    found = {}
    try:
        from xlkpi import nps

        found["nps"] = ("array", nps)
    except ImportError as exc:
        found["nps"] = ("missing", f"xlkpi.nps not importable: {exc}")
    try:
        from xlkpi.excel.udfs import KPI_NPS

        found["KPI_NPS"] = ("nested", KPI_NPS)
    except ImportError as exc:
        found["KPI_NPS"] = ("missing", f"xlkpi.excel.udfs.KPI_NPS not importable: {exc}")
    return found


def run(n: int, repeat: int = 5) -> dict:
    """Timings (seconds per call) and values of every contender on ``n`` scores."""
    arr, nested = make_inputs(n)
    expected = hand(arr)
    result = {
        "n": n,
        "expected": expected,
        "hand": {"seconds": best_of(lambda: hand(arr), repeat), "value": expected},
        "hand_nested": {
            "seconds": best_of(lambda: hand_nested(nested), repeat),
            "value": hand_nested(nested),
        },
    }
    for name, (kind, fn) in _contenders().items():
        if kind == "missing":
            result[name] = {"error": fn}
            continue
        data = arr if kind == "array" else nested
        try:
            value = float(fn(data))
        except Exception as exc:  # report, do not crash the whole benchmark
            result[name] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        result[name] = {
            "seconds": best_of(lambda fn=fn, data=data: fn(data), repeat),
            "value": value,
            "correct": bool(abs(value - expected) <= 1e-9),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="NPS micro-benchmark")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    print(json.dumps(run(args.n, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
