"""A Shopify buyer's acquisition date is their first paid order BY TIME under Settings
``date_order``, also among day/month text dates (a `Created at` re-saved by a spreadsheet):
never the first by text ('02/03/2025' sorts before '03/02/2025', though read day-first it
is 2 March, a month later), on the reader (folder, workbook) and on the engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "orders_export_1.csv"
ANNA = "anna@acme.example"
#: date_order -> (Created at of #1001, of #1003: both Anna's paid orders; acquired date by
#: hand, by time; what the first by text would give)
CASES = {
    "dmy": ("02/03/2025 10:00", "03/02/2025 10:00", "2025-02-03", "2025-03-02"),
    "mdy": ("01/15/2025 10:00", "12/01/2024 10:00", "2024-12-01", "2025-01-15"),
}
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2}):\d{2} \+0100")


def _export(order: str) -> str:
    """The fixture with every Created at written the ``order`` way, Anna's two orders as
    :data:`CASES` says."""
    first, third, _, _ = CASES[order]
    swap = r"\3/\2/\1 \4" if order == "dmy" else r"\2/\3/\1 \4"
    lines = _ISO.sub(swap, FIXTURE.read_text(encoding="utf-8-sig")).splitlines()
    for i, line in enumerate(lines):
        name = line.split(",", 1)[0]
        if name in ("#1001", "#1003"):
            cells = line.split(",")
            cells[15] = first if name == "#1001" else third  # Created at
            lines[i] = ",".join(cells)
    return "\n".join(lines) + "\n"


def _folder(tmp_path: Path, order: str) -> Path:
    folder = tmp_path / order
    folder.mkdir()
    (folder / "orders_export_1.csv").write_text(_export(order), encoding="utf-8")
    (folder / "settings.csv").write_text(f"date_order,{order}\n", encoding="utf-8")
    return folder


def _acquired(frame) -> str:
    [when] = frame.loc[frame["customer_id"] == ANNA, "acquired_date"]
    return str(when)[:10]


@pytest.mark.parametrize("order", CASES)
def test_the_first_paid_order_is_taken_by_time_on_the_reader_and_duckdb(tmp_path, order):
    from xlkpi.data import read_source
    from xlkpi.sources import api

    folder = _folder(tmp_path, order)
    expected = CASES[order][2]
    assert _acquired(read_source(folder).tables["customers"].frame) == expected
    engine = api.engine_tables(folder)["customers"].to_pandas()
    assert _acquired(engine) == expected


def test_a_workbook_with_the_export_and_its_settings_sheet(tmp_path):
    """The export pasted as a sheet of a workbook whose Settings sheet says dmy."""
    import csv
    import io

    from openpyxl import Workbook

    from xlkpi.data import read_source

    book = Workbook()
    sheet = book.active
    sheet.title = "Shopify orders"
    for row in csv.reader(io.StringIO(_export("dmy"))):
        sheet.append(row)
    settings = book.create_sheet("Settings")
    settings.append(["key", "value"])
    settings.append(["date_order", "dmy"])
    book.save(tmp_path / "book.xlsx")
    got = read_source(tmp_path / "book.xlsx").tables["customers"].frame
    assert _acquired(got) == CASES["dmy"][2]


def test_postgresql_takes_it_by_time_under_its_settings_table(pg):
    """The export and a ``settings`` table (date_order dmy) in a real PostgreSQL: the
    adapter, built under those Settings, runs there and chooses by time."""
    import io

    import pandas as pd

    from tests.warehouse.test_adapters import _store
    from xlkpi.sources import api

    frame = pd.read_csv(io.StringIO(_export("dmy")), dtype="string", keep_default_na=False,
                        na_values=[""])  # fmt: skip
    url = pg.url(pg.create_database("first_order"))
    _store(url, "orders_export_1", frame)
    _store(url, "settings", pd.DataFrame({"key": ["date_order"], "value": ["dmy"]}, dtype="string"))
    customers = api.engine_tables(url)["customers"].to_pandas()
    assert _acquired(customers) == CASES["dmy"][2]
