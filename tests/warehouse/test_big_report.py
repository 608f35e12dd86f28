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
import warnings

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from xlkpi.cli import main
from xlkpi.data.contract import TABLES
from xlkpi.sources import api

# name -> (sheet limit, build/kpis options): month with the defaults, most tables too
# large; weekly with a definition option and an as-of date that cuts the latest period
# (the Dashboard's like-for-like values come from the engine at the earlier cuts), the
# NPS table copied (its step-by-step formulas stay live)
CASES = {
    "month": (1000, []),
    "week": (2000, ["--period", "week", "--option", "refund_rate.basis=value",
                    "--as-of", "2026-10-15"]),
}  # fmt: skip
OVER = {"month": {"orders", "sessions", "leads", "nps", "subscriptions"},
        "week": {"orders", "sessions", "leads", "subscriptions"}}  # fmt: skip
# a reference to another sheet: 'Sheet name'!$A$2:$A$99 or Sheet!B3 (sheet, first, last row)
REF = re.compile(r"(?:'((?:[^']|'')+)'|([A-Za-z_][\w.]*))!\$?[A-Z]+\$?(\d+)(?::\$?[A-Z]+\$?(\d+))?")


def _number(value) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def _book(path, data_only=True, read_only=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl drops the sparklines extension on load
        return load_workbook(path, data_only=data_only, read_only=read_only)


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
    for case, (limit, chosen) in CASES.items():
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
    out["whole"] = build_report(parquet_folder, folder / "whole.xlsx", embed_raw=False)
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_kpi_data_equals_xlkpi_kpis_value_for_value(built, case):
    path, _, expected = built[case]
    rows = list(_book(path)["KPI Data"].values)
    shown = pd.DataFrame(rows[1:], columns=rows[0])
    shown["segment"] = shown.segment.fillna("")
    expected["segment"] = expected.segment.fillna("").astype(str)
    key = ["period", "kpi", "segment"]
    assert len(shown) == len(expected) > 100
    assert shown[key].astype(str).values.tolist() == expected[key].astype(str).values.tolist()
    values = pd.to_numeric(shown.value, errors="coerce").to_numpy(dtype=float)  # '#N/A': NaN
    assert values == pytest.approx(expected.value.to_numpy(float), rel=1e-12, nan_ok=True)


def test_kpi_data_sample_sizes_equal_the_report_with_every_table_copied(built):
    """n (and its interval) of every KPI Data row: the whole report's where the engine's
    report gives one; blank only for a rate whose trial count no KPI reports."""
    from xlkpi.data.model import Settings
    from xlkpi.engine.frames.trials import COUNTS, name_of

    def table(path):
        rows = list(_book(path, read_only=True)["KPI Data"].iter_rows(values_only=True))
        return pd.DataFrame(rows[1:], columns=rows[0])

    ours, theirs = table(built["month"][0]), table(built["whole"])
    ours = ours.merge(theirs, on=["period", "kpi", "segment"], suffixes=("", "_whole"))
    given = ours.n.notna()
    assert given.sum() > 300
    assert ours.n[given].tolist() == ours.n_whole[given].tolist()
    assert ours.ci_low[given].tolist() == pytest.approx(ours.ci_low_whole[given].tolist(),
                                                         nan_ok=True)  # fmt: skip
    missing = ours[~given & ours.n_whole.notna()]
    assert {name_of(k, Settings()) for k in missing.kpi} <= set(COUNTS)


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
    book = _book(path)
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
    assert nps.startswith("Values computed by the engine where the data is: the NPS table")
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
    blank = {  # the rates with a value and a trial count, but no n (kpi: D, value: F)
        r[3] for r in rows[1:] if r[n] is None and name_of(r[3], Settings()) and _number(r[5])
    }
    assert blank == {"refund_rate", "return_rate", "ctr", "churn_rate", "retention_rate",
                     "repeat_purchase_rate"}  # fmt: skip
    assert all(f"`{k}`" not in section for k in blank)  # named by their titles' words
    for words in ("refund and return rates", "CTR", "churn", "repeat purchase rate"):
        assert words in section
    nps = [v for row in book["NPS"].iter_rows(values_only=True) for v in row if v]
    assert not any(str(v).startswith("Steps 1-2") for v in nps)  # no response list
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
