"""Shopify: the admin's orders export (Orders > Export, ``orders_export_1.csv``).

The export has one row per line item; the order's own fields (Financial Status,
Subtotal, Created at, ...) are on its first row and blank or repeated on the others.
Orders get one row per order (``Name``, e.g. ``#1001``), with:

- revenue = ``Subtotal``: the line items after discounts, before shipping and taxes
  (the contract's "net of tax and shipping");
- status from ``Financial Status`` and ``Cancelled at``: a cancelled order is
  ``cancelled``, ``refunded`` is ``refunded``, ``voided`` is ``cancelled``, ``paid`` and
  ``partially_refunded`` are ``paid`` (the partial refunds are counted and stated: their
  revenue is the full Subtotal); ``pending``, ``authorized``, ``unpaid`` and
  ``expired`` orders are not paid yet and are left out, counted;
- customer_id = the ``Email`` (lower case), else the ``Phone``, else the order itself
  (a guest without contact details counts as a customer of one order).

Customers get one row per buyer with a paid order, acquired at their first one.

Sources for the headers: Shopify's help "Exporting orders" (help.shopify.com, Orders >
Export: one row per line item, the order columns on its first row) and several public
importers' test files built from real downloads (GitHub code search "Name,Email,Financial
Status,Paid at,Fulfillment Status,...,Created at,Lineitem quantity,Lineitem name"), which
agree on the header spelling and the ``2026-03-12 09:14:02 +0000`` dates.
"""

from __future__ import annotations

import ibis

from xlkpi.adapters.base import ROW, Adapter, lower, maybe, number, passed, text
from xlkpi.sources.dates import parse_text

_NOT_PAID = ("pending", "authorized", "unpaid", "expired")
_STATUS = {"refunded": "refunded", "voided": "cancelled"}


def _orders(t):
    """One row per order: the order-level fields from its rows (first non-blank)."""
    name = text(t.name)
    rows = t.filter(name.notnull()).mutate(_order=name)
    # an optional column the export lacks is a NULL column (a scalar cannot be aggregated)
    rows = rows.mutate(
        _phone_text=text(maybe(rows, "phone")), _cancelled_text=text(maybe(rows, "cancelled_at"))
    )
    phone, cancelled = rows._phone_text, rows._cancelled_text
    # a bad Created at or Subtotal on ANY line of the order is the order's value, and its
    # line the order's row, so the contract's typing names that cell; an aggregate over the
    # lines never hides it (nor takes the order's date from it)
    # the texts and their parses as columns: each expression written once in the SQL, not
    # at every use (a date parse is ~100 kB of SQL; repeated, PostgreSQL ran out of memory
    # planning the KPI query)
    rows = rows.mutate(_created_text=text(rows.created_at), _subtotal_text=text(rows.subtotal),
                       _subtotal_number=number(rows.subtotal))  # fmt: skip
    rows = rows.mutate(_when=parse_text(rows._created_text))
    created, subtotal, when = rows._created_text, rows._subtotal_text, rows._when
    bad_created = created.notnull() & when.isnull()
    bad_subtotal = subtotal.notnull() & rows._subtotal_number.isnull()
    first_bad = rows[ROW].min(where=bad_created | bad_subtotal)
    return rows.group_by("_order").agg(
        _financial=lower(rows.financial_status).max(),
        _created=created.min(where=bad_created).fill_null(
            created.argmin(when, where=when.notnull())
        ),
        _subtotal=subtotal.min(where=bad_subtotal).fill_null(subtotal.max()),
        _email=lower(rows.email).max(),
        _phone=phone.max(),
        _cancelled=cancelled.max(),
        _currency=text(rows.currency).max(),
        _lines=rows.count(),
        **{ROW: first_bad.fill_null(rows[ROW].min())},
    )


def _status(o):
    mapped = ibis.cases(*[(o._financial == k, v) for k, v in _STATUS.items()], else_="paid")
    return ibis.cases((o._cancelled.notnull(), "cancelled"), else_=mapped)


def _prepare(t):
    """Each row with its order's Financial Status and Subtotal (on the order's first row;
    a later row of the order is judged by them)."""
    o = _orders(t)
    o = o.select(_key=o._order, _fin=o._financial, _sub=o._subtotal)
    return t.left_join(o, text(t.name) == o._key).drop("_key")


def _drops(t):
    return [
        ("row(s) of pending, authorized, unpaid or expired orders (not paid yet)",
         t._fin.isin(_NOT_PAID)),
        ("row(s) without an order Name", text(t.name).isnull()),
        ("row(s) of orders without a Subtotal", t._sub.isnull()),
    ]  # fmt: skip


def _tables(t):
    o = _orders(t)
    customer = o._email.fill_null(o._phone).fill_null("guest " + o._order)
    status = _status(o)
    orders = o.select(
        order_id=o._order,
        order_date=o._created,
        customer_id=customer,
        revenue=passed(o._subtotal),
        status=status,
        currency=o._currency,
        **{ROW: o[ROW]},
    )
    paid = orders.filter(orders.status == "paid")
    first = paid.group_by("customer_id").agg(
        acquired_date=paid.order_date.argmin(paid.order_date),
        **{ROW: paid[ROW].min()},
    )
    return {"orders": orders, "customers": first}


def _notes(t):
    o = _orders(t)
    return [
        ("{n:,} line-item row(s) merged into their orders", (o._lines - 1).sum()),
        ("{n:,} partially refunded order(s) counted as paid at their full Subtotal",
         (o._financial == "partially_refunded").sum()),
        ("{n:,} order(s) of a guest without email or phone, each its own customer",
         (o._email.isnull() & o._phone.isnull()).sum()),
    ]  # fmt: skip


ORDERS = Adapter(
    name="shopify_orders",
    title="Shopify orders export",
    signature=("name", "email", "financial_status", "created_at", "subtotal",
               "lineitem_quantity", "lineitem_name"),
    tables=_tables,
    drops=_drops,
    prepare=_prepare,
    notes=_notes,
    yields=("orders", "customers"),
    optional=("cancelled_at", "phone", "currency"),
    labels={"order_id": "name", "order_date": "created_at", "customer_id": "email",
            "revenue": "subtotal", "status": "financial_status", "acquired_date": "created_at",
            "currency": "currency"},
    steps="Shopify admin > Orders > Export > All orders, CSV for Excel, Numbers, or other "
    "spreadsheet programs",
)  # fmt: skip
