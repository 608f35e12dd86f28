"""Stripe: the Dashboard's subscriptions export and its invoices export.

Headers checked against real Dashboard exports read by a public analysis notebook (GitHub
code search: "DishpatchSubscriptionData ... subscriptions.csv"): subscriptions carry ``id``,
``Customer ID``, ``Customer Name`` (older files ``Customer Description``), ``Status``,
``Created (UTC)``, ``Start (UTC)`` (newer files ``Start Date (UTC)``), ``Current Period
Start/End (UTC)``, ``Trial Start/End (UTC)``, ``Canceled At (UTC)``, ``Ended At (UTC)``,
``Cancellation Reason`` and ``<key> (metadata)`` columns; ``Amount`` and ``Interval`` as
listed by a public Stripe-import README. ``Quantity`` (seen in older exports) is used when
present, else 1. Invoices carry ``id``, ``Number``, ``Customer``, ``Customer Name``,
``Amount Due``, ``Amount Paid``, ``Paid``, ``Status``, ``Date (UTC)``, ``Paid At (UTC)``,
``Subscription``, ``Total Discount Amount``. Amounts are in major units (``49.00``).

Subscriptions (Billing > Subscriptions > Export, one row per subscription) become MRR
per customer x month, as Stripe's and ChartMogul's MRR count it:

- ``Amount`` (per ``Interval``, in major units) x ``Quantity``, normalised to a month:
  a yearly plan counts 1/12 of its amount, a weekly one 52/12, a daily one 365/12 (and
  divided by ``Interval Count`` when the export has it);
- a month counts a subscription that is live at the month's end: from the month of its
  start, or of its trial's end (a trial has no MRR), up to the month before it ended
  (``Ended At``, else ``Canceled At`` for a canceled one); a live one (``active``,
  ``past_due``: still MRR until Stripe cancels it) up to the export's month, the latest
  ``Current Period Start`` in the file;
- ``incomplete`` / ``incomplete_expired`` (never paid), ``unpaid`` and ``paused`` rows
  have no MRR and are left out, counted; a coupon's discount is not deducted (stated).

Invoices (Billing > Invoices > Export) become Orders: one paid invoice = one order,
``Amount Paid`` less tax as revenue; draft / open / void / uncollectible are left out, and
so is a paid invoice of 0 (a trial's first invoice, a 100 % coupon: no order), counted.
"""

from __future__ import annotations

import ibis

from xlkpi.adapters.base import (
    ROW,
    Adapter,
    lower,
    maybe,
    month_index,
    month_start,
    number,
    passed,
    pick,
    text,
)
from xlkpi.sources.dates import iso_day

_PER_MONTH = {"month": 1.0, "year": 1 / 12, "week": 52 / 12, "day": 365 / 12}
_NO_MRR = ("incomplete", "incomplete_expired", "unpaid", "paused")


def _day(col) -> ibis.Value:
    """``2025-01-13 18:03`` (Stripe writes UTC) -> its date; NULL when it is not one."""
    day = text(col).substr(0, 10)  # cast only a calendar day: PostgreSQL has no TRY_CAST
    return iso_day(day).ifelse(day.try_cast("date"), None)


_DATES = ("created_utc", "start_utc|start_date_utc", "trial_end_utc", "ended_at_utc",
          "canceled_at_utc", "current_period_start_utc")  # fmt: skip


def _bad_date(t):
    """A date cell of the export that is not a date (a row Stripe did not write)."""
    bad = ibis.literal(False)
    for want in _DATES:
        col = maybe(t, want)
        bad = bad | (text(col).notnull() & _day(col).isnull())
    return bad


def _subscription_drops(t):
    status = lower(t.status)
    interval = lower(t.interval)
    return [
        ("incomplete or incomplete_expired (never paid)", status.isin(_NO_MRR[:2])),
        ("unpaid or paused (no MRR)", status.isin(_NO_MRR[2:])),
        ("without a Customer ID", text(t.customer_id).isnull()),
        ("with an Amount that is not a number", number(t.amount).isnull()),
        ("with an Interval other than day, week, month, year", ~interval.isin(_PER_MONTH)),
        (
            "with a Created, Start, Trial End, Canceled At, Ended At or Current Period Start "
            "(UTC) that is not a date (YYYY-MM-DD hh:mm)",
            _bad_date(t),
        ),
    ]


def _subscription_tables(t):
    interval = lower(t.interval)
    per_month = ibis.cases(*[(interval == k, v) for k, v in _PER_MONTH.items()], else_=0.0)
    quantity = number(maybe(t, "quantity")).fill_null(1.0)
    count = number(t.interval_count).fill_null(1.0) if "interval_count" in t.columns else 1.0
    mrr = number(t.amount) * quantity * per_month / count
    start = _day(maybe(t, "start_utc|start_date_utc")).fill_null(_day(t.created_utc))
    trial_end = _day(maybe(t, "trial_end_utc"))
    paying = ibis.cases((trial_end > start, trial_end), else_=start)
    ended = _day(maybe(t, "ended_at_utc"))
    if "canceled_at_utc" in t.columns:
        status = lower(t.status)
        ended = ended.fill_null(ibis.cases((status == "canceled", _day(t.canceled_at_utc))))
    export = _day(t.current_period_start_utc).max()
    first = month_index(paying)
    last = ibis.cases((ended.notnull(), month_index(ended) - 1), else_=month_index(export))
    rows = t.mutate(_mrr=mrr, _first=first, _last=last).filter(lambda s: s._last >= s._first)
    months = rows.mutate(_k=ibis.range(rows._first, rows._last + 1).unnest())
    per_customer = months.group_by(customer_id=text(months.customer_id), _k=months._k).agg(
        mrr=months._mrr.sum(), **{ROW: months[ROW].min()}
    )
    return {
        "subscriptions": per_customer.select(
            month=month_start(per_customer._k),
            customer_id=per_customer.customer_id,
            mrr=per_customer.mrr,
            **{ROW: per_customer[ROW]},
        )
    }


def _subscription_notes(t):
    status = lower(t.status)
    notes = [
        (
            "{n:,} trialing subscription(s): no MRR before the trial ends",
            (status == "trialing").sum(),
        ),
        ("{n:,} past_due subscription(s) counted as MRR until canceled",
         (status == "past_due").sum()),
    ]  # fmt: skip
    if "coupon" in t.columns:
        notes.append(
            (
                "{n:,} subscription(s) with a coupon: MRR before the discount",
                text(t.coupon).notnull().sum(),
            )
        )
    if "cancel_at_period_end" in t.columns:
        ends = lower(t.cancel_at_period_end).isin(("true", "1", "yes"))
        notes.append(
            (
                "{n:,} live subscription(s) set to cancel at period end, still counted",
                (ends & (status != "canceled")).sum(),
            )
        )
    return notes


SUBSCRIPTIONS = Adapter(
    name="stripe_subscriptions",
    title="Stripe subscriptions export",
    signature=("id", "customer_id", "interval", "amount", "status", "created_utc",
               "current_period_start_utc", "current_period_end_utc"),
    tables=_subscription_tables,
    drops=_subscription_drops,
    notes=_subscription_notes,
    yields=("subscriptions",),
    labels={"customer_id": "customer_id", "mrr": "amount", "month": "current_period_start_utc"},
    optional=("quantity", "start_utc|start_date_utc", "trial_end_utc", "ended_at_utc",
              "interval_count", "canceled_at_utc", "coupon", "cancel_at_period_end"),
    steps="Stripe Dashboard > Billing > Subscriptions > Export (all statuses, all columns), "
    "CSV",
)  # fmt: skip


_CUSTOMER = "customer|customer_id"
_DATE = "date_utc|created_utc"


def _invoice_revenue(t):
    tax = number(t.tax).fill_null(0.0) if "tax" in t.columns else 0.0
    return number(t.amount_paid) - tax


def _invoice_drops(t):
    status = lower(t.status)
    return [
        ("draft, open, void or uncollectible invoice(s) (not paid)", status != "paid"),
        ("paid invoice(s) without a Customer", text(pick(t, _CUSTOMER)).isnull()),
        ("paid invoice(s) of 0 (a trial's or a fully discounted invoice: no order)",
         _invoice_revenue(t) <= 0),
    ]  # fmt: skip


def _invoice_tables(t):
    return {
        "orders": t.select(
            order_id=text(t.id),
            order_date=text(pick(t, _DATE)),
            customer_id=text(pick(t, _CUSTOMER)),
            revenue=passed(t.amount_paid, _invoice_revenue(t)),
            currency=lower(maybe(t, "currency")),
            **{ROW: t[ROW]},
        )
    }


INVOICES = Adapter(
    name="stripe_invoices",
    title="Stripe invoices export",
    signature=("id", "amount_due", "amount_paid", _CUSTOMER, _DATE, "status", "number"),
    tables=_invoice_tables,
    drops=_invoice_drops,
    yields=("orders",),
    optional=("tax", "currency"),
    labels={
        "order_id": "id",
        "order_date": _DATE,
        "customer_id": _CUSTOMER,
        "revenue": "amount_paid",
        "currency": "currency",
    },
    steps="Stripe Dashboard > Billing > Invoices > Export (all columns), CSV",
)
