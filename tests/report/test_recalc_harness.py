"""The LibreOffice harness really recalculates (cached values are not trusted)."""

from __future__ import annotations

import openpyxl
import pytest

from tests.support import libreoffice

pytestmark = pytest.mark.libreoffice


def test_recalculate_computes_formulas_without_cached_values(recalc, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append([3, 4])
    ws["C1"] = "=A1*B1+1"
    ws["D1"] = '=COUNTIFS(A1:B1,">3")'
    ws["E1"] = "=IF(0=0,NA(),1)"
    src = tmp_path / "in.xlsx"
    wb.save(src)
    values = openpyxl.load_workbook(recalc(src), data_only=True)["Data"]
    assert values["C1"].value == 13
    assert values["D1"].value == 1
    assert values["E1"].value == "#N/A"


def test_convert_to_pdf(lo_convert, tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    src = tmp_path / "hello.xlsx"
    wb.save(src)
    pdf = lo_convert(src, "pdf")
    assert pdf.read_bytes()[:4] == b"%PDF"


def test_unloadable_file_raises(soffice, tmp_path):
    bad = tmp_path / "in" / "broken.xlsx"
    bad.parent.mkdir()
    bad.write_bytes(b"this is not a workbook")
    with pytest.raises(libreoffice.LibreOfficeError):
        libreoffice.convert(bad, "pdf", tmp_path / "out")


def test_stale_cached_values_are_recomputed(recalc, tmp_path):
    """A formula whose file carries a wrong cached value comes back recomputed."""
    import zipfile

    wb = openpyxl.Workbook()
    wb.active["A1"] = 3
    wb.active["C1"] = "=A1*2"
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(stale, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>A1*2</f><v />", b"<f>A1*2</f><v>999</v>")
                assert b"<v>999</v>" in data
            zout.writestr(item, data)
    assert openpyxl.load_workbook(stale, data_only=True).active["C1"].value == 999
    assert openpyxl.load_workbook(recalc(stale), data_only=True).active["C1"].value == 6


def test_missing_libreoffice_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: None)
    monkeypatch.delenv("XLKPI_REQUIRE_LIBREOFFICE", raising=False)
    with pytest.raises(pytest.skip.Exception):
        libreoffice.soffice_or_skip()
    monkeypatch.setenv("XLKPI_REQUIRE_LIBREOFFICE", "1")
    with pytest.raises(pytest.fail.Exception, match="XLKPI_REQUIRE_LIBREOFFICE"):
        libreoffice.soffice_or_skip()


def _fake_soffice(tmp_path, *, crashes: int):
    """An executable standing in for soffice: its first ``crashes`` calls abort (exit 134, as
    LibreOffice's signal 6) after converting nothing; later calls copy each input to --outdir."""
    import stat
    import sys

    count = tmp_path / "calls"
    fake = tmp_path / "soffice"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, shutil, sys\n"
        f"count = pathlib.Path({str(count)!r})\n"
        "n = int(count.read_text()) if count.exists() else 0\n"
        "count.write_text(str(n + 1))\n"
        f"if n < {crashes}:\n"
        "    sys.stderr.write('terminate called after throwing an instance\\n'); sys.exit(134)\n"
        "args = sys.argv[1:]\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "for src in args[args.index('--outdir') + 2:]:\n"
        "    shutil.copy(src, out / pathlib.Path(src).name)\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return fake, count


@pytest.mark.parametrize(("crashes", "converted"), [(1, True), (2, False)])
def test_a_crashed_soffice_call_is_made_once_more(tmp_path, monkeypatch, crashes, converted):
    """A call that aborts (signal 6) is repeated once for the files it did not convert; a
    second abort is an error naming the file and the exit status."""
    fake, count = _fake_soffice(tmp_path, crashes=crashes)
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: str(fake))
    src = tmp_path / "in" / "book.xlsx"
    src.parent.mkdir()
    src.write_bytes(b"PK")
    if converted:
        assert libreoffice.convert(src, "xlsx", tmp_path / "out").read_bytes() == b"PK"
    else:
        with pytest.raises(libreoffice.LibreOfficeError, match=r"book\.xlsx.*exit 134"):
            libreoffice.convert(src, "xlsx", tmp_path / "out")
    assert count.read_text() == "2"
