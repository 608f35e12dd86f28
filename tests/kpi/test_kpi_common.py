"""Common checks run over every scalar KPI of the catalogue (sklearn's test_common style).

Each scalar KPI's catalogue entry declares one call with a hand-computed result
(``Kpi.sample``); a KPI declared without one fails ``test_every_scalar_kpi_has_a_sample``,
naming it.
"""

from __future__ import annotations

import copy
import math
import random

import numpy as np
import pandas as pd
import pytest

from xlkpi.kpi.catalogue import by_id, scalar_kpis

# id -> (positional args, keyword args, expected result): each KPI's declared sample
SAMPLES = {k.id: k.sample for k in scalar_kpis()}

SCALARS = scalar_kpis()


def _close(result, expected) -> bool:
    if isinstance(expected, tuple):
        return len(result) == len(expected) and all(map(_close, result, expected))
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(result, float) and math.isnan(result)
    return result == pytest.approx(expected, rel=1e-4, abs=1e-4)


def _reshape(args, how):
    """Turn every list argument into another accepted container."""

    def one(a):
        if not isinstance(a, list) or (a and isinstance(a[0], list)):
            return a
        if how == "ndarray":
            if all(
                v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in a
            ):
                return np.array([np.nan if v is None else v for v in a], dtype=float)
            return np.array(a, dtype=object)
        if how == "series":
            return pd.Series(a, dtype=object)
        if how == "column":
            return [[v] for v in a]
        return [list(a)]  # one Excel row

    return tuple(one(a) for a in args)


def test_every_scalar_kpi_has_a_sample():
    missing = [k.id for k in SCALARS if k.sample is None]
    assert not missing, f"declare Kpi(sample=(args, kwargs, expected)) for: {missing}"
    for k in SCALARS:
        args, kwargs, _ = k.sample
        assert isinstance(args, tuple) and isinstance(kwargs, dict), k.id


@pytest.mark.parametrize("kpi", SCALARS, ids=lambda k: k.id)
def test_sample_value(kpi):
    args, kwargs, expected = SAMPLES[kpi.id]
    assert _close(kpi.function(*args, **kwargs), expected)


@pytest.mark.parametrize("kpi", SCALARS, ids=lambda k: k.id)
def test_returns_python_floats(kpi):
    args, kwargs, _ = SAMPLES[kpi.id]
    result = kpi.function(*args, **kwargs)
    if kpi.unit == "table":
        assert isinstance(result, tuple)
        assert all(type(v) in (float, int) for v in result)
    else:
        assert type(result) is float


@pytest.mark.parametrize("how", ["ndarray", "series", "column", "row"])
@pytest.mark.parametrize("kpi", SCALARS, ids=lambda k: k.id)
def test_container_independence(kpi, how):
    args, kwargs, expected = SAMPLES[kpi.id]
    assert _close(kpi.function(*_reshape(args, how), **kwargs), expected)


@pytest.mark.parametrize("kpi", SCALARS, ids=lambda k: k.id)
def test_order_independence(kpi):
    args, kwargs, expected = SAMPLES[kpi.id]
    rnd = random.Random(kpi.id)
    shuffled = []
    for a in args:
        a = list(a) if isinstance(a, list) else a
        if isinstance(a, list):
            rnd.shuffle(a)
        shuffled.append(a)
    assert _close(kpi.function(*shuffled, **kwargs), expected)


@pytest.mark.parametrize("kpi", SCALARS, ids=lambda k: k.id)
def test_inputs_not_mutated(kpi):
    args, kwargs, _ = SAMPLES[kpi.id]
    for how in ("list", "ndarray", "series"):
        shaped = args if how == "list" else _reshape(args, how)
        before = copy.deepcopy(shaped)
        kpi.function(*shaped, **kwargs)
        for a, b in zip(shaped, before, strict=True):
            if isinstance(a, np.ndarray):
                np.testing.assert_array_equal(a, b)
            elif isinstance(a, pd.Series):
                pd.testing.assert_series_equal(a, b)
            else:
                assert a == b


@pytest.mark.parametrize("kpi", [k for k in SCALARS if k.unit == "rate"], ids=lambda k: k.id)
def test_rate_units_are_fractions(kpi):
    args, kwargs, _ = SAMPLES[kpi.id]
    value = kpi.function(*args, **kwargs)
    assert 0.0 <= value <= 1.0 or kpi.id == "roi"


def test_money_kpis_scale_with_the_currency():
    # multiplying every amount by 100 (dollars -> cents) multiplies money KPIs by 100
    k = 100.0
    assert by_id("cac").function(k * 1000, 8) == k * by_id("cac").function(1000, 8)
    assert by_id("aov").function([k * 50, k * 150]) == k * by_id("aov").function([50, 150])
    assert by_id("clv_margin").function(k * 300, 0.05) == pytest.approx(
        k * by_id("clv_margin").function(300, 0.05)
    )
    assert by_id("roas").function(k * 2400, k * 800) == by_id("roas").function(2400, 800)
