"""The hand-computed KPIs of each export fixture (tests/adapters/fixtures), with the sums.

Each entry: fixture file -> {(period, kpi) or (period, kpi, segment): value}.
``SETTINGS`` holds the Settings a fixture needs (a settings.csv next to it).
"""

from __future__ import annotations

EXPECTED: dict[str, dict[tuple, float | None]] = {
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
    # Stripe invoices export (Billing > Invoices > Export): 9 invoices, one per row.
    #   in_..01 cus_A paid 2025-01-05  Amount Paid 49, Tax 0     -> order 49
    #   in_..02 cus_B paid 2025-01-20  120, Tax 20               -> 100
    #   in_..03 draft; ..06 void; ..07 open; ..09 uncollectible  -> left out (not paid)
    #   in_..04 cus_A paid 2025-02-05  49                        -> 49
    #   in_..05 cus_D paid 2025-02-10  0 (a trial's invoice)     -> left out (no order)
    #   in_..08 cus_C paid 2025-02-28 23:30 UTC "1,200.00", Tax 200 (after a 250 coupon)
    #                                                            -> 1,000
    # 2025-01: 49 + 100 = 149 over 2 orders, AOV 74.5
    # 2025-02: 49 + 1,000 = 1,049 over 2 orders, AOV 524.5
    "invoices.csv": {
        ("2025-01", "revenue"): 149.0,
        ("2025-01", "orders"): 2.0,
        ("2025-01", "aov"): 74.5,
        ("2025-02", "revenue"): 1049.0,
        ("2025-02", "orders"): 2.0,
        ("2025-02", "aov"): 524.5,
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
    # GA4 events: 15 rows; the Measurement Protocol refund has no ga_session_id (left out).
    # Sessions by (user_pseudo_id, ga_session_id); u2 reuses u1's session id 1736791384:
    #   u1 2025-01-13: 2 page views, 15 s; u1 2025-01-14: 1 page view, 3 s (a bounce)
    #   u2 2025-01-14: 3 page views and a purchase; u3 2025-02-01: 1 page view, 12 s
    # 2025-01: 3 sessions, 2 visitors, single-page bounce 1/3, conversion 1/3
    # 2025-02: 1 session, bounce 1/1 (single page), conversion 0
    "ga4_events.csv": {
        ("2025-01", "sessions"): 3.0,
        ("2025-01", "unique_visitors"): 2.0,
        ("2025-01", "bounce_rate"): 1 / 3,
        ("2025-01", "conversion_rate"): 1 / 3,
        ("2025-02", "sessions"): 1.0,
        ("2025-02", "bounce_rate"): 1.0,
    },
    # GA4 Traffic acquisition, downloaded from the UI with the secondary dimension Date:
    # eight "#" lines above the header. Rows (channel, date, sessions, key event rate):
    #   Organic Search 2025-01-13  4 x 0.25 = 1 converted;  Direct 2025-01-13  2 x 0 = 0
    #   Paid Search    2025-01-14  3 x 1/3  = 1 (3 key events in 1 session)
    #   Organic Search 2025-02-01  5 x 0.4  = 2
    # 2025-01: 9 sessions, 2 converted; shares organic 4/9, direct 2/9, paid search 3/9
    # 2025-02: 5 sessions, 2 converted. No visitor ids, no page views: unique visitors and
    # bounce rate are not available (None), never made up.
    "traffic_acquisition.csv": {
        ("2025-01", "sessions"): 9.0,
        ("2025-01", "conversion_rate"): 2 / 9,
        ("2025-01", "source_share", "organic search"): 4 / 9,
        ("2025-01", "source_share", "direct"): 2 / 9,
        ("2025-01", "source_share", "paid search"): 3 / 9,
        ("2025-01", "unique_visitors"): None,
        ("2025-01", "bounce_rate"): None,
        ("2025-02", "sessions"): 5.0,
        ("2025-02", "conversion_rate"): 2 / 5,
    },
    # GA4 Data API runReport (date x deviceCategory x sessionDefaultChannelGroup):
    #   03-10 desktop Organic Search 3 x 1/3 = 1;  03-10 mobile Paid Social 2 x 0 = 0
    #   03-11 mobile  Organic Search 5 x 0.4 = 2;  03-11 smart tv Direct 1 (no device)
    # 2025-03: 11 sessions, 3 converted; mobile 7/11, desktop 3/11; organic search 8/11
    "sessions_by_day_api.csv": {
        ("2025-03", "sessions"): 11.0,
        ("2025-03", "conversion_rate"): 3 / 11,
        ("2025-03", "device_share", "mobile"): 7 / 11,
        ("2025-03", "device_share", "desktop"): 3 / 11,
        ("2025-03", "source_share", "organic search"): 8 / 11,
        ("2025-03", "unique_visitors"): None,
        ("2025-03", "repeat_visits"): None,
    },
    # Meta Ads by day: 123 + 77 + 0 spent; 400 + 100 link clicks; 20,000 + 10,000 impr.
    "meta_ads.csv": {
        ("2025-01", "cpc", "Meta Ads"): 200 / 500,
        ("2025-01", "ctr", "Meta Ads"): 500 / 30000,
    },
    # Google Ads: two title lines; two campaign-days (45 + 155 = 200; 90 + 110 clicks;
    # 1,200 + 3,000 impr.); the two "Total:" lines are left out
    "Campaign report.csv": {
        ("2025-01", "cpc", "Google Ads"): 200 / 200,
        ("2025-01", "ctr", "Google Ads"): 200 / 4200,
    },
    # LinkedIn: four title lines, month-first dates 1/13/2025 and 2/3/2025
    "campaign_performance_report.csv": {
        ("2025-01", "cpc", "LinkedIn Ads"): 250 / 50,
        ("2025-01", "ctr", "LinkedIn Ads"): 50 / 5000,
        ("2025-02", "cpc", "LinkedIn Ads"): 150 / 25,
    },
    # Qualtrics, three header rows: 10, 9, 7, 3, 10; a survey preview (0) left out; a
    # blank score is no response. Promoters 3, detractors 1 of 5: NPS (3 - 1) / 5 = 40
    "Leaf_NPS_January.csv": {("2025-01", "nps"): 40.0, ("2025-01", "nps_responses"): 5.0},
    # Delighted, Unix timestamps in February 2025: 9, 6, 10, 4 -> (2 - 2) / 4 = 0
    "delighted-responses.csv": {
        ("2025-02", "nps"): 0.0,
        ("2025-02", "nps_responses"): 4.0,
    },
    # SurveyMonkey, two header rows, 03/13/2025 12:01 AM: 8, 10, 2 -> (1 - 1) / 3 = 0
    "Leaf NPS March.csv": {("2025-03", "nps"): 0.0, ("2025-03", "nps_responses"): 3.0},
    # HubSpot contacts: created Jan 3, 8, 15, 28 and Feb 2; MQL Anna, Ben (Jan), Eve
    # (Feb); SQL Anna (Jan), Eve (Feb); customer Anna (Jan 20). Jan cohort close 1/4
    "hubspot-crm-exports-all-contacts-2025-03-01.csv": {
        ("2025-01", "leads"): 4.0,
        ("2025-01", "mqls"): 2.0,
        ("2025-01", "sqls"): 1.0,
        ("2025-01", "won"): 1.0,
        ("2025-01", "lead_to_close_rate"): 0.25,
        ("2025-02", "leads"): 1.0,
        ("2025-02", "sqls"): 1.0,
    },
    # HubSpot deals, all created in March; one Closed Won (Mar 10): 1 of 3
    "hubspot-crm-exports-all-deals-2025-03-31.csv": {
        ("2025-03", "leads"): 3.0,
        ("2025-03", "won"): 1.0,
        ("2025-03", "lead_to_close_rate"): 1 / 3,
    },
    # Salesforce leads, day-first dates (Settings date_order dmy): created 13/01, 14/01,
    # 03/02; Anna converted 20/01
    "report1736791384000.csv": {
        ("2025-01", "leads"): 2.0,
        ("2025-01", "sqls"): 1.0,
        ("2025-02", "leads"): 1.0,
    },
    # Salesforce opportunities: created Jan 20, Jan 25, Feb 10; the first won (closed Feb
    # 20): Jan cohort 1 of 2 won; won in February 1
    "report1736791384999.csv": {
        ("2025-01", "leads"): 2.0,
        ("2025-01", "lead_to_close_rate"): 0.5,
        ("2025-02", "leads"): 1.0,
        ("2025-02", "won"): 1.0,
    },
}

SETTINGS = {"report1736791384000.csv": "date_order,dmy\n"}

#: The adapter each fixture must be read by.
ADAPTER_OF = {
    "stripe_subscriptions.csv": "stripe_subscriptions",
    "orders_export_1.csv": "shopify_orders",
    "invoices.csv": "stripe_invoices",
    "ga4_events.csv": "ga4_events",
    "traffic_acquisition.csv": "ga4_sessions_report",
    "sessions_by_day_api.csv": "ga4_sessions_report",
    "meta_ads.csv": "meta_ads",
    "Campaign report.csv": "google_ads",
    "campaign_performance_report.csv": "linkedin_ads",
    "Leaf_NPS_January.csv": "qualtrics_nps",
    "delighted-responses.csv": "delighted_nps",
    "Leaf NPS March.csv": "surveymonkey_nps",
    "hubspot-crm-exports-all-contacts-2025-03-01.csv": "hubspot_contacts",
    "hubspot-crm-exports-all-deals-2025-03-31.csv": "hubspot_deals",
    "report1736791384000.csv": "salesforce_leads",
    "report1736791384999.csv": "salesforce_opportunities",
}

#: All in one folder: spend and NPS add up over the exports; Leads come from the first
#: CRM export in file-name order (HubSpot contacts), Sessions from the first GA4 export
#: (ga4_events.csv), Orders from the Stripe invoices (invoices.csv, before Shopify's
#: orders_export_1.csv); the others are stated as ignored. Those others go through the
#: command line alone (ALONE_CLI).
TOGETHER = {
    **{k: v for name in ("stripe_subscriptions.csv", "invoices.csv", "ga4_events.csv",
                         "meta_ads.csv", "Campaign report.csv",
                         "campaign_performance_report.csv", "Leaf_NPS_January.csv",
                         "delighted-responses.csv", "Leaf NPS March.csv",
                         "hubspot-crm-exports-all-contacts-2025-03-01.csv")
       for k, v in EXPECTED[name].items()},
}  # fmt: skip

#: The exports whose KPIs the all-in-one folder does not show (another export of the same
#: table comes first): each goes through ``xlkpi kpis`` and ``xlkpi build`` alone.
ALONE_CLI = ("stripe_subscriptions.csv", "orders_export_1.csv", "traffic_acquisition.csv",
             "sessions_by_day_api.csv", "hubspot-crm-exports-all-deals-2025-03-31.csv",
             "report1736791384999.csv")  # fmt: skip
