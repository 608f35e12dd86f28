"""Headers, unknown labels and percent slips, for every KPI_* function, on the server path.

Each scalar KPI's hand-computed sample (``tests/kpi/test_kpi_common.SAMPLES``) is called
through ``custom_functions_call`` as Excel would pass it: every range argument as a
column. With a header atop any argument the answer is the hand-computed one; an unknown
label in a category argument and a percentage typed for a rate-like argument are
``#VALUE!`` whose reason names the cell or the slip.
"""

from __future__ import annotations

import inspect

import pytest

from tests.excel.server.conftest import call_function
from tests.kpi.test_kpi_common import SAMPLES
from xlkpi.excel._headers import known_labels
from xlkpi.kpi.catalogue import scalar_kpis
from xlkpi.kpi.kpi_spec import RATE_DATA

KPIS = scalar_kpis()
VALUE = [[{"type": "Error", "errorType": "Value"}]]


def excel_args(kpi) -> dict[str, object]:
    """The sample's arguments by UDF argument name, ranges as Excel columns."""
    args, kwargs, _ = SAMPLES[kpi.id]
    names = list(inspect.signature(kpi.function).parameters)
    given = {**dict(zip(names, args, strict=False)), **kwargs}
    return {a.name: _column(given[a.name]) for a in kpi.args if a.name in given}


def _column(v):
    if isinstance(v, list) and not (v and isinstance(v[0], list)):
        return [[x] for x in v]
    return v


def _as_column(v):
    return v if isinstance(v, list) else [[v]]


def call_kpi(kpi, args: dict):
    return call_function(kpi.udf, *[args.get(a.name) for a in kpi.args])


def reason() -> str:
    return call_function("KPI_LAST_ERROR", "B10", caller="[Book1.xlsx]Sheet1!D1")[0][0]


def _same(kpi, got, args) -> bool:
    """``got`` is the sample's answer: its hand-computed value (a table: the same table as
    the plain call, whose values test_functions checks)."""
    expected = SAMPLES[kpi.id][2]
    if isinstance(expected, tuple):
        return got == call_kpi(kpi, args)
    return got[0][0] == pytest.approx(expected, rel=1e-4, abs=1e-4)


HEADED = [
    pytest.param(k, a.name, id=f"{k.udf}-{a.name}")
    for k in KPIS
    for a in k.args
    if a.kind != "option" and a.name in excel_args(k)
]


@pytest.mark.parametrize(("kpi", "name"), HEADED)
def test_a_header_atop_any_argument_is_skipped(call, kpi, name):
    args = excel_args(kpi)
    header = name.replace("_", " ").title()  # "Visitor Ids", "Statuses", "Scores"
    headed = {**args, name: [[header], *_as_column(args[name])]}
    got = call_kpi(kpi, headed)
    assert _same(kpi, got, args), (got, reason())


def _first(kpi, name):
    return next((r[0] for r in _as_column(excel_args(kpi)[name]) if r[0] is not None), None)


# text atop text is a header only when it names its column: numbers only here
NUMBERS = [p for p in HEADED if not isinstance(_first(*p.values), str | bool)]


@pytest.mark.parametrize(("kpi", "name"), NUMBERS)
def test_text_atop_numbers_is_a_header_too(call, kpi, name):
    args = excel_args(kpi)
    got = call_kpi(kpi, {**args, name: [["Q3 (all regions)"], *_as_column(args[name])]})
    assert _same(kpi, got, args), (got, reason())


LABELLED = [
    pytest.param(k, a, id=f"{k.udf}-{a.name}")
    for k in KPIS
    for a in k.args
    if a.kind != "option" and known_labels(a.data) and a.name in excel_args(k)
]


@pytest.mark.parametrize(("kpi", "arg"), LABELLED)
def test_an_unknown_label_is_an_error_naming_it_and_its_row(call, kpi, arg):
    assert LABELLED  # statuses and devices at least
    args = excel_args(kpi)
    typo = known_labels(arg.data)[1] + "d"  # "refundedd", "mobiled"
    column = [[arg.name.title()], *_as_column(args[arg.name]), [typo]]
    assert call_kpi(kpi, {**args, arg.name: column}) == VALUE
    why = reason()
    assert f"{arg.name}: text {typo!r} at row {len(column)} of the range" in why, why
    assert "is not a known " + arg.data in why and known_labels(arg.data)[0] in why


def test_the_issues_examples(call):
    assert call_function("KPI_REFUND_RATE", [["status"], ["paid"], ["refunded"]]) == [[0.5]]
    assert call_function("KPI_REFUND_RATE", [["paid"], ["refundd"]]) == VALUE
    assert "text 'refundd' at row 2 of the range" in reason()
    nps = [["score"], [10], [9], [0], [None], [None]]  # NPS!B:B: a header, blanks below
    assert call_function("KPI_NPS", nps) == [[pytest.approx(100 / 3)]]
    assert call_function("KPI_NPS", [[10], ["x"], [0]]) == VALUE
    assert "text 'x' at row 2 of the range" in reason()
    assert call_function("KPI_DEVICE_SHARE", [["Device"], ["mobile"], ["tablet"]]) == [[0.5]]
    assert call_function("KPI_DEVICE_SHARE", [["mobile"]], "mobil") == VALUE
    assert "'mobil' is not a known device" in reason()
    ids = [["Customer ID"], ["c1"], ["c2"], ["c1"]]
    assert call_function("KPI_REPEAT_PURCHASE_RATE", ids) == [[0.5]]
    visitors = [["user_pseudo_id"], ["v1"], ["v1"], ["v2"], ["v3"]]
    assert call_function("KPI_RETURNING_VISITOR_RATE", visitors) == [[pytest.approx(1 / 3)]]


RATES = [
    pytest.param(k, a, id=f"{k.udf}-{a.name}") for k in KPIS for a in k.args if a.data in RATE_DATA
]


@pytest.mark.parametrize("typed", [10, 95.0, 100])
@pytest.mark.parametrize(("kpi", "arg"), RATES)
def test_a_percentage_typed_for_a_rate_is_named(call, kpi, arg, typed):
    assert len(RATES) >= 6
    args = {**excel_args(kpi), arg.name: typed}
    assert call_kpi(kpi, args) == VALUE
    fraction = f"{typed / 100:g}"
    assert f"{arg.name}: {typed:g} must be between" in reason()
    assert f"did you mean {fraction}, i.e. {typed:g} %?" in reason(), reason()


def test_clv_discounted_names_the_slip_of_the_issue(call):
    assert call_function("KPI_CLV_DISCOUNTED", 1000, 0.8, 10, 5) == VALUE
    assert "discount_rate: 10 must be between -1 and 1" in reason()
    assert reason().endswith("10: did you mean 0.1, i.e. 10 %?") or "0.1, i.e. 10 %" in reason()
    # the fraction itself: 1000/1.1 + 800/1.21 + 640/1.331 + 512/1.4641 + 409.6/1.61051
    (value,) = call_function("KPI_CLV_DISCOUNTED", 1000, 0.8, 0.1, 5)[0]
    assert value == pytest.approx(sum(1000 * 0.8 ** (t - 1) / 1.1**t for t in range(1, 6)))
