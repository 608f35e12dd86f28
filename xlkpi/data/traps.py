"""Shapes of data that give plausible wrong numbers, each one finding with the count and the
fix (issue 17), never silent:

- Subscriptions holding one row per subscription (not per customer x month), or yearly
  rows (a customer's rows twelve months apart: annual amounts, not MRR);
- Sessions holding one row per event or hit (many rows per visitor and day);
- zero-value completed orders (they count as orders and lower the AOV);
- Orders covering less than 12 months (the CLV extrapolates from less than a year), for
  a store of 50 customers or more;
- amounts in more than one currency (a ``currency`` column with several codes).

- line-item rows in Orders (an order_id repeated: each repeat is also a data error).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from xlkpi.data.contract import normalise_name
from xlkpi.data.model import Table
from xlkpi.errors import CellProblem

ADAPTERS_DOC = "docs/bring-your-data.md"
#: The short-history CLV finding needs this many customers (below, CLV is noise anyway).
CLV_CUSTOMERS = 50


def trap_findings(tables: dict[str, Table], fatal=()) -> list[CellProblem]:
    """Every trap found in ``tables`` (each at most one finding per table). ``fatal``: the
    data errors found, so that repeated order ids (already errors) are not hashed again."""
    out: list[CellProblem] = []
    duplicates = any(p.message.startswith("duplicate order_id") for p in fatal)
    checks = [_event_rows, _zero_orders, _short_clv] + ([_line_items] if duplicates else [])
    subs = tables.get("subscriptions")
    if subs is not None and len(subs.frame) >= 2:
        codes = _codes(subs.frame["customer_id"])  # hashed once for both checks
        out += [f for f in (_subscription_rows(subs, codes), _yearly_rows(subs, codes)) if f]
    for check in checks:
        found = check(tables)
        if found is not None:
            out.append(found)
    out += _currencies(tables)
    return out


def _codes(ids: pd.Series) -> np.ndarray:
    """Ids as integer codes (0..k-1, -1 where blank), by Arrow's hashing."""
    encoded = pa.array(ids.astype("str").array, type=pa.string()).dictionary_encode()
    return np.asarray(pc.fill_null(encoded.indices, -1), dtype=np.intp)


def _distinct(ids: pd.Series) -> int:
    return int(pc.count_distinct(pa.array(ids.astype("str").array, type=pa.string())).as_py())


class TrapFinding(CellProblem):
    """A finding of this module (a shape that gives plausible wrong numbers)."""


def _finding(table: Table, i: int, column: str, value, message: str) -> CellProblem:
    header = table.headers.get(column, column)
    return TrapFinding(table.sheet, int(table.rows[i]), header, value, message)


def _subscription_rows(subs: Table, codes: np.ndarray) -> CellProblem | None:
    if len(subs.frame) < 5:
        return None
    f = subs.frame
    months = f["month"].dt.to_period("M")
    if months.nunique() < 3:
        return None
    per_customer = np.bincount(codes[codes >= 0])
    single = int((per_customer == 1).sum())
    if not subscription_level(len(f), months.nunique(), single, len(per_customer)):
        return None
    message = subscription_rows_message(single, len(per_customer), months.nunique())
    return _finding(subs, 0, "customer_id", None, message)


def subscription_level(rows: int, months: int, single: int, customers: int) -> bool:
    """Subscriptions look like one row per subscription: most customers have one row."""
    return rows >= 5 and months >= 3 and single >= 5 and single >= 0.8 * customers


def subscription_rows_message(single: int, customers: int, months: int) -> str:
    return (
        f"{single} of {customers} customers have a single row over "
        f"{months} months: this looks like one row per subscription, not one per "
        f"customer x month, and MRR then counts each only in its start month; list each "
        f"customer's MRR for every month (a Stripe subscriptions export is read as "
        f"downloaded, see {ADAPTERS_DOC})"
    )


def _yearly_rows(subs: Table, codes: np.ndarray) -> CellProblem | None:
    f = subs.frame
    index = f["month"].dt.year * 12 + f["month"].dt.month
    known = codes >= 0
    per = pd.Series(index.to_numpy()[known]).groupby(codes[known])
    span = per.agg(["min", "max", "count"])
    # every gap 12 months: n rows spanning 12 x (n - 1) months (one pass, no sort)
    yearly = (span["count"] >= 2) & (span["max"] - span["min"] == 12 * (span["count"] - 1))
    n = int(yearly.sum())
    if n == 0:
        return None
    first = int(np.flatnonzero(np.isin(codes, yearly[yearly].index.to_numpy()))[0])
    return _finding(
        subs,
        first,
        "customer_id",
        f["customer_id"].iloc[first],
        yearly_message(n),
    )


def yearly_message(n: int) -> str:
    return (
        f"{n} customer(s) have rows exactly 12 months apart: yearly amounts, not monthly "
        f"recurring revenue; give the MRR (amount / 12) in every month of the year"
    )


def _event_rows(tables) -> CellProblem | None:
    sessions = tables.get("sessions")
    if sessions is None or len(sessions.frame) < 10:
        return None
    f = sessions.frame
    if "pageviews" not in f or "visitor_id" not in f:  # an aggregated export: no rows per hit
        return None
    single = (f["pageviews"] == 1).to_numpy(dtype=bool)
    if not event_level(len(f), int(single.sum()), len(f)):  # the cheap test first
        return None
    key = pd.DataFrame({"v": f["visitor_id"], "d": f["session_date"].dt.normalize()})
    repeated = key.duplicated(keep="first").to_numpy(dtype=bool)
    n = int(repeated.sum())
    if not event_level(len(f), int(single.sum()), n):
        return None
    first = int(np.argmax(repeated))
    message = event_rows_message(n, len(f))
    return _finding(sessions, first, "visitor_id", f["visitor_id"].iloc[first], message)


def event_level(rows: int, single: int, repeated: int) -> bool:
    """Sessions look like events: nearly all one page view, most repeating a visitor-day."""
    return rows >= 10 and single >= 0.8 * rows and repeated >= 0.5 * rows


def event_rows_message(n: int, rows: int) -> str:
    return (
        f"{n} of {rows} rows repeat a visitor on the same day, nearly all with one page "
        f"view: this looks like one row per event or hit, not per session (sessions and "
        f"bounce rate are then inflated); export sessions, or drop the GA4 BigQuery events "
        f"export as it is (see {ADAPTERS_DOC})"
    )


def _line_items(tables) -> CellProblem | None:
    orders = tables.get("orders")
    if orders is None:
        return None
    ids = orders.frame["order_id"]
    repeated = (ids.duplicated(keep="first") & ids.notna()).to_numpy(dtype=bool)
    n = int(repeated.sum())
    if n == 0:
        return None
    first = int(np.argmax(repeated))
    return _finding(
        orders,
        first,
        "order_id",
        ids.iloc[first],
        line_items_message(n),
    )


def line_items_message(n: int) -> str:
    return (
        f"{n} row(s) repeat an order_id of an earlier row: Orders needs one row per order; "
        f"rows per line item? add them up per order (a Shopify orders export is read as "
        f"downloaded, see {ADAPTERS_DOC})"
    )


def _zero_orders(tables) -> CellProblem | None:
    orders = tables.get("orders")
    if orders is None:
        return None
    f = orders.frame
    paid = (f["status"] == "paid").to_numpy(dtype=bool, na_value=False) if "status" in f else True
    zero = paid & (f["revenue"] == 0).to_numpy(dtype=bool, na_value=False)
    n = int(np.sum(zero))
    if n == 0:
        return None
    first = int(np.argmax(zero))
    return _finding(
        orders,
        first,
        "revenue",
        0.0,
        zero_orders_message(n),
    )


def zero_orders_message(n: int) -> str:
    return (
        f"{n} completed order(s) have revenue 0: they count as orders and lower the average "
        f"order value; remove free samples, replacements and tests, or mark them cancelled"
    )


def _short_clv(tables) -> CellProblem | None:
    orders = tables.get("orders")
    if orders is None or orders.frame["order_date"].isna().all():
        return None
    dates = orders.frame["order_date"]
    first, last = dates.min(), dates.max()
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months >= 12:
        return None
    if _distinct(orders.frame["customer_id"]) < CLV_CUSTOMERS:
        return None  # a handful of customers: a test or an excerpt, not a store's history
    return _finding(
        orders,
        int(np.argmax((dates == first).to_numpy())),
        "order_date",
        first.date().isoformat(),
        short_clv_message(months),
    )


def short_clv_message(months: int) -> str:
    return (
        f"Orders cover {months} month(s): the customer lifetime value extrapolates a "
        f"customer's value from less than 12 months of purchases and overstates it for a "
        f"store with seasonal or one-off buyers; use 12 months or more of orders"
    )


def _currencies(tables) -> list[CellProblem]:
    out = []
    for table in tables.values():
        f = table.frame
        column = next(
            (c for c in f.columns if normalise_name(c) in ("currency", "currency_code")), None
        )
        if column is None:
            continue
        codes = f[column].dropna().astype(str).str.strip().str.upper()
        codes = codes[codes != ""]
        counts = codes.value_counts()
        if len(counts) < 2:
            continue
        first = int(
            np.flatnonzero(
                (f[column].astype(str).str.strip().str.upper() != counts.index[0]).to_numpy()
                & f[column].notna().to_numpy()
            )[0]
        )
        out.append(
            TrapFinding(
                table.sheet,
                int(table.rows[first]),
                column,
                str(f[column].iloc[first]),
                currencies_message(list(counts.items())),
            )
        )
    return out


def currencies_message(counts: list[tuple[str, int]]) -> str:
    """``counts``: (code, rows), the most frequent first."""
    listed = ", ".join(f"{n} in {code}" for code, n in counts)
    return (
        f"amounts in {len(counts)} currencies ({listed}) are added up as if one: "
        f"keep one currency per report (filter the export) or convert them first"
    )
