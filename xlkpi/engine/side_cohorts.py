"""Side table ``cohorts``: the share of each acquisition cohort still active k report periods
later (the cohort triangle; NULL in the future).

With Customers (acquired_date, churned_date): cohort = period of acquired_date; active k
periods later = not churned by that period (churned in a later period, or not at all).
Otherwise, with Orders: the customers with a completed order; cohort = period of their
acquired_date in Customers (customers not in it are left out; the earliest where an id is
there twice), else of their first completed order; active = a completed order in that
period. Periods are the report's (every table's); a cohort row for each period that
acquired someone.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from xlkpi.engine import orders as O
from xlkpi.engine.plan import div
from xlkpi.engine.side import Side, labels, side_table


def _shape(frame: pd.DataFrame, side: Side, ords: np.ndarray) -> pd.DataFrame:
    n, first = len(ords), int(ords[0])
    sizes = frame.groupby("a")["size"].first().sort_index()
    row = {int(a): i for i, a in enumerate(sizes.index)}
    share = np.full((len(sizes), n), np.nan)
    a = frame.a.to_numpy(dtype=np.int64)
    k = frame.k.to_numpy(dtype=np.int64)
    ok = (a - first + k) < n  # inside the report (the rest is the future)
    rows = np.array([row[int(x)] for x in a[ok]], dtype=np.int64)
    share[rows, k[ok]] = pd.to_numeric(frame.share, errors="coerce").to_numpy(float)[ok]
    index = pd.Index(labels(side.plan.kind, sizes.index.to_numpy()), name="cohort")
    out = pd.DataFrame(share, index=index, columns=list(range(n)))
    out.attrs["sizes"] = sizes.to_numpy(dtype=float).tolist()
    return out


def _triangle(side: Side, cohort: ibis.Table, active: ibis.Table) -> ibis.Table:
    """Per (cohort ``a``, age ``k``) inside the report: size and share active.

    ``cohort``: (a, size); ``active``: (a, p, alive) customers of cohort a active in p."""
    g = side.grid
    j = cohort.join(g, g.p >= cohort.a)
    right = active.rename(a_act="a", p_act="p")
    j = j.left_join(right, (j.a == right.a_act) & (j.p == right.p_act))
    alive = j.alive.fill_null(0)
    return j.select(a=j.a, k=j.p - j.a, size=j["size"], share=div(alive, j["size"]))


def _by_customers(side: Side) -> ibis.Table:
    plan = side.plan
    t = plan.table("customers")
    t = t.mutate(a=plan.ordinal(t.acquired_date), c=plan.ordinal(t.churned_date))
    per = t.group_by(["a", "c"]).aggregate(n=t.count())
    cohort = per.group_by("a").aggregate(size=per.n.sum())
    g = side.grid
    j = per.join(g, g.p >= per.a)
    still = j.c.isnull() | (j.p < j.c)
    j = j.filter(still)
    active = j.group_by(["a", "p"]).aggregate(alive=j.n.sum())
    return _triangle(side, cohort, active)


def _by_orders(side: Side) -> ibis.Table:
    plan = side.plan
    bought = O.buyers(plan).select("customer_id", "p")
    if plan.has("customers", "acquired_date", "customer_id"):
        t = plan.table("customers").filter(ibis._.customer_id.notnull())
        start = t.group_by("customer_id").aggregate(a=plan.ordinal(t.acquired_date).min())
        who = bought.select("customer_id").distinct()
        start = who.join(start, "customer_id").select("customer_id", "a")
    else:
        start = bought.group_by("customer_id").aggregate(a=bought.p.min())
    cohort = start.group_by("a").aggregate(size=start.count())
    j = bought.join(start, "customer_id")
    j = j.filter(j.p >= j.a)
    active = j.group_by(["a", "p"]).aggregate(alive=j.count())
    return _triangle(side, cohort, active)


@side_table("cohorts", "Cohort retention triangle", _shape, kpis=("new_customers",))
def cohorts(side: Side) -> ibis.Table | None:
    plan = side.plan
    if plan.has("customers", "acquired_date", "churned_date"):
        return _by_customers(side)
    if plan.has("orders", "order_date", "customer_id", "revenue"):
        return _by_orders(side)
    return None
