"""Which header of a sheet most likely holds a missing contract column ("Created at ->
order_date?"), from the names exports commonly give it, then by spelling.

>>> suggest("order_date", ["Name", "Email", "Created at", "Subtotal"])
'Created at'
>>> suggest("revenue", ["Name", "Email", "Created at", "Subtotal"])
'Subtotal'
>>> suggest("mrr", ["Name"]) is None
True
"""

from __future__ import annotations

import difflib

from xlkpi.data.contract import normalise_name

#: Names platforms and spreadsheets give each contract column (normalised, best first).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "order_id": ("order_number", "order_no", "order", "name", "invoice_id", "transaction_id",
                 "id"),
    "order_date": ("created_at", "order_created", "date", "created", "processed_at",
                   "paid_at", "transaction_date", "created_date"),
    "customer_id": ("customer", "customer_email", "email", "client_id", "client", "account_id",
                    "buyer", "user_id", "customer_number"),
    "revenue": ("subtotal", "net_sales", "net", "net_amount", "amount", "total", "sales",
                "order_total", "price", "value"),
    "status": ("financial_status", "order_status", "state", "payment_status"),
    "acquired_date": ("first_order_date", "created_at", "signup_date", "customer_since",
                      "start_date", "created"),
    "session_date": ("date", "event_date", "visit_date", "day"),
    "visitor_id": ("user_pseudo_id", "client_id", "user_id", "visitor", "cookie_id"),
    "pageviews": ("views", "page_views", "screen_page_views", "pages", "hits"),
    "lead_id": ("record_id", "id", "contact_id", "lead"),
    "created_date": ("create_date", "created_at", "created", "date"),
    "date": ("day", "reporting_starts", "month", "start_date"),
    "channel": ("campaign", "source", "platform", "network"),
    "category": ("type", "cost_type"),
    "amount": ("amount_spent", "cost", "spend", "total_spent"),
    "response_date": ("recorded_date", "end_date", "response_timestamp", "date", "submitted_at"),
    "score": ("nps", "rating", "likelihood_to_recommend", "answer"),
    "month": ("period", "date"),
    "mrr": ("monthly_recurring_revenue", "amount", "revenue"),
}  # fmt: skip


def suggest(column: str, headers: list[str], taken: set[str] = frozenset()) -> str | None:
    """The header (as the sheet spells it) most likely holding ``column``, or None."""
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(normalise_name(header), str(header))
    free = {k: h for k, h in by_key.items() if h not in taken}
    for synonym in SYNONYMS.get(column, ()):
        if synonym in free:
            return free[synonym]
    for key, header in free.items():  # "Amount spent (EUR)", "Total Spent"
        if any(key.startswith(s + "_") for s in SYNONYMS.get(column, ())):
            return header
    close = difflib.get_close_matches(column, list(free), n=1, cutoff=0.75)
    return free[close[0]] if close else None
