"""Every KPI_* function through xlwings' real Lite/Server call path (see conftest.py)."""

from __future__ import annotations

import warnings

import pytest

from xlkpi.excel import _cells, boundary, udfs
from xlkpi.kpi.catalogue import CATALOGUE

FUNCTIONS = sorted(k.udf for k in CATALOGUE if k.udf)
ERROR_KINDS = sorted(_cells.ERROR_TYPES)


def _error(literal: str) -> dict:
    """An error cell as Office.js sends it in an argument."""
    return {"type": "Error", "basicValue": literal, "errorType": _cells.ERROR_TYPES[literal]}


def _is_error(result, kind: str) -> bool:
    return result == [[{"type": "Error", "errorType": kind}]]


def test_the_module_registers_exactly_the_catalogue_functions():
    import xlwings.server as xs

    registered = {f["id"] for f in xs.custom_functions_meta(udfs)["functions"]}
    assert registered == {*FUNCTIONS, "KPI_LAST_ERROR"}
    for f in xs.custom_functions_meta(udfs)["functions"]:  # the calling cell stays hidden
        assert "caller" not in [p["name"] for p in f["parameters"]], f["id"]


@pytest.mark.parametrize("kind", ERROR_KINDS)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_error_kind_in_the_first_argument_comes_back_as_that_error(call, name, kind):
    n_args = len(boundary.excel_parameters(getattr(udfs, name)))
    args = [[[_error(kind)]]] + [[[1.0]]] * (n_args - 1)
    assert _is_error(call(name, *args), _cells.ERROR_TYPES[kind])


@pytest.mark.parametrize("kind", ERROR_KINDS)
def test_an_error_deep_in_a_range_propagates_and_is_named(call, kind):
    scores = [[10], [9], [None], [_error(kind)], [7]]
    assert _is_error(call("KPI_NPS", scores, None), _cells.ERROR_TYPES[kind])
    reason = call("KPI_LAST_ERROR", [["B10"]], caller="[Book1.xlsx]Sheet1!C1")
    assert reason == [
        [f"KPI_NPS: scores holds the error {kind} (row 4 of the range); fix that cell first"]
    ]


def test_messages_print_numbers_as_typed_and_name_a_percent_slip(call):
    assert _is_error(call("KPI_NPS", [[10], [9], [8], [11]], None), "Value")
    reason = call("KPI_LAST_ERROR", [["$B$10"]], caller="[Book1.xlsx]Sheet1!C1")[0][0]
    assert "scores: 11 at row 4 of the range" in reason and "11.0" not in reason
    assert _is_error(
        call("KPI_CLV_MARGIN", 500, 95, None, caller="[Book1.xlsx]Sheet1!B11"), "Value"
    )
    reason = call("KPI_LAST_ERROR", "B11", caller="[Book1.xlsx]Sheet1!C1")[0][0]
    assert reason.endswith("churn_rate: 95 must be between 0 and 1: did you mean 0.95, i.e. 95 %?")


def test_last_error_answers_for_the_cell_and_a_success_clears_it(call):
    bad, good = "[Book1.xlsx]Sheet1!B10", "[Book1.xlsx]Sheet1!B11"
    assert _is_error(call("KPI_AOV", [["x"]], caller=bad), "Value")
    assert call("KPI_AOV", [[5.0], [7.0]], caller=good) == [[6.0]]  # a later success elsewhere

    def why(cell, caller="[Book1.xlsx]Sheet1!D1"):
        return call("KPI_LAST_ERROR", cell, caller=caller)[0][0]

    assert why("B10").startswith("KPI_AOV: revenues: text 'x' at row 1 of the range")
    assert why("B11").startswith("no KPI error recorded for Sheet1!B11")
    assert why("Sheet1!B10").startswith("KPI_AOV: revenues")  # with the sheet
    assert why("B10", caller="[Book1.xlsx]Sheet2!D1").startswith("no KPI error")  # other sheet
    assert why(None).startswith("B10: KPI_AOV: revenues")  # latest on this sheet, with its cell
    assert call("KPI_AOV", [[1.0]], caller=bad) == [[1.0]]  # the cell is fixed
    assert why("B10").startswith("no KPI error recorded for Sheet1!B10")


def test_last_error_given_the_cell_itself_asks_for_its_address(call):
    reason = call("KPI_LAST_ERROR", [[_error("#VALUE!")]], caller="[Book1.xlsx]Sheet1!D1")
    assert 'CELL("address", B10)' in reason[0][0]


def test_a_full_column_skips_xlwings_per_cell_cleaning(call, monkeypatch):
    from xlwings import utils

    calls = []
    monkeypatch.setattr(utils, "is_jsnull", lambda v: calls.append(v) or False)
    column = [[9.0]] * 5000 + [[None]] * 5000
    assert call("KPI_AOV", column) == [[9.0]]
    assert calls == []  # read raw: cleaned once, vectorised, by xlkpi's boundary


def test_overflow_is_num_with_its_reason_and_no_warning(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _is_error(call("KPI_MRR", [[1e308], [1e308]]), "Num")
        assert _is_error(call("KPI_AOV", [[1e308], [1e308]]), "Num")
    reason = call("KPI_LAST_ERROR", "B10", caller="[Book1.xlsx]Sheet1!D1")[0][0]
    assert "overflows" in reason


@pytest.mark.parametrize(
    ("args", "kind", "says"),
    [
        pytest.param(
            (0, 0, 0, 1e16), "Value", "years: 1e+16 must be between 0 and 1000", id="1e16"
        ),
        pytest.param((1, 0.9, 0.1, 1e9), "Value", "must be between 0 and 1000", id="1e9"),
        pytest.param((1e308, 1, -0.5, 1000), "Num", "overflows", id="overflow"),
        pytest.param(
            (1, 0.9, -1, 3),
            "Value",
            "discount_rate: -1 must be between -1 and 1 (excluding -1)",
            id="-100%",
        ),
    ],
)
def test_clv_discounted_is_bounded(call, args, kind, says):
    assert _is_error(call("KPI_CLV_DISCOUNTED", *args), kind)
    assert says in call("KPI_LAST_ERROR", "B10", caller="[Book1.xlsx]Sheet1!D1")[0][0]


def test_clv_discounted_with_a_negative_discount_rate_is_a_number(call):
    (value,) = call("KPI_CLV_DISCOUNTED", 100, 0.5, -0.5, 3)[0]
    assert value == pytest.approx(100 / 0.5 * (1 + 1 + 1))  # q = 0.5 / 0.5 = 1


def test_rate_interval_with_denormal_trials_is_a_clear_error(call):
    assert _is_error(call("KPI_RATE_INTERVAL", 0, 5e-324, None), "Value")
    reason = call("KPI_LAST_ERROR", "B10", caller="[Book1.xlsx]Sheet1!D1")[0][0]
    assert "trials: 5e-324 is less than one trial" in reason


def test_a_caller_the_client_could_not_send_still_works(call):
    assert call("KPI_AOV", [["x"]], caller=None) == [[{"type": "Error", "errorType": "Value"}]]
    assert call("KPI_LAST_ERROR", None, caller=None)[0][0].startswith("KPI_AOV: revenues")
