"""A Settings key given twice with two values is one error naming both places, on every
source (a workbook's Settings sheet, a Settings DataFrame, a folder's settings.csv read by
the reader or by the engine, a settings table in DuckDB or PostgreSQL); the same value
twice as read (not as typed) is accepted: every source compares values one way."""

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


# Every kind of source that holds Settings rows: a workbook, a Settings DataFrame, a
# folder's settings.csv (read by the reader and by the engine), a settings table in a
# DuckDB file and in a real PostgreSQL. The reader's kinds name cells or rows; a stored
# table's rows have no number: it names the key and both values.
KINDS = ["workbook", "frame", "csv reader", "csv engine", "duckdb", "postgresql"]
#: the same value twice as read, not as typed (case, spaces, a number's text, a blank)
SAME = [("date_order", "dmy"), ("clv_years", "3"), ("time_zone", ""), ("currency", "eur"),
        ("date_order", " DMY"), ("clv_years", "3.0"), ("time_zone", "UTC"),
        ("currency", "EUR ")]  # fmt: skip
TWO = [("date_order", "dmy"), ("currency", "EUR"), ("date_order", "mdy")]
NAMED = {  # kind -> the error of TWO, as xlkpi check prints it
    "workbook": "Settings!A row 4: setting date_order: given twice, in A2 ('dmy') and A4 "
    "('mdy'); keep one (value: 'mdy')",
    "csv reader": "settings.csv!A row 4: setting date_order: given twice, in row 2 ('dmy') "
    "and row 4 ('mdy'); keep one (value: 'mdy')",
    "duckdb": "settings.value (key 'date_order'): setting date_order: given twice, as "
    "'dmy' and 'mdy'; keep one (value: 'mdy')",
}
NAMED |= {"frame": NAMED["workbook"], "csv engine": NAMED["csv reader"],
          "postgresql": NAMED["duckdb"]}  # fmt: skip


def _source(kind: str, pairs: list, tmp_path: Path, request):
    """A source of ``kind`` holding an Orders table and the Settings ``pairs``."""
    rows = [["key", "value"], *map(list, pairs)]
    frames = {"orders": pd.DataFrame([ORDERS[1]], columns=ORDERS[0]),
              "settings": pd.DataFrame(rows[1:], columns=rows[0], dtype=object)}  # fmt: skip
    if kind == "workbook":
        return _book(tmp_path, rows)
    if kind == "frame":
        return {name.title(): frame for name, frame in frames.items()}
    if kind.startswith("csv"):
        folder = tmp_path / "folder"
        folder.mkdir()
        for name, frame in frames.items():
            frame.to_csv(folder / f"{name}.csv", index=False)
        return folder
    if kind == "duckdb":
        import duckdb

        path = tmp_path / "shop.duckdb"
        con = duckdb.connect(str(path))
        for name, frame in frames.items():
            con.register("frame", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")
        con.close()
        return str(path)
    from tests.support import postgres

    return postgres.load(request.getfixturevalue("pg"), f"twice{len(pairs)}", frames)


def _read(kind: str, source) -> tuple[list[str], object]:
    """(the errors as printed, the Settings read) of ``source``, by the path its kind
    takes: the workbook reader, or the engine's (``xlkpi check`` of a folder or database)."""
    if kind in ("workbook", "frame", "csv reader"):
        errors = [str(p) for p in check_source(source)]
        return errors, None if errors else read_source(source).settings
    from xlkpi.sources import api

    folder = api.opened(source).settings()
    return [str(p) for p in folder.errors], folder.settings


@pytest.mark.parametrize("kind", KINDS)
def test_every_source_accepts_the_same_value_twice_as_read(kind, tmp_path, request):
    errors, settings = _read(kind, _source(kind, SAME, tmp_path, request))
    assert errors == []
    assert (settings.date_order, settings.clv_years, settings.time_zone, settings.currency) == (
        "dmy", 3.0, "UTC", "EUR")  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_every_source_refuses_two_values_naming_both_places(kind, tmp_path, request):
    errors, _ = _read(kind, _source(kind, TWO, tmp_path, request))
    assert errors == [NAMED[kind]]
