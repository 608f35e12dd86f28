"""Every definition option is declared once (xlkpi.kpi.options) and every layer derives from it.

These tests prove the derivation complete: Settings fields and keys, the template's
Settings rows, the KPI functions' keywords and defaults, the docs table, and one error
type (OptionError) for a bad value on every path.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
from pathlib import Path

import pandas as pd
import pytest

from xlkpi.data import read_source
from xlkpi.data.contract import SETTINGS_KEYS
from xlkpi.data.model import Settings
from xlkpi.errors import DataError, KpiInputError, OptionError
from xlkpi.kpi.catalogue import CATALOGUE, by_id
from xlkpi.kpi.options import (
    OPTIONS,
    argument_doc,
    by_name,
    by_setting,
    markdown_table,
    options_of,
    validate,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "kpis.md"


def _bad(opt) -> object:
    return "no_such_choice" if opt.choices else opt.bounds[0] - 1


@pytest.mark.parametrize("opt", OPTIONS, ids=lambda o: o.name)
def test_declaration_is_consistent(opt):
    assert opt.name.split(".")[0] in opt.kpis
    assert all(by_id(k) for k in opt.kpis)
    assert validate(opt, opt.default) == opt.default
    if opt.choices:
        assert opt.default in opt.values and len(set(opt.values)) == len(opt.values)
        assert all(c.doc and "\n" not in c.doc for c in opt.choices)
    else:
        low, high = opt.bounds
        assert low <= opt.default <= high


@pytest.mark.parametrize("opt", OPTIONS, ids=lambda o: o.name)
def test_settings_derive_from_the_declaration(opt):
    from xlkpi.excel.template.content import SETTINGS

    assert Settings.__dataclass_fields__[opt.setting].default == opt.default
    assert SETTINGS_KEYS[opt.setting] == ("option", opt.values)
    rows = {key: (default, meaning) for key, default, meaning in SETTINGS}
    assert rows[opt.setting][0] == opt.default
    assert opt.allowed() in rows[opt.setting][1]
    assert by_setting(opt.setting) is opt


@pytest.mark.parametrize("opt", [o for o in OPTIONS if o.argument], ids=lambda o: o.name)
def test_the_kpi_functions_take_the_option_with_its_default(opt):
    functions = [by_id(k).function for k in opt.kpis if by_id(k).function is not None]
    assert functions, f"{opt.name} names an argument but no KPI of it has a function"
    for fn in functions:
        param = inspect.signature(fn).parameters[opt.argument]
        assert param.kind is inspect.Parameter.KEYWORD_ONLY
        assert param.default == opt.default, (fn.__name__, param.default)


def test_every_kpi_option_keyword_is_declared():
    """A catalogue KPI's option keyword must be one of the declarations (no stray option)."""
    for kpi in CATALOGUE:
        declared = {o.argument for o in options_of(kpi.id)}
        assert set(kpi.options) <= declared, (kpi.id, kpi.options, declared)


def test_docs_table_is_the_generated_one():
    assert markdown_table() in DOCS.read_text(encoding="utf-8")


def test_argument_doc_names_every_choice_and_the_default():
    doc = argument_doc("churn_rate.denominator")
    assert doc.startswith("Optional: ") and '"start" (default)' in doc
    for value in by_name("churn_rate.denominator").values:
        assert f'"{value}"' in doc


def test_validate_normalises_spelling_and_rejects_the_rest():
    assert validate("lead_to_close_rate.basis", " Period ") == "period"
    assert validate("churn_rate.denominator", "start plus-new") == "start_plus_new"
    for bad in (None, 1, "", "starts"):
        with pytest.raises(OptionError) as info:
            validate("churn_rate.denominator", bad)
        assert info.value.option == "churn_rate.denominator"
    with pytest.raises(OptionError, match="unknown definition option"):
        by_name("churn_rate.nope")


# --- one error type for a bad option, on every path ------------------------------------


@pytest.mark.parametrize("opt", [o for o in OPTIONS if o.argument], ids=lambda o: o.name)
def test_kpi_function_raises_option_error(opt):
    kpi = next(by_id(k) for k in opt.kpis if opt.argument in by_id(k).options)
    fn, (args, _, _) = kpi.function, kpi.sample  # its declared sample call
    with pytest.raises(OptionError) as info:
        fn(*args, **{opt.argument: _bad(opt)})
    assert info.value.option == opt.name
    assert isinstance(info.value, KpiInputError)  # what callers caught before


@pytest.mark.parametrize("opt", OPTIONS, ids=lambda o: o.name)
def test_settings_sheet_raises_option_error(opt):
    frames = {
        "Settings": pd.DataFrame({"key": [opt.setting, "currency"], "value": [_bad(opt), "EUR"]}),
        "Orders": pd.DataFrame(
            {"order_id": ["1"], "order_date": ["2026-01-05"], "customer_id": ["c"], "revenue": [1]}
        ),
    }
    with pytest.raises(OptionError) as info:
        read_source(frames)
    assert isinstance(info.value, DataError) and info.value.problems
    assert opt.setting in str(info.value) and opt.allowed() in str(info.value)


@pytest.mark.parametrize("opt", OPTIONS, ids=lambda o: o.name)
def test_compute_raises_option_error(opt):
    from xlkpi.engine.compute import compute_kpis

    raw = read_source(
        {
            "Orders": pd.DataFrame(
                {"order_id": ["1"], "order_date": ["2026-01-05"], "customer_id": ["c"],
                 "revenue": [1]}
            )
        }
    )  # fmt: skip
    raw.settings = dataclasses.replace(raw.settings, **{opt.setting: _bad(opt)})
    with pytest.raises(OptionError, match=opt.setting):
        compute_kpis(raw)


def test_read_source_nps_invalid_argument_raises_option_error():
    with pytest.raises(OptionError, match="nps_invalid"):
        read_source({"NPS": pd.DataFrame({"score": [9]})}, nps_invalid="ignore")


def test_udf_reports_a_bad_option_with_the_reason():
    pytest.importorskip("xlwings")
    from xlkpi.excel import udfs
    from xlkpi.excel.boundary import last_error

    assert udfs.KPI_CHURN([[1]], [[10]], [["end"]]) == "#VALUE!"
    reason = last_error()
    assert "end" in reason and "start_plus_new" in reason
    assert math.isclose(udfs.KPI_CHURN([[1]], [[10]], [["Start"]]), 0.1)


def test_catalogue_option_needs_name_declared_choices():
    for kpi in CATALOGUE:
        for setting, value, _ in kpi.needs_when:
            opt = by_setting(setting)
            assert opt is not None and kpi.id in opt.kpis, (kpi.id, setting)
            assert validate(opt, value) == value
