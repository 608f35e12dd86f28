"""A test-only KPI declared in three places (tests/support/extra_kpi.py: its function and
its declaration; here: its reference row), registered before collection by
tests/conftest.py through ``xlkpi.kpi.register``, appears in every layer: the derived
lists and parametrised tests, the UDF metadata of xlwings.server, the report's KPI Data
sheet, the property tests' sets and the docs check - with nothing else written for it."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import xlkpi.kpi
from tests.excel.test_udfs_factory import probe
from tests.support.extra_kpi import PAGES_PER_SESSION, pages_per_session
from xlkpi.errors import XlkpiError
from xlkpi.kpi import reference
from xlkpi.kpi.catalogue import (
    by_group,
    by_id,
    entries,
    extended,
    package_entries,
    scalar_kpis,
    unregister,
)

DOCS = reference.__file__.rsplit("xlkpi", 1)[0] + "docs/kpis.md"


# 3. Its reference-test row (in a real KPI: a row of tests/kpi/test_kpi_reference.py).
@pytest.mark.parametrize(
    ("pageviews", "expected"),
    [([1, 2, None, 6], 3.0), ([[4], [5]], 4.5), ([None], math.nan)],
)
def test_reference_values(pageviews, expected):
    got = pages_per_session(pageviews)
    assert (math.isnan(got) and math.isnan(expected)) or got == expected


def test_it_is_registered_before_collection():
    assert by_id("pages_per_session") is PAGES_PER_SESSION
    assert PAGES_PER_SESSION in by_group()["Website"]
    assert PAGES_PER_SESSION in scalar_kpis()
    assert PAGES_PER_SESSION not in package_entries()  # the package's docs leave it out


def test_parametrised_tests_see_it():
    """The common tests were parametrised from the catalogue when collected."""
    from tests.kpi import test_kpi_common as common

    (mark,) = [m for m in common.test_sample_value.pytestmark if m.name == "parametrize"]
    assert PAGES_PER_SESSION in mark.args[1]


def test_register_refuses_a_duplicate_or_an_incomplete_kpi_naming_it():
    import dataclasses

    xlkpi.kpi.register(PAGES_PER_SESSION)  # the same declaration again: nothing happens
    assert [k.id for k in entries()].count("pages_per_session") == 1
    other = dataclasses.replace(PAGES_PER_SESSION, title="Pages")
    with pytest.raises(XlkpiError, match="KPI 'pages_per_session': the id is already"):
        xlkpi.kpi.register(other)
    bare = dataclasses.replace(PAGES_PER_SESSION, id="pages_2", udf="PAGES", sample=None)
    with pytest.raises(XlkpiError, match=r"KPI 'pages_2': udf 'PAGES' .*; a scalar KPI"):
        xlkpi.kpi.register(bare)
    with extended(dataclasses.replace(PAGES_PER_SESSION, id="pages_3")):
        assert by_id("pages_3").title == "Pages per session"
    assert "pages_3" not in {k.id for k in entries()}
    unregister("nps")  # the package's own KPIs stay
    assert by_id("nps")


def test_it_appears_in_the_udf_metadata_of_xlwings_server():
    out = probe("server", "--test-kpi")
    meta = {f["id"]: f for f in out["meta"]["functions"]}
    f = meta["KPI_PAGES_PER_SESSION"]
    assert f["description"] == "Pages per session, a count: sum page views / sessions."
    assert [(p["name"], p["description"]) for p in f["parameters"]] == [
        ("pageviews", "Page views of every session (one per session).")
    ]
    assert out["calls"]["KPI_PAGES_PER_SESSION"] == [[3.0]]
    assert "KPI_NPS" in meta  # the real functions are still there


def test_it_appears_in_the_report(tmp_path):
    from xlkpi.report.build import build_report

    sessions = pd.DataFrame(
        {
            "session_date": ["2026-01-05", "2026-01-20", "2026-02-03", "2026-02-04"],
            "visitor_id": ["a", "b", "a", "c"],
            "pageviews": [1, 4, 2, 6],
        }
    )
    out = build_report({"Sessions": sessions}, tmp_path / "report.xlsx")
    rows = list(openpyxl.load_workbook(out, read_only=True)["KPI Data"].values)
    header = rows[0]
    found = {
        r[header.index("period")]: (r[header.index("value")], r[header.index("title")])
        for r in rows[1:]
        if r[header.index("kpi")] == "pages_per_session"
    }
    assert found == {"2026-01": (2.5, "Pages per session"), "2026-02": (4.0, "Pages per session")}


def test_the_docs_check_asks_for_its_entry_and_the_script_adds_one():
    text = Path(DOCS).read_text(encoding="utf-8")
    assert reference.problems(text, package_entries()) == []
    assert reference.problems(text) == ["pages_per_session: no '### pages_per_session' entry"]
    updated = reference.update(text)
    assert reference.problems(updated) == []
    entry = reference.entries(updated)["pages_per_session"]
    assert "- Excel: `=KPI_PAGES_PER_SESSION(pageviews)`" in entry
    assert "- Report: per period; needs Sessions (session_date, pageviews)." in entry
    # placed after the last Website entry, before the Leads section
    assert updated.index("### pages_per_session") < updated.index("### leads")
    assert updated.index("### email_optin_rate") < updated.index("### pages_per_session")


def test_it_is_in_the_property_sets():
    from tests.kpi import test_kpi_properties as props

    assert PAGES_PER_SESSION in props.with_property("shape_free")
    assert PAGES_PER_SESSION in props.with_property("non_negative")
    props.test_bounded(PAGES_PER_SESSION, "non_negative")  # hypothesis runs them
    props.test_order_free(PAGES_PER_SESSION)
    props.test_shape_free(PAGES_PER_SESSION)
