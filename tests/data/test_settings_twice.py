"""A Settings key given twice with two values is one error naming both places, on every
source that has rows (a workbook's Settings sheet, a folder's settings.csv read by the
reader or by the engine, a Settings DataFrame); the same value twice is accepted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from xlkpi.cli import main
from xlkpi.data import check_source, read_source
from xlkpi.errors import DataError

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "bring-your-data.md"
ORDERS = [["order_id", "order_date", "customer_id", "revenue"], ["1", "2025-01-02", "C1", 10]]
#: the Settings rows (row 1 the title): date_order on rows 2 and 9, blank rows between
ROWS = [["key", "value"], ["date_order", "dmy"], ["currency", "EUR"], *[["", ""]] * 5,
        ["date_order", "mdy"]]  # fmt: skip


def _book(tmp_path: Path, rows) -> Path:
    book = Workbook()
    book.active.title = "Orders"
    for row in ORDERS:
        book.active.append(row)
    sheet = book.create_sheet("Settings")
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "book.xlsx")
    return tmp_path / "book.xlsx"


def _folder(tmp_path: Path, rows) -> Path:
    folder = tmp_path / "folder"
    folder.mkdir()
    lines = [",".join(map(str, r)) for r in ORDERS]
    (folder / "orders.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = "\n".join(",".join(r) for r in rows if any(r))  # a file has no blank rows
    (folder / "settings.csv").write_text(text + "\n", encoding="utf-8")
    return folder


def test_a_workbook_names_both_cells(tmp_path):
    [problem] = check_source(_book(tmp_path, ROWS))
    assert str(problem) == (
        "Settings!A row 9: setting date_order: given twice, in A2 ('dmy') and A9 ('mdy'); "
        "keep one (value: 'mdy')"
    )
    with pytest.raises(DataError, match="given twice, in A2"):
        read_source(tmp_path / "book.xlsx")


def test_a_settings_frame_names_both_cells():
    frames = {"Orders": pd.DataFrame([ORDERS[1]], columns=ORDERS[0]),
              "Settings": pd.DataFrame(ROWS[1:], columns=ROWS[0])}  # fmt: skip
    [problem] = check_source(frames)
    assert "given twice, in A2 ('dmy') and A9 ('mdy')" in str(problem)


@pytest.mark.parametrize("reader", ["engine", "reader"])
def test_settings_csv_names_both_rows_on_both_paths(tmp_path, reader, monkeypatch):
    """``xlkpi check`` gives a folder of contract CSV files to the engine; the reader
    reads it for a report: the same line either way, the line the guide shows."""
    folder = _folder(tmp_path, ROWS)
    if reader == "reader":
        [problem] = check_source(folder)
        line = str(problem)
    else:
        done = CliRunner().invoke(main, ["check", str(folder)])
        assert done.exit_code == 1
        [line] = [x for x in done.output.splitlines() if "given twice" in x]
    expected = (
        "settings.csv!A row 4: setting date_order: given twice, in row 2 ('dmy') and row 4 "
        "('mdy'); keep one (value: 'mdy')"
    )
    assert line == expected
    assert f"\n{expected}\n" in GUIDE.read_text(encoding="utf-8")


def test_the_same_value_twice_is_accepted_silently(tmp_path):
    rows = [*ROWS[:-1], ["Date Order", "DMY"]]  # the same key and value, as read
    warnings: list = []
    assert check_source(_book(tmp_path, rows), warnings=warnings) == []
    assert not [w for w in warnings if "twice" in w.message]
    assert read_source(tmp_path / "book.xlsx").settings.date_order == "dmy"
