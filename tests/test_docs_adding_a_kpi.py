"""docs/adding-a-kpi.md's counts and promises, on the real output.

The suite's test-only KPI (``tests/support/extra_kpi.py``, registered before collection)
is written in the guide's three places only: it is in the report (tests/kpi/test_extra_kpi.py)
and, having no engine expression, named as not computed where the data lives, never
silently missing. The guide's fourth step, the engine expression, is run as the guide
shows it and gives the report's values.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from xlkpi.cli import main
from xlkpi.engine.run import covered, uncovered

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "adding-a-kpi.md"
KPI = "pages_per_session"  # the test-only KPI of tests/support/extra_kpi.py

SESSIONS = pd.DataFrame(
    {
        "session_date": pd.to_datetime(["2026-01-05", "2026-01-20", "2026-02-03", "2026-02-04"]),
        "visitor_id": ["a", "b", "a", "c"],
        "pageviews": [1.0, 4.0, 2.0, 6.0],
    }
)


@pytest.fixture(scope="module")
def text() -> str:
    return GUIDE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parquet(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("shop-parquet")
    SESSIONS.to_parquet(folder / "Sessions.parquet")
    return folder


def _block(text: str, starts: str) -> str:
    """The fenced block of the guide whose first line starts with ``starts``."""
    for _lang, body in re.findall(r"```(\w*)\n(.*?)```", text, flags=re.DOTALL):
        if body.startswith(starts):
            return body
    raise AssertionError(f"the guide shows no block starting {starts!r}")


def test_the_three_place_kpi_is_not_the_engines():
    assert KPI in uncovered() and KPI not in covered()


def test_xlkpi_sql_names_it_as_the_guide_says(text):
    done = CliRunner().invoke(main, ["sql", KPI, "--dialect", "postgres"])
    assert done.exit_code == 2  # a KPI argument the command cannot take: a usage error
    line = done.output.strip()
    shown = (
        f"xlkpi: error: Invalid value for 'KPI': '{KPI}' is not computed by the engine yet; "
        "the SQL is available for: "
    )
    assert line.startswith(shown) and "\n" not in line
    assert shown.replace("\n", " ") in " ".join(text.split())


def test_xlkpi_kpis_on_a_parquet_source_says_it_is_missing(text, parquet):
    done = CliRunner().invoke(main, ["kpis", str(parquet)])
    assert done.exit_code == 0, done.output
    assert KPI not in done.stdout and "sessions" in done.stdout
    shown = _block(text, "xlkpi: note:").strip()
    # the guide's line names the suite's KPI; a contributor's new KPI without an engine
    # expression is named there too
    assert done.stderr.strip() == shown.replace(KPI, ", ".join(uncovered()))


def test_the_guides_engine_expression_gives_the_reports_values(text):
    import ibis

    from xlkpi.data.read import read_source
    from xlkpi.engine import tables_from_raw
    from xlkpi.engine.compute import compute_kpis
    from xlkpi.engine.plan import ENGINE, WITH_TOTAL, Plan, div, engine_kpi, on_periods, out
    from xlkpi.engine.run import kpi_data

    names = dict(ibis=ibis, Plan=Plan, div=div, engine_kpi=engine_kpi, on_periods=on_periods)
    exec(_block(text, '@engine_kpi("pages_per_session")'), {**names, "out": out})
    try:
        raw = read_source({"Sessions": SESSIONS})
        ours = kpi_data(tables_from_raw(raw), kpis=[KPI])
        report = compute_kpis(raw).table
    finally:
        ENGINE.pop(KPI, None)
        WITH_TOTAL.discard(KPI)
    theirs = report[report.kpi == KPI]
    assert ours.period.tolist() == theirs.period.tolist() == ["2026-01", "2026-02"]
    assert np.allclose(ours.value.to_numpy(float), [2.5, 4.0])  # (1 + 4) / 2; (2 + 6) / 2
    assert np.allclose(theirs.value.to_numpy(float), [2.5, 4.0])


def test_the_guide_counts_the_engine_place(text):
    assert "**A KPI is written in three places**" in text
    assert "**a fourth place**, its engine expression" in text
    assert "### 4. Its engine expression, for the warehouse" in text


def test_the_declaration_shown_is_one_argument_of_grouped(text):
    """Pasted inside ``grouped(...)`` as the guide says, the block is one Kpi (a tuple
    there broke the catalogue's import), the suite's test-only KPI but for its group."""
    import dataclasses
    from types import SimpleNamespace

    from tests.support.extra_kpi import PAGES_PER_SESSION, pages_per_session
    from xlkpi.kpi.kpi_spec import Kpi, grouped, rng

    web = SimpleNamespace(pages_per_session=pages_per_session)
    code = _block(text, "WEBSITE = grouped(").replace("    ...,  # the group's KPIs so far\n", "")
    names = {"Kpi": Kpi, "grouped": grouped, "rng": rng, "web": web}
    exec(code, names)
    (entry,) = names["WEBSITE"]
    assert entry == dataclasses.replace(PAGES_PER_SESSION, group=entry.group)


def test_the_reference_row_shown_fits_its_table(text):
    import xlkpi
    from tests.kpi.test_kpi_reference import RATE_CASES

    code = _block(text, "RATE_CASES = [").replace("    ...,  # the table's rows so far\n", "")
    names = {"pytest": pytest, "xlkpi": xlkpi}
    exec(code, names)
    (param,) = names["RATE_CASES"]
    assert len(param.values) == len(RATE_CASES[0].values)
    fn, args, kwargs, expected = param.values
    assert fn(*args, **kwargs) == expected


def test_an_options_udf_argument_is_derived_not_written(text):
    """The guide says a choice option's argument is added by ``grouped``: take it out of
    every KPI that has one and it comes back, in the function's order (a number option,
    ``bounds=``, is declared in ``args``, with its bounds in the doc)."""
    import dataclasses

    from xlkpi.kpi.catalogue import package_entries
    from xlkpi.kpi.kpi_spec import with_option_args

    assert "A pure-function option's UDF argument is not written" in text

    def numbered(kpi):
        return any(a.name in kpi.options and a.kind != "option" for a in kpi.args)

    kpis = [k for k in package_entries() if not numbered(k)]
    with_choices = [k for k in kpis if any(a.name in k.options for a in k.args)]
    assert with_choices
    for kpi in with_choices:
        bare = dataclasses.replace(
            kpi, args=tuple(a for a in kpi.args if a.name not in kpi.options)
        )
        assert with_option_args(bare).args == kpi.args, kpi.id
