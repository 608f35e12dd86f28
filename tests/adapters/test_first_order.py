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


# --- date_order given beside the source (--setting, settings=), no Settings of its own ---


def _duckdb_file(tmp_path: Path, order: str) -> Path:
    """A DuckDB database holding the export as a table (text, as loaded), no settings."""
    import io

    import duckdb
    import pandas as pd

    frame = pd.read_csv(io.StringIO(_export(order)), dtype=str, keep_default_na=False)
    path = tmp_path / f"{order}.duckdb"
    con = duckdb.connect(str(path))
    con.register("export_frame", frame)
    con.execute("CREATE TABLE orders_export_1 AS SELECT * FROM export_frame")
    con.close()
    return path


def _book(tmp_path: Path, order: str) -> Path:
    """The export pasted as the only sheet of a workbook (no Settings sheet)."""
    import csv
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Shopify orders"
    for row in csv.reader(io.StringIO(_export(order))):
        book.active.append(row)
    book.save(tmp_path / f"{order}.xlsx")
    return tmp_path / f"{order}.xlsx"


def _bare_folder(tmp_path: Path, order: str) -> Path:
    folder = _folder(tmp_path, order)
    (folder / "settings.csv").unlink()
    return folder


def _frames(tmp_path: Path, order: str) -> dict:
    import io

    import pandas as pd

    return {"Shopify orders": pd.read_csv(io.StringIO(_export(order)), dtype=str)}


SOURCES = {"duckdb file": _duckdb_file, "workbook": _book, "folder": _bare_folder,
           "dataframes": _frames}  # fmt: skip


@pytest.mark.parametrize("kind", SOURCES)
def test_a_date_order_given_beside_the_source_reaches_the_adapter(tmp_path, kind):
    """No Settings in the source: ``settings={"date_order": "dmy"}`` is what the adapter
    chooses the first order under, on the reader and on the engine, as the typing does
    (dmy only: mdy goes the same way, tested above; each case costs ~10 s of Ibis
    compiling on a loaded 2-core machine)."""
    order = "dmy"
    from xlkpi.data import read_source
    from xlkpi.sources import api
    from xlkpi.sources.connect import engine_reads

    source = SOURCES[kind](tmp_path, order)
    given = {"date_order": order}
    expected = CASES[order][2]
    if kind in ("duckdb file", "folder"):
        engine = api.engine_tables(source, settings=given)["customers"].to_pandas()
        assert _acquired(engine) == expected
    if kind != "duckdb file":
        assert not engine_reads(source) or kind == "dataframes"
        got = read_source(source, settings=given).tables["customers"].frame
        assert _acquired(got) == expected


def test_an_opened_source_is_adapted_again_under_other_given_date_rules(tmp_path):
    """The adapter is built when the source is opened: given other date rules later, the
    source is opened again (its first order chosen anew), not typed under rules its
    adapter did not see."""
    from xlkpi.sources import api

    source = api.opened(_duckdb_file(tmp_path, "dmy"))
    assert source.adapted_under.order is None
    again = api.opened(source, {"date_order": "dmy"})
    assert again is not source and again.adapted_under.order == "dmy"
    assert _acquired(api.engine_tables(again)["customers"].to_pandas()) == CASES["dmy"][2]
    assert api.opened(again, {"date_order": "dmy"}) is again  # same rules: kept


@pytest.mark.parametrize("kind", ["duckdb file", "workbook"])
def test_the_command_line_setting_reaches_the_adapter(tmp_path, kind):
    """``xlkpi kpis SOURCE --setting date_order=dmy``: Anna, acquired 3 February by time
    (2 March by text), counts among February's new customers."""
    import io

    import pandas as pd
    from click.testing import CliRunner

    from xlkpi.cli import main

    source = SOURCES[kind](tmp_path, "dmy")
    done = CliRunner().invoke(main, ["kpis", str(source), "--setting", "date_order=dmy"])
    assert done.exit_code == 0, done.output
    table = pd.read_csv(io.StringIO(done.stdout), keep_default_na=False)
    new = table[(table.kpi == "new_customers") & (table.segment == "")]
    by_month = dict(zip(new.period, new.value, strict=True))
    # by hand from the fixture: Ben in January; Anna (3 Feb by time) and Cleo in February
    assert by_month == {"2025-01": "1.0", "2025-02": "2.0", "2025-03": ""}
