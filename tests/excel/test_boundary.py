"""The one Excel boundary of the UDFs: input cleaning and the error mapping."""

from __future__ import annotations

import math

import numpy as np
import pytest

from xlkpi.errors import DataError, KpiInputError
from xlkpi.excel import boundary
from xlkpi.excel.boundary import DIV0, NA, VALUE, ExcelInput, excel_udf, number, option, values


@pytest.fixture(autouse=True)
def _fresh_log():
    boundary.clear_errors()
    yield
    boundary.clear_errors()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param([[1.0], [None], [3.0]], [[1.0], [None], [3.0]], id="column"),
        pytest.param([[1.0, None, 3.0]], [[1.0, None, 3.0]], id="row"),
        pytest.param([1.0, 2.0], [[1.0, 2.0]], id="flat-list"),
        pytest.param(7.0, [[7.0]], id="scalar"),
        pytest.param(None, [[None]], id="blank-cell"),
    ],
)
def test_values_keep_the_2d_shape_and_blanks(given, expected):
    got = values(given, "x")
    if isinstance(got, np.ndarray):  # the all-numbers fast path: blanks are NaN
        got = [[None if math.isnan(v) else v for v in row] for row in got.tolist()]
    assert got == expected


@pytest.mark.parametrize(
    ("given", "numeric"),
    [
        pytest.param([[9.0], [None], [10.0]], True, id="numbers-and-blanks"),
        pytest.param([[9], [""], [10]], True, id="json-ints-and-empty-text"),
        pytest.param(((9.0,), (None,)), True, id="com-tuples"),
        pytest.param([[9.0], ["9"]], False, id="text"),
        pytest.param([[True], [1.0]], False, id="boolean"),
    ],
)
def test_only_numbers_and_blanks_give_a_float_array(given, numeric):
    got = values(given, "x")
    assert got.ndim == 2
    assert (got.dtype.kind == "f") is numeric


def test_a_ragged_list_is_read_as_one_row():
    assert values([[1.0, 2.0], [3.0]], "x").tolist() == [[1.0, 2.0, 3.0]]


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#SPILL!"])
def test_an_error_cell_in_the_input_is_passed_on(error):
    with pytest.raises(ExcelInput) as info:
        values([[9.0], [error]], "scores")
    assert info.value.literal == error
    assert "scores" in str(info.value) and "row 2 of the range" in str(info.value)


def test_required_range_without_any_value_is_missing():
    with pytest.raises(ExcelInput) as info:
        values([[None], [""]], "cost", required=True)
    assert info.value.literal == NA


def test_number_takes_one_value_or_its_default():
    assert number([[0.9]], "confidence") == 0.9
    assert number(None, "confidence", default=0.95) == 0.95
    assert number([[None]], "confidence", default=0.95) == 0.95
    with pytest.raises(ExcelInput) as missing:
        number([[None]], "years")
    assert missing.value.literal == NA
    with pytest.raises(ExcelInput) as many:
        number([[1.0], [2.0]], "years")
    assert many.value.literal == VALUE


def test_option_is_lower_case_text_or_none():
    assert option([[" Average "]], "denominator") == "average"
    assert option([[None]], "denominator") is None
    assert option(None, "denominator") is None


def _udf(result=None, exc=None):
    def KPI_TEST(x):
        if exc is not None:
            raise exc
        values(x, "x")
        return result

    return excel_udf(KPI_TEST)


@pytest.mark.parametrize(
    ("udf", "expected"),
    [
        pytest.param(_udf(0.25), 0.25, id="number"),
        pytest.param(_udf(float("nan")), DIV0, id="nan-is-div0"),
        pytest.param(_udf(None), NA, id="none-is-na"),
        pytest.param(_udf(float("inf")), "#NUM!", id="inf-is-num"),
        pytest.param(_udf(exc=KpiInputError("scores: not a score: 11")), VALUE, id="kpi-input"),
        pytest.param(_udf(exc=DataError("Orders!revenue row 3: bad")), VALUE, id="data-error"),
        pytest.param(_udf(exc=ZeroDivisionError("boom")), VALUE, id="bug-is-value"),
    ],
)
def test_outcomes_map_to_excel_values(udf, expected):
    assert udf([[1.0]]) == expected


def test_the_reason_of_the_last_error_is_kept_until_a_success():
    assert boundary.last_error().startswith("no KPI error")
    _udf(exc=KpiInputError("scores: not a whole number 0-10: 11"))([[1.0]])
    assert boundary.last_error() == "KPI_TEST: scores: not a whole number 0-10: 11"
    _udf(float("nan"))([[1.0]])
    assert boundary.last_error().startswith("KPI_TEST: the result is undefined")
    assert _udf(0.5)([[1.0]]) == 0.5  # a success of the same (unknown) cell clears it
    assert boundary.last_error().startswith("no KPI error")


def test_input_error_literal_reaches_the_cell():
    assert _udf(1.0)([["#N/A"]]) == "#N/A"
    assert "x holds the error #N/A" in boundary.last_error()


def test_tables_map_every_cell():
    table = boundary.to_excel([["Group", "Share"], ["Promoters", math.nan], ["NPS", None]])
    assert table == [["Group", "Share"], ["Promoters", DIV0], ["NPS", ""]]


def test_wrapper_keeps_name_signature_and_doc():
    import inspect

    def KPI_X(scores, invalid=None):
        """Doc shown by Excel."""

    wrapped = excel_udf(KPI_X)
    assert wrapped.__name__ == "KPI_X"
    assert wrapped.__doc__ == "Doc shown by Excel."
    # classic xlwings fills the reserved, hidden parameter "caller" with the calling Range
    assert list(inspect.signature(wrapped).parameters) == ["scores", "invalid", "caller"]


class _ClassicCaller:
    """What classic xlwings passes as ``caller``: the calling Range (address, sheet, book)."""

    def __init__(self, sheet: str, address: str) -> None:
        self.address = address
        self.sheet = type(
            "Sheet", (), {"name": sheet, "book": type("Book", (), {"name": "B.xlsm"})}
        )


def test_classic_caller_keys_the_reason_by_cell_and_a_success_clears_it():
    from xlkpi.excel import udfs

    b10, b11 = _ClassicCaller("Data", "$B$10"), _ClassicCaller("Data", "$B$11")
    here = _ClassicCaller("Data", "$D$1")
    # classic xlwings passes every declared argument, then the caller, positionally
    assert udfs.KPI_AOV([["x"]], b10) == VALUE
    assert udfs.KPI_AOV([[2.0]], b11) == 2.0
    assert udfs.KPI_LAST_ERROR("B10", here).startswith("KPI_AOV: revenues: text 'x'")
    assert udfs.KPI_LAST_ERROR("$B$11", here).startswith("no KPI error recorded for Data!B11")
    assert udfs.KPI_LAST_ERROR(None, here).startswith("B10: KPI_AOV")
    assert udfs.KPI_LAST_ERROR("B10", _ClassicCaller("Other", "$A$1")).startswith("no KPI")
    assert udfs.KPI_AOV([[3.0]], b10) == 3.0
    assert udfs.KPI_LAST_ERROR("B10", here).startswith("no KPI error recorded")


def test_last_error_wants_an_address_not_the_error_itself():
    from xlkpi.excel import udfs

    assert 'CELL("address", B10)' in udfs.KPI_LAST_ERROR([["#VALUE!"]])
    assert 'CELL("address", B10)' in udfs.KPI_LAST_ERROR("not an address")
