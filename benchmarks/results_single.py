"""The single-sheet shape of ``run.py`` (issue 15) in ``RESULTS.md``; other sections kept.

A workbook holding only a 1,048,575-row Orders sheet: the floor is then one sheet on one
core, so the reader's own cost shows (the 7-sheet benchmark spreads over two cores and
hides it). Its targets: ``xlkpi build`` within 1.3x that floor (aiming at 1.15x), and
within 1 GB.
"""

from __future__ import annotations

import re
from pathlib import Path

BUILD, FLOOR = "xlkpi build (single Orders sheet)", "floor (single Orders sheet)"
NAMES = (BUILD, FLOOR)
GB = 1_000_000_000


def _ratio(results: dict, key: str) -> float | None:
    b, f = results.get(BUILD, {}), results.get(FLOOR, {})
    if not (b.get("ok") and f.get("ok")):
        return None
    return b[key] / f[key]


def targets(results: dict) -> list[dict]:
    """The two judged rows (empty when the shape was not run)."""
    from results_md import _target

    if not results:
        return []
    build = results.get(BUILD, {})
    rss = build.get("peak_rss_bytes") if build.get("ok") else None
    return [
        _target(
            "xlkpi build / floor (single Orders sheet)",
            "≤ 1.30×",
            _ratio(results, "wall_s"),
            lambda v: v <= 1.3,
            "{:.2f}×",
        ),
        _target(
            "xlkpi build peak RSS (single Orders sheet)",
            "≤ 1 GB",
            rss / GB if rss else None,
            lambda v: v <= 1,
            "{:.2f} GB",
        ),
    ]


def info_rows(results: dict) -> list[str]:
    rows = [
        ("xlkpi build / floor (single Orders sheet), fastest runs", "wall_min_s"),
        ("xlkpi build / floor (single Orders sheet), CPU time", "cpu_s"),
    ]
    out = []
    for name, key in rows:
        v = _ratio(results, key)
        if v is not None:
            out.append(f"| {name} | {v:.2f}× | (≤ 1.15×, the aim) | info |")
    return out


def section(ctx: dict) -> list[str]:
    """The shape's contender table and stage timings."""
    results, single = ctx.get("single_results") or {}, ctx.get("single")
    if not results or single is None:
        return []
    from results_md import _contender_rows, _stage_rows, data_table

    lines = [
        "## The single-sheet shape (issue 15)",
        "",
        f"`{Path(single).name}` ({Path(single).stat().st_size / 1e6:.0f} MB): the Orders "
        "sheet alone, the same generator and seed (its shared strings only). The floor is "
        "that sheet + its shared strings, stream-inflated into expat on one core. The build "
        "reads a big sheet in pieces on both cores (`xlkpi/data/xlsx_pieces.py`). Runs "
        "interleaved with the contenders above.",
        "",
        *data_table(Path(single)),
        "",
    ]
    table = _contender_rows(results, FLOOR)
    lines += [table[0].replace("× floor", "× its floor"), *table[1:], ""]
    stages = ctx.get("single_stages")
    if stages:
        lines += ["Stages of `build_report` on it (one process, as above):", ""]
        lines += [*_stage_rows(stages), ""]
    return lines


_HEADING = re.compile(r"^## ", re.M)
_OURS = (
    "Targets",
    "Whole-process",
    "Where `xlkpi build`",
    "Zip bomb",
    "NPS on",
    "The single-sheet",
    "Machine",
    "Data (",
    "Method",
    "A full-column argument",
)


def keep_others(old: str, new: str) -> str:
    """``new`` plus the ``## `` sections of ``old`` that run.py does not write (an
    engine section written by ``engine_scale.py`` or by hand), in their order, at the end."""
    starts = [m.start() for m in _HEADING.finditer(old)]
    kept = []
    for a, b in zip(starts, [*starts[1:], len(old)], strict=True):
        part = old[a:b]
        if not part[3:].startswith(_OURS) and "<!-- udf-call-path -->" not in part:
            kept.append(part.rstrip() + "\n")
    if not kept:
        return new
    return new.rstrip() + "\n\n" + "\n".join(kept)
