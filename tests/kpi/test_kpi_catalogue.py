"""The catalogue: well-formed entries, UDF names, options, lookups (no hand-kept id list)."""

from __future__ import annotations

import inspect

import pytest

import xlkpi
from xlkpi.data.contract import TABLES
from xlkpi.errors import XlkpiError
from xlkpi.kpi.catalogue import (
    CATALOGUE,
    GROUPS,
    UNITS,
    Kpi,
    by_group,
    by_id,
    entries,
    extended,
    report_kpis,
    scalar_kpis,
)
from xlkpi.kpi.kpi_spec import ARG_DATA, ARG_KINDS, PROPERTIES
from xlkpi.kpi.options import OPTIONS


def test_ids_are_unique():
    ids = [k.id for k in CATALOGUE]
    assert len(ids) == len(set(ids))


def test_every_entry_is_a_function_or_a_report_kpi():
    """No id list is kept here: the catalogue is the list (docs/kpis.md documents each id,
    tests/test_docs_kpis.py checks it, and the generated Excel functions table pins the
    public KPI_* names)."""
    assert all(k.function is not None or k.in_report for k in entries())
    assert {k.id for k in scalar_kpis()} | {k.id for k in report_kpis()} == {
        k.id for k in entries()
    }


def test_udf_names():
    names = [k.udf for k in scalar_kpis()]
    assert len(names) == len(set(names))
    for k in scalar_kpis():
        assert k.udf and k.udf.startswith("KPI_") and k.udf.isupper(), k.id
        words = set(k.udf.removeprefix("KPI_").split("_"))
        assert words & set(k.id.upper().split("_")), (k.id, k.udf)  # named after the KPI
    assert all(k.udf is None for k in entries() if k.function is None)


@pytest.mark.parametrize("kpi", CATALOGUE, ids=lambda k: k.id)
def test_entry_is_well_formed(kpi: Kpi):
    assert kpi.unit in UNITS
    assert kpi.direction in (-1, 0, 1)
    assert kpi.title and kpi.definition and "\n" not in kpi.definition
    assert kpi.group in GROUPS, kpi.id
    for arg in kpi.args:  # the declared vocabularies, which the UDFs and property tests read
        assert arg.kind in ARG_KINDS and arg.data in ARG_DATA, (kpi.id, arg.name)
    assert set(kpi.properties) <= set(PROPERTIES), kpi.id
    for table, columns in (*kpi.optional, *(n for _, _, more in kpi.needs_when for n in more)):
        assert kpi.in_report and columns and table in TABLES, kpi.id
        assert all(c in TABLES[table].names for c in columns), kpi.id
    if kpi.in_report:
        assert kpi.needs, "a report KPI names the tables and columns it needs"
        for table, columns in kpi.needs:
            assert table in TABLES, (kpi.id, table)
            assert columns and all(c in TABLES[table].names for c in columns), kpi.id
    if kpi.function is not None:
        params = inspect.signature(kpi.function).parameters
        for name in kpi.options:
            assert params[name].kind is inspect.Parameter.KEYWORD_ONLY, (kpi.id, name)
        assert getattr(xlkpi, kpi.function.__name__) is kpi.function
        doc_first_line = inspect.getdoc(kpi.function).splitlines()[0]
        unit_words = ("point", "fraction", "currency", "count", "ratio", "multiple")
        assert any(w in doc_first_line for w in unit_words) or kpi.unit == "table", kpi.id


def test_catalogue_option_defaults():
    """A KPI function's option keyword defaults to the option's declared default."""
    checked = 0
    for opt in OPTIONS:
        for kpi in (by_id(i) for i in opt.kpis):
            if kpi.function is not None and opt.argument in kpi.options:
                param = inspect.signature(kpi.function).parameters[opt.argument]
                assert param.default == opt.default, (kpi.id, opt.name)
                checked += 1
    assert checked >= len([o for o in OPTIONS if o.argument])


def test_segments():
    assert by_id("device_share").segment == "device"
    assert by_id("source_share").segment == "source"
    assert by_id("nps").segment == "segment"
    assert by_id("cac").segment == by_id("roas").segment == "channel"


def test_by_id_unknown_lists_known_ids():
    with pytest.raises(XlkpiError, match=r"unknown KPI id 'npx'.*nps"):
        by_id("npx")


def test_package_root_exports_every_function():
    import xlkpi.kpi

    for name in xlkpi.kpi.__all__:
        assert hasattr(xlkpi, name), name
    for extra in ("mrr_movements", "quick_ratio", "net_revenue_retention", "revenue_churn_rate"):
        assert extra in xlkpi.kpi.__all__


def test_groups_hold_every_report_kpi_once_in_dashboard_order():
    groups = by_group()
    assert list(groups) == [g for g in GROUPS if g in groups]
    listed = [k.id for ks in groups.values() for k in ks]
    assert sorted(listed) == sorted(k.id for k in report_kpis())
    assert [k.id for k in groups["Website"]][:2] == ["sessions", "unique_visitors"]


def test_returning_visitor_definition_is_what_the_report_computes():
    # kpis_web.returning_visitor_rate: a session in an earlier period, or >= 2 in this one
    assert by_id("returning_visitor_rate").definition == (
        "visitors with a session in an earlier period or ≥ 2 in it / unique visitors"
    )


def test_needs_for_adds_the_needs_of_a_chosen_option():
    from types import SimpleNamespace

    bounce = by_id("bounce_rate")
    assert bounce.needs_for(SimpleNamespace(bounce_definition="single_page")) == bounce.needs
    ga4 = bounce.needs_for(SimpleNamespace(bounce_definition="ga4"))
    assert ga4 == (("sessions", ("session_date", "pageviews", "duration_seconds")),)


def test_extended_adds_a_kpi_for_the_block_only():
    extra = Kpi("test_only", "Test only", "count", +1, "a test", group="Website")
    before = entries()
    with extended(extra):
        assert by_id("test_only") is extra
        assert entries()[-1] is extra
        with pytest.raises(XlkpiError, match="already in the catalogue"), extended(extra):
            pass
    assert entries() == before
    with pytest.raises(XlkpiError, match="unknown KPI id"):
        by_id("test_only")
