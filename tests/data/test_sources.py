"""Sources other than a clean workbook: CSV folders, DataFrames, and files that are refused."""

from __future__ import annotations

import datetime as dt
import zipfile

import numpy as np
import pandas as pd
import pytest

from tests.data.helpers import ORDERS_HEADER, digest, make_xlsx
from xlkpi.data import check_source, read_source
from xlkpi.data import source as source_module
from xlkpi.errors import DataError, SourceError


def _orders_csv(folder, text, name="Orders.csv"):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_csv_folder(tmp_path):
    folder = _orders_csv(
        tmp_path / "raw",
        "order_id,Order Date,customer_id,revenue,status\n"
        '1001,2026-01-31,C1,"1,200.50",paid\n'
        "1002,2026-02-01 10:30,C2,$30,\n",
    )
    (folder / "notes.csv").write_text("a,b\n1,2\n")
    (folder / "nps.csv").write_text("response_date;score;segment\n2026-01-05;9;SMB\n")
    data = read_source(folder)
    f = data.tables["orders"].frame
    assert f["order_id"].tolist() == ["1001", "1002"]
    assert f["revenue"].tolist() == [1200.5, 30.0]
    assert f["order_date"][1] == pd.Timestamp("2026-02-01 10:30")
    assert f["status"].tolist() == ["paid", "paid"]
    assert data.tables["orders"].rows.tolist() == [2, 3]
    assert data.tables["nps"].frame["score"].tolist() == [9.0]  # ';'-separated is fine too
    assert data.source == "raw" and set(data.tables) == {"orders", "nps"}


def test_csv_problems_name_the_file_and_line(tmp_path):
    folder = _orders_csv(
        tmp_path / "raw",
        "\n\n" + ",".join(ORDERS_HEADER) + "\n1,2026-01-01,C1,5,paid\n2,01/02/2026,C1,x,paid\n",
    )
    problems = check_source(folder)
    assert [(p.sheet, p.row, p.column, p.value) for p in problems] == [
        ("Orders.csv", 5, "order_date", "01/02/2026"),
        ("Orders.csv", 5, "revenue", "x"),
    ]


def test_dataframes_as_the_ribbon_passes_them():
    frames = {
        "Orders": pd.DataFrame(
            {
                "Order ID": [1001.0, 1002.0, 1003.0],
                "order_date": [dt.datetime(2026, 1, 1), 46024.0, "2026-01-03"],
                "customer_id": ["C1", "C2", None],
                "revenue": [10.0, "abc", 3.0],
            }
        ),
        "Settings": pd.DataFrame({"period": ["currency"], "week": ["GBP"]}),
        "Other": pd.DataFrame({"x": [1]}),
    }
    problems = check_source(frames, header_rows={"Orders": 3})
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("Orders", 5, "revenue"),
        ("Orders", 6, "customer_id"),
    ]
    frames["Orders"].loc[1, "revenue"] = 4.0
    frames["Orders"].loc[2, "customer_id"] = "C3"
    data = read_source(frames)
    f = data.tables["orders"].frame
    assert f["order_id"].tolist() == ["1001", "1002", "1003"]
    assert f["order_date"].tolist() == list(
        pd.to_datetime(["2026-01-01", "2026-01-02", "2026-01-03"])
    )
    assert (data.settings.period, data.settings.currency) == ("week", "GBP")
    assert data.source == "DataFrames"


def test_dataframe_input_is_not_modified():
    frame = pd.DataFrame({"response_date": ["2026-01-01"], "score": ["9"]})
    before = frame.copy()
    read_source({"NPS": frame})
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("data.xlsx", b"order_id,revenue\n1,2\n", "text (CSV?)"),
        ("data.xlsx", b"\x00\x01\x02binary junk" * 10, "not an Excel workbook"),
        ("data.xlsx", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600, ".xls"),
        (
            "data.xlsx",
            bytes.fromhex("D0CF11E0A1B11AE1")
            + b"\x00" * 600
            + "EncryptedPackage".encode("utf-16-le"),
            "password-protected",
        ),
        ("data.xlsx", b"PK\x03\x04 truncated zip", "damaged"),
        ("data.xls", b"whatever", ".xls"),
        ("data.csv", b"a,b\n", "no table of the data contract"),  # one CSV: read since issue 17
        ("empty.xlsx", b"", "not an Excel workbook"),
    ],
    ids=[
        "csv-renamed",
        "binary",
        "xls-renamed",
        "encrypted",
        "corrupt-zip",
        "xls",
        "csv-file",
        "empty",
    ],
)
def test_unreadable_files_give_one_clear_message(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError, match=None) as err:
        read_source(path)
    assert fragment in str(err.value) and name in str(err.value)
    with pytest.raises(SourceError):
        check_source(path)


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    with pytest.raises(SourceError, match="not an Excel workbook"):
        read_source(path)


def test_zip_bomb_is_refused_before_decompressing(tmp_path, monkeypatch):
    path = make_xlsx(tmp_path / "bomb.xlsx", {"Orders": [ORDERS_HEADER]})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\x00" * (12 * 1024**2))  # compresses ~1000x
    with pytest.raises(SourceError, match="zip bomb"):
        read_source(path)
    monkeypatch.setattr(source_module, "MAX_TOTAL_UNCOMPRESSED", 1024)
    with pytest.raises(SourceError, match="unpacks to"):
        read_source(path)


def test_missing_path_and_wrong_type(tmp_path):
    with pytest.raises(SourceError, match="no such file or folder"):
        read_source(tmp_path / "nope.xlsx")
    with pytest.raises(SourceError, match="cannot read data from a int"):
        read_source(42)


def test_damaged_sheet_xml_is_a_source_error(tmp_path):
    good = make_xlsx(
        tmp_path / "good.xlsx", {"Orders": [ORDERS_HEADER, [1, "2026-01-01", "C", 1, "paid"]]}
    )
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    before = digest(bad)
    with pytest.raises(SourceError):
        read_source(bad)
    assert digest(bad) == before


def test_bad_options_are_data_errors(tmp_path):
    path = make_xlsx(tmp_path / "r.xlsx", {"Orders": [ORDERS_HEADER]})
    with pytest.raises(DataError, match="nps_invalid"):
        read_source(path, nps_invalid="ignore")
    with pytest.raises(DataError, match="as_of"):
        read_source(path, as_of="someday")


def test_date1904_workbooks(tmp_path):
    path = make_xlsx(tmp_path / "r.xlsx", {"Orders": [ORDERS_HEADER, [1, 1, "C", 1, "paid"]]})
    plain = read_source(path).tables["orders"].frame["order_date"][0]
    assert plain == pd.Timestamp("1899-12-31")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.epoch = __import__("openpyxl").utils.datetime.CALENDAR_MAC_1904
    wb.save(path)
    assert read_source(path).tables["orders"].frame["order_date"][0] == pd.Timestamp("1904-01-02")
    assert np.isnan(np.nan)


def test_csv_text_stays_text_and_encodings(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    header = ",".join(ORDERS_HEADER) + "\n"
    (folder / "orders.csv").write_bytes(
        ("\ufeff" + header + "1,2026-01-01,=cmd|' /C calc'!A0,5,paid\n").encode("utf-8")
    )
    (folder / "Customers.csv").write_bytes(
        "customer_id,acquired_date,acquisition_channel\nC1,2026-01-01,Caf\xe9\n".encode("cp1252")
    )
    before = {p.name: digest(p) for p in folder.iterdir()}
    data = read_source(folder)
    assert data.tables["orders"].frame["customer_id"][0] == "=cmd|' /C calc'!A0"
    assert data.tables["customers"].frame["acquisition_channel"][0] == "Caf\xe9"
    assert {p.name: digest(p) for p in folder.iterdir()} == before


def test_ragged_csv_is_a_source_error(tmp_path):
    folder = _orders_csv(tmp_path / "raw", "a,b\n1,2\n1,2,3,4\n")
    with pytest.raises(SourceError, match=r"Orders\.csv"):
        read_source(folder)
