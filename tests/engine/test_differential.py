"""The engine's KPI Data equals the NumPy path's (``compute_kpis(raw).table``, restricted to
the KPIs the engine covers): same rows in the same order, values to 1e-9 relative, NaN where
NumPy says "not defined" - at every grain, under every option choice, on the sample and on
hypothesis-generated raw data of every contract table."""

from __future__ import annotations

import functools
import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.engine.support import assert_same, engine_table, numpy_table, raw_data
from xlkpi.data import read_source
from xlkpi.data.sample import sample_tables  # noqa: F401  (the sample's one definition)
from xlkpi.engine import covered
from xlkpi.kpi.options import OPTIONS

# CI draws the same examples on every run (a submission is not failed by a new random draw);
# a developer's run draws new ones each time, and --hypothesis-seed=N replays a draw.
CI = bool(os.environ.get("CI"))

KINDS = ("month", "quarter", "week")
# A failing example is printed as found: shrinking one costs minutes (two full KPI
# computations per step), and the tables are small already.
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)


def generated(examples: int):
    """Hypothesis settings of a differential test over generated data: ``examples`` drawn,
    no shrinking, the same draw in CI."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        phases=NO_SHRINK,
        derandomize=CI,
    )


NUMBER_CHOICES = {"bounce_rate.engaged_seconds": (10.0, 30.0),
                  "mrr_reactivation.window": (0, 1, 3)}  # fmt: skip


def choices() -> list[tuple[str, object]]:
    """Every (option, choice) of an option that changes a KPI the engine covers."""
    mine = set(covered())
    out = []
    for opt in OPTIONS:
        if not mine & set(opt.kpis):
            continue
        values = opt.values or NUMBER_CHOICES[opt.name]
        out += [(opt.name, v) for v in values if v != opt.default]
    return out


@functools.cache
def sample():
    from pathlib import Path

    return read_source(Path(__file__).resolve().parents[2] / "examples" / "sample_raw.xlsx")


@pytest.mark.parametrize("kind", KINDS)
def test_sample_equals_numpy(kind):
    raw = sample()
    assert_same(numpy_table(raw, kind), engine_table(raw, kind))


@pytest.mark.parametrize("option,choice", choices())
@pytest.mark.parametrize("kind", KINDS)
def test_sample_equals_numpy_under_every_option(kind, option, choice):
    raw = sample()
    options = {option: choice}
    assert_same(numpy_table(raw, kind, options), engine_table(raw, kind, options))


@generated(6)
@given(raw_data())
@pytest.mark.parametrize("kind", KINDS)
def test_generated_data_equals_numpy(kind, raw):
    assert_same(numpy_table(raw, kind), engine_table(raw, kind))


@generated(2)
@given(raw_data())
@pytest.mark.parametrize("option,choice", choices())
def test_generated_data_equals_numpy_under_every_option(option, choice, raw):
    for kind in KINDS:
        options = {option: choice}
        assert_same(numpy_table(raw, kind, options), engine_table(raw, kind, options))
