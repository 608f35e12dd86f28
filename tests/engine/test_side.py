"""The engine's side tables (MRR bridge, cohorts, funnel, channels, tie-outs) equal the
NumPy path's (``compute_kpis(raw)``'s side tables): same rows, labels and columns, values
to 1e-9 relative, NaN where NumPy says "not defined" - at every grain, under every option
of a KPI whose definition a side table shares, on the sample and on hypothesis-generated
raw data of every contract table; and each compiles for the five dialects."""

from __future__ import annotations

import dataclasses

import ibis
import numpy as np
import pandas as pd
import pytest
import sqlglot
from hypothesis import given

from tests.engine.support import raw_data, settings_options
from tests.engine.test_compile import DIALECTS
from tests.engine.test_differential import KINDS, choices, generated, sample
from xlkpi.engine import tables_from_raw
from xlkpi.engine.compute import SIDE_TABLES, compute_kpis
from xlkpi.engine.run import spark_dialect
from xlkpi.engine.schema import unbound_tables
from xlkpi.engine.side import SIDE, side_expression, side_names, side_tables
from xlkpi.kpi.options import by_name


def numpy_sides(raw, kind: str, options: dict | None = None) -> dict:
    values = {by_name(k).setting: v for k, v in (options or {}).items()}
    raw = dataclasses.replace(raw, settings=dataclasses.replace(raw.settings, **values))
    result = compute_kpis(raw, period=kind, engine=False)
    return {name: getattr(result, name) for name in SIDE_TABLES}


def engine_sides(raw, kind: str, options: dict | None = None, names=None) -> dict:
    merged = {**settings_options(raw.settings), **(options or {})}
    return side_tables(tables_from_raw(raw), period=kind, as_of=raw.settings.as_of,
                       options=merged, names=names)  # fmt: skip


def assert_same_table(name: str, want, got) -> None:
    assert (want is None) == (got is None), (name, want, got)
    if want is None:
        return
    assert list(got.columns) == list(want.columns), name
    assert got.index.tolist() == want.index.tolist(), name
    assert got.index.name == want.index.name, name
    for column in want.columns:
        a, b = want[column], got[column]
        if not pd.api.types.is_numeric_dtype(a):
            assert b.tolist() == a.tolist(), (name, column)
            continue
        a, b = a.to_numpy(dtype=float), b.to_numpy(dtype=float)
        same = np.isclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True)
        assert same.all(), f"{name}.{column}: numpy {a[~same]} engine {b[~same]}"
    assert want.attrs.keys() == got.attrs.keys(), name
    for key, value in want.attrs.items():
        a, b = np.asarray(value, dtype=float), np.asarray(got.attrs[key], dtype=float)
        assert np.allclose(a, b, rtol=1e-9, equal_nan=True), (name, key, a, b)


def assert_same(want: dict, got: dict) -> None:
    assert set(got) == set(want)
    for name in want:
        assert_same_table(name, want[name], got[name])


def test_every_numpy_side_table_has_an_engine_expression():
    assert set(side_names()) == set(SIDE_TABLES)


@pytest.mark.parametrize("kind", KINDS)
def test_sample_side_tables_equal_numpy(kind):
    raw = sample()
    assert_same(numpy_sides(raw, kind), engine_sides(raw, kind))


def side_choices() -> list[tuple[str, str, object]]:
    """(side table, option, choice) for each option of a KPI a side table shares."""
    side_names()
    out = []
    for option, choice in choices():
        for name, spec in SIDE.items():
            if set(spec.kpis) & set(by_name(option).kpis):
                out.append((name, option, choice))
    return out


@pytest.mark.parametrize("name,option,choice", side_choices())
def test_sample_side_tables_equal_numpy_under_their_options(name, option, choice):
    """At weekly grain, where the Spend spread joins the options (the other grains take the
    same expressions; the default options are compared at every grain above)."""
    raw, options = sample(), {option: choice}
    want = numpy_sides(raw, "week", options)[name]
    assert_same_table(name, want, engine_sides(raw, "week", options, [name])[name])


@generated(3)
@given(raw_data())
@pytest.mark.parametrize("kind", KINDS)
def test_generated_side_tables_equal_numpy(kind, raw):
    assert_same(numpy_sides(raw, kind), engine_sides(raw, kind))


def test_side_tables_compile_for_every_dialect():
    """DuckDB runs them in every test above; the four others compile and parse."""
    for name in side_names():
        expr = side_expression(name, unbound_tables(), period="week")
        for dialect, read in DIALECTS.items():
            if dialect == "duckdb":
                continue
            sql = ibis.to_sql(expr, dialect=spark_dialect(dialect))
            assert sqlglot.parse_one(sql, read=read).find(sqlglot.exp.Select), (name, dialect)


def test_the_warehouse_guide_names_every_side_table():
    from pathlib import Path

    from xlkpi.sources.sql import kpi_sql

    doc = Path(__file__).resolve().parents[2] / "docs" / "getting-started-warehouse.md"
    text = doc.read_text(encoding="utf-8")
    part = text[text.index("The report's side tables") :].split("\n\n")[0]
    names = side_names()
    assert [n for n in part.replace("`", " ").split() if n in names] == names
    sql = kpi_sql("funnel", dialect="snowflake")
    assert sql.startswith("-- xlkpi funnel: Funnel, per month")
    assert sqlglot.parse_one(sql.split("\n", 1)[1].rstrip(";\n"), read="snowflake")
