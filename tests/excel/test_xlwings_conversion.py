"""The UDFs behind xlwings' real converters, as classic xlwings calls them (``call_udf``).

A COM-like engine (``xl_engine``) stands in for Excel on Linux: ranges arrive as tuples of
rows with ``None`` blanks and COM error codes; the result goes through ``conversion.write``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.excel.xl_engine import COM_NA, call_like_excel
from xlkpi.excel import udfs
from xlkpi.excel._cells import COM_ERRORS
from xlkpi.excel.udfs_factory import RANGE, TABLE

DIV0_CODE = -2146826281


def _call(udf, *args):
    return call_like_excel(udf, *args, arg_options=RANGE, ret_options=TABLE)


def test_a_column_range_with_blanks(excel_engine):
    scores = ((10.0,), (None,), (9.0,), (6.0,), ("",))
    assert _call(udfs.KPI_NPS, scores) == [[pytest.approx(100 * (2 - 1) / 3)]]


def test_a_single_cell_and_a_typed_number(excel_engine):
    assert _call(udfs.KPI_CHURN, ((5.0,),), 200.0) == [[0.025]]


def test_a_com_error_cell_becomes_the_same_error(excel_engine):
    assert _call(udfs.KPI_NPS, ((10.0,), (COM_NA,))) == [["#N/A"]]
    assert _call(udfs.KPI_AOV, ((DIV0_CODE,),)) == [["#DIV/0!"]]


def test_raw_arguments_reach_the_boundary_as_com_gives_them(excel_engine):
    from xlwings import conversion

    # the default conversion would make an error cell look blank; raw keeps the COM code
    assert conversion.read(None, ((COM_NA,),), {"ndim": 2}) == [[None]]
    assert conversion.read(None, ((COM_NA,),), RANGE) == ((COM_NA,),)
    # classic passes a one-cell range as the bare value, and dates as datetimes
    assert _call(udfs.KPI_AOV, 5.0) == [[5.0]]
    assert _call(udfs.KPI_AOV, ((dt.datetime(1900, 1, 9),),)) == [[10.0]]


@pytest.mark.parametrize(
    "literal", ["#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!"]
)
def test_newer_com_error_codes_propagate(excel_engine, literal):
    code = {v: k for k, v in COM_ERRORS.items()}[literal]
    assert _call(udfs.KPI_NPS, ((10.0,), (code,))) == [[literal]]


def test_undefined_result_is_an_error_literal_not_a_blank(excel_engine):
    # classic xlwings writes NaN as an empty cell; the UDF must not return NaN
    assert _call(udfs.KPI_NPS, ((None,), (None,))) == [["#DIV/0!"]]
    assert _call(udfs.KPI_CONVERSION_RATE, 3.0, 0.0) == [["#DIV/0!"]]


def test_breakdown_spills_as_a_6_by_3_array(excel_engine):
    spilled = _call(udfs.KPI_NPS_BREAKDOWN, ((10.0, 9.0), (0.0, 7.0)))
    assert len(spilled) == 6 and {len(r) for r in spilled} == {3}
    assert spilled[0] == ["Group", "Count", "Share"]
    assert spilled[1] == ["Promoters", 2, 0.5]
    assert spilled[5] == ["NPS", 25.0, ""]


def test_text_option_and_omitted_optional_argument(excel_engine):
    assert _call(udfs.KPI_CHURN, 5.0, 200.0, (("Average",),), 300.0) == [[0.02]]
    assert _call(udfs.KPI_CHURN, 5.0, 200.0, None) == [[0.025]]
