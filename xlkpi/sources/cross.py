"""The reader's checks across tables and against the as-of date
(:mod:`xlkpi.data.checks`) as queries where the data is (orphan customer ids:
:mod:`xlkpi.sources.orphans`): churn before acquisition, a second subscription row for
one customer and month, completed orders without a cost (per month), rows after as-of.
The same messages, on the same file lines, capped as the reader caps them; a warehouse
table's rows have no line. Each check is one aggregate query; examples are fetched only
for a check that finds.
"""

from __future__ import annotations

import pandas as pd

from xlkpi.data.checks import _FINDINGS_SHOWN as SHOWN
from xlkpi.data.contract import TABLES
from xlkpi.sources.validate import QueryProblem

ROW = "xlkpi_row"


def cross_warnings(source, as_of, scans: dict | None = None) -> list[QueryProblem]:
    """The cross-table findings of ``source`` (an Opened whose tables hold the required
    columns), ``as_of`` the report's closing date (None: no as-of findings)."""
    return plan_cross(source, as_of, scans)()


def plan_cross(source, as_of, scans: dict | None = None):
    """Ask the counts of the findings of ``cross_warnings`` of ``scans``
    (:class:`~xlkpi.sources.scan.Scan` by table, answered with the other checks' counts);
    returns the function that reads them (and fetches the examples of what was found)."""
    from xlkpi.sources.scan import Scan

    scans = dict(scans or {})
    for name, found in source.tables.items():
        scans.setdefault(name, Scan(found.table, TABLES[name]))
    typed = {name: _numbered(found) for name, found in source.tables.items()}
    asked: list = []
    if "customers" in typed:  # orphan customer ids: xlkpi.sources.orphans
        scan = scans["customers"]
        if "churned_date" in scan.typed.columns:
            key = scan.count(_early(scan.typed))
            c = typed["customers"][0]
            asked.append(lambda k=key: _flag(source, "customers", typed, "churned_date",
                                             _early(c), "churned before acquired_date",
                                             scans["customers"].number(k)))  # fmt: skip
    if "subscriptions" in typed:
        asked.append(lambda: _double_subscriptions(source, typed))
    if "orders" in typed and {"cost", "order_date"} <= set(scans["orders"].typed.columns):
        key = scans["orders"].count(_no_cost(scans["orders"].typed, as_of))
        asked.append(
            lambda k=key: _blank_costs(source, typed, as_of) if scans["orders"].number(k) else []
        )
    if as_of is not None:
        asked.append(_after_as_of(source, typed, pd.Timestamp(as_of), scans))

    def finish() -> list[QueryProblem]:
        return [problem for found in asked for problem in found()]

    return finish


def _early(t):
    return (t.churned_date < t.acquired_date).fill_null(False)


def _no_cost(t, as_of):
    """Completed orders (dated up to ``as_of``) without a cost."""
    done = (t.status == "paid").fill_null(False) if "status" in t.columns else True
    if as_of is not None:
        end = pd.Timestamp(as_of).normalize() + pd.Timedelta(days=1)
        done = done & (t.order_date < end.to_pydatetime())
    return done & t.order_date.notnull() & t.cost.isnull()


def _numbered(found):
    """(typed table with ``xlkpi_row``: the file line, or None for a warehouse, stored
    column names by canonical name)."""
    import ibis

    from xlkpi.sources.cast import found_columns, typed_table

    spec, table = TABLES[found.name], found.table
    stored = found_columns(spec, table)
    if found.line_offset is not None:
        table = table.mutate(**{ROW: ibis.row_number() + 1 + found.line_offset})
        row = table[ROW]
    else:
        row = ibis.null("int64")
    typed = typed_table(spec, table, keep={ROW: row})
    return typed, stored


def _fetch(source, expr) -> list[dict]:
    from xlkpi.sources.memory import in_file_order

    con = getattr(source.backend, "con", None)
    if source.backend.name != "duckdb" or con is None:
        return expr.to_pyarrow().to_pylist()
    with in_file_order(con):
        return expr.to_pyarrow().to_pylist()


def _plain(value):
    from xlkpi.sources.validate import _plain as plain

    return plain(value)


def _flag(source, name, typed, column, mask, message, count=None) -> list[QueryProblem]:
    """Each flagged row (the first :data:`SHOWN`), then one line for the rest (``count``:
    the flagged rows, when already counted)."""
    t, stored = typed[name]
    label, header = source.tables[name].label, stored.get(column, column)
    if count is None:
        count = int(t.aggregate(n=mask.ifelse(1, 0).sum()).to_pyarrow().to_pylist()[0]["n"] or 0)
    if not count:
        return []
    hits = t.filter(mask).select(v=t[column], row=t[ROW])
    numbered = source.tables[name].line_offset is not None
    ordered = hits.order_by("row" if numbered else "v")  # a table: the same rows every run
    rows = _fetch(source, ordered.limit(SHOWN + 1))
    out = [QueryProblem(label, r["row"], header, _plain(r["v"]), message) for r in rows[:SHOWN]]
    if count > SHOWN:
        more = f"and {count - SHOWN} more row(s) from here on: {message}"
        out.append(QueryProblem(label, rows[SHOWN]["row"], header, None, more))
    return out


def _double_subscriptions(source, typed) -> list[QueryProblem]:
    import ibis

    t, _ = typed["subscriptions"]
    if "customer_id" not in t.columns or "month" not in t.columns:
        return []
    key = [t.customer_id, t.month.year(), t.month.month()]
    rank = ibis.row_number().over(group_by=key, order_by=t[ROW])
    ranked = t.mutate(_rank=rank)
    message = "a second row for this customer and month; the MRR rows are added up"
    mask = ranked.customer_id.notnull() & (ranked._rank > 0)
    return _flag(source, "subscriptions", {"subscriptions": (ranked, typed["subscriptions"][1])},
                 "customer_id", mask, message)  # fmt: skip


def _blank_costs(source, typed, as_of) -> list[QueryProblem]:
    t, stored = typed["orders"]
    if "cost" not in t.columns or "order_date" not in t.columns:
        return []
    done = (t.status == "paid").fill_null(False) if "status" in t.columns else True
    if as_of is not None:
        end = pd.Timestamp(as_of).normalize() + pd.Timedelta(days=1)
        done = done & (t.order_date < end.to_pydatetime())
    done = done & t.order_date.notnull()
    d = t.mutate(_m=t.order_date.truncate("M")).filter(done)
    per = d.group_by(m=d._m).agg(
        total=d.count(), k=d.cost.isnull().ifelse(1, 0).sum(), row=d[ROW].min(where=d.cost.isnull())
    )
    rows = per.filter(per.k > 0).order_by("m").to_pyarrow().to_pylist()
    label, header = source.tables["orders"].label, stored.get("cost", "cost")
    return [
        QueryProblem(label, r["row"], header, None,
                     f"{r['k']} of {r['total']} completed order(s) in {r['m']:%Y-%m} have no "
                     "cost; profit and ROI count them at cost 0 (first such row shown)")
        for r in rows
    ]  # fmt: skip


def _late(t, name: str, as_of: pd.Timestamp):
    """Rows of table ``name`` dated after ``as_of`` (None: it has no such date column)."""
    column = next(c.name for c in TABLES[name].columns if c.kind == "date" and c.required)
    if column not in t.columns:
        return None
    end = as_of.normalize() + pd.Timedelta(days=1)
    when = t[column].truncate("M") if name == "subscriptions" else t[column]
    return column, (when >= end.to_pydatetime()).fill_null(False)


def _after_as_of(source, typed, as_of: pd.Timestamp, scans: dict):
    """Ask the late rows of each table of ``scans``; returns the function that reads them."""
    keys = {}
    for name in TABLES:
        late = _late(scans[name].typed, name, as_of) if name in typed else None
        if late is not None:
            keys[name] = scans[name].count(late[1])

    def finish() -> list[QueryProblem]:
        out = []
        for name, key in keys.items():
            count = scans[name].number(key)
            if not count:
                continue
            t, stored = typed[name]
            column, late = _late(t, name, as_of)
            hits = t.filter(late).select(v=t[column], row=t[ROW])
            found = source.tables[name]
            ordered = hits.order_by("row" if found.line_offset is not None else "v")
            first = _fetch(source, ordered.limit(1))[0]
            message = (f"{count} row(s) dated after as_of {as_of.date().isoformat()} are left "
                       "out of the report")  # fmt: skip
            out.append(QueryProblem(found.label, first["row"], stored.get(column, column),
                                    first["v"].date().isoformat(), message))  # fmt: skip
        return out

    return finish
