"""Missing columns suggest the export's header that holds them, once (issue 17)."""

from __future__ import annotations

from xlkpi.data import check_source
from xlkpi.data.contract import TABLES
from xlkpi.data.suggest import SYNONYMS, suggest


def test_every_required_column_has_synonyms():
    for spec in TABLES.values():
        for name in spec.required:
            if name not in ("category",):
                assert SYNONYMS.get(name), name


def test_suggestions_from_real_export_headers():
    shopify = ["Name", "Email", "Financial Status", "Created at", "Subtotal", "Total"]
    assert [suggest(c, shopify) for c in ("order_id", "order_date", "customer_id", "revenue")] == [
        "Name",
        "Created at",
        "Email",
        "Subtotal",
    ]
    assert suggest("amount", ["Campaign", "Amount spent (EUR)"]) == "Amount spent (EUR)"
    assert suggest("revenue", ["Total"], taken={"Total"}) is None
    assert suggest("visitor_id", ["Colour"]) is None


def test_check_lists_the_found_columns_once(tmp_path):
    headers = [
        "Order Number",
        "Created at",
        "Customer Email",
        "Net sales",
        *(f"x{i}" for i in range(60)),
    ]
    (tmp_path / "orders.csv").write_text(
        ",".join(headers) + "\n" + ",".join("1" for _ in headers) + "\n"
    )
    problems = check_source(tmp_path)
    assert [p.column for p in problems] == ["order_id", "order_date", "customer_id", "revenue"]
    assert sum("x59" in p.message for p in problems) == 1
    assert "(Order Number -> order_id?" in problems[0].message
    assert "(Created at -> order_date?" in problems[1].message
    assert "(Customer Email -> customer_id?" in problems[2].message
    assert "(Net sales -> revenue?" in problems[3].message
