"""Checks of the Targets sheet against the KPI catalogue: unknown ids, rates typed as %.

A target the report cannot use as typed is a finding (``xlkpi check``, the Data quality
sheet and the build summary list it), never silently dropped or silently taken:

- an id the catalogue does not know (``revnue``, ``churn``) names the nearest known id;
- a rate target above what a fraction can be (40 for 40 %) says what was probably meant
  and is not used, so a 43 % bounce rate does not show *On target* against "40".
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from xlkpi.errors import CellProblem
from xlkpi.kpi.catalogue import report_kpis

# Rates that can exceed 1 (ROI 300 % = 3.0, NRR 110 % = 1.1): a percentage slip is only
# likely above this value. Every other rate is a fraction from 0 to 1.
_UNBOUNDED = {"roi": 20.0, "nrr": 20.0}
NOT_USED = "(this target is not used)"


def is_target_finding(problem: CellProblem) -> bool:
    """True for the findings :func:`check_targets` makes (the build summary lists them)."""
    return problem.message.endswith(NOT_USED)


def check_targets(targets: pd.DataFrame, sheet: str) -> tuple[pd.DataFrame, list[CellProblem]]:
    """The targets the report can use, and one finding per target it cannot use as typed.

    ``targets`` has ``kpi``, ``target``, ``warn`` and ``row`` (the Excel row) columns.
    """
    known = {k.id: k for k in report_kpis()}
    findings: list[CellProblem] = []
    usable = np.ones(len(targets), dtype=bool)
    rows = targets["row"] if "row" in targets else pd.Series(np.zeros(len(targets), dtype=int))
    for i, (kpi, row) in enumerate(zip(targets["kpi"], rows, strict=True)):
        row = int(row)
        if kpi not in known:
            usable[i] = False
            near = difflib.get_close_matches(str(kpi), list(known), n=1, cutoff=0.6)
            hint = f"did you mean {near[0]!r}?" if near else "see docs/kpis.md for the ids"
            findings.append(
                CellProblem(sheet, row, "kpi", kpi, f"unknown KPI id {kpi!r}: {hint} {NOT_USED}")
            )
            continue
        if known[kpi].unit != "rate":
            continue
        limit = _UNBOUNDED.get(kpi, 1.0)
        for column in ("target", "warn"):
            value = float(targets[column].iloc[i])
            if np.isnan(value) or abs(value) <= limit:
                continue
            usable[i] = False
            findings.append(
                CellProblem(
                    sheet,
                    row,
                    column,
                    value,
                    f"{column} {value:g} for {kpi} looks like a percentage: did you mean "
                    f"{_fraction(value)}? Rates are fractions (0.40 = 40 %) {NOT_USED}",
                )
            )
    return targets[usable].reset_index(drop=True), findings


def _fraction(value: float) -> str:
    """``40`` -> ``0.40``; ``12.5`` -> ``0.125``."""
    fraction = value / 100
    return f"{fraction:.2f}" if round(fraction, 2) == fraction else f"{fraction:g}"
