"""A report from a source whose tables are larger than an Excel sheet (xlkpi.sources.big).

The sheet's row limit is lowered (``api.SHEET_ROWS``) so that the sample's tables count
as "larger than a sheet": the report copies the tables that fit, says where the others
live, and takes every number from the engine where the data is. Proven here: KPI Data
equals ``xlkpi kpis`` (two grains, a definition option, a cut as-of date), every value a
reader sees equals the report built from the same rows copied whole, no formula points
at a sheet or rows that are not there, LibreOffice computes the cached values, and no
table too large for a sheet is ever read into Python.
"""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from tests.support.books import load, read
from xlkpi.cli import main
from xlkpi.data.contract import TABLES
from xlkpi.sources import api

# name -> (sheet limit, grain, as-of date, definition options): month with the defaults,
# most tables too large; weekly with an as-of date that cuts the latest period (the
# Dashboard's like-for-like values come from the engine at the earlier cuts), the NPS
# table copied (its step-by-step formulas stay live) and the options that change the
# rates' trial counts (or leave refunds none: basis value)
CASES = {
    "month": (1000, "month", None, {}),
    "week": (2000, "week", "2026-10-15", {
        "refund_rate.basis": "value", "churn_rate.denominator": "start_plus_new",
        "churn_rate.window": "rolling_30d", "repeat_purchase_rate.definition": "returning"}),
}  # fmt: skip


def _args(case: str) -> list[str]:
    """The build/kpis command line options of ``case``."""
    _, period, as_of, options = CASES[case]
    out = ["--period", period, *(["--as-of", as_of] if as_of else [])]
    return out + [a for k, v in options.items() for a in ("--option", f"{k}={v}")]


OVER = {"month": {"orders", "sessions", "leads", "nps", "subscriptions"},
        "week": {"orders", "sessions", "leads", "subscriptions"}}  # fmt: skip
# a reference to another sheet: 'Sheet name'!$A$2:$A$99 or Sheet!B3 (sheet, first, last row)
REF = re.compile(r"(?:'((?:[^']|'')+)'|([A-Za-z_][\w.]*))!\$?[A-Z]+\$?(\d+)(?::\$?[A-Z]+\$?(\d+))?")


def _number(value) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def _book(path, data_only=True, read_only=False, sheets=()):
    """The workbook read-only, or with only ``sheets`` parsed (tests.support.books)."""
    return read(path, data_only=data_only) if read_only else load(path, sheets, data_only=data_only)


@pytest.fixture(scope="module")
def built(parquet_folder, tmp_path_factory):
    """case -> (report path, the build's output, the KPI Data xlkpi kpis prints), each at
    its sheet limit; "whole": the month report of the same rows copied whole (values
    only); "read": the columns of every table the engine handed to pandas."""
    import ibis.expr.types as ir

    from xlkpi import build_report

    out = {"read": []}
    real = ir.Table.to_pandas

    def spy(self, *args, **kwargs):
        frame = real(self, *args, **kwargs)
        out["read"].append(set(frame.columns))
        return frame

    folder = tmp_path_factory.mktemp("big")
    for case, (limit, period, as_of, options) in CASES.items():
        chosen = _args(case)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(api, "SHEET_ROWS", limit)
            mp.setattr(ir.Table, "to_pandas", spy)
            path = folder / f"{case}.xlsx"
            done = CliRunner().invoke(main, ["build", str(parquet_folder), "-o", str(path),
                                             "-q", *chosen])  # fmt: skip
            assert done.exit_code == 0, done.output
            kpis = CliRunner().invoke(main, ["kpis", str(parquet_folder), *chosen])
            assert kpis.exit_code == 0, kpis.output
        table = pd.read_csv(io.StringIO(kpis.stdout), keep_default_na=False, na_values=[""])
        out[case] = (path, done.output, table)
        # the same report with every table copied (values only): the NumPy path's numbers
        out[f"whole {case}"] = build_report(parquet_folder, folder / f"whole-{case}.xlsx",
                                            embed_raw=False, period=period, as_of=as_of,
                                            options=options)  # fmt: skip
    out["whole"] = out["whole month"]
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_kpi_data_equals_xlkpi_kpis_value_for_value(built, case):
    path, _, expected = built[case]
    rows = list(_book(path, sheets={"KPI Data"})["KPI Data"].values)
    shown = pd.DataFrame(rows[1:], columns=rows[0])
    shown["segment"] = shown.segment.fillna("")
    expected["segment"] = expected.segment.fillna("").astype(str)
    key = ["period", "kpi", "segment"]
    assert len(shown) == len(expected) > 100
    assert shown[key].astype(str).values.tolist() == expected[key].astype(str).values.tolist()
    values = pd.to_numeric(shown.value, errors="coerce").to_numpy(dtype=float)  # '#N/A': NaN
    assert values == pytest.approx(expected.value.to_numpy(float), rel=1e-12, nan_ok=True)


@pytest.mark.parametrize("case", list(CASES))
def test_kpi_data_sample_sizes_equal_the_report_with_every_table_copied(built, case):
    """n and its interval (ci_low, ci_high) of every KPI Data row equal the report built
    with every table copied, under the case's options: the counts no KPI reports (orders
    placed, impressions, customers at the start (+ new), buyers) counted where the data is."""
    from xlkpi.data.model import Settings
    from xlkpi.engine.frames.trials import COUNTS, name_of

    def table(path):
        rows = list(_book(path, read_only=True)["KPI Data"].iter_rows(values_only=True))
        return pd.DataFrame(rows[1:], columns=rows[0])

    ours, theirs = table(built[case][0]), table(built[f"whole {case}"])
    rows = len(ours)  # a KPI the engine has no expression for: only in theirs
    ours = ours.merge(theirs, on=["period", "kpi", "segment"], suffixes=("", "_whole"))
    assert len(ours) == rows
    for column in ("n", "ci_low", "ci_high"):
        # weekly impressions are monthly ones spread over days: equal to 1e-12, not bit for bit
        assert ours[column].tolist() == pytest.approx(ours[f"{column}_whole"].tolist(),
                                                      rel=1e-12, nan_ok=True), column  # fmt: skip
    # the sheets a reader sees: each rate's sample note ("n = 303", "n = 23; 58% to 90%")
    for sheet in ("All KPIs", "Dashboard"):
        mine, whole = _samples(built[case][0], sheet), _samples(built[f"whole {case}"], sheet)
        assert {k: v for k, v in whole.items() if k in mine} == mine, sheet
        assert len(mine) > (10 if sheet == "All KPIs" else -1), sheet  # Dashboard: n < 100
    settings = Settings(**{o.setting: v for o, v in _chosen(case).items()})
    counted = ours[ours.kpi.map(lambda k: name_of(k, settings) in COUNTS) & ours.n.notna()]
    assert counted.n.notna().sum() > (20 if case == "month" else 100)
    assert counted.ci_low.notna().sum() > (0 if case == "month" else 50)  # n < 100 somewhere


def _samples(path, sheet: str) -> dict:
    """(row label, column) -> each text of ``sheet`` that states a sample size ("n = ...")."""
    out = {}
    for r, row in enumerate(_book(path, read_only=True)[sheet].iter_rows(values_only=True)):
        label = next((v for v in row if isinstance(v, str)), r) if row else r
        for c, value in enumerate(row):
            if isinstance(value, str) and re.search(r"\bn = \d", value):
                out[(label, c)] = value
    return out


def _chosen(case: str) -> dict:
    """The case's definition options as Option -> choice."""
    from xlkpi.kpi.options import by_name

    return {by_name(k): v for k, v in CASES[case][3].items()}


def test_the_sheets_readers_see_equal_the_report_with_every_table_copied(built):
    """Every number of the Dashboard, Trends and side-table sheets equals the report built
    from the same data copied whole (the NumPy path): none is computed from the copied
    tables alone. The month case: Orders, Sessions, Leads, NPS, Subscriptions not copied."""
    big, whole = _book(built["month"][0], read_only=True), _book(built["whole"], read_only=True)
    for sheet in ("Dashboard", "Trends", "Funnel", "Retention", "Recurring revenue",
                  "Acquisition", "Definitions compared"):  # fmt: skip
        ours, theirs = _numbers(big[sheet]), _numbers(whole[sheet])
        assert len(ours) > 10, sheet
        # a KPI the engine has no expression for is left out, and said so (Trends)
        assert set(ours) <= set(theirs), sheet
        for key, value in ours.items():
            assert value == pytest.approx(theirs[key], rel=1e-9), (sheet, key)


def _numbers(ws) -> dict:
    """(row label, column) -> every number of a sheet; the label: column A's text."""
    out = {}
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        label = row[0] if row and isinstance(row[0], str) else r
        if len(row) > 1 and isinstance(row[1], str):  # e.g. Definitions compared: KPI, period
            label = (label, row[1])
        for c, value in enumerate(row, start=1):
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[(label, c)] = value
    return out


def test_the_not_copied_table_says_its_rows_where_it_lives_and_what_was_done(built):
    path, output, _ = built["month"]
    book = _book(path, sheets={"Orders data", "Customers data", "Dashboard", "NPS",
                               "Definitions compared"})  # fmt: skip
    orders = book["Orders data"]
    text = [str(c.value) for row in orders.iter_rows() for c in row if c.value is not None]
    assert orders["A1"].value == "Orders data: not copied into this workbook"
    assert orders["A2"].value == "3,075 rows: more than an Excel sheet holds (1,000 data rows)."
    assert orders["B4"].value == 3075
    assert orders["B5"].value.startswith("Orders.parquet in ")
    assert any("Revenue" in t and "computed by the engine" in t for t in text)
    assert "Customers data" in book.sheetnames  # the tables that fit are copied
    assert book["Customers data"].max_row == 401
    note = book["Dashboard"]["A4"].value
    assert "Orders (3,075 rows)" in note and "not copied into this workbook" in note
    assert "values computed by the engine where the data is" in note
    nps = book["NPS"]["A2"].value
    assert nps.startswith("Values computed by the engine where the data is. The individual")
    assert book["Definitions compared"]["A2"].value.endswith(
        "Computed by the engine where the data is."
    )
    # the CLI says it in one line per table
    said = [line for line in output.splitlines() if "more than an Excel sheet holds" in line]
    assert len(said) == len(OVER["month"])
    assert any(line.startswith("Source Orders.parquet: Orders: 3,075 rows") for line in said)


@pytest.mark.parametrize("case", list(CASES))
def test_no_formula_points_at_a_sheet_or_rows_that_are_not_there(built, case):
    path = built[case][0]
    formulas = _cells(path, False, lambda v: isinstance(v, str) and v.startswith("="))
    book = _book(path, False, read_only=True)
    rows = {name: _last_row(book[name]) for name in book.sheetnames}
    over = {f"{TABLES[name].title} data" for name in OVER[case]}
    count = len(formulas)
    for (title, _, _), text in formulas.items():
        for quoted, bare, first, last in REF.findall(text):
            sheet = (quoted or bare).replace("''", "'")
            assert sheet in rows, (title, text)
            # a table not copied: its sheet's text only (the Contents link to A1)
            assert sheet not in over or (first, last) == ("1", ""), text
            assert int(last or first) <= max(rows[sheet], 2), text
    assert count > 100


def test_libreoffice_computes_the_cached_values(built, soffice, tmp_path):
    from tests.support import libreoffice

    paths = [built[case][0] for case in CASES]
    for path, copy in zip(paths, libreoffice.recalculate_many(paths, tmp_path), strict=True):
        formulas = _cells(path, False, lambda v: isinstance(v, str) and v.startswith("="))
        cached, again = _cells(path, True, None, formulas), _cells(copy, True, None, formulas)
        assert len(formulas) > 100
        for key, text in formulas.items():
            want, got = cached[key], again.get(key)
            if isinstance(want, int | float) and isinstance(got, int | float):
                assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), (key, text)
            else:
                assert got == want, (key, text)


def _last_row(ws) -> int:
    """The last row holding a cell (a read-only sheet may not declare its dimension)."""
    last = 0
    for row in ws.iter_rows():
        cells = [c for c in row if getattr(c, "row", None)]
        last = max([last, *(c.row for c in cells)])
    return last


def _cells(path, data_only: bool, keep=None, only=None) -> dict:
    """(sheet, row, column) -> value of the cells ``keep`` accepts (or those of ``only``)."""
    book = _book(path, data_only, read_only=True)
    sheets = {s for s, _, _ in only} if only is not None else book.sheetnames
    out = {}
    for name in sheets:
        for r, row in enumerate(book[name].iter_rows(values_only=True), start=1):
            for c, value in enumerate(row, start=1):
                key = (name, r, c)
                if (only is not None and key in only) or (keep is not None and keep(value)):
                    out[key] = value
    book.close()
    return out


def test_a_table_larger_than_a_sheet_is_never_read_into_python(built):
    """Every table the engine handed to pandas is one that fits (Customers, for its sheet)
    or an aggregate: none holds an order's or a session's row."""
    seen = built["read"]
    assert any("customer_id" in c and "acquisition_channel" in c for c in seen)
    assert not any("order_id" in c or "session_id" in c for c in seen)


def test_the_docs_say_what_the_report_and_the_command_say(built):
    """docs/getting-started-warehouse.md: its example line is the command's line, and what
    it says is left out is left out, and said so, in the workbook."""
    from pathlib import Path

    from xlkpi.data.model import Settings
    from xlkpi.engine.frames.trials import name_of

    doc = (Path(__file__).parents[2] / "docs" / "getting-started-warehouse.md").read_text()
    section = doc.split("### A table larger than an Excel sheet", 1)[1].split("\n## ", 1)[0]
    example = re.search(r"```text\n(.*?)\n```", section, re.S)[1]
    path, output, _ = built["month"]
    said = next(line for line in output.splitlines() if line.startswith("Source Orders.parquet"))

    def shape(text: str) -> str:
        return re.sub(r"\d[\d,]*", "N", text.replace("Orders.parquet", "orders.parquet"))

    assert shape(example) == shape(said)
    book = _book(path, read_only=True)
    rows = list(book["KPI Data"].iter_rows(values_only=True))
    n = rows[0].index("n")
    with_n = {  # the rates with a value and a trial count (kpi: D, value: F): all have n
        r[3]: r[n] is not None for r in rows[1:] if name_of(r[3], Settings()) and _number(r[5])
    }
    assert all(with_n.values()) and len(with_n) > 15
    # the counts no KPI reports, named by their titles' words (the test above: equal values)
    assert all(f"`{k}`" not in section for k in with_n)
    for words in ("orders placed", "impressions", "customers at the start", "buyers",
                  "refund and return rates", "CTR", "churn", "repeat purchase rate",
                  "same options as the rates", "All KPIs"):  # fmt: skip
        assert words in " ".join(section.split()), words
    rows = [row for row in book["All KPIs"].iter_rows(values_only=True) if row]
    # the latest month's orders, any status (303 in Orders.parquet, counted by pandas)
    assert any(row[0] == "Refund rate" and "n = 303" in row for row in rows)
    nps = [str(v) for row in book["NPS"].iter_rows(values_only=True) for v in row if v]
    assert not any(v.startswith("Steps 1-2: every response") for v in nps)  # no list
    assert any(v.startswith("Steps 1-2: the responses of each period counted") for v in nps)
    assert "The individual responses are not listed" in nps[1]
    assert "does not list the individual responses" in section
    assert "steps 1-2 are each period's" in " ".join(section.split())
    report = (Path(__file__).parents[2] / "docs" / "report.md").read_text()
    assert "does not list the individual responses and says so" in " ".join(report.split())
    assert "*Definitions\n  compared* (the KPIs under each preset)" in section


def test_a_single_file_larger_than_a_sheet_gives_a_report_of_values(parquet_folder, tmp_path,
                                                                    monkeypatch):  # fmt: skip
    """Every table too large (nothing to copy): the report still holds every KPI."""
    from xlkpi import build_report
    from xlkpi.sources.api import settings_kpi_data

    single = tmp_path / "orders.parquet"
    single.write_bytes((parquet_folder / "Orders.parquet").read_bytes())
    monkeypatch.setattr(api, "SHEET_ROWS", 1000)
    book = _book(build_report(single, tmp_path / "r.xlsx"), read_only=True)
    assert book["Orders data"]["B5"].value == "orders.parquet"
    rows = list(book["KPI Data"].iter_rows(values_only=True))
    expected = settings_kpi_data(single)
    assert len(rows) - 1 == len(expected) > 100
    values = pd.to_numeric(pd.Series([r[5] for r in rows[1:]]), errors="coerce").to_numpy(float)
    assert values == pytest.approx(expected.value.to_numpy(float), rel=1e-12, nan_ok=True)


def test_a_csv_folder_with_a_table_larger_than_a_sheet_is_read_where_it_lies(
    parquet_folder, tmp_path, monkeypatch
):
    """A CSV folder the engine reads goes to the reader (as before) unless a table is too
    large for a sheet: then the engine reads it where it lies, as xlkpi kpis does."""
    from xlkpi import build_report
    from xlkpi.sources.big import csv_over

    folder = tmp_path / "csv"
    folder.mkdir()
    for file in parquet_folder.glob("*.parquet"):
        pd.read_parquet(file).to_csv(folder / f"{file.stem}.csv", index=False)
    assert not csv_over(folder)  # 3,075 orders: far below a sheet
    monkeypatch.setattr(api, "SHEET_ROWS", 3000)
    assert csv_over(folder)
    findings: list = []
    quarters = {"period": "quarter"}  # a Settings key given beside the source (--setting)
    path = build_report(folder, tmp_path / "r.xlsx", findings=findings, settings=quarters)
    book = _book(path, read_only=True)
    assert [p.sheet for p in findings[:2]] == ["Orders.csv", "Sessions.csv"]
    assert "Orders data" in book.sheetnames and "Customers data" in book.sheetnames
    kpis = CliRunner().invoke(main, ["kpis", str(folder), "--setting", "period=quarter"])
    expected = pd.read_csv(io.StringIO(kpis.stdout), keep_default_na=False, na_values=[""])
    rows = list(book["KPI Data"].iter_rows(values_only=True))
    assert len(rows) - 1 == len(expected) > 100
    assert [r[0] for r in rows[1:]] == expected.period.tolist()
    assert "-Q" in rows[1][0]
    values = pd.to_numeric(pd.Series([r[5] for r in rows[1:]]), errors="coerce").to_numpy(float)
    assert values == pytest.approx(expected.value.to_numpy(float), rel=1e-12, nan_ok=True)


def test_a_postgresql_table_larger_than_a_sheet_never_shows_the_password(
    pg_sample, sample_raw, tmp_path, monkeypatch
):
    """The report from a warehouse URL with its password: the not-copied tables' sheets say
    where they live without it, and no cell, property or XML part of the workbook holds it."""
    import zipfile
    from urllib.parse import urlsplit

    from xlkpi import build_report

    password = urlsplit(pg_sample).password
    assert password
    monkeypatch.setattr(api, "SHEET_ROWS", 3000)
    as_of = sample_raw.settings.as_of
    path = build_report(pg_sample, tmp_path / "pg.xlsx", as_of=as_of, embed_raw=False)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            assert password.encode() not in archive.read(name), name
    book = _book(path, read_only=True)
    where = book["Orders data"]["B5"].value
    assert where.startswith("orders in postgresql://") and "***" in where
    note = book["Dashboard"]["A4"].value  # the tables that fit: not copied either, and said
    assert "Orders (3,075 rows)" in note and "Customers data" not in book.sheetnames
    assert note.endswith("(embed_raw=False was asked for): every number is a value.")
    rows = list(book["KPI Data"].iter_rows(values_only=True))
    expected = api.kpi_data(pg_sample, as_of=as_of)
    assert len(rows) - 1 == len(expected) > 100
    values = pd.to_numeric(pd.Series([r[5] for r in rows[1:]]), errors="coerce").to_numpy(float)
    assert values == pytest.approx(expected.value.to_numpy(float), rel=1e-12, nan_ok=True)


# Each choice that changes a rate's trial count (or leaves it none), at least once, and the
# churn window with both denominators that have trials.
TRIAL_OPTIONS = [
    {},
    {"churn_rate.denominator": "start_plus_new", "repeat_purchase_rate.definition": "returning"},
    {"churn_rate.window": "rolling_30d"},
    {"churn_rate.window": "rolling_30d", "churn_rate.denominator": "start_plus_new",
     "refund_rate.basis": "value"},
    {"churn_rate.denominator": "average"},
]  # fmt: skip


def _trials_equal(raw, tables, period: str, options: dict) -> int:
    """Assert that n and the interval of the rates over a count no KPI reports, computed by
    the engine where the data is (``tables``: what the report's :func:`engine_result` runs,
    for these rates only), equal the NumPy path's over ``raw``'s rows; return how many
    rows had such an n."""
    import dataclasses

    from xlkpi.engine.compute import compute_kpis
    from xlkpi.engine.frames.trials import COUNTS, counts_of, name_of
    from xlkpi.engine.kpi_periods import period_of
    from xlkpi.engine.run import _ordinals, _report_bounds, covered, kpi_data, prepared
    from xlkpi.engine.trial_counts import trial_counts
    from xlkpi.kpi.options import by_name
    from xlkpi.report.samples import interval
    from xlkpi.sources.settings import engine_options

    chosen = {by_name(k).setting: v for k, v in options.items()}
    settings = dataclasses.replace(raw.settings, period=period, **chosen)
    whole = compute_kpis(dataclasses.replace(raw, settings=settings))
    engine = engine_options(settings)
    runner, cut, plan = prepared(tables, period, settings.as_of, engine)
    ords = _ordinals(runner.frame(("report periods",), cut, _report_bounds))
    rates = [k for k in covered() if name_of(k, settings) in COUNTS]
    table = kpi_data(tables, period=period, as_of=cut, options=engine, kpis=rates)
    names = sorted({name_of(k, settings) for k in rates})
    counted = trial_counts(runner, cut, plan, ords, names)
    periods = [period_of(period, o) for o in ords]
    there = table.assign(n=counts_of(table, settings, periods, counted.get))
    key = ["period", "kpi", "segment"]
    both = whole.table.assign(n=whole.trials).merge(there, on=key, suffixes=("", "_there"))
    assert len(both) == len(there) > 50
    assert both.value_there.tolist() == pytest.approx(both.value.tolist(), nan_ok=True)
    assert both.n_there.tolist() == pytest.approx(both.n.tolist(), rel=1e-12, nan_ok=True)
    for rate, n, m in zip(both.value, both.n, both.n_there, strict=True):
        ours, theirs = interval(rate, m), interval(rate, n)
        assert (ours is None) == (theirs is None)
        if ours is not None:
            assert ours == pytest.approx(theirs, rel=1e-12)
    return int(np.isfinite(both.n_there.to_numpy(float)).sum())


@pytest.mark.parametrize("options", TRIAL_OPTIONS, ids=lambda o: ",".join(o.values()) or "default")
@pytest.mark.parametrize("period", ["month", "week", "quarter"])
def test_sample_sizes_counted_where_the_data_is_equal_the_rows_in_memory(sample_raw, period,
                                                                         options):  # fmt: skip
    """The trial counts no KPI reports, counted by the engine where the data is, equal the
    NumPy path's from the rows in memory, at each grain and under each option choice that
    changes them (``average`` and basis ``value``: no trial count on either path)."""
    from xlkpi.engine.schema import tables_from_raw

    counted = _trials_equal(sample_raw, tables_from_raw(sample_raw), period, options)
    assert counted > (10 if period == "quarter" else 40)


@pytest.mark.parametrize("period,options", [("month", TRIAL_OPTIONS[0]),
                                            ("week", TRIAL_OPTIONS[3]),
                                            ("quarter", TRIAL_OPTIONS[1])])  # fmt: skip
def test_sample_sizes_counted_in_postgresql_equal_the_rows_in_memory(pg_sample, sample_raw,
                                                                     period, options):  # fmt: skip
    """The same counts from PostgreSQL (XLKPI_REQUIRE_POSTGRES=1 makes this run)."""
    tables = api.engine_tables(api.opened(pg_sample), validate=False)
    assert _trials_equal(sample_raw, tables, period, options) > 10


def test_the_nps_steps_are_counted_where_the_data_is(built):
    """NPS not copied (month case): steps 1-2 list each period's promoters, passives,
    detractors and responses as the engine counted them, equal to the workbook build's
    by-period responses and shares; the summary's counts are that table's latest row, and
    the sheet says why the responses are not listed."""
    big = _book(built["month"][0], read_only=True)["NPS"]
    whole = _book(built["whole month"], read_only=True)["NPS"]
    cells = {(r, c): v for r, row in enumerate(big.iter_rows(values_only=True), start=1)
             for c, v in enumerate(row, start=1) if v is not None}  # fmt: skip
    assert cells[(2, 1)].startswith(
        "Values computed by the engine where the data is. The individual responses are not "
        "listed: the NPS table has 1,200 rows, more than an Excel sheet holds (1,000 data rows)"
    )
    assert cells[(4, 12)].startswith("Steps 1-2: the responses of each period counted by group")
    assert [cells[(5, c)] for c in range(12, 17)] == ["Period", "Promoters", "Passives",
                                                      "Detractors", "Responses"]  # fmt: skip
    counted = {cells[(r, 12)]: [cells[(r, c)] for c in range(13, 17)]
               for r in range(6, 200) if (r, 12) in cells}  # fmt: skip
    rows = [row for row in whole.iter_rows(values_only=True) if row]
    top = next(i for i, row in enumerate(rows) if row[0] == "NPS by period") + 2
    by_period = {row[0]: row[1:5] for row in rows[top:] if row[0] in counted}
    assert len(by_period) == len(counted) > 20
    for label, (responses, *shares) in by_period.items():
        if not _number(responses):  # no answers in the period: "–" on both
            assert counted[label] == ["–"] * 4 and responses == "–", label
            continue
        groups = [round(share * responses) for share in shares]
        assert counted[label] == [*groups, responses], label
        assert sum(groups) == responses
    latest = counted[max(counted)]
    assert [cells[(r, 3)] for r in (6, 7, 8, 9)] == latest
    formulas = _book(built["month"][0], data_only=False, sheets={"NPS"})["NPS"]
    for r, column in zip((6, 7, 8), "MNO", strict=True):  # LibreOffice computes them: below
        assert f"${column}${5 + len(counted)}" in formulas.cell(r, 3).value
