"""A big sheet parsed in pieces (xlkpi.data.xlsx_pieces) reads exactly as the whole sheet.

The piece sizes are made small so that sheets of a few thousand rows are cut in many
pieces; each test compares the pieces' reading with the whole sheet's, column by column
(values, dtypes, headers, first row), or checks that a shape pieces cannot reproduce
falls back to the whole parse with the same outcome.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import hostile
from xlkpi.data import read_source, xlsx_book, xlsx_parse, xlsx_pieces
from xlkpi.data.xlsx import read_workbook
from xlkpi.errors import DataError, SourceError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["order_id", "order_date", "customer_id", "revenue", "status"]


def _col(j: int) -> str:
    return "ABCDEFGHIJ"[j]


def _cell(ref: str, value, strings: dict) -> str:
    if value is None:
        return ""
    kind, v = value
    if kind == "n":
        return f'<c r="{ref}"><v>{v}</v></c>'
    if kind == "d":  # a date: a serial with the date style
        return f'<c r="{ref}" s="1"><v>{v}</v></c>'
    if kind == "s":
        return f'<c r="{ref}" t="s"><v>{strings.setdefault(v, len(strings))}</v></c>'
    if kind == "e":
        return f'<c r="{ref}" t="e"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'


def write_book(path: Path, rows: dict[int, list], *, date1904: bool = False) -> Path:
    """A workbook with one "Orders" sheet: ``rows`` maps Excel row numbers to cell values
    (``("n", 1.5)``, ``("d", 46000)``, ``("s", "text")``, ``("e", "#N/A")``, None)."""
    strings: dict[str, int] = {}
    body = []
    for r in sorted(rows):
        cells = "".join(_cell(f"{_col(j)}{r}", v, strings) for j, v in enumerate(rows[r]))
        body.append(f'<row r="{r}">{cells}</row>')
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:r="{DOC}">'
        f'<dimension ref="A1:E{max(rows)}"/><sheetData>{"".join(body)}</sheetData>'
        f"</worksheet>"
    )
    sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    parts = {
        "[Content_Types].xml": xlsx_book._CONTENT_TYPES,
        "_rels/.rels": xlsx_book._ROOT_RELS,
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}">{pr}<sheets>'
            f'<sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": xlsx_book._BOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
        "xl/styles.xml": (
            f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
            f'<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}" uniqueCount="{len(strings)}">{sst}</sst>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def order_rows(n: int, first: int = 1, gaps: frozenset = frozenset()) -> dict[int, list]:
    rows = {first: [("s", h) for h in HEADER]}
    statuses = ["paid", "refunded", "returned"]
    for i in range(n):
        if i in gaps:
            continue
        rows[first + 1 + i] = [
            ("n", 1000 + i),
            ("d", 45600 + i % 400),
            ("s", f"C{i % 37}"),
            ("n", round(10 + i * 0.37, 2)),
            ("s", statuses[i % 3]) if i % 5 else None,
        ]
    return rows


@pytest.fixture
def small_pieces(monkeypatch):
    """Pieces of a few kB (and a first piece holding the sampled rows) on tiny sheets."""
    monkeypatch.setattr(xlsx_pieces, "PIECES_FROM", 1)
    monkeypatch.setattr(xlsx_pieces, "PIECE", 9_000)
    monkeypatch.setattr(xlsx_pieces, "FIRST", 200_000)
    used = []
    real = xlsx_pieces._load

    def counting(pieces, header_row, book):
        try:
            out = real(pieces, header_row, book)
        except xlsx_pieces._Unfit:
            used.append(False)
            raise
        used.append(True)
        return out

    monkeypatch.setattr(xlsx_pieces, "_load", counting)
    return used


def whole_and_pieces(path: Path, monkeypatch, used: list):
    pieces = read_workbook(path)
    with monkeypatch.context() as m:
        m.setattr(xlsx_pieces, "PIECES_FROM", 1 << 62)
        whole = read_workbook(path)
    return whole, pieces


def assert_same(whole, pieces) -> None:
    (w,), (p,) = whole[0], pieces[0]
    assert (p.headers, p.first_row, p.sheet) == (w.headers, w.first_row, w.sheet)
    for cw, cp in zip(w.columns, p.columns, strict=True):
        assert cp.dtype == cw.dtype
        assert cp.equals(cw)
    assert pieces[1:] == whole[1:]


@pytest.mark.parametrize("first", [1, 4])
@pytest.mark.parametrize("date1904", [False, True])
def test_pieces_read_as_the_whole_sheet(tmp_path, monkeypatch, small_pieces, first, date1904):
    gaps = frozenset(range(1500, 1530)) | frozenset(range(2990, 3000))  # empty rows, end too
    rows = order_rows(3000, first, gaps)
    rows[first + 3200] = [None, None, None, None, ("s", "paid")]  # far below, one cell
    path = write_book(tmp_path / "orders.xlsx", rows, date1904=date1904)
    whole, pieces = whole_and_pieces(path, monkeypatch, small_pieces)
    assert small_pieces == [True]  # read in pieces
    assert_same(whole, pieces)
    assert len(pieces[0][0].columns[0]) == 3200


@pytest.mark.parametrize(
    "odd",
    [
        ("n", "text", "a word in a number column (a cell fastexcel cannot type)"),
        ("e", "#N/A", "an Excel error"),
        ("x", None, "a cell right of the header (a column only one piece has)"),
    ],
)
def test_shapes_pieces_cannot_reproduce_fall_back_to_the_whole_sheet(
    tmp_path, monkeypatch, small_pieces, odd
):
    rows = order_rows(3000)
    if odd[0] == "x":
        rows[2900] = [*rows[2900], ("n", 1), ("n", 1)]
    else:
        rows[2900][0] = ("s", odd[1]) if odd[0] == "n" else ("e", odd[1])
    path = write_book(tmp_path / "odd.xlsx", rows)
    whole, pieces = whole_and_pieces(path, monkeypatch, small_pieces)
    assert small_pieces == [False]  # tried, then read whole
    assert_same(whole, pieces)


def test_a_bad_cell_in_a_late_piece_is_named_by_its_excel_row(tmp_path, small_pieces):
    rows = order_rows(3000, 2)  # (an empty row would end the data: none here)
    rows[2 + 1 + 2500][3] = ("n", -5)  # a negative revenue: typed and checked after reading
    rows[2 + 1 + 2700][0] = ("n", 1000 + 2699)  # a duplicate order id, first on row 2702
    path = write_book(tmp_path / "bad.xlsx", rows)
    with pytest.raises(DataError) as caught:
        read_source(path)
    assert small_pieces == [True]
    found = {(p.sheet, p.row, p.column) for p in caught.value.problems}
    assert ("Orders", 2503, "revenue") in found
    assert ("Orders", 2703, "order_id") in found
    assert any("first on row 2702" in p.message for p in caught.value.problems)


@pytest.mark.parametrize("max_strings", [None, 0])  # 0: the pieces share a parsed table
@pytest.mark.parametrize("honest_blocks", [0, 3])
def test_a_lying_size_is_refused_while_cutting_pieces(
    tmp_path, monkeypatch, honest_blocks, max_strings
):
    bomb = hostile.lying_bomb(tmp_path / "bomb.xlsx", 64 * 1024**2, honest_blocks=honest_blocks)
    monkeypatch.setattr(xlsx_pieces, "PIECES_FROM", 1)
    if max_strings is not None:
        monkeypatch.setattr(xlsx_pieces, "MAX_STRINGS", max_strings)
    checked = []
    real = xlsx_parse.check_member
    monkeypatch.setattr(
        xlsx_parse, "check_member", lambda path, info, **kw: checked.append(info.filename)
    )
    with pytest.raises(SourceError, match="refused"):
        read_workbook(bomb)
    assert hostile.SHEET not in checked and real  # the pieces' own count refused it


cell = st.one_of(
    st.none(),
    st.integers(0, 10**6).map(lambda v: ("n", v)),
    st.sampled_from(["paid", "refunded", "C1", "x y"]).map(lambda v: ("s", v)),
    st.sampled_from(["paid", "z"]).map(lambda v: ("i", v)),  # an inline string
)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    n=st.integers(1100, 2500),
    gaps=st.frozensets(st.integers(0, 2600), max_size=40),
    tail=st.lists(st.tuples(st.integers(0, 2600), cell), max_size=6),
    shared=st.booleans(),  # the pieces share one parsed table of strings (xlsx_strings)
)
def test_any_gaps_read_as_the_whole_sheet(tmp_path_factory, n, gaps, tail, shared):
    rows = order_rows(n, 1, gaps)
    for i, value in tail:  # stray cells in the status column, anywhere (also past the end)
        rows.setdefault(2 + i, [None] * 4 + [None])
        rows[2 + i] = [*rows[2 + i][:4], value]
    path = write_book(tmp_path_factory.mktemp("p") / "orders.xlsx", rows)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(xlsx_pieces, "PIECES_FROM", 1)
        m.setattr(xlsx_pieces, "MAX_STRINGS", 0 if shared else xlsx_pieces.MAX_STRINGS)
        m.setattr(xlsx_pieces, "PIECE", 7_000)
        m.setattr(xlsx_pieces, "FIRST", 200_000)
        pieces = read_workbook(path)
        m.setattr(xlsx_pieces, "PIECES_FROM", 1 << 62)
        whole = read_workbook(path)
    assert_same(whole, pieces)


def test_big_shared_strings_are_parsed_once_and_the_sheet_still_in_pieces(
    tmp_path, monkeypatch, small_pieces
):
    # over MAX_STRINGS the pieces share one parsed table (test_xlsx_strings.py has more)
    monkeypatch.setattr(xlsx_pieces, "MAX_STRINGS", 100)
    path = write_book(tmp_path / "orders.xlsx", order_rows(3000))
    whole, pieces = whole_and_pieces(path, monkeypatch, small_pieces)
    assert small_pieces == [True]
    assert_same(whole, pieces)
