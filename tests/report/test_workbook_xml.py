"""Report sheets are written as sheet XML: same cells as openpyxl's ``make_cell`` would give."""

from __future__ import annotations

import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl import Workbook

from xlkpi.report.sheets.raw_xml import splice
from xlkpi.report.workbook import NA, Column, Formula, SheetSpec, render

VALUES = [
    ('=HYPERLINK("http://evil","click")', {}),
    ("#REF!", {}),
    ("#N/A", {"na": "error"}),
    (Formula("=1+1", 2), {}),
    (Formula('=IF(A1<2,"a&b","")', "a&b"), {}),
    (float("nan"), {}),
    (float("nan"), {"na": "error"}),
    (float("inf"), {"na": "error"}),
    (pd.NaT, {}),
    (pd.NA, {"na": "error"}),
    (NA, {}),
    (np.float64(2.5), {"fmt": "0.0%"}),
    (np.int64(7), {}),
    (np.bool_(True), {}),
    (1e20, {}),
    (0.1 + 0.2, {}),
    (32.214999999999996, {"fmt": '0.00"x"'}),
    (pd.Timestamp("2026-03-01"), {}),
    (pd.Timestamp("2026-03-01 14:05"), {}),
    (dt.date(1900, 1, 15), {}),
    ("  padded ", {}),
    ("a < b & c > d", {}),
    ("", {"style": "header"}),
    (None, {"style": "header"}),
    (None, {}),
    ("plain", {"style": None}),
]


def _write(tmp_path, spec: SheetSpec):
    wb = Workbook(write_only=True)
    rows = render(wb, spec)
    stage, path = tmp_path / "stage.xlsx", tmp_path / "out.xlsx"
    wb.save(stage)
    splice(stage, path, [rows])
    return openpyxl.load_workbook(path)[spec.title]


def _reference(tmp_path, items):
    """The same values through openpyxl's own cells (make_cell)."""
    from xlkpi.report.workbook import make_cell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("ref")
    for value, kw in items:
        kw = {"style": "cell", **kw}
        ws.append([make_cell(ws, value, **kw)])
    wb.save(tmp_path / "ref.xlsx")
    return openpyxl.load_workbook(tmp_path / "ref.xlsx")["ref"]


def _looks(c):
    return (
        c.value,
        c.data_type if c.value is not None else None,
        c.number_format,
        c.quotePrefix,
        *(repr(x) for x in (c.font, c.fill, c.border, c.alignment)),  # proxies: by value
    )


def test_cells_equal_openpyxl_cells(tmp_path):
    spec = SheetSpec("x")
    for r, (value, kw) in enumerate(VALUES, start=1):
        kw = {"style": "cell", **kw}
        spec.put(r, 1, value, kw.pop("style"), kw.pop("fmt", None), **kw)
    got = _write(tmp_path, spec)
    want = _reference(tmp_path, VALUES)
    for r, (value, _) in enumerate(VALUES, start=1):
        assert _looks(got.cell(r, 1)) == _looks(want.cell(r, 1)), (r, value)


def test_numbers_keep_16_digits_as_openpyxl_wrote_them(tmp_path):
    values = [0.1 + 0.2, 32.214999999999996, 2.0, -1e-300, 2**53 + 2.0, 7]
    spec = SheetSpec("x")
    spec.row(1, 1, values)
    ws = _write(tmp_path, spec)
    assert [c.value for c in ws[1]] == [0.3, 32.215, 2, -1e-300, 2**53 + 2, 7]


def test_data_text_stays_text(tmp_path):
    spec = SheetSpec("x")
    spec.put(1, 1, "=1+1")
    spec.put(1, 2, "#DIV/0!", na="error")
    spec.put(1, 3, "nan-free", na="error")
    ws = _write(tmp_path, spec)
    assert [(c.value, c.data_type, c.quotePrefix) for c in ws[1]] == [
        ("=1+1", "s", True),
        ("#DIV/0!", "s", True),
        ("nan-free", "s", False),
    ]


def test_text_is_cleaned_for_xml(tmp_path):
    spec = SheetSpec("x")
    spec.put(1, 1, "bell\x07 char")
    spec.put(2, 1, "x" * 40_000)
    ws = _write(tmp_path, spec)
    assert ws["A1"].value == "bell_x0007_ char"  # Excel's escape: reads back as the bell
    assert len(ws["A2"].value) == 32_767


def test_block_columns_with_a_format_per_row(tmp_path):
    spec = SheetSpec("x")
    spec.header(1, 1, ["name", "value", "when"])
    spec.block(
        2,
        1,
        [
            Column(["a", "=b", "c"]),
            Column([0.5, float("nan"), 3.0], fmt=["0.0%", "0.0", "#,##0"], na="error"),
            Column([pd.Timestamp("2026-01-01"), None, dt.datetime(2026, 1, 2, 6)]),
        ],
    )
    spec.row_heights[6] = 30  # a row holding nothing but its height
    ws = _write(tmp_path, spec)
    rows = list(ws.iter_rows(min_row=2, max_row=4, values_only=True))
    assert rows == [
        ("a", 0.5, dt.datetime(2026, 1, 1)),
        ("=b", "#N/A", None),
        ("c", 3, dt.datetime(2026, 1, 2, 6)),
    ]
    assert ws["A3"].data_type == "s" and ws["A3"].quotePrefix
    assert [ws[f"B{r}"].number_format for r in (2, 3, 4)] == ["0.0%", "0.0", "#,##0"]
    assert ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["C4"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["A1"].font.b and ws.row_dimensions[6].height == 30


def test_block_rows_cannot_hold_other_cells():
    spec = SheetSpec("x")
    spec.put(2, 5, "clash")
    spec.block(2, 1, [Column([1, 2])])
    with pytest.raises(ValueError, match="row 2"):
        render(Workbook(write_only=True), spec)


def test_unknown_value_types_are_refused():
    spec = SheetSpec("x")
    spec.put(1, 1, object())
    with pytest.raises(TypeError, match="report cell"):
        render(Workbook(write_only=True), spec)


def test_formulas_carry_their_python_value_as_cached_result(tmp_path):
    cases = [
        (Formula("=1+1", 2), 2),
        (Formula("=0.1+0.2", 0.1 + 0.2), 0.3),
        (Formula('=IF(1,"Watch","")', "Watch"), "Watch"),
        (Formula('=IF(1,"#N/A","")', "#N/A"), "#N/A"),  # text that looks like an error
        (Formula("=NA()", float("nan")), "#N/A"),
        (Formula("=NA()", NA), "#N/A"),
        (Formula("=NA()", None), "#N/A"),
        (Formula("=1=1", np.bool_(True)), True),
        (Formula("=DATE(2026,3,1)", pd.Timestamp("2026-03-01")), dt.datetime(2026, 3, 1)),
        (Formula('=IF(1,"a<b&c","")', "a<b&c"), "a<b&c"),
    ]
    spec = SheetSpec("x")
    same_text = [Formula("=A1", 1), Formula("=A1", 2)] * 2  # the memo must not mix them
    spec.block(1, 2, [Column(same_text)])
    for r, (formula, _) in enumerate(cases, start=10):
        spec.put(r, 1, formula, fmt="yyyy-mm-dd" if "DATE" in formula else None)
    _write(tmp_path, spec)
    cached = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)["x"]
    plain_ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["x"]
    for r, (formula, want) in enumerate(cases, start=10):
        assert plain_ws.cell(r, 1).value == str(formula)
        assert cached.cell(r, 1).value == want, formula
    assert cached.cell(10, 1).data_type == "n" and cached.cell(14, 1).data_type == "e"
    assert cached.cell(13, 1).data_type == "s"
    assert [cached.cell(r, 2).value for r in range(1, 5)] == [1, 2, 1, 2]


def test_a_formula_needs_its_value():
    with pytest.raises(TypeError):
        Formula("=1+1")
    with pytest.raises(TypeError, match="cached value"):
        render(Workbook(write_only=True), _one(Formula("=1", object())))


def _one(value) -> SheetSpec:
    spec = SheetSpec("x")
    spec.put(1, 1, value)
    return spec
