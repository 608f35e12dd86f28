"""build_report: atomic, never over the source or a file xlkpi did not write."""

from __future__ import annotations

import hashlib
import os

import openpyxl
import pandas as pd
import pytest

from tests.report.conftest import NPS, ORDERS
from xlkpi.errors import DataError, OutputError, SourceError
from xlkpi.report import build as build_module
from xlkpi.report.build import build_report
from xlkpi.report.safe_io import is_xlkpi_report


def write_source(path, **tables):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, columns in tables.items():
        ws = wb.create_sheet(name)
        ws.append(list(columns))
        for row in zip(*columns.values(), strict=True):
            ws.append([None if isinstance(v, float) and v != v else v for v in row])
    wb.save(path)
    return path


@pytest.fixture
def source(tmp_path):
    orders = dict(ORDERS, customer_id=["A", "B", "A", "C", "D", "B", "A", "C"])
    return write_source(tmp_path / "raw.xlsx", Orders=orders, NPS=NPS)


def digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_builds_from_a_workbook_without_touching_it(source, tmp_path):
    before, mtime = digest(source), os.stat(source).st_mtime_ns
    out = build_report(source, tmp_path / "report.xlsx")
    assert out == tmp_path / "report.xlsx" and is_xlkpi_report(out)
    assert digest(source) == before and os.stat(source).st_mtime_ns == mtime
    assert openpyxl.load_workbook(out).sheetnames[0] == "Dashboard"


def test_builds_from_dataframes_and_rawdata(small_raw, tmp_path):
    frames = {"Orders": pd.DataFrame(ORDERS).assign(customer_id="A")}
    assert is_xlkpi_report(build_report(frames, tmp_path / "a.xlsx"))
    assert is_xlkpi_report(build_report(small_raw, tmp_path / "b.xlsx"))


@pytest.mark.parametrize("name", ["report.xls", "report.csv", "report.xlsm", "report"])
def test_output_must_be_xlsx(small_raw, tmp_path, name):
    with pytest.raises(OutputError, match="xlsx"):
        build_report(small_raw, tmp_path / name)


def test_refuses_to_write_over_the_source(source):
    with pytest.raises(OutputError, match="overwrite the source"):
        build_report(source, source)
    with pytest.raises(OutputError, match="overwrite the source"):
        build_report(source, source.parent / "." / source.name, overwrite=True)


def test_refuses_a_hard_link_to_the_source(source, tmp_path):
    link = tmp_path / "link.xlsx"
    os.link(source, link)
    before = digest(source)
    with pytest.raises(OutputError, match="overwrite the source"):
        build_report(source, link, overwrite=True)
    assert digest(source) == before


def test_refuses_a_file_xlkpi_did_not_write(small_raw, tmp_path):
    theirs = tmp_path / "budget.xlsx"
    openpyxl.Workbook().save(theirs)
    before = digest(theirs)
    with pytest.raises(OutputError, match="not a report written by xlkpi"):
        build_report(small_raw, theirs)
    assert digest(theirs) == before
    build_report(small_raw, theirs, overwrite=True)
    assert is_xlkpi_report(theirs)


def test_replaces_its_own_report(small_raw, tmp_path):
    out = build_report(small_raw, tmp_path / "report.xlsx")
    assert build_report(small_raw, out, as_of="2026-02-15") == out
    assert "2026-02" in openpyxl.load_workbook(out)["All KPIs"]["B6"].value


def test_missing_folder(small_raw, tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        build_report(small_raw, tmp_path / "nope" / "report.xlsx")


def test_a_failing_writer_leaves_nothing_behind(small_raw, tmp_path, monkeypatch):
    def broken(path, *args, **kwargs):
        with open(path, "wb") as fh:
            fh.write(b"PK half a workbook")
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "write_workbook", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        build_report(small_raw, tmp_path / "report.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_a_failing_writer_keeps_the_previous_report(small_raw, tmp_path, monkeypatch):
    out = build_report(small_raw, tmp_path / "report.xlsx")
    before = digest(out)
    monkeypatch.setattr(
        build_module, "write_workbook", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt())
    )
    with pytest.raises(KeyboardInterrupt):
        build_report(small_raw, out)
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_report_file_is_not_private(small_raw, tmp_path):
    out = build_report(small_raw, tmp_path / "report.xlsx")
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(out).st_mode & 0o777 == 0o666 & ~umask


def test_bad_sources_raise_xlkpi_errors(tmp_path):
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"not a zip")
    with pytest.raises(SourceError):
        build_report(corrupt, tmp_path / "r.xlsx")
    with pytest.raises(SourceError):
        build_report(tmp_path / "missing.xlsx", tmp_path / "r.xlsx")
    bad = write_source(
        tmp_path / "bad.xlsx", NPS={"response_date": ["2026-01-01"], "score": ["eleven"]}
    )
    with pytest.raises(DataError, match="NPS"):
        build_report(bad, tmp_path / "r.xlsx")
    assert not (tmp_path / "r.xlsx").exists()


def test_embed_raw_option(small_raw, tmp_path, monkeypatch):
    out = build_report(small_raw, tmp_path / "a.xlsx", embed_raw=False)
    assert "Orders data" not in openpyxl.load_workbook(out).sheetnames
    monkeypatch.setattr(build_module, "EMBED_LIMIT", 10)  # "auto" on data beyond the limit
    out = build_report(small_raw, tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(out)
    assert "Orders data" not in wb.sheetnames
    assert wb["All KPIs"]["A3"].value.startswith("Raw data not embedded: 19 rows")
    with pytest.raises(OutputError, match="embed_raw"):
        build_report(small_raw, tmp_path / "c.xlsx", embed_raw="yes")


def test_progress_bar_on_stderr(small_raw, tmp_path, capsys):
    build_report(small_raw, tmp_path / "r.xlsx", progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""


def test_a_sheet_taller_than_excel_is_never_embedded(small_raw, tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "EXCEL_ROWS", 5)  # Orders has 8 rows
    out = build_report(small_raw, tmp_path / "a.xlsx")
    assert "Orders data" not in openpyxl.load_workbook(out).sheetnames
    with pytest.raises(OutputError, match="more rows than an Excel sheet holds"):
        build_report(small_raw, tmp_path / "b.xlsx", embed_raw=True)
    assert not (tmp_path / "b.xlsx").exists()


def test_not_embedded_on_request_says_so(small_raw, tmp_path):
    out = build_report(small_raw, tmp_path / "a.xlsx", embed_raw=False)
    note = openpyxl.load_workbook(out)["All KPIs"]["A3"].value
    assert note.startswith("Raw data not embedded: embed_raw=False was asked for;")
