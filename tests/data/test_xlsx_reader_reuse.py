"""Each reader thread opens the workbook once with fastexcel and reads all its sheets from
that reader (opening parses the shared strings: once per thread, not once per sheet),
with the same outcome as a fresh reader per sheet."""

from __future__ import annotations

import os

import fastexcel

from tests.data.helpers import make_xlsx
from xlkpi.data import xlsx_parse
from xlkpi.data.xlsx import read_workbook

SHEETS = ["Orders", "Customers", "Sessions", "Leads", "NPS", "Subscriptions", "Spend"]


def test_a_thread_reads_its_sheets_from_one_reader(tmp_path, monkeypatch):
    shared = [f"text {i}" for i in range(50)]  # strings every sheet refers to
    sheets = {
        name: [["id", "label", "value"]]
        + [[f"{name[:2]}{i}", shared[(i * (k + 3)) % 50], i * 1.5] for i in range(40)]
        for k, name in enumerate(SHEETS)
    }
    path = make_xlsx(tmp_path / "book.xlsx", sheets)
    opened = []
    real = fastexcel.read_excel

    def counting(source, *args, **kwargs):
        opened.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(fastexcel, "read_excel", counting)
    reused = read_workbook(path)
    assert 1 <= len(opened) <= min(4, os.cpu_count() or 1) < len(SHEETS)

    fresh_reader = xlsx_parse.load_arrow
    monkeypatch.setattr(
        xlsx_parse, "load_arrow", lambda path, ref, row, kept=None: fresh_reader(path, ref, row)
    )
    opened.clear()
    fresh = read_workbook(path)
    assert len(opened) == len(SHEETS)
    for a, b in zip(reused[0], fresh[0], strict=True):
        assert (a.sheet, a.headers, a.first_row) == (b.sheet, b.headers, b.first_row)
        for ca, cb in zip(a.columns, b.columns, strict=True):
            assert ca.dtype == cb.dtype and ca.equals(cb)
    assert [s.sheet for s in reused[0]] == SHEETS
    assert list(reused[0][0].columns[1][:3]) == [shared[0], shared[3], shared[6]]
