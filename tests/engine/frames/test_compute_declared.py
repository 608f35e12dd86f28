"""The catalogue's report declarations are complete: one registered function per report
KPI, and the columns each one reads are exactly those its entry declares.

Column check: on the full sample data set, drop one column at a time and recompute.
A KPI that ``needs`` the column must become unavailable; one that lists it as
``optional`` may change; every other KPI must give exactly the same values. Each
``optional`` column must really change some value (else the declaration is stale).

The check runs with the defaults and under every other choice of every definition
option, so a choice that reads a column its ``Choice.reads`` does not declare fails.
"""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pandas as pd
import pytest

from xlkpi.data import read_source
from xlkpi.data.model import RawData, Table
from xlkpi.data.sample import sample_tables
from xlkpi.engine.compute import REGISTRY, compute_kpis
from xlkpi.engine.frames import base as frames_base
from xlkpi.errors import XlkpiError
from xlkpi.kpi.catalogue import by_id, entries, report_kpis
from xlkpi.kpi.options import OPTIONS

# The default run, and one run per other choice of every choice option.
RUNS = {"default": {}} | {
    f"{o.setting}={c.value}": {o.setting: c.value}
    for o in OPTIONS
    for c in o.choices
    if c.value != o.default
}


def _checked(settings: dict) -> tuple[list, set[str]]:
    """The report KPIs a run checks and the tables whose columns it drops: every KPI in
    the default run; under an option's choice, the KPIs of that option (the others are
    the default run's) and the tables they read or the choice adds."""
    if not settings:
        return list(report_kpis()), set()
    ((setting, value),) = settings.items()
    opt = next(o for o in OPTIONS if o.setting == setting)
    kpis = [k for k in report_kpis() if k.id in opt.kpis]
    reads = next(c.reads for c in opt.choices if c.value == value)
    return kpis, {t for k in kpis for t in k.tables} | {t for t, _ in reads}


def test_every_report_kpi_has_exactly_one_registered_function():
    # registered with @report_kpi, or computed generically from its declared `rows`
    generic = {k.id for k in report_kpis() if frames_base.rows_function(k) is not None}
    assert set(REGISTRY) | generic == {k.id for k in report_kpis()}
    assert set(REGISTRY) & generic == set()
    assert REGISTRY is frames_base.REPORT_FUNCTIONS


def test_no_registration_without_a_catalogue_entry():
    assert all(by_id(k).in_report for k in REGISTRY)
    with pytest.raises(XlkpiError, match="unknown KPI id 'no_such_kpi'"):
        frames_base.report_kpi("no_such_kpi")


def test_registering_an_id_twice_is_refused():
    with pytest.raises(XlkpiError, match="registered twice"):
        frames_base.report_kpi("revenue")(lambda ctx: None)


def test_needs_when_names_real_settings():
    settings_fields = {f.name for f in dataclasses.fields(read_source(sample_tables()).settings)}
    for kpi in entries():
        for key, _, _ in kpi.needs_when:
            assert key in settings_fields, (kpi.id, key)
    declared = {(key, value) for k in entries() for key, value, _ in k.needs_when}
    assert declared <= {next(iter(run.items())) for run in RUNS.values() if run}


def test_needs_when_is_derived_from_the_options_choices():
    # One declaration per option-dependent need: Choice.reads; no catalogue field.
    assert "needs_when" not in {f.name for f in dataclasses.fields(by_id("cac"))}
    from_options = {
        (kpi_id, o.setting, c.value, c.reads)
        for o in OPTIONS
        for c in o.choices
        if c.reads
        for kpi_id in o.kpis
    }
    derived = {(k.id, *when) for k in entries() for when in k.needs_when}
    assert derived == from_options
    assert by_id("cac").needs_when == (("cac_basis", "paid", (("spend", ("clicks",)),)),)


@pytest.fixture(scope="module")
def full() -> RawData:
    """The sample data set, with some converted one-page short sessions (so that GA4's
    "converted = engaged" rule changes the bounce rate)."""
    tables = sample_tables()
    sessions = tables["Sessions"]
    converted = sessions.index[sessions["converted"].astype(bool)][:40]
    sessions.loc[converted, ["pageviews", "duration_seconds"]] = [1, 5]
    return read_source(tables)


def _values(raw: RawData, settings: dict) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    raw = dataclasses.replace(raw, settings=dataclasses.replace(raw.settings, **settings))
    result = compute_kpis(raw)
    table = result.table
    by_kpi = {k: part.reset_index(drop=True) for k, part in table.groupby("kpi", sort=False)}
    return by_kpi, result.unavailable


def _without(raw: RawData, table: str, column: str) -> RawData:
    t = raw.tables[table]
    headers = {k: v for k, v in t.headers.items() if k != column}
    smaller = Table(t.name, t.sheet, t.frame.drop(columns=[column]), t.rows, headers)
    return dataclasses.replace(raw, tables={**raw.tables, table: smaller})


def _columns(raw: RawData) -> list[tuple[str, str]]:
    return [(name, c) for name, t in raw.tables.items() for c in t.frame.columns]


def _declared(kpi, settings: dict, kind: str) -> set[tuple[str, str]]:
    groups = kpi.needs_for(SimpleNamespace(**settings)) if kind == "needs" else kpi.optional
    return {(t, c) for t, cols in groups for c in cols}


@pytest.mark.parametrize("run", sorted(RUNS))
def test_declared_columns_are_what_the_report_reads(full, run):
    settings = RUNS[run]
    base, unavailable = _values(full, settings)
    assert unavailable == {}, "the sample data set has every column"
    changed_by_optional: set[tuple[str, str, str]] = set()
    wrong = []
    kpis, tables = _checked(settings)
    for table, column in _columns(full):
        if tables and table not in tables:
            continue
        got, missing = _values(_without(full, table, column), settings)
        for kpi in kpis:
            if (table, column) in _declared(kpi, settings, "needs"):
                if kpi.id not in missing:
                    wrong.append(f"{kpi.id}: declares {table}.{column} needed, computed without")
                continue
            if kpi.id in missing:
                wrong.append(f"{kpi.id}: unavailable without {table}.{column}, not declared")
                continue
            same = kpi.id in got and got[kpi.id].equals(base[kpi.id])
            if (table, column) in _declared(kpi, settings, "optional"):
                if not same:
                    changed_by_optional.add((kpi.id, table, column))
            elif not same:
                wrong.append(f"{kpi.id}: reads {table}.{column}, not declared")
    assert wrong == []
    RUN_CHANGES.setdefault("changed", set()).update(changed_by_optional)
    RUN_CHANGES.setdefault("runs", set()).add(run)


RUN_CHANGES: dict[str, set] = {}


def test_every_optional_column_changes_a_value(full):
    if RUN_CHANGES.get("runs") != set(RUNS):  # run alone: compute what the others collected
        for run in RUNS:
            test_declared_columns_are_what_the_report_reads(full, run)
    declared = {(k.id, t, c) for k in report_kpis() for t, cols in k.optional for c in cols}
    assert declared - RUN_CHANGES["changed"] == set()


def test_live_formulas_are_for_catalogue_report_kpis():
    from xlkpi.report import formulas

    assert set(formulas.LIVE) == set(formulas.live_kpis())  # no formula for an unknown id
    assert list(formulas.live_kpis()) == [k.id for k in report_kpis() if k.id in formulas.LIVE]
    for kpi in formulas.live_kpis():  # its "has data" guard covers every table it reads
        assert set(formulas._tables(kpi)) == {t for t, _ in by_id(kpi).needs} | {
            t for t, _ in by_id(kpi).optional
        }
