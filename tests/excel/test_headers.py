"""What the cells' rules are derived from: header names, known labels, declared ranges.

The rules themselves are tested through the server path
(``tests/excel/server/test_cells_like_excel.py``); here, that their inputs come from the
declarations (data contract and catalogue) and cover every argument.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import replace

import pytest

from tests.kpi.test_kpi_common import SAMPLES
from xlkpi.data.contract import TABLES
from xlkpi.errors import KpiInputError
from xlkpi.excel import _headers, boundary, udfs
from xlkpi.kpi._input import interval
from xlkpi.kpi.catalogue import by_id, entries, extended, scalar_kpis
from xlkpi.kpi.kpi_spec import ARG_DATA, RATE_DATA, Arg

ARGS = [(k, a) for k in scalar_kpis() for a in k.args]


def test_every_contract_column_and_argument_name_is_a_header_name():
    names = _headers.header_names()
    for spec in TABLES.values():
        assert set(spec.names) <= names, spec.name
    assert {a.name for _, a in ARGS} <= names
    labels = {v for spec in TABLES.values() for c in spec.columns for v in c.allowed}
    assert not names & labels  # "paid" is never a header


def test_a_new_kpis_argument_name_is_a_header_name_at_once():
    extra = replace(by_id("aov"), id="extra_aov", udf="KPI_EXTRA_AOV", in_report=False,
                    args=(Arg("basket_values", "range", "money", "Baskets."),))  # fmt: skip
    with extended(extra):
        assert _headers.is_header_name("Basket Values")
    assert not _headers.is_header_name("Basket Values")


@pytest.mark.parametrize(
    ("text", "header"),
    [("Financial Status", True), ("Customer-ID", True), ("user_pseudo_id", True),
     ("Device Category", True), ("SCORE", True), ("refundd", False), ("c-1001", False)],
)  # fmt: skip
def test_aliases_by_their_last_word(text, header):
    assert _headers.is_header_name(text) is header


def test_known_labels_come_from_the_contract():
    for spec in TABLES.values():
        for column in spec.columns:
            if column.allowed and column.name in ARG_DATA:
                assert set(column.allowed) <= set(_headers.known_labels(column.name))
    assert {a.data for _, a in ARGS if _headers.known_labels(a.data)} == {"status", "device"}


def test_every_rate_like_argument_declares_its_range():
    rate_named = re.compile(r"rate$|confidence|^gross_margin$")
    for kpi, arg in ARGS:
        if rate_named.search(arg.name) and arg.kind == "number":
            assert arg.data in RATE_DATA, (kpi.id, arg.name)
        if arg.data in RATE_DATA:
            assert arg.within, f"{kpi.id}.{arg.name} is rate-like but declares no range"
            bounds = interval(arg.within)
            assert bounds["high"] == 1, (kpi.id, arg.name)  # so 10 reads as 10 %
    assert sum(a.data in RATE_DATA for k in entries() for a in k.args) >= 6


@pytest.mark.parametrize(
    ("kpi", "arg"),
    [(k, a) for k, a in ARGS if a.data in RATE_DATA],
    ids=lambda x: getattr(x, "name", getattr(x, "id", "")),
)
def test_python_and_excel_refuse_the_same_slip(kpi, arg):
    args, kwargs, _ = SAMPLES[kpi.id]
    names = list(inspect.signature(kpi.function).parameters)
    given = {**dict(zip(names, args, strict=False)), **kwargs, arg.name: 10}
    with pytest.raises(KpiInputError, match=r"did you mean 0\.1, i\.e\. 10 %\?"):
        kpi.function(**given)
    boundary.clear_errors()
    excel = [given.get(a.name) for a in kpi.args]
    assert getattr(udfs, kpi.udf)(*excel) == boundary.VALUE
    assert "did you mean 0.1, i.e. 10 %?" in boundary.last_error()


def test_classic_excel_gets_the_same_rules():
    assert udfs.KPI_REFUND_RATE([["Status"], ["paid"], ["refunded"]]) == 0.5
    assert udfs.KPI_REFUND_RATE([["paid"], ["refundd"]]) == boundary.VALUE
    assert udfs.KPI_NPS([["Score"], [10.0], [0.0], [9.0]]) == pytest.approx(100 / 3)
    assert udfs.KPI_CLV_DISCOUNTED(1000.0, 0.8, 10.0, 5.0) == boundary.VALUE
