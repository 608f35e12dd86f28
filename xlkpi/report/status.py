"""A KPI's status against its target, and the digits that make it visible.

The status (On target / Watch / Off target) is judged on the unrounded value, as the
report's status formulas do; a value shown rounded must then carry enough decimals that a
reader sees why (:func:`status_format`).
"""

from __future__ import annotations

import math
import re

_LITERAL = re.compile(r'("[^"]*"|\[[^\]]*\]|\\.)')
_DIGITS = re.compile(r"(#,##0|0)(\.0+)?")


def decimals(fmt: str) -> tuple[int, bool] | None:
    """(decimals shown, percent) of a plain number format; None for a scaled or
    conditional one.

    >>> decimals("0.0%"), decimals('"$"#,##0.00;-"$"#,##0.00'), decimals("[>=1000]0,K")
    ((1, True), (2, False), None)
    """
    section = fmt.split(";")[0]
    if "[" in section or "," in _LITERAL.sub("", section).replace("#,##0", ""):
        return None
    match = _DIGITS.search(_LITERAL.sub("", section))
    if match is None:
        return None
    return len(match.group(2) or ".") - 1, "%" in _LITERAL.sub("", section)


def more_decimals(fmt: str, extra: int) -> str:
    """``fmt`` showing ``extra`` more decimals (literal text and conditions untouched).

    >>> more_decimals("0.0%", 1), more_decimals('"$"#,##0;-"$"#,##0', 2)
    ('0.00%', '"$"#,##0.00;-"$"#,##0.00')
    """
    if extra <= 0:
        return fmt
    parts = _LITERAL.split(fmt)
    for i in range(0, len(parts), 2):  # the even parts are outside quotes and brackets
        parts[i] = _DIGITS.sub(
            lambda m: m.group(1) + "." + "0" * (len(m.group(2) or ".") - 1 + extra), parts[i]
        )
    return "".join(parts)


def status_format(fmt: str, now: float, target: float, warn: float, direction: int) -> str:
    """``fmt`` with enough decimals that the shown value tells its status: the status is
    judged on the unrounded value, so 2.98 % against a 3.0 % target is "Watch" and must not
    read 3.0 % (up to 3 more decimals; unchanged when the rounding hides nothing).

    >>> status_format("0.0%", 0.02996, 0.03, 0.025, 1)
    '0.000%'
    >>> status_format("0.0%", 0.034, 0.03, 0.025, 1)
    '0.0%'
    """
    shown = decimals(fmt)
    if shown is None or not direction or not (math.isfinite(now) and math.isfinite(target)):
        return fmt
    places, percent = shown
    scale = 100.0 if percent else 1.0
    truth = status(now, target, warn, direction)
    for extra in range(4):
        digits = places + extra

        def show(v: float, d: int = digits) -> float:
            return round(v * scale, d) if math.isfinite(v) else v

        if status(show(now), show(target), show(warn), direction) == truth:
            return more_decimals(fmt, extra)
    return more_decimals(fmt, 3)


def status(now: float, target: float, warn: float, direction: int) -> str:
    """On target / Watch / Off target of ``now`` (unrounded) against ``target`` and the
    amber line ``warn``, for a KPI whose ``direction`` is +1 (higher is better) or -1; ""
    without a direction, a target or a value (what the status formulas compute)."""
    if not direction or not math.isfinite(target) or not math.isfinite(now):
        return ""
    good = now >= target if direction > 0 else now <= target
    if good:
        return "On target"
    watch = math.isfinite(warn) and (now >= warn if direction > 0 else now <= warn)
    return "Watch" if watch else "Off target"
