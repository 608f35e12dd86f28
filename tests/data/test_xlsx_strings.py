"""A big shared-strings table parsed once and shared by a sheet's pieces (xlsx_strings).

Above ``MAX_STRINGS`` (set to 0 here) the pieces after the first carry no shared strings:
their shared-string cells are rewritten as marked text and resolved from the table after
the parse. Each test checks the result against the whole sheet's parse AND against
values known by construction (every row its own string, the table in shuffled order), so
a piece resolving against a wrong index or a wrong table cannot pass; and that the path
was really taken (or, for the shapes it cannot read, really refused).
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from tests.data.test_xlsx_pieces import (  # noqa: F401 - small_pieces: a fixture
    DOC,
    MAIN,
    assert_same,
    small_pieces,
    whole_and_pieces,
)
from xlkpi.data import xlsx_book, xlsx_pieces, xlsx_strings
from xlkpi.data.xlsx import read_workbook
from xlkpi.errors import SourceError

N = 2600  # data rows: with the small pieces below, about a dozen pieces
RICH = '<r><rPr><b/></rPr><t>Big</t></r><r><t xml:space="preserve"> deal</t></r>'
ODD = {  # the si XML of strings whose reading is easy to get wrong -> what it reads as
    RICH: "Big deal",
    '<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="0"/>': "東京",
    "<t>line_x000D_break</t>": "line\rbreak",
    "<t>a &amp; b &lt;c&gt;</t>": "a & b <c>",
    "<t/>": "",
    "<t></t>": "",
    '<t xml:space="preserve">  padded </t>': "  padded ",
    f"<t>{xlsx_strings.MARK}7</t>": f"{xlsx_strings.MARK}7",  # looks like a marked cell
}


def _col(j: int) -> str:
    return "ABCDEFGH"[j]


class Book:
    """A workbook of contract sheets whose shared strings are laid out in shuffled order."""

    def __init__(self, seed: int = 7) -> None:
        self.si: dict[str, int] = {}  # si inner XML -> index (assigned at the end)
        self.sheets: dict[str, dict[int, list]] = {}
        self.rng = random.Random(seed)
        self.sst_extra = ""

    def cell(self, ref: str, value) -> str:
        if value is None:
            return ""
        kind, v = value
        if kind == "o":  # a shared-string index past the end of the table
            return f'<c r="{ref}" t="s"><v>@OUT@</v></c>'
        if kind == "raw":  # markup as is (a comment between cells)
            return v
        if kind == "n":
            return f'<c r="{ref}"><v>{v}</v></c>'
        if kind == "i":  # an inline string (text or XML)
            return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
        si = v if kind in ("x", "X", "k") else f"<t>{v}</t>"
        self.si.setdefault(si, len(self.si))
        if kind == "X":  # the type before the style: a layout the fast rewrite misses
            return f'<c r="{ref}" t="s" s="0"><v>@{si}@</v></c>'
        return f'<c r="{ref}" t="s"><v>@{si}@</v></c>'

    def write(self, path: Path) -> Path:
        sheets_xml = {}
        for name, rows in self.sheets.items():
            body = "".join(
                f'<row r="{r}">'
                + "".join(self.cell(f"{_col(j)}{r}", v) for j, v in enumerate(rows[r]))
                + "</row>"
                for r in sorted(rows)
            )
            sheets_xml[name] = body
        order = list(self.si)
        self.rng.shuffle(order)  # table order unrelated to the rows
        index = {si: i for i, si in enumerate(order)}
        sst = "".join(f"<si>{si}</si>" for si in order)
        parts = {
            "[Content_Types].xml": xlsx_book._CONTENT_TYPES,
            "_rels/.rels": xlsx_book._ROOT_RELS,
            "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><cellXfs count="1"><xf numFmtId="0"/>'
            "</cellXfs></styleSheet>",
            "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{self.sst_extra}{sst}</sst>',
        }
        sheets, rels = "", ""
        for k, (name, body) in enumerate(sheets_xml.items(), 1):
            for si, i in index.items():
                body = body.replace(f"@{si}@", str(i))
            body = body.replace("@OUT@", str(len(order) + 5))
            parts[f"xl/worksheets/sheet{k}.xml"] = (
                f'<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>'
            )
            sheets += f'<sheet name="{name}" sheetId="{k}" r:id="rId{10 + k}"/>'
            rels += (
                f'<Relationship Id="rId{10 + k}" Type="{DOC}/worksheet" '
                f'Target="worksheets/sheet{k}.xml"/>'
            )
        parts["xl/workbook.xml"] = (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>{sheets}</sheets></workbook>'
        )
        parts["xl/_rels/workbook.xml.rels"] = xlsx_book._BOOK_RELS.decode().replace(
            "</Relationships>", rels + "</Relationships>"
        )
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
        return path


def orders(n: int = N, odd_from: int = 1500) -> dict[int, list]:
    """Orders whose customer_id is its own string on every row; the status column mixes
    shared, inline and the odd strings (rich text, phonetic runs, escapes, empty...)."""
    rows = {1: [("s", "order_id"), ("x", "<r><t>cust</t></r><r><t>omer_id</t></r>"),
                ("s", "revenue"), ("s", "status")]}  # fmt: skip
    odd = list(ODD)
    for i in range(n):
        status = ("s", "paid") if i % 3 else ("i", "refunded")  # shared and inline mixed
        if i >= odd_from and i % 7 == 0:
            status = ("k", odd[(i // 7) % len(odd)])
        rows[2 + i] = [("n", 1000 + i), ("s", f"U{i:05d}"), ("n", i % 97), status]
    return rows


def expected_status(i: int, odd_from: int = 1500) -> str:
    if i >= odd_from and i % 7 == 0:
        return ODD[list(ODD)[(i // 7) % len(ODD)]]
    return "paid" if i % 3 else "refunded"


@pytest.fixture
def shared(monkeypatch, request):
    """Small pieces, every table "big", and a record of what the marked pieces resolved."""
    monkeypatch.setattr(xlsx_pieces, "MAX_STRINGS", 0)
    resolved, tables = [], []
    real_resolve, real_table = xlsx_strings.resolve, xlsx_strings.table_of

    def resolve(batch, table, written):
        resolved.append(written)
        return real_resolve(batch, table, written)

    def table_of(reader, n):
        tables.append(n)
        return real_table(reader, n)

    monkeypatch.setattr(xlsx_strings, "resolve", resolve)
    monkeypatch.setattr(xlsx_strings, "table_of", table_of)
    return request.getfixturevalue("small_pieces"), resolved, tables


def test_every_piece_resolves_its_own_strings(tmp_path, monkeypatch, shared):
    used, resolved, tables = shared
    book = Book()
    book.sheets["Orders"] = orders()
    path = book.write(tmp_path / "orders.xlsx")
    whole, pieces = whole_and_pieces(path, monkeypatch, used)
    assert used == [True] and tables == [len(book.si)]
    assert len(resolved) >= 8 and all(w > 0 for w in resolved)  # the marked pieces
    assert_same(whole, pieces)
    (sheet,) = pieces[0]
    assert sheet.headers == ["order_id", "customer_id", "revenue", "status"]
    assert list(sheet.columns[1]) == [f"U{i:05d}" for i in range(N)]  # known by construction
    assert list(sheet.columns[3]) == [expected_status(i) for i in range(N)]


def test_two_big_sheets_share_one_table(tmp_path, monkeypatch, shared):
    used, _, tables = shared
    book = Book()
    book.sheets["Orders"] = orders()
    customers = {1: [("s", "customer_id"), ("s", "segment")]}
    for i in range(N):
        customers[2 + i] = [("s", f"U{i:05d}"), ("s", "SMB") if i % 2 else ("k", RICH)]
    book.sheets["Customers"] = customers
    path = book.write(tmp_path / "two.xlsx")
    whole, pieces = whole_and_pieces(path, monkeypatch, used)
    assert used == [True, True] and tables == [len(book.si)]  # parsed once, for both
    _same_sheets(whole, pieces)
    by_name = {s.sheet: s for s in pieces[0]}
    assert list(by_name["Customers"].columns[1])[:4] == ["Big deal", "SMB", "Big deal", "SMB"]


def _same_sheets(whole, pieces) -> None:
    for w, p in zip(whole[0], pieces[0], strict=True):
        assert (p.headers, p.first_row, p.sheet) == (w.headers, w.first_row, w.sheet)
        for cw, cp in zip(w.columns, p.columns, strict=True):
            assert cp.dtype == cw.dtype and cp.equals(cw)
    assert pieces[1:] == whole[1:]


@pytest.mark.parametrize(
    "odd",
    [
        "inline text starting with the marker",
        "the type attribute before the style",
        "a comment in the table that looks like a string",
        "the rewritten markup inside CDATA text",
        "the rewritten markup inside a comment between cells",
    ],
)
def test_what_marking_cannot_read_falls_back_to_the_whole_sheet(tmp_path, monkeypatch, shared, odd):
    used, _, _ = shared
    book = Book()
    rows = orders()
    if odd.startswith("inline"):
        rows[2400][3] = ("i", f"{xlsx_strings.MARK}3")  # reads as a marked index 3?
    elif odd.startswith("the type"):
        rows[2400][3] = ("X", "<t>paid</t>")
    elif odd.startswith("the rewritten markup inside CDATA"):
        rows[2400][3] = ("i", '<![CDATA[ t="s"><v>]]>')  # text, not a cell: read as such
    elif odd.startswith("the rewritten"):
        rows[2400].append(("raw", '<!-- <c r="Z9" t="s"><v>1</v></c> -->'))
    else:
        book.sst_extra = "<!-- <si><t>not a string</t></si> -->"
    book.sheets["Orders"] = rows
    path = book.write(tmp_path / "odd.xlsx")
    whole, pieces = whole_and_pieces(path, monkeypatch, used)
    assert used == [False]  # tried, then read whole
    assert_same(whole, pieces)


def test_a_string_index_past_the_table_is_the_whole_parse_error(tmp_path, monkeypatch, shared):
    used, _, _ = shared
    book = Book()
    rows = orders()
    rows[2400][1] = ("o", None)
    book.sheets["Orders"] = rows
    path = book.write(tmp_path / "bad.xlsx")
    with pytest.raises(SourceError) as in_pieces:
        read_workbook(path)
    with monkeypatch.context() as m:
        m.setattr(xlsx_pieces, "PIECES_FROM", 1 << 62)
        with pytest.raises(SourceError) as whole:
            read_workbook(path)
    assert used == [False] and str(in_pieces.value) == str(whole.value)
    assert "string index" in str(whole.value)
