"""The KPI SQL sheet: every report KPI from the catalogue, the engine's SQL for each KPI it
covers at the report's grain and options, parsed by sqlglot, and run in DuckDB over the
report's own raw tables it gives the report's KPI Data values (the SQL shown IS the
definition). No cell of it is a formula."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import zipfile
from collections.abc import Mapping
from types import MappingProxyType

import duckdb
import ibis
import openpyxl
import pytest
import sqlglot

from tests.support.books import load
from xlkpi.data import read_source
from xlkpi.data.contract import TABLES
from xlkpi.engine import compile_sql, covered, expression
from xlkpi.engine.kpi_periods import period_of
from xlkpi.engine.report_sql import report_sql
from xlkpi.engine.schema import unbound_tables
from xlkpi.errors import XlkpiError
from xlkpi.kpi.catalogue import by_id, report_kpis
from xlkpi.report.build import build_report
from xlkpi.report.sheets import kpi_sql, kpi_sql_text
from xlkpi.report.sheets.kpi_sql_text import Texts, printable
from xlkpi.sources.settings import engine_options

SAMPLE = "examples/sample_raw.xlsx"
# Non-default choices of options that change covered KPIs (the defaults are count,
# fully_loaded, cohort): the SQL must follow the options in force.
OPTIONS = {
    "refund_rate.basis": "value",
    "cac.basis": "marketing",
    "lead_to_close_rate.basis": "period",
}


@pytest.fixture(scope="module", params=["week", "month"])
def report(request, tmp_path_factory):
    """(grain, report path, the raw data it was built from, its KpiResult settings)."""
    cache = tmp_path_factory.mktemp("cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("XLKPI_CACHE_DIR", str(cache))
    out = tmp_path_factory.mktemp("sql") / f"report-{request.param}.xlsx"
    try:
        build_report(SAMPLE, out, period=request.param, options=OPTIONS)
    finally:
        mp.undo()
    return request.param, out


# each report of the module is read once (read-only, values): its tests do not change it
@functools.cache
def _column_a(path) -> tuple:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return tuple(r[0] for r in wb[kpi_sql.TITLE].iter_rows(max_col=1, values_only=True))
    finally:
        wb.close()


def sql_of(rows: list) -> dict[str, str | None]:
    """KPI title -> its SQL text read back from the sheet's column A (None: no SQL)."""
    starts = [i for i in range(len(rows) - 1) if str(rows[i + 1]).startswith("Definition: ")]
    out = {}
    for n, i in enumerate(starts):
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(rows)  # a blank row between
        if rows[i + 2] != "SQL (DuckDB):":
            out[rows[i]] = None
            continue
        out[rows[i]] = "\n".join(x or "" for x in rows[i + 3 : end])
    return out


@functools.cache
def _kpi_data(path) -> Mapping[tuple[str, str, str], float]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = list(wb["KPI Data"].iter_rows(values_only=True))
    finally:
        wb.close()
    head = rows[0]
    at = {name: head.index(name) for name in ("period", "kpi", "segment", "value")}
    out = {}
    for r in rows[1:]:
        value = r[at["value"]]
        value = value if isinstance(value, int | float) else math.nan
        out[(r[at["kpi"]], r[at["segment"]] or "", str(r[at["period"]]))] = float(value)
    return MappingProxyType(out)


def test_every_report_kpi_is_listed_with_its_sql_or_why_not(report):
    _, path = report
    shown = sql_of(_column_a(path))
    assert list(shown) == [k.title for k in report_kpis()]
    ids = set(covered())
    rows = _column_a(path)
    data = _kpi_data(path)
    for entry in report_kpis():
        at = rows.index(entry.title)
        assert rows[at + 1] == f"Definition: {entry.definition}"
        if entry.id not in ids:
            assert shown[entry.title] is None
            assert rows[at + 2] == kpi_sql.NO_SQL
        elif shown[entry.title] is None:  # the engine's reason, e.g. a monthly flow weekly
            assert rows[at + 2].startswith(f"No SQL: {entry.title} needs "), rows[at + 2]
            assert entry.id not in rows[at + 2]
            # ... and the report has no value of it either
            assert not any(k[0] == entry.id and v == v for k, v in data.items()), entry.id
    assert any(shown.values())


def test_the_sql_is_the_engines_at_the_reports_grain_and_options(report):
    grain, path = report
    from xlkpi.engine.compute import compute_kpis

    result = compute_kpis(read_source(SAMPLE), period=grain, options=OPTIONS)
    options = engine_options(result.settings)
    assert {k: options[k] for k in OPTIONS} == OPTIONS
    shown = sql_of(_column_a(path))
    titles = {k.id: k.title for k in report_kpis()}
    as_of = f"{result.settings.as_of:%Y-%m-%d}"
    for kpi_id in covered():
        if shown[titles[kpi_id]] is None:  # the engine refuses it at this grain
            with pytest.raises(XlkpiError):
                compile_sql(kpi_id, dialect="duckdb", period=grain, options=options)
            continue
        if result.spend_spread:  # the engine's rule on the report's monthly Spend
            expected = report_sql(kpi_id, grain, options, True, as_of)
        else:
            tables = unbound_tables(t for t, _ in by_id(kpi_id).needs_for(result.settings))
            expr = expression(kpi_id, tables, period=grain, as_of=as_of, options=options)
            expected = ibis.to_sql(expr, dialect="duckdb")
        # a line wider than the column is broken before a || outside its literals: the
        # same text once those breaks are joined again
        assert shown[titles[kpi_id]] == "\n".join(kpi_sql._lines(printable(expected))), kpi_id
        assert re.sub(r" *\n *\|\| ", " || ", shown[titles[kpi_id]]) == printable(expected)
        sqlglot.parse_one(shown[titles[kpi_id]], read="duckdb")


@pytest.mark.parametrize("grain", ["month", "week"])
def test_without_an_as_of_date_it_is_compile_sql(grain):
    texts = kpi_sql_text.compile_all(grain, {"cac.basis": "paid"})
    assert texts.sql and not texts.failed
    for kpi_id, sql in texts.sql.items():
        assert sql == printable(compile_sql(kpi_id, period=grain, options={"cac.basis": "paid"}))


def test_running_the_shown_sql_gives_the_kpi_data_values(report):
    grain, path = report
    raw = read_source(SAMPLE)
    con = duckdb.connect()
    for name, table in raw.tables.items():
        if name in TABLES:
            known = [c for c in TABLES[name].names if c in table.frame.columns]
            con.register(name, table.frame[known])
    data = _kpi_data(path)
    shown = sql_of(_column_a(path))
    checked = 0
    for entry in report_kpis():
        sql = shown[entry.title]
        if sql is None:
            continue
        got = {
            (entry.id, seg or "", period_of(grain, p).label): (math.nan if v is None else v)
            for p, seg, v in con.execute(sql).fetchall()
        }
        mine = {k: v for k, v in data.items() if k[0] == entry.id}
        assert mine, entry.id
        for key, value in mine.items():
            sql_value = got.get(key, math.nan)
            if math.isnan(value):
                assert math.isnan(sql_value) or not math.isfinite(sql_value), key
            else:
                assert sql_value == pytest.approx(value, rel=1e-9, abs=1e-9), key
            checked += 1
    assert checked > 100


def test_no_cell_of_the_sheet_is_a_formula(report):
    _, path = report
    index = load(path, ()).sheetnames.index(kpi_sql.TITLE) + 1  # no sheet parsed
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = z.read(f"xl/worksheets/sheet{index}.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert len(names) > index
    assert re.search(
        r'state="hidden"[^>]*name="KPI SQL"|name="KPI SQL"[^>]*state="hidden"',
        zipfile.ZipFile(path).read("xl/workbook.xml").decode(),
    )


def _spec(texts: Texts, grain="month"):
    class Pending:
        def collect(self):
            return texts

    class Result:
        settings = type("S", (), {"period": grain, "as_of": None})()
        spend_spread = False

    ctx = type("Ctx", (), {"result": Result(), "sql": Pending()})()
    return kpi_sql.build(ctx)


def test_sql_text_that_looks_like_a_formula_stays_text():
    from openpyxl import Workbook

    from xlkpi.report.workbook import StyleIds, rows_xml

    first = covered()[0]
    spec = _spec(Texts(sql={first: '=HYPERLINK("http://x")\n@SUM(1)\n-1+2\n#N/A'}))
    xml = "".join(rows_xml(spec, StyleIds.of(Workbook(write_only=True))))
    assert "<f>" not in xml
    assert "HYPERLINK(&quot;http://x&quot;)" in xml or 'HYPERLINK("http://x")' in xml


def test_without_the_engine_the_sheet_says_why(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "xlkpi.engine.run", None)  # import fails
    texts = kpi_sql_text.compile_all("month", {})
    assert texts.reason.startswith("the SQL engine cannot be imported here")
    spec = _spec(texts)
    values = [p.value for p in spec.cells.values()]
    assert any(str(v).startswith("No SQL in this report: the SQL engine") for v in values)
    assert not spec.blocks


def test_compiled_texts_are_cached_by_grain_and_options(monkeypatch, tmp_path):
    monkeypatch.setenv("XLKPI_CACHE_DIR", str(tmp_path))
    calls = []
    real = kpi_sql_text.compile_all

    def counting(*args):
        calls.append(args)
        return real(*args) if len(calls) < 3 else pytest.fail("compiled twice")

    monkeypatch.setattr(kpi_sql_text, "compile_all", counting)
    a = kpi_sql_text.cached("quarter", {"cac.basis": "paid"})
    b = kpi_sql_text.cached("quarter", {"cac.basis": "paid"})
    assert a == b and len(calls) == 1 and a.sql
    c = kpi_sql_text.cached("quarter", {"cac.basis": "marketing"})
    assert len(calls) == 2
    # another choice of one option compiles only the KPIs whose query read it; the others'
    # texts are those compiled under the first choice, the same as compiled under this one
    again, reads = calls[1][4], {}
    assert "cac" in again and "revenue" not in again and c.sql["cac"] != a.sql["cac"]
    assert {k: v for k, v in c.sql.items() if k not in again} == {
        k: v for k, v in a.sql.items() if k not in again
    }
    fresh = real("quarter", {"cac.basis": "marketing"}, False, None, ["revenue", "cac"], reads)
    assert fresh.sql == {k: c.sql[k] for k in ("revenue", "cac")}
    assert "cac_basis" in reads["cac"] and "cac_basis" not in reads["revenue"]
    monkeypatch.setenv("XLKPI_CACHE_DIR", "off")
    assert kpi_sql_text.cache_dir() is None


@pytest.mark.parametrize("text", ["a", " \t\n\x0b\x0c\r", "it''s\x00", "\x1fx\x7f", "", "x\ny"])
def test_printable_literals_are_the_same_strings(text):
    quoted = "'" + text.replace("'", "''") + "'"
    sql = f"SELECT {quoted} AS \"a\tb\", 'plain' AS c"
    shown = printable(sql)
    assert not re.search(r"[\x00-\x1f\x7f]", shown.replace('"a\tb"', ""))
    con = duckdb.connect()
    assert con.execute(shown).fetchall() == con.execute(sql).fetchall()
    sqlglot.parse_one(shown, read="duckdb")


def test_the_sql_prints_as_code_one_page_wide(report):
    """What docs/report.md promises: Consolas 10 pt in a column as wide as the longest SQL
    line (at least 100, at most 175 characters: printed one page wide at 80 % or more,
    still 8 pt), each KPI from a new page."""
    _, path = report
    ws = load(path, {kpi_sql.TITLE})[kpi_sql.TITLE]  # only this sheet is parsed
    assert ws.sheet_state == "hidden"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    rows = [c.value for c in ws["A"]]
    first_sql = rows.index("SQL (DuckDB):") + 2
    font = ws.cell(first_sql, 1).font
    assert (font.name, font.sz) == ("Consolas", 10)
    titles = [k.title for k in report_kpis()]
    starts = {r.id + 1 for r in ws.row_breaks.brk}
    assert {i + 1 for i, v in enumerate(rows) if v in titles} <= starts
    code = [
        v
        for i, v in enumerate(rows)
        if isinstance(v, str) and ws.cell(i + 1, 1).font.name == "Consolas"
    ]
    width = ws.column_dimensions["A"].width
    assert kpi_sql.WIDTH <= width <= kpi_sql.WIDEST == 175
    assert max(map(len, code)) <= width
    # the widest column (Excel: 7 px a character + 5 px, 0.75 pt a px) fits a landscape A4
    # page less its margins (842 - 86 pt) at 80 % or more: 10 pt prints as 8 pt or more
    assert 756 / ((kpi_sql.WIDEST * 7 + 5) * 0.75) >= 0.8


def test_without_threads_it_compiles_when_the_sheet_is_built(monkeypatch, tmp_path):
    """xlwings Lite (Pyodide) cannot start a thread: the texts are compiled on collect."""
    from xlkpi.data import threads

    monkeypatch.setenv("XLKPI_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(threads, "available", lambda: False)
    pending = kpi_sql_text.Pending("quarter", {}, False).start()
    assert pending.thread is None and pending.result is None
    assert pending.collect() == kpi_sql_text.cached("quarter", {})
    assert pending.result.sql


@pytest.mark.parametrize(("grain", "as_of"), [("month", "2024-02-29"), ("week", "2025-12-31")])
def test_the_cached_stand_in_date_gives_the_sql_compiled_at_the_as_of_date(
    grain, as_of, monkeypatch, tmp_path
):
    monkeypatch.setenv("XLKPI_CACHE_DIR", str(tmp_path))
    direct = kpi_sql_text.compile_all(grain, {}, False, as_of)
    assert direct.sql and kpi_sql_text._stamp(dt.date.fromisoformat(as_of)) in "".join(
        direct.sql.values()
    )
    assert kpi_sql_text.cached(grain, {}, False, as_of) == direct
    # one entry a KPI, at the stand-in date (none at the as-of date)
    assert len(list(tmp_path.iterdir())) == len(direct.sql) + len(direct.missing)
