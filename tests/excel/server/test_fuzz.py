"""Hypothesis fuzzing of every KPI_* function through ``custom_functions_call``.

Whatever Office.js could send (numbers huge, tiny, denormal, negative; JSON integers
beyond the float range; text, error-looking text, booleans, blanks, error objects,
formatted dates, ragged or empty ranges), every function must answer with numbers or
real Excel error objects: never an exception, never ``inf``/``nan`` (as a number or as
text), never an internal error, in bounded time.
"""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.excel.server.conftest import call_function
from xlkpi.excel import _cells, boundary, udfs
from xlkpi.kpi.catalogue import CATALOGUE

FUNCTIONS = sorted(k.udf for k in CATALOGUE if k.udf)
ERROR_TYPES = set(_cells.ERROR_TYPES.values())
SECONDS_PER_CALL = 2.0

numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),  # JSON has no NaN or infinity
    st.floats(min_value=-1e-300, max_value=1e-300),  # tiny and denormal
    st.sampled_from([0.0, -0.0, 5e-324, 1e308, -1e308, 0.95, 95.0, 1e16, -0.5, 1.0]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.integers(min_value=10**308, max_value=10**310),  # beyond float: JSON allows it
)
cells = st.one_of(
    numbers,
    st.none(),
    st.booleans(),
    st.sampled_from(["", " ", "x", "9", "#N/A", "inf", "nan", "paid", "refunded", "average"]),
    st.text(max_size=5),
    st.sampled_from(sorted(_cells.ERROR_TYPES)).map(
        lambda e: {"type": "Error", "basicValue": e, "errorType": _cells.ERROR_TYPES[e]}
    ),
    st.just({"type": "FormattedNumber", "basicValue": 45292.0, "numberFormat": "m/d/yyyy"}),
)
ranges = st.integers(1, 4).flatmap(
    lambda width: st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=6)
)
arguments = st.one_of(st.none(), cells, ranges)


def _check_cell(v, name):
    if isinstance(v, dict):
        assert v.get("type") == "Error" and v.get("errorType") in ERROR_TYPES, (name, v)
    elif isinstance(v, str):  # labels of spilled tables, or "" for an empty table cell
        assert not v.startswith("#"), (name, v)
        assert v.strip().lower() not in {"inf", "-inf", "nan", "infinity"}, (name, v)
    else:
        assert isinstance(v, int | float) and not isinstance(v, bool), (name, v)
        assert math.isfinite(v), (name, v)


@pytest.mark.parametrize("name", FUNCTIONS)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(data=st.data())
def test_every_function_answers_with_numbers_or_real_errors(name, data):
    n_args = len(boundary.excel_parameters(getattr(udfs, name)))
    args = [data.draw(arguments, label=f"arg{i}") for i in range(n_args)]
    start = time.perf_counter()
    result = call_function(name, *args, caller="[Fuzz.xlsx]Sheet1!A1")
    assert time.perf_counter() - start < SECONDS_PER_CALL, name
    assert isinstance(result, list) and all(isinstance(r, list) for r in result), result
    for row in result:
        for v in row:
            _check_cell(v, name)
    why = call_function("KPI_LAST_ERROR", "A1", caller="[Fuzz.xlsx]Sheet1!Z1")[0][0]
    assert "internal error" not in why, (name, args, why)


# ----------------------------------------- headers, unknown labels, percent slips


def _header_texts():
    from xlkpi.excel._headers import header_names

    names = sorted(header_names())
    spelled = st.sampled_from(names).flatmap(
        lambda n: st.sampled_from([n, n.upper(), n.replace("_", " ").title(), f" {n}-"])
    )
    return spelled


KPIS = {k.udf: k for k in CATALOGUE if k.udf and k.function is not None}


@pytest.mark.parametrize("name", sorted(KPIS))
@settings(max_examples=25, deadline=None, database=None)
@given(data=st.data())
def test_every_function_skips_any_header_and_names_labels_and_slips(name, data):
    from tests.excel.server.test_cells_like_excel import _as_column, call_kpi, excel_args, reason
    from xlkpi.excel._headers import is_header_name, known_labels
    from xlkpi.kpi.kpi_spec import RATE_DATA

    kpi = KPIS[name]
    args = excel_args(kpi)
    plain = call_kpi(kpi, args)
    ranges = [a for a in kpi.args if a.kind != "option" and a.name in args]
    headed = dict(args)
    for arg in data.draw(st.lists(st.sampled_from(ranges), min_size=1, unique=True)):
        headed[arg.name] = [[data.draw(_header_texts())], *_as_column(args[arg.name])]
    assert call_kpi(kpi, headed) == plain, reason()
    for arg in ranges:
        labels = known_labels(arg.data)
        if labels:  # any other text among the labels is named, with its row
            column = _as_column(args[arg.name])
            word = data.draw(st.text(min_size=1, max_size=8).filter(
                lambda t, known=labels: t.strip() and t.strip().casefold() not in known
                and not t.strip().startswith("#") and not is_header_name(t)))  # fmt: skip
            row = data.draw(st.integers(0, len(column)))
            broken = [*column[:row], [word], *column[row:]]
            assert call_kpi(kpi, {**args, arg.name: broken}) == VALUE_ERROR
            assert f"at row {row + 1} of the range is not a known {arg.data}" in reason()
        if arg.data in RATE_DATA:  # a percentage typed for a fraction is named
            typed = data.draw(st.integers(2, 100))
            assert call_kpi(kpi, {**args, arg.name: typed}) == VALUE_ERROR
            assert f"did you mean {typed / 100:g}, i.e. {typed} %?" in reason()


VALUE_ERROR = [[{"type": "Error", "errorType": "Value"}]]
