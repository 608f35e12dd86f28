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

Customers get one row per buyer with a paid order, acquired at their first one by time
(day/month dates as the source's Settings ``date_order`` reads them: the adapter is built
under the source's Settings, see :func:`xlkpi.adapters.where.under_settings`).

Sources for the headers: Shopify's help "Exporting orders" (help.shopify.com, Orders >
Export: one row per line item, the order columns on its first row) and several public
importers' test files built from real downloads (GitHub code search "Name,Email,Financial
Status,Paid at,Fulfillment Status,...,Created at,Lineitem quantity,Lineitem name"), which
agree on the header spelling and the ``2026-03-12 09:14:02 +0000`` dates.
"""

from __future__ import annotations

import ibis

from xlkpi.adapters.base import (
    ROW,
    Adapter,
    bad_cells,
    cell_row,
    lower,
    maybe,
    number,
    passed,
    text,
)
from xlkpi.sources.dates import ambiguous, parse_text

#: 13/01/2025 (18:03): a day/month date; without Settings date_order an ambiguous one
_DAY_MONTH = (r"^(\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}-\d{1,2}-\d{2,4})"
              r"(\s+\d{1,2}:\d{2}(:\d{2})?)?$")  # fmt: skip
_NOT_PAID = ("pending", "authorized", "unpaid", "expired")
_STATUS = {"refunded": "refunded", "voided": "cancelled"}


#: the order-level fields (export column -> how its text reads): Shopify writes them on an
#: order's first line and leaves them blank, or repeats them, on its other lines
_FIELDS = {"financial_status": lower, "subtotal": text, "email": lower, "phone": text,
           "cancelled_at": text, "currency": text}  # fmt: skip


def _lines(t):
    """The lines of named orders; each order-level field with the order's value (its first
    non-blank line's, a Subtotal's first that is a number), that value's line, whether
    this line says otherwise (two orders under one Name), and the line of the order's
    first bad Created at and Subtotal."""
    name = text(t.name)
    rows = t.filter(name.notnull()).mutate(_order=name)
    # an optional column the export lacks is a NULL column (a scalar cannot be aggregated)
    rows = rows.mutate(**{f"_{k}": read(maybe(rows, k)) for k, read in _FIELDS.items()})
    # the texts and their parses as columns: each expression written once in the SQL, not
    # at every use (a date parse is ~100 kB of SQL; repeated, PostgreSQL ran out of memory
    # planning the KPI query)
    rows = rows.mutate(_created_text=text(rows.created_at), _subtotal_number=number(rows.subtotal))
    rows = rows.mutate(_when=parse_text(rows._created_text))
    line, by_order = rows[ROW], ibis.window(group_by=rows._order)
    bad_created = rows._created_text.notnull() & rows._when.isnull()
    bad_subtotal = rows._subtotal.notnull() & rows._subtotal_number.isnull()
    # the first bad cell of each order is the order's (the contract's typing names it);
    # each other one is a bad cell of its own (:func:`_cells`)
    firsts = {
        "_bad_created_first": bad_created.ifelse(line, None).min().over(by_order),
        "_bad_subtotal_first": bad_subtotal.ifelse(line, None).min().over(by_order),
    }
    for key in _FIELDS:
        value = rows[f"_{key}"]
        same = rows._subtotal_number if key == "subtotal" else value
        # the first line with a value (FIRST_VALUE keeps NULLs: blank lines sort last)
        order = ibis.window(
            group_by=rows._order, order_by=[same.isnull(), value.isnull(), rows[ROW]]
        )
        firsts[f"_{key}_first"] = value.first().over(order)
        firsts[f"_{key}_same"] = same.first().over(order)
        firsts[f"_{key}_line"] = rows[ROW].first().over(order)
    rows = rows.mutate(**firsts)
    # a line that says otherwise than its order's first (two orders under one Name)
    return rows.mutate(**{f"_{key}_differs": _differs(rows, key) for key in _FIELDS})


def _differs(rows, key: str):
    value = rows._subtotal_number if key == "subtotal" else rows[f"_{key}"]
    return (value != rows[f"_{key}_same"]).fill_null(False)


def _orders(t):
    """One row per order: its fields and the line of each (:func:`cell_row`)."""
    rows = _lines(t)
    created, when, line = rows._created_text, rows._when, rows[ROW]
    # a bad Created at or Subtotal on ANY line of the order is the order's value, on its
    # own line (the first such), so the contract's typing names that cell; an aggregate
    # over the lines never hides it (nor takes the order's date from it)
    bad_created = line == rows._bad_created_first
    bad_subtotal = line == rows._bad_subtotal_first
    fields = {}
    for key in _FIELDS:
        fields[f"_{key}"] = rows[f"_{key}_first"].max()  # one value per order: no collation
        fields[f"_{key}_line"] = rows[f"_{key}_line"].max()
    clashes = ibis.or_(*(rows[f"_{key}_differs"] for key in _FIELDS))
    return rows.group_by("_order").agg(
        **fields,
        _agree=clashes.ifelse(1, 0).max() == 0,
        _bad_created=created.argmin(line, where=bad_created),
        _bad_created_line=line.min(where=bad_created),
        _valid_created=created.argmin(when, where=when.notnull()),
        _valid_created_line=line.argmin(when, where=when.notnull()),
        _first_when=when.min(),
        _bad_subtotal=rows._subtotal.argmin(line, where=bad_subtotal),
        _bad_subtotal_line=line.min(where=bad_subtotal),
        _lines=rows.count(),
        **{ROW: line.min()},
    )


def _cells(t):
    """The bad cells of an order besides its first bad Created at and Subtotal (which its
    row carries): every other one, and every line that says otherwise than the order's
    first (another Financial Status, Subtotal, Email, ...), each on its own line."""
    from xlkpi.adapters.run import CLASH_MESSAGE
    from xlkpi.data.tables import NOT_A

    rows = _lines(t)
    line = rows[ROW]
    # a day/month date without Settings date_order is ONE problem of the column (typing)
    bad_created = rows._created_text.notnull() & rows._when.isnull()
    bad_created &= ~ambiguous(rows._created_text) & (line != rows._bad_created_first)
    bad_subtotal = rows._subtotal.notnull() & rows._subtotal_number.isnull()
    bad_subtotal &= line != rows._bad_subtotal_first
    parts = [
        bad_cells(rows, "orders", "created_at", bad_created, NOT_A["date"], rank=0,
                  key=rows._order, value=rows._created_text),
        bad_cells(rows, "orders", "subtotal", bad_subtotal, NOT_A["number"], rank=1,
                  key=rows._order, value=rows._subtotal),
    ]  # fmt: skip
    for rank, key in enumerate(_FIELDS, start=2):
        cell = rows[key] if key in rows.columns else rows[f"_{key}"]  # the cell as written
        parts.append(bad_cells(rows, "orders", key, rows[f"_{key}_differs"], CLASH_MESSAGE,
                               rank=rank, key=rows._order, value=text(cell),
                               first=rows[f"_{key}_first"]))  # fmt: skip
    return ibis.union(*parts, distinct=False)


def _status(o):
    mapped = ibis.cases(*[(o._financial_status == k, v) for k, v in _STATUS.items()], else_="paid")
    return ibis.cases((o._cancelled_at.notnull(), "cancelled"), else_=mapped)


def _prepare(t):
    """Each row with its order's Financial Status and Subtotal (on the order's first row;
    a later row of the order is judged by them)."""
    o = _orders(t)
    # an order whose lines disagree is kept, whatever its first line says: its clash is named
    o = o.select(_key=o._order, _fin=ibis.cases((o._agree, o._financial_status), else_=None),
                 _sub=o._subtotal.fill_null(o._bad_subtotal))  # fmt: skip
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
    lines = {
        "order_date": o._bad_created_line.fill_null(o._valid_created_line),
        "revenue": o._bad_subtotal_line.fill_null(o._subtotal_line),
        "customer_id": ibis.cases((o._email.notnull(), o._email_line),
                                  (o._phone.notnull(), o._phone_line), else_=o[ROW]),
        "status": ibis.cases((o._cancelled_at.notnull(), o._cancelled_at_line),
                             else_=o._financial_status_line),
        "currency": o._currency_line,
    }  # fmt: skip
    orders = o.select(
        order_id=o._order,
        order_date=o._bad_created.fill_null(o._valid_created),
        customer_id=customer,
        revenue=passed(o._bad_subtotal.fill_null(o._subtotal)),
        status=status,
        currency=o._currency,
        **{ROW: o[ROW]},
        **{cell_row(c): line.fill_null(o[ROW]) for c, line in lines.items()},
        _first_when=o._first_when,
        _valid_created=o._valid_created,
        _valid_created_line=o._valid_created_line,
    )
    # the customer's first paid order by time (not by text: offsets), from the dates that
    # are dates: a bad Created at is the order's problem, named once, on its own line. The
    # adapter is built under the source's Settings (date_order): day/month dates are then
    # times too; without date_order they are ambiguous (the typing names them, the build
    # stops) and the buyer is kept, by its text
    day_month = orders.order_date.re_search(_DAY_MONTH).fill_null(False)
    paid = orders.filter((orders.status == "paid") & (orders._first_when.notnull() | day_month))
    by_time = paid._first_when.notnull()
    when = ibis.coalesce(paid._first_when.cast("string"), paid.order_date)
    acquired = ibis.cases((by_time, paid._valid_created), else_=paid.order_date)
    first = paid.group_by("customer_id").agg(
        acquired_date=acquired.argmin(when),
        **{ROW: paid[ROW].argmin(when)},
        **{cell_row("acquired_date"): ibis.cases((by_time, paid._valid_created_line),
                                                 else_=paid[cell_row("order_date")]).argmin(when)},
    )  # fmt: skip
    keep = [c for c in orders.columns if not c.startswith(("_first_when", "_valid_created"))]
    return {"orders": orders.select(*keep), "customers": first}


def _notes(t):
    o = _orders(t)
    return [
        ("{n:,} line-item row(s) merged into their orders", (o._lines - 1).sum()),
        ("{n:,} partially refunded order(s) counted as paid at their full Subtotal",
         (o._financial_status == "partially_refunded").sum()),
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
    cells=_cells,
    key="name",
    yields=("orders", "customers"),
    optional=("cancelled_at", "phone", "currency"),
    labels={"order_id": "name", "order_date": "created_at", "customer_id": "email",
            "revenue": "subtotal", "status": "financial_status", "acquired_date": "created_at",
            "currency": "currency"},
    steps="Shopify admin > Orders > Export > All orders, CSV for Excel, Numbers, or other "
    "spreadsheet programs",
)  # fmt: skip
