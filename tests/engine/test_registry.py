"""Which report KPIs the engine computes, said openly; ``import xlkpi`` stays free of Ibis."""

from __future__ import annotations

import subprocess
import sys

import pytest

from xlkpi.engine import covered
from xlkpi.engine.run import uncovered
from xlkpi.errors import XlkpiError
from xlkpi.kpi.catalogue import report_kpis


def test_every_report_kpi_is_covered_or_listed_as_not_yet():
    ids = [k.id for k in report_kpis()]
    assert covered() + uncovered() == [i for i in ids if i in covered()] + [
        i for i in ids if i not in covered()
    ]
    assert set(covered()) | set(uncovered()) == set(ids)
    assert not set(covered()) & set(uncovered())
    print("engine covers", len(covered()), "of", len(ids), "report KPIs; not yet:", uncovered())


def test_an_uncovered_kpi_is_an_error_not_a_number():
    from xlkpi.engine import compile_sql

    for kpi in uncovered()[:1]:
        with pytest.raises(XlkpiError, match="does not compute"):
            compile_sql(kpi)


def test_importing_xlkpi_does_not_import_ibis():
    code = "import sys, xlkpi, xlkpi.engine; print('ibis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_trial_count_has_an_engine_expression_and_a_rate():
    """The counts no KPI reports (xlkpi.engine.frames.trials.COUNTS, the NumPy path's) are
    the engine's too, each the trial count of a report rate under some option choice: a
    count added to one path and not the other fails here, by name."""
    from xlkpi.engine.frames.trials import COUNTS as IN_MEMORY
    from xlkpi.engine.plan import COUNTS as ENGINE_COUNTS
    from xlkpi.engine.run import _load

    _load()
    assert set(ENGINE_COUNTS) == set(IN_MEMORY)
    declared = {name for k in report_kpis() if k.unit == "rate"
                for name in (k.trials, *(t for _, _, t in k.trials_when))}  # fmt: skip
    assert set(ENGINE_COUNTS) <= declared


def _registrars() -> dict:
    """Each registry of the computation -> (its table, its decorator, a name it holds)."""
    from xlkpi.engine import plan
    from xlkpi.engine.frames import base, trials
    from xlkpi.engine.run import _load

    _load()
    return {
        "NumPy KPI": (base.REPORT_FUNCTIONS, base.report_kpi, "revenue"),
        "NumPy trial count": (trials.COUNTS, trials.count, "buyers"),
        "engine KPI": (plan.ENGINE, plan.engine_kpi, "revenue"),
        "engine trial count": (plan.COUNTS, plan.engine_count, "buyers"),
    }


@pytest.mark.parametrize("registry", ["NumPy KPI", "NumPy trial count", "engine KPI",
                                      "engine trial count"])  # fmt: skip
def test_every_registry_refuses_a_name_registered_twice(registry):
    """One registrar (xlkpi.engine.registry) behind the four decorators: a second function
    under a name already registered is refused, and the first stays."""
    table, decorator, name = _registrars()[registry]
    first = table[name]
    with pytest.raises(XlkpiError, match=f"'{name}' is registered twice"):
        decorator(name)(lambda *_: None)
    assert table[name] is first
