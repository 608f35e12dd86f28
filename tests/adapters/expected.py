"""The hand-computed KPIs of each export fixture (tests/adapters/fixtures), with the sums.

Each entry: fixture file -> {(period, kpi): value}. ``None`` = no value (not available).
"""

from __future__ import annotations

EXPECTED: dict[str, dict[tuple[str, str], float | None]] = {
    # Stripe subscriptions (export month 2025-03, the latest Current Period Start).
    # MRR per subscription = Amount x Quantity per month; live at each month's end:
    #   A  Pro      49 x 1 monthly  from 2024-11               49
    #   B  Team     20 x 5 monthly  from 2025-01 (coupon kept) 100
    #   C  Pro     480 x 1 yearly   from 2024-06               480 / 12 = 40
    #   D  Team  1,524 x 3 yearly   from 2024-02, past_due     4,572 / 12 = 381
    #   E  trialing until 2025-04-09: none
    #   F  Pro      49 x 2 monthly  2024-12 .. ended 2025-03-05 -> up to 2025-02: 98
    #   G  Basic    15 x 1 weekly   from 2025-02               15 x 52 / 12 = 65
    #   H  incomplete_expired: left out
    #   A2 Add-on   15 x 2 monthly  from 2025-03               30
    # 2025-03: 49 + 30 + 100 + 40 + 381 + 65 = 665 (summing Amount over every row of the
    # export, as a renamed sheet did: 49+20+480+1524+49+49+15+49+15 = 2,250)
    # 2025-02: 49 + 100 + 40 + 381 + 98 + 65 = 733; 2025-01: 49 + 100 + 40 + 381 + 98 = 668
    # 2024-12: 49 + 40 + 381 + 98 = 568; 2024-11: 49 + 40 + 381 = 470; 2024-05: 381
    "stripe_subscriptions.csv": {
        ("2025-03", "mrr"): 665.0,
        ("2025-02", "mrr"): 733.0,
        ("2025-01", "mrr"): 668.0,
        ("2024-12", "mrr"): 568.0,
        ("2024-11", "mrr"): 470.0,
        ("2024-05", "mrr"): 381.0,
        ("2025-03", "arr"): 665.0 * 12,
    },
    # Shopify orders export: 10 line-item rows, 7 orders; times in UTC (the default zone).
    #   #1001 anna  paid               2025-01-13 17:03 UTC  Subtotal 120 (2 lines)
    #   #1002 ben   partially_refunded 2025-01-20 08:00      80 (counted as paid, in full)
    #   #1003 Anna@ (same buyer) paid  2025-02-01 00:30 +0100 = 2025-01-31 23:30 UTC: 50
    #   #1004 cleo  refunded           2025-02-10            60 (not revenue)
    #   #1005 dan   pending            left out (not paid yet)
    #   #1006 ben   voided, cancelled  2025-02-20            30 (not revenue)
    #   #1007 guest with a phone, paid 2025-02-25            90
    # 2025-01: revenue 120 + 80 + 50 = 250 over 3 orders, AOV 83.33; new customers anna, ben
    # 2025-02: revenue 90, 1 order, AOV 90; new customer: the phone buyer
    "orders_export_1.csv": {
        ("2025-01", "revenue"): 250.0,
        ("2025-01", "orders"): 3.0,
        ("2025-01", "aov"): 250.0 / 3,
        ("2025-01", "new_customers"): 2.0,
        ("2025-02", "revenue"): 90.0,
        ("2025-02", "orders"): 1.0,
        ("2025-02", "new_customers"): 1.0,
    },
}

#: The adapter each fixture must be read by.
ADAPTER_OF = {
    "stripe_subscriptions.csv": "stripe_subscriptions",
    "orders_export_1.csv": "shopify_orders",
}
