"""read_source / check_source on workbooks: typing, row numbers, all problems at once."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tests.data.helpers import ORDERS_HEADER, digest, make_xlsx
from xlkpi.data import check_source, read_source
from xlkpi.errors import DataError, MissingColumnError, SourceError

D = dt.datetime


def test_types_and_canonical_columns(tmp_path):
    path = make_xlsx(
        tmp_path / "raw.xlsx",
        {
            "Orders": [
                ["Order ID", "Order Date", "Customer-ID", "Revenue", "Status", "Device", "Notes"],
                [1001, D(2026, 3, 31), "C1", 120.5, "Paid", "Mobile", "first"],
                [1002, "2026-04-01", "C2", "1,234.50", None, None, None],
                ["A-3", 46113, 7, "$10", "refunded", "desktop", '=HYPERLINK("x")'],
            ]
        },
    )
    data = read_source(path)
    t = data.tables["orders"]
    f = t.frame
    assert list(f.columns) == [
        "order_id",
        "order_date",
        "customer_id",
        "revenue",
        "status",
        "device",
        "Notes",
    ]
    assert f["order_id"].tolist() == ["1001", "1002", "A-3"]
    assert f["customer_id"].tolist() == ["C1", "C2", "7"]
    assert f["order_date"].tolist() == [
        pd.Timestamp(d) for d in ("2026-03-31", "2026-04-01", "2026-04-01")
    ]
    assert f["revenue"].tolist() == [120.5, 1234.5, 10.0]
    assert f["status"].tolist() == ["paid", "paid", "refunded"]  # blank status = paid
    assert f["device"].tolist()[::2] == ["mobile", "desktop"] and pd.isna(f["device"][1])
    assert f["Notes"].tolist()[2] == '=HYPERLINK("x")'
    assert f["order_date"].dtype == "datetime64[ns]" and f["revenue"].dtype == "float64"
    assert f["order_id"].dtype == "str"
    assert t.rows.tolist() == [2, 3, 4]
    assert t.headers["order_date"] == "Order Date" and t.sheet == "Orders"
    assert data.problems == [] and data.source == "raw.xlsx"


def test_row_numbers_when_the_header_is_not_on_row_1(tmp_path):
    rows = [ORDERS_HEADER, [1, "2026-01-01", "C1", 5, "paid"], [2, "not a date", "C1", -3, "paid"]]
    path = make_xlsx(tmp_path / "raw.xlsx", {"Orders": rows}, top=4, left=3)
    problems = check_source(path)
    assert [(p.sheet, p.row, p.column, p.value) for p in problems] == [
        ("Orders", 6, "order_date", "not a date"),
        ("Orders", 6, "revenue", -3),
    ]
    assert "not a date" in problems[0].message and "0 or more" in problems[1].message


def test_every_problem_is_listed_at_once(tmp_path):
    path = make_xlsx(
        tmp_path / "raw.xlsx",
        {
            "Orders": [
                ORDERS_HEADER,
                [1, "2026-01-01", "C1", "abc", "paid"],
                [1, "2026-01-02", None, 4, "paid"],
                [3, "31/01/2026", "C3", 4, "paid"],
            ],
            "Sessions": [
                ["session_date", "visitor_id", "pageviews", "converted"],
                ["2026-01-01", "v1", 0, "maybe"],
                ["2026-01-01", "v2", 2.5, "yes"],
            ],
            "NPS": [
                ["response_date", "score"],
                ["2026-01-01", 11],
                ["2026-01-01", None],
                ["2026-01-01", "nine"],
            ],
        },
    )
    found = {(p.sheet, p.row, p.column) for p in check_source(path)}
    assert found == {
        ("Orders", 2, "revenue"),
        ("Orders", 3, "customer_id"),
        ("Orders", 3, "order_id"),
        ("Orders", 4, "order_date"),
        ("Sessions", 2, "pageviews"),
        ("Sessions", 2, "converted"),
        ("Sessions", 3, "pageviews"),
        ("NPS", 2, "score"),
        ("NPS", 4, "score"),
    }
    with pytest.raises(DataError) as err:
        read_source(path)
    assert len(err.value.problems) == 9
    assert "9 data error(s)" in str(err.value) and "xlkpi check" in str(err.value)


def test_duplicate_id_names_the_first_row(tmp_path):
    rows = [ORDERS_HEADER] + [[i % 2, "2026-01-01", "C", 1, "paid"] for i in range(4)]
    problems = check_source(make_xlsx(tmp_path / "raw.xlsx", {"Orders": rows}))
    assert [(p.row, p.message) for p in problems] == [
        (4, "duplicate order_id (first on row 2)"),
        (5, "duplicate order_id (first on row 3)"),
    ]


def test_missing_required_column_names_sheet_missing_and_found(tmp_path):
    rows = [["Order ID", "Order Date", "Amount"], [1, "2026-01-01", 3]]
    path = make_xlsx(tmp_path / "raw.xlsx", {"Orders": rows}, top=2)
    with pytest.raises(MissingColumnError) as err:
        read_source(path)
    message = str(err.value)
    assert "'Orders'" in message and "customer_id, revenue" in message
    assert "found columns: Order ID, Order Date, Amount" in message
    problems = check_source(path)
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("Orders", 2, "customer_id"),
        ("Orders", 2, "revenue"),
    ]
    # the columns found are listed once, not once per missing column (issue 17), and each
    # missing column suggests its likeliest header
    assert ["found columns: Order ID, Order Date, Amount" in p.message for p in problems] == [
        True,
        False,
    ]
    assert "(Amount -> revenue?" in problems[1].message


def test_missing_columns_come_first_and_with_cell_errors_raise_data_error(tmp_path):
    path = make_xlsx(
        tmp_path / "raw.xlsx",
        {
            "Orders": [ORDERS_HEADER, [1, "bad", "C", 1, "paid"]],
            "Spend": [["date", "channel", "amount"], ["2026-01-01", "x", 1]],
        },
    )
    problems = check_source(path)
    assert (problems[0].sheet, problems[0].column) == ("Spend", "category")
    with pytest.raises(DataError) as err:
        read_source(path)
    assert not isinstance(err.value, MissingColumnError)


def test_data_ends_at_the_first_empty_row(tmp_path):
    rows = [
        ORDERS_HEADER,
        [1, "2026-01-01", "C", 1, "paid"],
        [None] * 5,
        [2, "garbage", "C", "x", "paid"],
    ]
    data = read_source(make_xlsx(tmp_path / "raw.xlsx", {"Orders": rows}))
    assert data.tables["orders"].frame["order_id"].tolist() == ["1"]
    (note,) = data.problems
    assert note.row == 4 and "after the empty row 3" in note.message


def test_trailing_empty_rows_and_header_only_sheets(tmp_path):
    path = make_xlsx(tmp_path / "raw.xlsx", {"Orders": [ORDERS_HEADER], "Sheet1": [["x"]]})
    data = read_source(path)
    assert len(data.tables["orders"].frame) == 0 and list(data.tables) == ["orders"]
    assert data.has("orders", "order_date") and not data.has("customers")


def test_a_workbook_with_no_contract_table_is_an_error_not_a_silent_pass(tmp_path):
    path = make_xlsx(tmp_path / "raw.xlsx", {"Notes": [["a"], ["=b"]]})
    for read in (read_source, check_source):
        with pytest.raises(SourceError, match=r"no table of the data contract found.*'Notes'"):
            read(path)


def test_reading_leaves_the_file_byte_for_byte_unchanged(tmp_path):
    rows = [ORDERS_HEADER, [1, "2026-01-01", "=cmd|' /C calc'!A0", 1, "paid"]]
    path = make_xlsx(tmp_path / "raw.xlsx", {"Orders": rows})
    before = digest(path)
    data = read_source(path)
    check_source(path)
    assert digest(path) == before
    assert data.tables["orders"].frame["customer_id"][0] == "=cmd|' /C calc'!A0"


def test_settings_and_targets(tmp_path):
    path = make_xlsx(
        tmp_path / "raw.xlsx",
        {
            "Settings": [
                ["key", "value"],
                ["Currency", "eur"],
                ["period", "Quarter"],
                ["as_of", D(2026, 6, 30)],
                ["discount rate", "8%"],
                ["clv_years", 5],
                ["colour", "blue"],
                ["gross_margin", None],
            ],
            "Targets": [["KPI", "Target", "Warn"], ["NPS", 30, 20], ["Churn Rate", "0.02", None]],
        },
    )
    data = read_source(path)
    s = data.settings
    assert (s.currency, s.period, s.as_of, s.discount_rate, s.clv_years, s.gross_margin) == (
        "EUR",
        "quarter",
        pd.Timestamp("2026-06-30"),
        0.08,
        5.0,
        None,
    )
    assert data.targets["kpi"].tolist() == ["nps", "churn_rate"]
    assert data.targets["target"].tolist() == [30.0, 0.02]
    assert data.targets["warn"][0] == 20.0 and np.isnan(data.targets["warn"][1])
    assert [(p.row, p.column, p.value) for p in data.problems] == [(7, "A", "colour")]


def test_settings_without_a_title_row_and_a_bad_period(tmp_path):
    path = make_xlsx(
        tmp_path / "raw.xlsx", {"Settings": [["period", "fortnight"], ["currency", "USD"]]}, top=3
    )
    with pytest.raises(DataError) as err:
        read_source(path)
    (problem,) = err.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Settings",
        3,
        "B",
        "fortnight",
    )
    assert "month, quarter, week" in problem.message


def test_nps_invalid_skip_turns_errors_into_findings(tmp_path):
    rows = [
        ["response_date", "score"],
        ["2026-01-01", 9],
        ["2026-01-01", 11],
        ["2026-01-01", 7.5],
        ["2026-01-01", None],
    ]
    path = make_xlsx(tmp_path / "raw.xlsx", {"NPS": rows})
    with pytest.raises(DataError):
        read_source(path)
    data = read_source(path, nps_invalid="skip")
    scores = data.tables["nps"].frame["score"]
    assert scores[0] == 9 and scores[1:].isna().all()
    assert [p.row for p in data.problems] == [4, 3] or [p.row for p in data.problems] == [3, 4]
    assert all("skipped" in p.message for p in data.problems)


def test_non_fatal_findings(tmp_path):
    path = make_xlsx(
        tmp_path / "raw.xlsx",
        {
            "Orders": [
                ORDERS_HEADER,
                [1, "2026-01-01", "C1", 1, "lost"],
                [2, "2026-02-01", "C9", 1, "paid"],
                [3, "2026-12-01", "C1", 1, "paid"],
            ],
            "Customers": [
                ["customer_id", "acquired_date", "churned_date"],
                ["C1", "2025-01-01", "2024-01-01"],
            ],
            "Settings": [["as_of", "2026-10-31"]],
        },
    )
    data = read_source(path)
    messages = {(p.sheet, p.row, p.column): p.message for p in data.problems}
    assert "unknown status" in messages[("Orders", 2, "status")]
    assert "not found on the Customers sheet" in messages[("Orders", 3, "customer_id")]
    assert "1 row(s) dated after as_of 2026-10-31" in messages[("Orders", 4, "order_date")]
    assert "churned before" in messages[("Customers", 2, "churned_date")]
    assert len(data.tables["orders"].frame) == 3


def test_as_of_argument_overrides_settings(tmp_path):
    rows = [ORDERS_HEADER, [1, "2026-01-01", "C1", 1, "paid"]]
    data = read_source(make_xlsx(tmp_path / "r.xlsx", {"Orders": rows}), as_of="2025-12-31")
    assert data.settings.as_of == pd.Timestamp("2025-12-31")
    assert "after as_of 2025-12-31" in data.problems[0].message


def test_many_bad_cells_are_capped_with_a_summary(tmp_path):
    rows = [ORDERS_HEADER] + [[i, "2026-01-01", "C", "x", "paid"] for i in range(1005)]
    problems = check_source(make_xlsx(tmp_path / "raw.xlsx", {"Orders": rows}))
    assert len(problems) == 1001
    assert problems[-1].row == 1002 and "5 more row(s)" in problems[-1].message


def test_excel_error_cells_are_named(tmp_path):
    from openpyxl import load_workbook

    rows = [ORDERS_HEADER, [1, "2026-01-01", "C1", 5, "paid"], [2, "x", "x", "x", "paid"]]
    path = make_xlsx(tmp_path / "raw.xlsx", {"Orders": rows})
    wb = load_workbook(path)
    for ref, literal in (("B3", "#N/A"), ("C3", "#REF!"), ("D3", "#DIV/0!")):
        wb["Orders"][ref].value = literal
        wb["Orders"][ref].data_type = "e"
    wb.save(path)
    problems = check_source(path)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "order_date", "#N/A"),
        (3, "customer_id", "#REF!"),
        (3, "revenue", "#DIV/0!"),
    ]
    assert all("Excel error" in p.message for p in problems)


def test_duplicate_headers_first_one_wins(tmp_path):
    rows = [[*ORDERS_HEADER, "Revenue", None], [1, "2026-01-01", "C1", 5, "paid", 99, "z"]]
    data = read_source(make_xlsx(tmp_path / "raw.xlsx", {"Orders": rows}))
    f = data.tables["orders"].frame
    assert f["revenue"].tolist() == [5.0]
    assert f.shape[1] == 7 and f.iloc[0, 5] == 99.0


def test_settings_first_row_with_a_blank_value_and_typed_values(tmp_path):
    path = make_xlsx(
        tmp_path / "raw.xlsx",
        {
            "Settings": [
                ["gross_margin", None],
                ["as_of", 46112],
                ["clv_years", "2.5"],
                ["gross_margin", 0.4],
                ["bounce definition", "GA4"],
            ]
        },
    )
    s = read_source(path).settings
    assert (s.as_of, s.clv_years, s.gross_margin, s.bounce_definition) == (
        pd.Timestamp("2026-03-31"),
        2.5,
        0.4,
        "ga4",
    )


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("currency", "dollars", "3-letter"),
        ("as_of", "soon", "not a date"),
        ("discount_rate", 1.5, "fraction"),
        ("clv_years", 0, "greater than 0"),
        ("nps_invalid", "drop", "error, skip"),
    ],
)
def test_bad_settings_name_the_cell(tmp_path, key, value, fragment):
    path = make_xlsx(tmp_path / "raw.xlsx", {"Settings": [["key", "value"], [key, value]]})
    (problem,) = check_source(path)
    assert (problem.sheet, problem.row, problem.column) == ("Settings", 2, "B")
    assert fragment in problem.message and key in problem.message


def test_formatted_empty_cells_above_the_header_do_not_shift_rows(tmp_path):
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    rows = [
        [*ORDERS_HEADER[:3], None, *ORDERS_HEADER[3:]],
        [1, "2026-01-01", "C1", None, "x", "paid"],
    ]
    path = make_xlsx(tmp_path / "raw.xlsx", {"Orders": rows}, top=5, left=2)
    wb = load_workbook(path)
    wb["Orders"]["A1"].font = Font(bold=True)  # styled but empty
    wb["Orders"]["H3"].font = Font(italic=True)
    wb["Orders"]["C2"].value = "   "  # whitespace only: not a value
    wb.save(path)
    (problem,) = check_source(path)
    assert (problem.row, problem.column, problem.value) == (6, "revenue", "x")
    data = read_source(make_xlsx(tmp_path / "ok.xlsx", {"Orders": rows[:1]}, top=5, left=2))
    assert "(column E)" in data.tables["orders"].frame.columns


def test_clean_data_never_takes_a_per_cell_python_path(tmp_path, monkeypatch):
    from xlkpi.data import convert, dates

    def per_cell(*args, **kwargs):
        raise AssertionError("per-cell Python conversion on the happy path")

    rows = [[*ORDERS_HEADER, "device"]] + [
        [1000 + i, D(2026, 1, 1 + i % 28), f"C{i % 7}", 10.5 + i, "paid", "mobile"]
        for i in range(3000)
    ]
    path = make_xlsx(tmp_path / "raw.xlsx", {"Orders": rows})
    monkeypatch.setattr(convert, "_text_of", per_cell)
    monkeypatch.setattr(dates, "_mixed", per_cell)
    frame = read_source(path).tables["orders"].frame
    assert frame["order_id"].iloc[-1] == "3999" and frame["revenue"].sum() == pytest.approx(
        sum(10.5 + i for i in range(3000))
    )


def _mixed_workbook(path, settings_last: bool, bad: bool):
    sheets = {
        "NPS": [["response_date", "score"], ["2026-01-01", 11], ["2026-01-02", "nine"]],
        "Orders": [
            ORDERS_HEADER,
            [1, "2026-01-01", "C1", "abc" if bad else 3, "paid"],
            [2, "2026-01-02", "C9", 4, "lost"],
        ],
        "Sessions": [
            ["session_date", "visitor_id", "pageviews", "converted"],
            ["2026-01-01", "v1", 1, "maybe" if bad else "yes"],
            [None, None, None, None],
            ["2026-01-03", "v3", 1, "no"],
        ],
        "Customers": [["customer_id", "acquired_date"], ["C1", "2026-01-01"]],
    }
    settings = {"Settings": [["nps_invalid", "skip"], ["colour", "blue"]]}
    sheets = {**sheets, **settings} if settings_last else {**settings, **sheets}
    return make_xlsx(path, sheets)


@pytest.mark.parametrize("settings_last", [False, True])
def test_reader_threads_do_not_change_the_outcome(tmp_path, monkeypatch, settings_last):
    """Sheets are typed in the reader threads: same problems, same order as one thread."""
    bad = _mixed_workbook(tmp_path / "bad.xlsx", settings_last, bad=True)
    good = _mixed_workbook(tmp_path / "good.xlsx", settings_last, bad=False)

    def outcome():
        with pytest.raises(DataError) as err:
            read_source(bad)
        fatal = [str(p) for p in err.value.problems]
        findings = [str(p) for p in read_source(good).problems]
        return fatal, [str(p) for p in check_source(bad)], findings

    threaded = [outcome() for _ in range(3)]
    monkeypatch.setattr("xlkpi.data.xlsx_parse.os.cpu_count", lambda: 1)
    assert threaded == [outcome()] * 3
    fatal, checked, findings = threaded[0]
    assert fatal == checked
    assert [f.split(" row")[0] for f in fatal] == ["Orders!revenue", "Sessions!converted"]
    # The Settings sheet's nps_invalid = skip reached the NPS sheet, typed in its thread.
    assert sum("response skipped" in f for f in findings) == 2
    assert "colour" in findings[0]
    assert any("lost" in f for f in findings) and any("ignored" in f for f in findings)
