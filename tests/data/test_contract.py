"""The contract as code: names, matching rule, required columns."""

from __future__ import annotations

import pytest

from xlkpi.data.contract import (
    KINDS,
    SETTINGS_KEYS,
    TABLES,
    find_table,
    match_columns,
    normalise_name,
)
from xlkpi.data.model import Settings


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Order Date", "order_date"),
        ("order_date", "order_date"),
        ("  ORDER-DATE  ", "order_date"),
        ("order  _ date", "order_date"),
        ("Customer ID", "customer_id"),
        ("mrr", "mrr"),
        ("", ""),
        (None, ""),
        (2026, "2026"),
    ],
)
def test_normalise_name(typed, key):
    assert normalise_name(typed) == key


@pytest.mark.parametrize(
    ("sheet", "table"),
    [
        ("Orders", "orders"),
        (" NPS ", "nps"),
        ("Subscriptions", "subscriptions"),
        ("settings", "settings"),
        ("TARGETS", "targets"),
        ("Sheet1", None),
        ("Order", None),
    ],
)
def test_find_table_uses_the_same_rule_for_sheet_names(sheet, table):
    assert find_table(sheet) == table


def test_match_columns_first_match_wins_and_ignores_extras():
    headers = ["Revenue", "Order-ID", "notes", "order_date", "revenue", "Customer Id"]
    assert match_columns(TABLES["orders"], headers) == {
        "revenue": 0,
        "order_id": 1,
        "order_date": 3,
        "customer_id": 5,
    }


def test_required_columns_match_the_design_document():
    required = {name: spec.required for name, spec in TABLES.items()}
    assert required == {
        "orders": ("order_id", "order_date", "customer_id", "revenue"),
        "customers": ("customer_id", "acquired_date"),
        "sessions": ("session_date", "visitor_id", "pageviews"),
        "leads": ("lead_id", "created_date"),
        "spend": ("date", "channel", "category", "amount"),
        "nps": ("response_date", "score"),
        "subscriptions": ("month", "customer_id", "mrr"),
    }


def test_every_column_has_a_known_kind_and_allowed_values_only_on_categories():
    for spec in TABLES.values():
        for column in spec.columns:
            assert column.kind in KINDS
            assert bool(column.allowed) == (column.kind == "category"), column


def test_every_settings_key_is_a_settings_field():
    assert set(SETTINGS_KEYS) <= set(Settings.__dataclass_fields__)
