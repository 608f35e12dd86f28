"""The traps of :mod:`xlkpi.data.traps` (shapes that give plausible wrong numbers) as
queries where the data is: a few aggregate queries per table, and one more for the first
example of a trap found. The same thresholds and messages as the file reader's, so
``xlkpi check`` says the same of a table in a warehouse as of the same rows in a workbook.
"""

from __future__ import annotations

from xlkpi.data import traps as T
from xlkpi.sources.validate import QueryProblem, exact_repeats, hash_key


class QueryTrap(QueryProblem):
    """A trap found by a query (a warning: the numbers are computed, but misleading)."""


def trap_warnings(source, tables: dict, scans: dict | None = None) -> list[QueryProblem]:
    """The traps of ``tables`` (typed contract tables, canonical columns) of ``source``
    (an :class:`~xlkpi.sources.connect.Opened`, for the labels and the stored columns)."""
    return plan_traps(source, tables, scans)()


def plan_traps(source, tables: dict, scans: dict | None = None):
    """Ask the traps' counts of ``scans`` (:class:`~xlkpi.sources.scan.Scan` by table,
    answered with the other checks' counts); returns the function that reads them."""
    from dataclasses import replace
    from functools import partial

    from xlkpi.data.contract import TABLES
    from xlkpi.sources.cast import found_columns
    from xlkpi.sources.scan import Scan

    scans = {} if scans is None else scans
    label = {name: found.label for name, found in source.tables.items()}
    found: list = []
    for name, check in (("subscriptions", _subscriptions), ("sessions", _sessions),
                        ("orders", _orders)):  # fmt: skip
        if name in tables:
            stored = found_columns(TABLES[name], source.tables[name].table)
            if name == "orders":
                scan = scans.get(name) or Scan(source.tables[name].table, TABLES[name])
                traps = _orders(label[name], tables[name], scan)
            else:
                traps = partial(check, label[name], tables[name])
            found.append((stored, traps))

    def finish() -> list[QueryProblem]:
        out: list[QueryProblem] = []
        for stored, traps in found:
            for trap in traps():  # named by the stored header
                out.append(replace(trap, column=stored.get(trap.column, trap.column)))
        for located in source.tables.values():
            out += _currencies(located.label, located.table)
        return out

    return finish


def _one(table) -> dict:
    return table.to_pyarrow().to_pylist()[0]


def _first(expr, column: str):
    rows = expr.limit(1).to_pyarrow().to_pylist()
    return rows[0][column] if rows else None


def _month(ts):
    return ts.year() * 12 + ts.month()


def _subscriptions(label: str, subs) -> list[QueryProblem]:
    known = subs.filter(subs.customer_id.notnull())
    per = known.group_by("customer_id").agg(
        n=known.count(), lo=_month(known.month).min(), hi=_month(known.month).max()
    )
    yearly = (per.n >= 2) & (per.hi - per.lo == 12 * (per.n - 1))
    stats = _one(
        per.aggregate(
            customers=per.count(), single=(per.n == 1).ifelse(1, 0).sum(),
            yearly=yearly.ifelse(1, 0).sum(),
        ).cross_join(subs.aggregate(rows=subs.count(), months=_month(subs.month).nunique()))
    )  # fmt: skip
    out = []
    single, customers = int(stats["single"] or 0), int(stats["customers"] or 0)
    if T.subscription_level(int(stats["rows"] or 0), int(stats["months"] or 0), single, customers):
        message = T.subscription_rows_message(single, customers, int(stats["months"]))
        out.append(QueryTrap(label, None, "customer_id", None, message))
    if stats["yearly"]:
        example = _first(per.filter(yearly).order_by("customer_id"), "customer_id")
        message = T.yearly_message(int(stats["yearly"]))
        out.append(QueryTrap(label, None, "customer_id", example, message))
    return out


def _sessions(label: str, sessions) -> list[QueryProblem]:
    if "pageviews" not in sessions.columns or "visitor_id" not in sessions.columns:
        return []
    day = sessions.session_date.date()
    per = sessions.group_by(visitor=sessions.visitor_id, day=day).agg(n=sessions.count())
    stats = _one(
        sessions.aggregate(
            rows=sessions.count(), single=(sessions.pageviews == 1).ifelse(1, 0).sum()
        ).cross_join(per.aggregate(repeated=(per.n - 1).sum()))
    )
    rows, single, repeated = (int(stats[k] or 0) for k in ("rows", "single", "repeated"))
    if not T.event_level(rows, single, repeated):
        return []
    example = _first(per.filter(per.n > 1).order_by("visitor"), "visitor")
    return [QueryTrap(label, None, "visitor_id", example, T.event_rows_message(repeated, rows))]


def _orders(label: str, orders, scan):
    """Ask the Orders traps' counts of ``scan``; returns the function that reads them."""
    keys = _ask_orders(scan)
    return lambda: _order_traps(label, orders, scan, keys)


def _ask_orders(scan) -> dict:
    """The keys of the Orders traps' counts, asked of ``scan``. Line items (an order id
    on several rows) are counted on the typed ids; where every stored id is its typed id
    (none trimmed or blank: counted in the same scan), that is the validation's count of
    repeated stored ids: one distinct count serves both."""
    t = scan.typed
    paid = t.status == "paid" if "status" in t.columns else True
    zero = paid & (t.revenue == 0)
    stored = scan.table[scan.found["order_id"]]
    keys = {"zero": scan.count(zero), "first": scan.ask(t.order_date.min()),
            "last": scan.ask(t.order_date.max())}  # fmt: skip
    if stored.type().is_string():
        keys["differ"] = scan.ask_untrimmed(stored.get_name())
        scan.ask_duplicates(stored.get_name())
    return keys


def _order_traps(label: str, orders, scan, keys: dict) -> list[QueryProblem]:
    out = []
    repeats = _line_items(orders, scan, keys)
    if repeats:
        per = orders.group_by("order_id").agg(n=orders.count())
        example = _first(per.filter(per.n > 1).order_by("order_id"), "order_id")
        out.append(QueryTrap(label, None, "order_id", example, T.line_items_message(repeats)))
    zero = scan.number(keys["zero"])
    if zero:
        paid = orders.status == "paid" if "status" in orders.columns else True
        mask = paid & (orders.revenue == 0)
        example = _first(orders.filter(mask).order_by("order_id"), "order_id")
        out.append(QueryTrap(label, None, "revenue", 0.0, T.zero_orders_message(zero),
                             f"order_id {example!r}"))  # fmt: skip
    first, last = scan[keys["first"]], scan[keys["last"]]
    if first is not None and last is not None:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        if months < 12 and _customers(orders) >= T.CLV_CUSTOMERS:
            value = first.date().isoformat()
            out.append(QueryTrap(label, None, "order_date", value, T.short_clv_message(months)))
    return out


def _line_items(orders, scan, keys: dict) -> int:
    """Rows of ``orders`` beyond each typed order id's first: the stored ids' count where
    no stored id differs from its typed one, else counted on the typed ids."""
    if "differ" in keys and not scan.number(keys["differ"]):
        return scan.duplicates(scan.found["order_id"])
    return _repeats(orders)


def _repeats(orders) -> int:
    """Rows of typed ``orders`` beyond each order id's first (by hashes, then exactly)."""
    ids = orders.order_id
    by_hash = int(_one(orders.aggregate(n=ids.count() - hash_key(orders, ids).nunique()))["n"] or 0)
    return exact_repeats(orders, ids, by_hash)


def _customers(orders) -> int:
    """The distinct customer ids of ``orders`` (asked only where the history is short): by
    their hashes, and only under the threshold by the ids themselves (hashes can only
    undercount, so a count at or over it is exact enough to decide)."""
    n = int(_one(orders.aggregate(n=hash_key(orders, orders.customer_id).nunique()))["n"] or 0)
    if n < T.CLV_CUSTOMERS:
        n = int(_one(orders.aggregate(n=orders.customer_id.nunique()))["n"] or 0)
    return n


def _currencies(label: str, stored) -> list[QueryProblem]:
    from xlkpi.data.contract import normalise_name

    column = next(
        (c for c in stored.columns if normalise_name(c) in ("currency", "currency_code")), None
    )
    if column is None:
        return []
    code = stored[column].cast("string").strip().upper().nullif("")
    coded = stored.select(code=code).filter(lambda t: t.code.notnull())
    counts = coded.group_by("code").agg(n=coded.count())
    found = [(r["code"], int(r["n"])) for r in counts.order_by("code").to_pyarrow().to_pylist()]
    if len(found) < 2:
        return []
    found.sort(key=lambda cn: -cn[1])  # the most frequent first, as the reader lists them
    example = found[1][0]
    return [QueryTrap(label, None, column, example, T.currencies_message(found))]
