"""A bad cell in an export names the export's own header and line (issue 17), as a bad cell
of a contract sheet does: "orders_export_1.csv!Created at row 4", not "order_date"; a
number that is not one is an error there, never a row silently dropped or counted as 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlkpi.adapters import ADAPTERS
from xlkpi.data import check_source
from xlkpi.data.contract import TABLES

FIXTURES = Path(__file__).parent / "fixtures"


def _edit(tmp_path, name: str, line: int, old: str, new: str) -> Path:
    src = tmp_path / name if (tmp_path / name).exists() else FIXTURES / name
    lines = src.read_text(encoding="utf-8-sig").splitlines()
    assert old in lines[line - 1], (line, lines[line - 1][:80])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _problems(path):
    return {(p.sheet, p.column, p.row, str(p.value)) for p in check_source(path)}


def test_shopify_cells_are_named_by_the_exports_headers(tmp_path):
    path = _edit(tmp_path, "orders_export_1.csv", 4, ",80.00,", ",lots,")
    path = _edit(tmp_path, "orders_export_1.csv", 4, ",2025-01-20 09:00:00 +0100,4,",
                 ",20.01.2025 9 Uhr,4,")  # fmt: skip
    assert _problems(path) == {
        ("orders_export_1.csv", "Subtotal", 4, "lots"),
        ("orders_export_1.csv", "Created at", 4, "20.01.2025 9 Uhr"),
    }


@pytest.mark.parametrize(
    ("name", "line", "old", "bad", "header"),
    [
        ("meta_ads.csv", 2, ",123.00,", "n/a", "Amount spent (EUR)"),
        ("Campaign report.csv", 5, '"3,000"', "lots", "Impr."),
        ("campaign_performance_report.csv", 6, ",250.00,", "?", "Total Spent"),
        ("invoices.csv", 3, ",120.00,0.00,true,", "unpaid!", "Amount Paid"),
    ],
)
def test_an_amount_that_is_not_a_number_names_its_cell(tmp_path, name, line, old, bad, header):
    new = old.replace(old.strip(",").split(",")[0], bad, 1) if old.startswith(",") else bad
    path = _edit(tmp_path, name, line, old, new)
    assert _problems(path) == {(name, header, line, bad)}


def test_a_stripe_date_that_is_not_one_is_left_out_counted_not_a_crash(tmp_path):
    path = _edit(tmp_path, "stripe_subscriptions.csv", 2, ",2025-03-03 10:12,", ",3rd March,")
    warnings: list = []
    assert check_source(path, warnings=warnings) == []
    [note] = [w for w in warnings if w.column == "(source)"]
    assert "1 with a Created, Start, Trial End, Canceled At, Ended At or Current" in note.message


def test_every_adapter_labels_the_columns_it_makes():
    """Each label joins a column of a table the adapter makes to a column it reads (its
    signature or optional columns)."""
    for adapter in ADAPTERS:
        known = set(adapter.signature) | set(adapter.optional)
        made = {c for t in adapter.yields for c in TABLES[t].names} | {"currency"}
        assert adapter.labels, adapter.name
        for column, source in adapter.labels.items():
            parts = source.split("|")
            assert column in made, (adapter.name, column)
            assert source in known or all(p in known for p in parts), (adapter.name, source)


# line 3 is the second line item of order #1001 (its first is line 2)
@pytest.mark.parametrize("bad", ["yesterday", "(unknown)"])  # sorts after / before a date
def test_a_bad_created_at_on_a_later_line_of_an_order_is_named(tmp_path, bad):
    path = _edit(tmp_path, "orders_export_1.csv", 3, ",2025-01-13 18:03:04 +0100,1,", f",{bad},1,")
    assert _problems(path) == {("orders_export_1.csv", "Created at", 3, bad)}


def test_a_bad_subtotal_on_a_later_line_of_an_order_is_named(tmp_path):
    path = _edit(tmp_path, "orders_export_1.csv", 3, ",,,,,,,,", ",,,,,,,0.0.1,")
    assert _problems(path) == {("orders_export_1.csv", "Subtotal", 3, "0.0.1")}


def test_an_orders_date_is_its_earliest_valid_created_at():
    """Text order is not time order across offsets: 10:00 +0100 is 09:00 UTC."""
    import ibis

    from xlkpi.adapters.shopify import _tables

    t = ibis.memtable({"name": ["#1"] * 3, "created_at": ["2025-01-13 09:30:00 +0000",
                       "2025-01-13 10:00:00 +0100", ""], "subtotal": ["5", "", ""],
                       "financial_status": ["paid", "", ""], "email": ["a@b", "", ""],
                       "currency": ["USD", "", ""], "phone": [""] * 3, "cancelled_at": [""] * 3,
                       "_row": [2, 3, 4]})  # fmt: skip
    [row] = _tables(t)["orders"].to_pyarrow().to_pylist()
    # the order's row is its first line; its date's cell is on the line it was taken from
    assert (row["order_date"], row["_row"], row["_row_order_date"]) == (
        "2025-01-13 10:00:00 +0100", 2, 3)  # fmt: skip


# line 3 is the second event of the fixture's first session (its first is line 2)
@pytest.mark.parametrize("bad", ["tomorrow", "2025-13-45"])  # sorts after / before a date
def test_a_bad_event_date_on_a_later_event_of_a_session_is_named(tmp_path, bad):
    path = _edit(tmp_path, "ga4_events.csv", 3, "20250113,", f"{bad},")
    assert _problems(path) == {("ga4_events.csv", "event_date", 3, bad)}


def test_a_bad_engagement_time_on_a_later_event_is_named_not_summed_as_0(tmp_path):
    path = _edit(tmp_path, "ga4_events.csv", 3, ",1736791384,,,", ",1736791384,,12s,")
    assert _problems(path) == {("ga4_events.csv", "engagement_time_msec", 3, "12s")}


def test_an_orders_export_without_its_optional_columns_is_read(tmp_path):
    """Phone and Cancelled at are optional: an export without them is read, not a crash."""
    import csv

    with open(FIXTURES / "orders_export_1.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    keep = [i for i, h in enumerate(rows[0]) if h not in ("Phone", "Cancelled at")]
    assert len(keep) == len(rows[0]) - 2
    path = tmp_path / "orders_export_1.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([[r[i] for i in keep] for r in rows])
    assert check_source(path) == []


def _cells(path: Path, edits: dict[int, dict[str, str]]) -> Path:
    """The Shopify fixture with ``edits`` (line -> header -> new cell), as downloaded."""
    import csv

    with open(FIXTURES / "orders_export_1.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    for line, cells in edits.items():
        for header, value in cells.items():
            rows[line - 1][rows[0].index(header)] = value
    path.mkdir()
    with open(path / "orders_export_1.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _both(folder: Path) -> tuple[list[str], list[str]]:
    """The data errors of the export as the reader (the file) and the engine (the folder
    it lies in, read by DuckDB) name them."""
    from xlkpi.sources import api

    reader = [str(p) for p in check_source(folder / "orders_export_1.csv")]
    engine, _ = api.check(folder)
    return reader, [str(p) for p in engine]


# #1001: lines 2-3, #1002: line 4 (ben), #1003: lines 5-7 (anna's second paid order)
BAD_CELLS = {3: {"Created at": "yesterday"}, 2: {"Subtotal": "lots"},
             6: {"Created at": "(unknown)"}, 7: {"Subtotal": "0.0.1"},
             4: {"Created at": "20.01.2025 9 Uhr", "Subtotal": "n/a"}}  # fmt: skip


def test_each_bad_cell_of_an_order_is_named_once_on_its_own_line_on_every_path(tmp_path):
    """A bad Created at feeds the order's date and its customer's first order: one problem,
    not two; several bad cells of one order each on its own line, not on the order's
    first bad line; the engine (DuckDB on the folder) names them as the reader does."""
    reader, engine = _both(_cells(tmp_path / "bad", BAD_CELLS))
    assert engine == reader
    named = sorted((s.split("!")[1].split(":")[0], s.rsplit("(value: ", 1)[1]) for s in reader)
    assert named == [
        ("Created at row 3", "'yesterday')"), ("Created at row 4", "'20.01.2025 9 Uhr')"),
        ("Created at row 6", "'(unknown)')"), ("Subtotal row 2", "'lots')"),
        ("Subtotal row 4", "'n/a')"), ("Subtotal row 7", "'0.0.1')"),
    ]  # fmt: skip


#: later lines of an order that disagree with its first (two orders under one Name)
CLASHES = {
    3: {"Financial Status": "refunded", "Currency": "EUR"},
    6: {"Subtotal": "55.00", "Email": "Zed@x.example"},
    7: {"Subtotal": "50"},
}  # fmt: skip  (50 is 50.00: no clash)


def test_an_orders_lines_that_disagree_are_named_on_every_path(tmp_path):
    """Financial Status, Currency, Subtotal, Email of one order taken from its lines: a
    line that says otherwise is an error naming its cell (never the text MAX of the
    lines, which a PostgreSQL collation orders its own way), on the reader and engine;
    a pending order (left out) whose later line says paid is named, not left out."""
    folder = _cells(tmp_path / "clash", CLASHES)
    rows = (folder / "orders_export_1.csv").read_text().splitlines()
    second = rows[8].replace(",pending,", ",paid,", 1)  # line 9: #1005, pending
    (folder / "orders_export_1.csv").write_text("\n".join([*rows, second]) + "\n")
    reader, engine = _both(folder)
    assert engine == reader
    assert [s.split(": ")[0] for s in reader] == [
        "orders_export_1.csv!Financial Status row 3", "orders_export_1.csv!Currency row 3",
        "orders_export_1.csv!Subtotal row 6", "orders_export_1.csv!Email row 6",
        "orders_export_1.csv!Financial Status row 12",
    ]  # fmt: skip
    assert "another line of this order says 'paid'" in reader[0]
    assert reader[3].endswith("(value: 'Zed@x.example')")


def test_a_bad_date_and_duration_of_one_ga4_session_each_on_its_own_line(tmp_path):
    """Lines 2-5 are one session: its bad event_date (line 4) and engagement_time_msec
    (line 5) each named on its own line, on the reader and the engine alike."""
    from xlkpi.sources import api

    path = _edit(tmp_path, "ga4_events.csv", 4, "20250113,", "tomorrow,")
    path = _edit(tmp_path, "ga4_events.csv", 5, ",1,11000,", ",1,11 s,")
    assert _problems(path) == {("ga4_events.csv", "event_date", 4, "tomorrow"),
                               ("ga4_events.csv", "engagement_time_msec", 5, "11 s")}  # fmt: skip
    engine, _ = api.check(tmp_path)
    assert [str(p) for p in engine] == [str(p) for p in check_source(path)]


def test_day_month_created_at_keeps_every_buyer_a_customer(tmp_path):
    """Created at re-saved day-first (13/01/2025 18:03) with Settings date_order dmy: the
    adapter cannot read it before the Settings apply, yet every paid buyer is a customer
    (none dropped as if the date were bad), on the reader and the engine alike."""
    import re

    from xlkpi.data import read_source
    from xlkpi.sources import api

    text = (FIXTURES / "orders_export_1.csv").read_text(encoding="utf-8-sig")
    text = re.sub(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2}):\d{2} \+0100", r"\3/\2/\1 \4", text)
    (tmp_path / "orders_export_1.csv").write_text(text)
    (tmp_path / "settings.csv").write_text("date_order,dmy\n")
    buyers = {"anna@acme.example", "ben@bolt.example", "+49 30 1234567"}
    assert set(read_source(tmp_path).tables["customers"].frame["customer_id"]) == buyers
    engine = api.engine_tables(tmp_path)["customers"].to_pyarrow()
    assert set(engine.column("customer_id").to_pylist()) == buyers


#: several bad or disagreeing cells in one column of one order: #1001 (lines 2-3) two bad
#: Created at; #1003 (lines 5-7) two bad Created at, two bad Subtotals, and two later lines
#: whose Financial Status says otherwise than its first ('paid'), in two ways
SEVERAL = {
    2: {"Created at": "soon"}, 3: {"Created at": "later"}, 5: {"Subtotal": "lots"},
    6: {"Created at": "(unknown)", "Financial Status": "refunded"},
    7: {"Created at": "yesterday", "Subtotal": "0.0.1", "Financial Status": "voided"},
}  # fmt: skip
#: by hand, line by line: the order's first bad cell (typed) before a line's others
SEVERAL_NAMED = [
    ("Created at row 2", "'soon'"), ("Created at row 3", "'later'"),
    ("Subtotal row 5", "'lots'"), ("Created at row 6", "'(unknown)'"),
    ("Financial Status row 6", "'refunded'"), ("Created at row 7", "'yesterday'"),
    ("Subtotal row 7", "'0.0.1'"), ("Financial Status row 7", "'voided'"),
]  # fmt: skip


def _named(problems: list[str]) -> list[tuple[str, str]]:
    return [(s.split("!")[1].split(":")[0], s.rsplit("(value: ", 1)[1][:-1]) for s in problems]


def test_several_bad_cells_of_one_column_of_one_order_are_each_named(tmp_path):
    """Every bad cell on its own line, in line order, on the reader and on DuckDB alike:
    not only the order's first bad Created at, Subtotal or disagreeing line."""
    reader, engine = _both(_cells(tmp_path / "several", SEVERAL))
    assert _named(reader) == SEVERAL_NAMED
    assert engine == reader
    assert "another line of this order says 'paid'" in reader[-1]


def test_beyond_the_engines_examples_a_line_counts_the_rest(tmp_path):
    """Eight bad Created at in one order: the reader names all eight; the engine, as for
    any check, the order's own (typed) and five of the others, then counts the last two."""
    folder = _cells(tmp_path / "many", {5: {"Created at": "never 0"}})
    rows = (folder / "orders_export_1.csv").read_text().splitlines()
    extra = [rows[5].replace(rows[5].split(",")[15], f"never {i}", 1) for i in range(1, 8)]
    (folder / "orders_export_1.csv").write_text("\n".join([*rows, *extra]) + "\n")
    reader, engine = _both(folder)
    assert _named(reader) == [("Created at row 5", "'never 0'")] + [
        (f"Created at row {12 + i}", f"'never {i + 1}'") for i in range(7)
    ]
    assert engine[:6] == reader[:6]
    assert engine[6].startswith("orders_export_1.csv!Created at row 16: and 2 more row(s)")
    assert len(engine) == 7


def test_several_bad_cells_of_one_ga4_session_are_each_named(tmp_path):
    """Lines 2-5 are one session: two bad event_dates and two bad engagement times (on a
    line, the cell the session's row carries, typed, before the line's others)."""
    from xlkpi.sources import api

    path = _edit(tmp_path, "ga4_events.csv", 3, "20250113,", "tomorrow,")
    path = _edit(tmp_path, "ga4_events.csv", 4, "20250113,", "2025-13-45,")
    path = _edit(tmp_path, "ga4_events.csv", 4, ",1,4000,", ",1,4 s,")
    path = _edit(tmp_path, "ga4_events.csv", 5, ",1,11000,", ",1,12 s,")
    reader = [str(p) for p in check_source(path)]
    assert _named(reader) == [
        ("event_date row 3", "'tomorrow'"), ("engagement_time_msec row 4", "'4 s'"),
        ("event_date row 4", "'2025-13-45'"), ("engagement_time_msec row 5", "'12 s'"),
    ]  # fmt: skip
    engine, _ = api.check(tmp_path)
    assert [str(p) for p in engine] == reader
