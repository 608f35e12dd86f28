"""Source adapters: platform exports, as downloaded, into tables of the data contract.

A file or sheet whose name is not a contract table is recognised by its headers: the
adapter whose signature columns it holds (the most specific one when several fit) reads
it. Each adapter is an Ibis expression (:mod:`xlkpi.adapters.base`), so it runs on a
downloaded file in an embedded DuckDB (:func:`adapt`) or, compiled
(:func:`expressions`), inside a warehouse on the export table itself.

>>> recognise(["Name", "Email", "Financial Status", "Created at", "Subtotal",
...            "Lineitem quantity", "Lineitem name"]).name
'shopify_orders'
>>> recognise(["order_id", "revenue"]) is None
True
"""

from __future__ import annotations

from xlkpi.adapters import ads, crm, ga4, ga4_reports, surveys
from xlkpi.adapters.base import Adapter, column_key
from xlkpi.adapters.shopify import ORDERS as SHOPIFY_ORDERS
from xlkpi.adapters.stripe import INVOICES as STRIPE_INVOICES
from xlkpi.adapters.stripe import SUBSCRIPTIONS as STRIPE_SUBSCRIPTIONS

#: Every adapter, in the order the docs list them.
ADAPTERS: tuple[Adapter, ...] = (
    SHOPIFY_ORDERS,
    STRIPE_SUBSCRIPTIONS,
    STRIPE_INVOICES,
    ga4.EVENTS,
    ga4_reports.SESSIONS,
    ads.GOOGLE,
    ads.META,
    ads.LINKEDIN,
    crm.HUBSPOT_CONTACTS,
    crm.HUBSPOT_DEALS,
    crm.SALESFORCE_LEADS,
    crm.SALESFORCE_OPPORTUNITIES,
    surveys.QUALTRICS,
    surveys.DELIGHTED,
    surveys.SURVEYMONKEY,
)


def by_name(name: str) -> Adapter:
    """The adapter called ``name``; KeyError naming the known ones otherwise."""
    for adapter in ADAPTERS:
        if adapter.name == name:
            return adapter
    raise KeyError(f"no adapter {name!r}; known: {', '.join(a.name for a in ADAPTERS)}")


def recognise(headers, mapping: tuple[Adapter, ...] = ()) -> Adapter | None:
    """The adapter for a file with these headers, or None (most signature columns wins).

    ``mapping``: the user's mapping (:mod:`xlkpi.adapters.mapping`), preferred when it fits.
    """
    keys = {column_key(h) for h in headers}
    mapped = [a for a in mapping if a.matches(keys)]
    if mapped:
        return max(mapped, key=lambda a: len(a.signature))
    fits = [a for a in ADAPTERS if a.matches(keys)]
    return max(fits, key=lambda a: len(a.signature)) if fits else None


def expressions(name: str, table):
    """The contract tables adapter ``name`` makes of the Ibis table ``table`` (an export
    whose columns are named by :func:`column_key` and carry ``_row``)."""
    from xlkpi.adapters.run import expressions as build

    return build(by_name(name), table)[1]


def adapt(raw):
    """``raw`` (a sheet read as text) through the adapter its headers call for.

    Returns ``(sheets, note)``, or None when no adapter recognises the headers.
    """
    adapter = recognise(raw.headers)
    if adapter is None:
        return None
    from xlkpi.adapters.run import run_adapter

    return run_adapter(adapter, raw)
