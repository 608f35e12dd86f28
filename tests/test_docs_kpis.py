"""docs/kpis.md documents every catalogue KPI, and its worked examples are right.

In the spirit of sqlite-utils' tests/test_docs.py: the catalogue is the list, the
docs must keep up with it.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from xlkpi.kpi import reference
from xlkpi.kpi.catalogue import package_entries

# xlkpi's own KPIs: a KPI registered from outside (the suite's test-only one) has no entry
CATALOGUE = package_entries()

DOC = Path(__file__).resolve().parent.parent / "docs" / "kpis.md"


@pytest.fixture(scope="module")
def text() -> str:
    return DOC.read_text(encoding="utf-8")


def _entries(text: str) -> dict[str, str]:
    """``### id`` heading -> the entry's text up to the next heading."""
    parts = re.split(r"^### (\S+)\s*$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


@pytest.mark.parametrize("kpi", CATALOGUE, ids=lambda k: k.id)
def test_every_catalogue_kpi_has_an_entry(kpi, text):
    entries = _entries(text)
    assert kpi.id in entries, f"docs/kpis.md has no '### {kpi.id}' entry"
    entry = entries[kpi.id]
    assert kpi.definition in entry
    assert "Unit:" in entry and "Direction:" in entry
    if kpi.function is not None:
        assert f"xlkpi.{kpi.function.__name__}(" in entry
        assert f"`={kpi.udf}(" in entry
        assert ">>> " in entry, f"{kpi.id}: a worked example"
    for option in kpi.options:  # named in prose, or in the derived Python signature
        assert f"`{option}`" in entry or f" {option}=" in entry, (kpi.id, option)


def test_reference_lines_are_the_catalogue(text):
    """Title, definition, unit, direction, signatures and report inputs of every entry are
    rendered from the catalogue (``python scripts/kpi_docs.py`` rewrites them)."""
    assert reference.problems(text, CATALOGUE) == []


def test_no_entry_without_a_catalogue_kpi(text):
    known = {k.id for k in CATALOGUE}
    assert set(_entries(text)) <= known


def test_every_definition_option_is_in_the_options_table(text):
    table = text.split("## Definition options", 1)[1].split("\n## ", 1)[0]
    for kpi in CATALOGUE:
        for option in kpi.options:
            assert f"`{option}`" in table, (kpi.id, option)


def test_worked_examples_are_right(text):
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    source = "\n".join(blocks)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(source, {}, "docs/kpis.md", str(DOC), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 40
    assert result.failed == 0


def _documented_signatures(markdown: str) -> dict[str, list[str]]:
    """``KPI_X(a, b, [c])`` in the docs -> ["a", "b", "[c]"], for every UDF written out."""
    found = {}
    for name, args in re.findall(r"`=?(KPI_[A-Z_]+)\(([^)`]*)\)", markdown):
        if all(re.fullmatch(r"\[?[a-z_]+\]?", a.strip()) for a in args.split(",") if a.strip()):
            found[name] = [a.strip() for a in args.split(",") if a.strip()]
    return found


def _udf_signature(name: str) -> list[str]:
    import inspect

    from xlkpi.excel import boundary, udfs

    params = boundary.excel_parameters(getattr(udfs, name)).values()
    return [p.name if p.default is inspect.Parameter.empty else f"[{p.name}]" for p in params]


@pytest.mark.parametrize("doc", ["kpis.md", "getting-started-excel.md"])
def test_documented_udf_arguments_match_the_udfs(doc):
    documented = _documented_signatures((DOC.parent / doc).read_text(encoding="utf-8"))
    udf_names = {k.udf for k in CATALOGUE if k.udf}
    assert udf_names <= set(documented), sorted(udf_names - set(documented))
    wrong = {
        name: (args, _udf_signature(name))
        for name, args in documented.items()
        if args != _udf_signature(name)
        and not (args == [] and all(a.startswith("[") for a in _udf_signature(name)))
    }
    assert wrong == {}


def test_docs_state_the_nps_groups_of_the_code():
    from xlkpi.kpi.net_promoter import GROUP_SCORES, PASSIVE_MIN, PROMOTER_MIN

    report = (DOC.parent / "report.md").read_text(encoding="utf-8")
    formula = f'IF(score>={PROMOTER_MIN},"Promoter",IF(score>={PASSIVE_MIN},"Passive"'
    assert formula in report
    text = DOC.read_text(encoding="utf-8")
    for low, high in GROUP_SCORES.values():
        assert f"Share of responses scoring {low}–{high}, per period." in text


def test_generated_tables_are_current():
    """The options table, the sample sizes of rates and the Excel guide's "All functions"
    are rendered from the declarations (run ``python scripts/kpi_docs.py`` after a change)."""
    from xlkpi.excel import doc_tables

    stale = [
        p.name for p, (old, new) in doc_tables.current(DOC.parent.parent).items() if old != new
    ]
    assert not stale, f"run: python scripts/kpi_docs.py ({', '.join(stale)})"


def test_generated_tables_follow_the_catalogue():
    """A KPI added to the catalogue shows in the tables without a hand edit (the suite's
    test-only KPI, a registered one, shows when the tables are rendered for every entry)."""
    from xlkpi.excel import doc_tables
    from xlkpi.kpi.catalogue import entries

    assert "KPI_PAGES_PER_SESSION(pageviews)" in doc_tables.render("functions", entries())
    assert "KPI_PAGES_PER_SESSION" not in doc_tables.render("functions")
    rates = doc_tables.render("sample-sizes")
    assert all(f"`{k.id}`" in rates for k in CATALOGUE if k.unit == "rate" and k.in_report)
