"""Each option's declared KPI list covers every report KPI it changes, derived, not listed.

For every non-default choice of every option (``xlkpi.kpi.options``), KPI Data is built
under that choice and under the defaults on the options matrix's data (which exercises
every choice: ``test_recalc_options_matrix.test_each_choice_is_exercised_by_the_data``).
A KPI changed when any of its values differs. Where the default rejects the data (a choice
that accepts what the default calls a data error, ``nps.invalid = skip``), the choice
changes every KPI that reads the rejected cells: an error under the default, a number now.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.report.test_recalc_options_matrix import WITH, matrix_raw, other_values
from xlkpi.engine.compute import compute_kpis
from xlkpi.errors import DataError
from xlkpi.kpi.catalogue import report_kpis
from xlkpi.kpi.options import OPTIONS

CHOICES = [(o, v) for o in OPTIONS for v in other_values(o)]


def _compute(raw, overrides: dict):
    raw = dataclasses.replace(raw, settings=dataclasses.replace(raw.settings, **overrides))
    return compute_kpis(raw)


def _rejected_readers(raw, error: DataError, settings) -> set[str]:
    """The report KPIs that read a cell ``error`` names (table and column)."""
    headers = {p.column for p in error.problems}
    read = set()
    for name, table in raw.tables.items():
        if table.sheet != error.sheet:
            continue
        columns = {c for c, h in table.headers.items() if h in headers} | headers
        read |= {(name, c) for c in columns}
    return {
        k.id
        for k in report_kpis()
        if any((t, c) in read for t, cols in k.needs_for(settings) for c in cols)
    }


def changed_kpis(opt, value) -> set[str]:
    """The report KPIs whose KPI Data changes when ``opt`` is ``value`` instead of its default."""
    also = {k.setting: v for k, v in WITH.get(opt, {}).items()}
    for invalid in (True, False):
        raw = matrix_raw(invalid)
        try:
            this = _compute(raw, {**also, opt.setting: value})
        except DataError:
            continue
        try:
            base = _compute(raw, also)
        except DataError as error:
            return _rejected_readers(raw, error, this.settings)
        a, b = (r.table.set_index(["kpi", "segment", "period"]).value for r in (base, this))
        joined = a.to_frame("a").join(b.to_frame("b"), how="outer")
        same = np.isclose(joined.a, joined.b, rtol=1e-12, atol=0, equal_nan=True)
        return set(joined.index[~same].get_level_values("kpi"))
    raise AssertionError(f"no data accepted under {opt.name}={value}")


@pytest.mark.parametrize(("opt", "value"), CHOICES, ids=[f"{o.name}={v}" for o, v in CHOICES])
def test_the_declared_kpis_cover_every_kpi_the_choice_changes(opt, value):
    changed = changed_kpis(opt, value)
    assert changed, f"{opt.name}={value} changes nothing on the matrix data"
    missing = changed - set(opt.kpis)
    assert not missing, f"{opt.name} changes {sorted(missing)} but does not declare them"
