"""Side table ``channels``: per channel over the whole report range, spend, clicks,
impressions, CTR, CPC, new customers, CAC, revenue and ROAS.

Every channel of Spend (trimmed, as typed), then those only in Customers.acquisition_channel
or Orders.channel (lower case), then ``(no channel)`` for customers and orders without one,
so that new customers and revenue add up to the Dashboard's totals. Customers and orders
match a Spend channel case-insensitively (the last in sort order where Spend spells one
channel two ways). A channel without Spend rows has no spend, CAC or ROAS; clicks and
impressions no row reported are NULL, not 0. CAC divides what ``cac.basis`` counts (NULL
when Spend lacks a column the basis reads); the table's ``attrs["cac"]`` is the CAC of the
whole range (all acquisition cost over all new customers). At weekly grain over monthly
Spend rows the sums are those of the spread (:func:`xlkpi.engine.spend.facts`), over the
report's periods.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from xlkpi.engine import keys as K
from xlkpi.engine import orders as O
from xlkpi.engine import spend as S
from xlkpi.engine.plan import div
from xlkpi.engine.side import Side, floats, side_table
from xlkpi.kpi.catalogue import by_id
from xlkpi.text import fold

NO_CHANNEL = "(no channel)"
COLUMNS = ("spend", "clicks", "impressions", "ctr", "cpc", "new_customers", "cac", "revenue",
           "roas")  # fmt: skip
SUMS = ("spend", "clicks", "clicks_n", "impressions", "impressions_n", "acquisition")


def _shape(frame: pd.DataFrame, side: Side, ords: np.ndarray) -> pd.DataFrame:
    # Spend's channels as typed (code point order), then the others case-insensitively
    order = [(r, fold(c) if r else c) for r, c in zip(frame["rank"], frame.channel, strict=True)]
    frame = frame.assign(order=order)
    frame = frame.sort_values("order", kind="stable")
    table = pd.DataFrame({"channel": frame.channel.tolist(), **floats(frame, COLUMNS)})
    total = floats(frame, ["total_cac"])["total_cac"]
    table.attrs["cac"] = float(total[0]) if len(total) else float("nan")
    return table


def _spend(side: Side) -> ibis.Table:
    """Per Spend channel (label, key): the sums over the report's periods."""
    f = S.facts(side.plan, side.grid)
    f = f.filter(f.channel.notnull())
    f = f.group_by("channel").aggregate(
        spend=f.amount.sum(),
        clicks=f.clicks.sum(),
        clicks_n=f.clicks_n.sum(),
        impressions=f.impressions.sum(),
        impressions_n=f.impressions_n.sum(),
        acquisition=f.cac.sum(),
    )
    return f.mutate(key=K.fold(f.channel))


def _matched(t: ibis.Table, owner: ibis.Table, **values) -> ibis.Table:
    """Rows of ``t`` (with ``key``, NULL = no channel) summed by their channel label: the
    Spend channel owning the key, else the key, else ``NO_CHANNEL``."""
    j = t.left_join(owner, t.key == owner.key_owner)
    label = ibis.coalesce(j.owner, j.key, ibis.literal(NO_CHANNEL))
    rank = ibis.ifelse(j.owner.notnull(), 0, ibis.ifelse(j.key.notnull(), 1, 2))
    j = j.mutate(label=label, rank=rank)
    return j.group_by(["label", "rank"]).aggregate(**{k: v(j) for k, v in values.items()})


def _keyed(side: Side, table: str, column: str) -> ibis.Table:
    t = side.plan.table(table)
    key = K.fold(S._text(t[column])) if column in t.columns else ibis.literal(None, "string")
    return t.mutate(key=key)


def _cac_readable(side: Side) -> bool:
    needs = by_id("cac").needs_for(side.plan.settings)
    return all(side.plan.has(t, *c) for t, c in needs if t == "spend")


@side_table("channels", "Channels over the whole range", _shape, kpis=("cac", "cpc", "ctr", "roas"))
def channels(side: Side) -> ibis.Table | None:
    plan = side.plan
    if not plan.has("spend", "date", "channel", "category", "amount"):
        return None
    spent = _spend(side)
    owner = spent.group_by("key").aggregate(owner=spent.channel.max()).rename(key_owner="key")
    parts = [spent.select(label="channel", rank=ibis.literal(0))]
    joined = {}
    if plan.has("customers"):
        c = _matched(_keyed(side, "customers", "acquisition_channel"), owner,
                     new=lambda j: j.count())  # fmt: skip
        joined["customers"] = c
        parts.append(c.select("label", "rank"))
    if plan.has("orders"):
        o = _keyed(side, "orders", "channel")
        o = o.mutate(gain=ibis.ifelse(O.completed(plan, o), _revenue(o), 0.0))
        o = _matched(o, owner, revenue=lambda j: j.gain.sum())
        joined["orders"] = o
        parts.append(o.select("label", "rank"))
    every = ibis.union(*parts, distinct=True) if len(parts) > 1 else parts[0]
    every = every.group_by("label").aggregate(rank=every["rank"].min())
    g = every.left_join(spent, every.label == spent.channel)
    g = g.select(*every.columns, *[g[c] for c in SUMS])
    for name, part in joined.items():
        value = "new" if name == "customers" else "revenue"
        right = part.select(label_r="label", **{value: part[value]})
        g = g.left_join(right, g.label == right.label_r).drop("label_r")
    return _columns(side, g)


def _revenue(o: ibis.Table) -> ibis.Value:
    return o.revenue.fill_null(0.0) if "revenue" in o.columns else ibis.literal(0.0)


def _columns(side: Side, g: ibis.Table) -> ibis.Table:
    plan = side.plan
    null = ibis.null("float64")
    clicks = ibis.ifelse(g.clicks_n > 0, g.clicks, null)
    shows = ibis.ifelse(g.impressions_n > 0, g.impressions, null)
    counted = plan.has("customers", "acquired_date")
    new = g.new.fill_null(0).cast("float64") if counted else null
    paid = plan.has("orders", "order_date", "revenue")
    revenue = g.revenue.fill_null(0.0) if paid else null
    acquisition = g.acquisition if _cac_readable(side) else null
    whole = ibis.window()
    all_cost = acquisition.sum().over(whole).fill_null(0.0) if _cac_readable(side) else null
    all_new = new.sum().over(whole) if counted else null
    return g.select(
        channel=g.label,
        rank=g["rank"],
        spend=g.spend,
        clicks=clicks,
        impressions=shows,
        ctr=div(clicks, shows),
        cpc=div(g.spend, clicks),
        new_customers=new,
        cac=div(acquisition, new),
        revenue=revenue,
        roas=div(revenue, g.spend),
        total_cac=div(all_cost, all_new),
    )
