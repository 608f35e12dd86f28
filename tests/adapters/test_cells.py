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

    from xlkpi.adapters.shopify import _orders

    t = ibis.memtable({"name": ["#1"] * 3, "created_at": ["2025-01-13 09:30:00 +0000",
                       "2025-01-13 10:00:00 +0100", ""], "subtotal": ["5", "", ""],
                       "financial_status": ["paid", "", ""], "email": ["a@b", "", ""],
                       "currency": ["USD", "", ""], "phone": [""] * 3, "cancelled_at": [""] * 3,
                       "_row": [2, 3, 4]})  # fmt: skip
    [row] = _orders(t).to_pyarrow().to_pylist()
    assert (row["_created"], row["_row"]) == ("2025-01-13 10:00:00 +0100", 2)


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
