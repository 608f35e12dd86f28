"""Properties over the catalogue: bounds, scale and order invariance, input types, no mutation."""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

import xlkpi
from xlkpi.errors import KpiOverflowError
from xlkpi.kpi.catalogue import CATALOGUE, scalar_kpis
from xlkpi.kpi.kpi_spec import PROPERTIES

SCORES = st.lists(st.one_of(st.integers(0, 10), st.none()), max_size=60)
COUNTS = st.integers(0, 10**6)
MONEY = st.floats(0, 1e9, allow_nan=False)
POSITIVE = st.floats(1e-3, 1e9, allow_nan=False)
FACTOR = st.floats(1e-3, 1e3, allow_nan=False)


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-9)


def _shapes(values: list):
    """The same data as a list, ndarray, Series, 2-D column and 2-D row of xlwings."""
    return [
        values,
        np.array([np.nan if v is None else v for v in values], dtype=float)
        if all(v is None or isinstance(v, int | float) for v in values)
        else np.array(values, dtype=object),
        pd.Series(values, dtype=object),
        [[v] for v in values],
        [list(values)] if values else [],
    ]


@given(SCORES)
def test_nps_bounded_and_type_independent(scores):
    results = [xlkpi.nps(shape) for shape in _shapes(scores)]
    assert all(_same(r, results[0]) for r in results)
    if not math.isnan(results[0]):
        assert -100.0 <= results[0] <= 100.0
        b = xlkpi.nps_breakdown(scores)
        assert b.promoters + b.passives + b.detractors == b.responses
        assert b.promoters_share + b.passives_share + b.detractors_share == pytest.approx(1.0)
        assert xlkpi.nps_margin_of_error(scores) >= 0.0


@given(SCORES, st.randoms())
def test_nps_order_invariant(scores, rnd):
    shuffled = list(scores)
    rnd.shuffle(shuffled)
    assert _same(xlkpi.nps(scores), xlkpi.nps(shuffled))


# --- properties declared in the catalogue, inputs drawn from the declared arguments -------
ROW_VALUES = {  # one value per row of a "range" argument
    "score": st.one_of(st.integers(0, 10), st.none()),
    "id": st.one_of(st.sampled_from(["a", "b", "c", "d", "e"]), st.none()),
    "status": st.one_of(st.sampled_from(["paid", "refunded", "returned", "cancelled"]),
                        st.none()),
    "flag": st.booleans(),
    "device": st.one_of(st.sampled_from(["desktop", "mobile", "tablet"]), st.none()),
    "pageviews": st.integers(1, 20),
    "seconds": st.one_of(st.floats(0, 7200, allow_nan=False, allow_subnormal=False), st.none()),
    "money": st.one_of(st.just(0.0), POSITIVE, st.none()),
}  # fmt: skip
AMOUNT = st.one_of(st.just(0.0), POSITIVE)  # no subnormal floats: k x 5e-324 is not exact
ONE_VALUE = {  # a "total" or "number" argument
    "count": COUNTS,
    "whole": COUNTS,
    "money": AMOUNT,
    "fraction": st.floats(0, 1, allow_nan=False, allow_subnormal=False),  # as AMOUNT
    "years": st.integers(1, 10),
    "level": st.floats(0.5, 0.99),
}
COUNT_DATA = {"count", "part", "whole"}


def test_every_declared_range_can_be_drawn():
    """Each kind of row value the catalogue's vocabulary (kpi_spec.ARG_DATA) allows for a
    range has a strategy here, so a new KPI's range is drawn, not a KeyError."""
    from xlkpi.kpi.kpi_spec import ARG_DATA

    per_row = ARG_DATA[: ARG_DATA.index("seconds") + 1]
    assert set(per_row) <= set(ROW_VALUES)


def _call(kpi, **kwargs):
    """``kpi.function(**kwargs)``; an input whose result is beyond the float range raises
    the documented ``KpiOverflowError`` (tested elsewhere) and is no example here."""
    try:
        return kpi.function(**kwargs)
    except KpiOverflowError:
        reject()


def with_property(name: str):
    return [k for k in scalar_kpis() if name in k.properties]


@st.composite
def arguments(draw, kpi) -> dict:
    """Valid keyword arguments of ``kpi.function`` drawn from its declared ``args``:
    options and optional ranges are left to their defaults, a ``part`` never exceeds
    the ``whole``, and the ranges line up."""
    out, rows = {}, draw(st.integers(0, 40))
    for arg in kpi.args:
        if arg.kind == "range":
            out[arg.name] = draw(st.lists(ROW_VALUES[arg.data], min_size=rows, max_size=rows))
        elif arg.kind in ("total", "number") and arg.data != "part" and arg.name not in kpi.options:
            out[arg.name] = draw(ONE_VALUE[arg.data])
    whole = next((out[a.name] for a in kpi.args if a.data == "whole"), None)
    for arg in kpi.args:
        if arg.data == "part":
            out[arg.name] = draw(st.integers(0, whole))
    return out


def _scaled(kpi, kwargs: dict, k, data: set) -> dict:
    def scale(v):
        if isinstance(v, list):
            return [None if x is None else k * x for x in v]
        return k * v

    names = {a.name for a in kpi.args if a.data in data}
    return {n: scale(v) if n in names else v for n, v in kwargs.items()}


def test_every_declared_property_is_known_and_tested():
    declared = {p for k in CATALOGUE for p in k.properties}
    assert declared <= set(PROPERTIES)
    assert declared == set(PROPERTIES)  # each property has a test below and is used
    for kpi in scalar_kpis():
        assert kpi.properties or kpi.unit == "table", f"{kpi.id}: declare its properties"


BOUNDS = {"fraction": (0.0, 1.0), "points": (-100.0, 100.0), "non_negative": (0.0, math.inf)}
BOUNDED = [(k, p) for p in BOUNDS for k in with_property(p)]


@pytest.mark.parametrize(("kpi", "prop"), BOUNDED, ids=lambda v: getattr(v, "id", v))
@given(data=st.data())
def test_bounded(kpi, prop, data):
    kwargs = data.draw(arguments(kpi))
    low, high = BOUNDS[prop]
    r = _call(kpi, **kwargs)
    assert math.isnan(r) or low <= r <= high, (kwargs, r)


@pytest.mark.parametrize("kpi", with_property("scale_free"), ids=lambda k: k.id)
@given(data=st.data(), k=FACTOR, whole=st.integers(1, 1000))
def test_scale_free(kpi, data, k, whole):
    kwargs = data.draw(arguments(kpi))
    money = any(a.data == "money" for a in kpi.args)
    scaled = _scaled(kpi, kwargs, k if money else whole, {"money"} if money else COUNT_DATA)
    assert _same(_call(kpi, **scaled), _call(kpi, **kwargs))


@pytest.mark.parametrize("kpi", with_property("scale_linear"), ids=lambda k: k.id)
@given(data=st.data(), k=FACTOR)
def test_scale_linear(kpi, data, k):
    kwargs = data.draw(arguments(kpi))
    got, want = _call(kpi, **_scaled(kpi, kwargs, k, {"money"})), _call(kpi, **kwargs)
    assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(
        k * want, rel=1e-9, abs=1e-6
    )


@pytest.mark.parametrize("kpi", with_property("order_free"), ids=lambda k: k.id)
@given(data=st.data(), rnd=st.randoms())
def test_order_free(kpi, data, rnd):
    kwargs = data.draw(arguments(kpi))
    ranges = [a.name for a in kpi.args if a.kind == "range"]
    order = list(range(len(kwargs[ranges[0]])))
    rnd.shuffle(order)
    shuffled = {**kwargs, **{n: [kwargs[n][i] for i in order] for n in ranges}}
    got, want = _call(kpi, **shuffled), _call(kpi, **kwargs)
    assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, rel=1e-9)


@pytest.mark.parametrize("kpi", with_property("shape_free"), ids=lambda k: k.id)
@given(data=st.data())
def test_shape_free(kpi, data):
    kwargs = data.draw(arguments(kpi))
    ranges = [a.name for a in kpi.args if a.kind == "range"]
    results = []
    for shape in range(5):
        shaped = {**kwargs, **{n: _shapes(kwargs[n])[shape] for n in ranges}}
        results.append(_call(kpi, **shaped))
    assert all(_same(r, results[0]) for r in results), results


def test_inputs_are_not_mutated():
    data = {
        "list": [10, None, 9, "", 0],
        "nested": [[10], [None], [9], [""], [0]],
        "ndarray": np.array([10.0, np.nan, 9.0, 0.0]),
        "series": pd.Series([10.0, np.nan, 9.0, 0.0]),
    }
    before = copy.deepcopy(data)
    for value in data.values():
        xlkpi.nps(value)
        xlkpi.nps_breakdown(value, invalid="skip")
        xlkpi.aov(value)
        xlkpi.mrr(value)
        xlkpi.cac(value, 3)
        xlkpi.repeat_purchase_rate(value)
    for key, value in data.items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(value, before[key])
        elif isinstance(value, pd.Series):
            pd.testing.assert_series_equal(value, before[key])
        else:
            assert value == before[key]


def test_returned_arrays_never_alias_writable_input():
    from xlkpi.kpi._input import numbers

    arr = np.array([1.0, 2.0, 3.0])
    out = numbers(arr, "x")
    with pytest.raises(ValueError):
        out[0] = 99.0
    assert arr[0] == 1.0
