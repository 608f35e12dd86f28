"""Spend family: CAC (total and per channel), marketing share of CAC, CPC, CTR, CPA, ROAS, ROI.

Channels are matched across Spend.channel, Customers.acquisition_channel and Orders.channel
case-insensitively, ignoring surrounding spaces; a channel is labelled as typed in Spend.

At weekly grain, when every Spend row is dated the 1st of a month (monthly cost rows, the
usual export), each row's amount, clicks and impressions are spread evenly over the days
of its month and a week gets the days it holds (``Ctx.spread_monthly``): otherwise the week
holding the 1st would carry the whole month and the other weeks a CAC of 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi import kpi as K
from xlkpi.engine.frames.base import Ctx, by_segment, keys, numbers, per_period, report_kpi
from xlkpi.kpi.catalogue import by_id
from xlkpi.kpi.marketing import cac_rows
from xlkpi.kpi.options import CAC_BASIS
from xlkpi.text import fold

SPEND = ("date", "channel", "category", "amount")
CUSTOMERS = ("acquired_date",)


def _spread_matrix(ctx: Ctx) -> tuple[np.ndarray, np.ndarray]:
    """(month index of each Spend row, months x periods share of each month's days)."""

    def make():
        month = ctx.frame("spend")["date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[M]")
        months, inverse = np.unique(month, return_inverse=True)
        share = np.zeros((len(months), ctx.n))
        for j, m in enumerate(months):
            days = np.arange(m.astype("datetime64[D]"), (m + 1).astype("datetime64[D]"))
            pos = ctx.pos(pd.Series(days.astype("datetime64[ns]")))
            share[j] = np.bincount(pos[pos >= 0], minlength=ctx.n)[: ctx.n] / len(days)
        return inverse.astype(np.intp), share

    return ctx.memo("spend:spread", make)


def _total(ctx: Ctx, weights: np.ndarray) -> np.ndarray:
    """Per-period sum of ``weights`` over the Spend rows (spread over days when monthly)."""
    if not ctx.spread_monthly:
        return ctx.count(ctx.rows_pos("spend"), weights)
    inverse, share = _spread_matrix(ctx)
    return np.bincount(inverse, weights=weights, minlength=len(share)) @ share


def _segments(ctx: Ctx, codes: np.ndarray, labels: list[str], weights: np.ndarray) -> np.ndarray:
    """(segments x periods) sums of ``weights`` over the Spend rows by code."""
    if not ctx.spread_monthly:
        return by_segment(ctx, ctx.rows_pos("spend"), codes, labels, weights)
    inverse, share = _spread_matrix(ctx)
    keep = codes >= 0
    size = len(labels) * len(share)
    flat = codes[keep] * len(share) + inverse[keep]
    sums = np.bincount(flat, weights=np.asarray(weights, dtype=float)[keep], minlength=size)
    return sums[:size].reshape(len(labels), len(share)) @ share


def _channels(ctx: Ctx) -> tuple[np.ndarray, list[str]]:
    return ctx.memo("spend:channels", lambda: keys(ctx.frame("spend")["channel"], lower=False))


def _match(ctx: Ctx, table: str, column: str) -> np.ndarray:
    """Codes of Spend's channels for ``table.column`` (-1 where blank or not a Spend channel)."""
    _, labels = _channels(ctx)
    index = {fold(label): i for i, label in enumerate(labels)}
    codes, found = _keys(ctx, table, column)
    remap = np.array([index.get(f, -1) for f in found] + [-1], dtype=np.intp)
    return remap[codes]


def _keys(ctx: Ctx, table: str, column: str) -> tuple[np.ndarray, list[str]]:
    """``keys`` of a channel column (case-folded), once per report: it is a million rows."""
    return ctx.memo(f"keys:{table}.{column}", lambda: keys(ctx.frame(table)[column]))


def _amount(ctx: Ctx, category: str | None = None) -> np.ndarray:
    """Spend amount of each row in ``category``, or in marketing or sales when ``None``
    (a row of another category is a data-quality finding and costs nothing here)."""
    frame = ctx.frame("spend")
    amount = np.nan_to_num(numbers(frame, "amount"))
    codes, labels = ctx.memo("spend:category", lambda: keys(frame["category"]))
    wanted = [category] if category is not None else ["marketing", "sales"]
    hit = np.isin(codes, [labels.index(c) for c in wanted if c in labels])
    return np.where(hit, amount, 0.0)


def _by_channel(ctx: Ctx, column: str | None = None) -> np.ndarray:
    """(channels x periods) sums of Spend ``column`` (``None``: amount).

    For clicks and impressions a channel-period without any reported value is NaN (not
    reported is not zero clicks), so CPC and CTR are not defined there.
    """
    codes, labels = _channels(ctx)
    if column is None:
        return _segments(ctx, codes, labels, _amount(ctx))
    values = numbers(ctx.frame("spend"), column)
    sums = _segments(ctx, codes, labels, np.nan_to_num(values))
    reported = _segments(ctx, codes, labels, (~np.isnan(values)).astype(float))
    return np.where(reported > 0, sums, np.nan)


def _new_by_channel(ctx: Ctx) -> np.ndarray:
    _, labels = _channels(ctx)
    codes = _match(ctx, "customers", "acquisition_channel")
    return by_segment(ctx, ctx.rows_pos("customers"), codes, labels)


def _per_channel(ctx: Ctx, fn, numerator: np.ndarray, denominator: np.ndarray):
    _, labels = _channels(ctx)
    return {label: per_period(fn, numerator[i], denominator[i]) for i, label in enumerate(labels)}


def _cac_amount(ctx: Ctx) -> np.ndarray:
    """Spend amount of each row that acquisition cost counts under Settings ``cac_basis``
    (``xlkpi.kpi.marketing.cac_rows``: one definition with ``acquisition_spend``)."""
    frame = ctx.frame("spend")
    codes, labels = ctx.memo("spend:category", lambda: keys(frame["category"]))

    def of(category: str) -> np.ndarray:
        return codes == labels.index(category) if category in labels else codes < -1

    basis = ctx.settings.cac_basis
    clicks = numbers(frame, "clicks") if basis == CAC_BASIS.PAID else None  # Choice.reads of "paid"
    rows = cac_rows(of("marketing"), of("sales"), basis, clicks)
    return np.where(rows, np.nan_to_num(numbers(frame, "amount")), 0.0)


def _cac_readable(ctx: Ctx) -> bool:
    """Whether Spend has every column CAC reads under the options in force."""
    needs = by_id("cac").needs_for(ctx.settings)
    return all(ctx.has(table, *columns) for table, columns in needs if table == "spend")


def _cac_by_channel(ctx: Ctx) -> np.ndarray:
    """(channels x periods) acquisition cost under ``cac_basis``: KPI Data's ``cac[channel]``
    and the channel table's CAC divide the same sums."""
    codes, labels = _channels(ctx)
    return ctx.memo("spend:cac", lambda: _segments(ctx, codes, labels, _cac_amount(ctx)))


@report_kpi("cac")
def cac(ctx: Ctx):
    spend = _cac_amount(ctx)
    out = {"": per_period(K.cac, _total(ctx, spend), ctx.count(ctx.rows_pos("customers")))}
    if ctx.has("customers", "acquisition_channel"):
        out.update(_per_channel(ctx, K.cac, _cac_by_channel(ctx), _new_by_channel(ctx)))
    return out


@report_kpi("marketing_pct_of_cac")
def marketing_pct_of_cac(ctx: Ctx) -> np.ndarray:
    marketing = _total(ctx, _amount(ctx, "marketing"))
    sales = _total(ctx, _amount(ctx, "sales"))
    return per_period(K.marketing_pct_of_cac, marketing, sales)


@report_kpi("cpc")
def cpc(ctx: Ctx):
    return _per_channel(ctx, K.cpc, _by_channel(ctx), _by_channel(ctx, "clicks"))


@report_kpi("ctr")
def ctr(ctx: Ctx):
    return _per_channel(ctx, K.ctr, _by_channel(ctx, "clicks"), _by_channel(ctx, "impressions"))


@report_kpi("cpa")
def cpa(ctx: Ctx):
    return _per_channel(ctx, K.cpa, _by_channel(ctx), _new_by_channel(ctx))


def _revenue_by_channel(ctx: Ctx) -> np.ndarray:
    from xlkpi.engine.frames.orders import completed

    _, labels = _channels(ctx)
    codes = np.where(completed(ctx), _match(ctx, "orders", "channel"), -1)
    revenue = np.nan_to_num(numbers(ctx.frame("orders"), "revenue"))
    return by_segment(ctx, ctx.rows_pos("orders"), codes, labels, revenue)


@report_kpi("roas")
def roas(ctx: Ctx):
    return _per_channel(ctx, K.roas, _revenue_by_channel(ctx), _by_channel(ctx))


@report_kpi("roi")
def roi(ctx: Ctx) -> np.ndarray:
    """(profit, or revenue without an Orders cost column, - spend) / spend."""
    from xlkpi.engine.frames import orders

    gain = orders.revenue(ctx)
    if ctx.has("orders", "cost"):
        gain = gain - orders.cost(ctx)
    spend = _total(ctx, _amount(ctx))
    return per_period(K.roi, gain, spend)


NO_CHANNEL = "(no channel)"


def _all_channels(ctx: Ctx) -> tuple[list[str], dict[str, np.ndarray]]:
    """Every channel of Spend, Customers.acquisition_channel and Orders.channel.

    Returns the labels (Spend's channels first, as typed, then the others in lower case, then
    ``NO_CHANNEL`` for customers and orders without one) and, for customers and orders,
    each row's index into the labels, so that the rows add up to the Dashboard's totals.
    """
    spend_labels = list(_channels(ctx)[1])
    others: dict[str, str] = {}
    found: dict[str, tuple[np.ndarray, list[str]]] = {}
    for table, column in (("customers", "acquisition_channel"), ("orders", "channel")):
        if not ctx.has(table):
            continue
        if column in ctx.frame(table).columns:
            found[table] = _keys(ctx, table, column)
        else:  # no channel column: every row is "(no channel)"
            found[table] = (np.full(len(ctx.frame(table)), -1, dtype=np.intp), [])
        for label in found[table][1]:
            others.setdefault(fold(label), label)
    for label in spend_labels:
        others.pop(fold(label), None)
    labels = spend_labels + sorted(others.values(), key=fold)
    index = {fold(label): i for i, label in enumerate(labels)}
    none = len(labels)
    codes = {}
    for table, (table_codes, table_labels) in found.items():
        remap = np.array([index[fold(t)] for t in table_labels] + [none], dtype=np.intp)
        codes[table] = remap[table_codes]
    if any((c == none).any() for c in codes.values()):
        labels.append(NO_CHANNEL)
    return labels, codes


def channels(ctx: Ctx) -> pd.DataFrame | None:
    """Per channel over the whole report range: every channel of Spend, Customers and
    Orders, so that new customers and revenue add up to the Dashboard's totals (a
    channel without Spend rows has no spend, CAC or ROAS)."""
    if not ctx.has("spend", *SPEND) or ctx.n == 0:
        return None
    labels, codes = _all_channels(ctx)
    frame = ctx.frame("spend")
    spent = len(_channels(ctx)[1])
    nan = np.full(len(labels), np.nan)

    def total(column: str | None) -> np.ndarray:
        if column is not None and column not in frame.columns:
            return nan
        sums = _by_channel(ctx, column)
        out = nan.copy()
        out[:spent] = np.where(np.isnan(sums).all(axis=1), np.nan, np.nansum(sums, axis=1))
        return out

    def rows(table: str, weights=None) -> np.ndarray:
        if table not in codes:
            return nan
        pos = ctx.rows_pos(table)
        return by_segment(ctx, pos, codes[table], labels, weights).sum(axis=1)

    spend, clicks, shows = total(None), total("clicks"), total("impressions")
    new = rows("customers") if ctx.has("customers", *CUSTOMERS) else nan
    acquisition = nan.copy()  # what CAC divides under cac_basis (spend: fully loaded)
    if _cac_readable(ctx):  # e.g. cac_basis paid reads Spend.clicks (Choice.reads)
        acquisition[:spent] = _cac_by_channel(ctx).sum(axis=1)
    revenue = nan
    if ctx.has("orders", "order_date", "revenue"):
        from xlkpi.engine.frames.orders import completed

        value = np.nan_to_num(numbers(ctx.frame("orders"), "revenue"))
        revenue = rows("orders", np.where(completed(ctx), value, 0.0))
    table = pd.DataFrame(
        {
            "channel": labels,
            "spend": spend,
            "clicks": clicks,
            "impressions": shows,
            "ctr": per_period(K.ctr, clicks, shows),
            "cpc": per_period(K.cpc, spend, clicks),
            "new_customers": new,
            "cac": per_period(K.cac, acquisition, new),
            "revenue": revenue,
            "roas": per_period(K.roas, revenue, spend),
        }
    )
    # the Total row's CAC: KPI Data's cac over the whole range (the sheet's SUM formula
    # divides all spend, which is the definition under the fully loaded basis only)
    counted = np.array([np.nansum(new) if ctx.has("customers", *CUSTOMERS) else np.nan])
    table.attrs["cac"] = float(
        per_period(K.cac, acquisition[:spent].sum(keepdims=True), counted)[0]
    )
    return table
