"""The used-range guard's fast path: bounds from a few finds must never understate the
area the exact scan (regular expressions over every row and cell reference) computes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from xlkpi.data import source as S
from xlkpi.errors import SourceError


def sheet(cells: list[tuple[int, int]]) -> bytes:
    rows: dict[int, list[int]] = {}
    for r, c in cells:
        rows.setdefault(r, []).append(c)
    body = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{get_column_letter(c)}{r}"><v>1</v></c>' for c in cs)
        + "</row>"
        for r, cs in sorted(rows.items())
    )
    return f"<worksheet><sheetData>{body}</sheetData></worksheet>".encode()


def exact_area(cells) -> int:
    return max(r for r, _ in cells) * max(max(c for _, c in cells), 26)


INFO = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
cell = st.tuples(st.integers(1, S.EXCEL_MAX_ROWS), st.integers(1, 16_384))


@settings(max_examples=300, deadline=None)
@given(st.lists(cell, min_size=1, max_size=8))
def test_the_bound_never_understates_the_area(cells):
    text = sheet(cells)
    assert S._area_bound(text.translate(S._SHAPES)) >= exact_area(cells)


@pytest.mark.parametrize(
    ("cells", "refused"),
    [
        ([(1, 1), (1_000_000, 28)], False),  # bound 1,048,576 x 702: the exact scan passes it
        ([(1, 1), (300_000, 702)], True),  # 210.6M cells
        ([(1, 1), (12_000, 16_384)], False),  # 196.6M
        ([(1, 1), (12_300, 16_384)], True),  # 201.5M
        ([(1, 1), (1_048_576, 26)], False),  # a full sheet of 26 columns: the fast path
    ],
)
def test_area_decisions_near_the_limit(cells, refused):
    text = sheet(cells)
    shapes = text.translate(S._SHAPES)
    if refused:
        with pytest.raises(SourceError, match="span"):
            S._check_area(Path("book.xlsx"), INFO, text, shapes)
    else:
        S._check_area(Path("book.xlsx"), INFO, text, shapes)
