"""Common checks run over every scalar KPI of the catalogue (sklearn's test_common style).

``SAMPLES`` gives each scalar KPI one call with a hand-computed result; a KPI added to
the catalogue without a sample fails ``test_every_scalar_kpi_has_a_sample``.
"""

from __future__ import annotations

import copy
import math
import random

import numpy as np
import pandas as pd
import pytest

from xlkpi.kpi.catalogue import by_id, scalar_kpis

# id -> (positional args, keyword args, expected result)
SAMPLES = {
    "nps": (([10, 8, 8, None, 6, 0],), {}, -20.0),  # 100 × (1 − 2) / 5
    "nps_breakdown": (([10, 7, 0, 9],), {}, (2, 1, 1, 4, 0.5, 0.25, 0.25, 25.0, 0)),
    # p = d = 0.5, n = 4: var = 1; 1.959964 × 100 × sqrt(1/4) = 97.998
    "nps_margin": (([10, 0, 10, 0],), {}, 97.9982),
    # A: NPS 0 (var 1, n 4); B: NPS 100 (var 0, n 2): SE = 100 × sqrt(1/4) = 50, z = 2
    "nps_change_test": (([10, 0, 10, 0], [9, 10]), {}, (100.0, 2.0, 0.0455)),
    "rate_interval": ((8, 10), {}, (0.4902, 0.9433)),  # Wilson, see test_kpi_reference
    "conversion_rate": (([2, None, 3], [[100], [150]]), {}, 0.02),  # 5 / 250
    "lead_to_close_rate": ((6, 40), {}, 0.15),
    "repeat_visits": ((50, [20, 10]), {}, 20.0),
    "returning_visitor_rate": ((["a", "b", "a", None, "c"],), {}, 1 / 3),
    "email_optin_rate": ((12, 400), {}, 0.03),
    "bounce_rate": (([1, 1, 2, None, 5],), {}, 0.5),  # 2 of 4 sessions
    "device_share": ((["mobile", "desktop", "desktop", "tablet"],), {}, 0.25),
    "clv": ((200, 2.5, 4), {}, 2000.0),
    "clv_margin": ((300, 0.05, 0.9), {}, 5400.0),  # 300 × 0.9 / 0.05
    "clv_discounted": ((110, 1.0, 0.1, 1), {}, 100.0),  # 110 / 1.1
    "aov": (([50, 150, None, 100],), {}, 100.0),
    "cac": (([600, 400], 8), {}, 125.0),
    "marketing_pct_of_cac": ((750, 250), {}, 0.75),
    "marketing_originated_pct": (([True, "no", None, 1, "y"],), {}, 0.75),
    "churn_rate": ((3, [[100], [50]]), {}, 0.02),
    "retention_rate": ((3, 150), {}, 0.98),
    "refund_rate": ((["paid", "refunded", None, "paid", "cancelled"],), {}, 0.25),
    "return_rate": ((["returned", "paid", "paid", "paid"],), {}, 0.25),
    "repeat_purchase_rate": ((["x", "y", "x", "z"],), {}, 1 / 3),
    "profit": (([500, 300], [[200], [100]]), {}, 500.0),
    "roi": ((1200, 800), {}, 0.5),
    "roas": ((2400, 800), {}, 3.0),
    "cpa": ((900, 30), {}, 30.0),
    "cpc": ((90, 60), {}, 1.5),
    "ctr": ((60, 2000), {}, 0.03),
    "mrr": (([100, None, 250.25],), {}, 350.25),
    "arr": ((350.25,), {}, 4203.0),
    "qualified_lead_rate": ((30, 120), {}, 0.25),
}

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
    assert {k.id for k in SCALARS} == set(SAMPLES)


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
