"""Spend family: CAC (total and per channel), marketing share of CAC, CPC, CTR, CPA, ROAS, ROI.

Channels are matched across Spend.channel, Customers.acquisition_channel and Orders.channel
case-insensitively, ignoring surrounding spaces; a channel is labelled as typed in Spend.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi import kpi as K
from xlkpi.report.kpis_base import Ctx, by_segment, keys, numbers, per_period, report_kpi

SPEND = ("date", "channel", "category", "amount")
CUSTOMERS = ("acquired_date",)


def _channels(ctx: Ctx) -> tuple[np.ndarray, list[str]]:
    return ctx.memo("spend:channels", lambda: keys(ctx.frame("spend")["channel"], lower=False))


def _match(ctx: Ctx, table: str, column: str) -> np.ndarray:
    """Codes of Spend's channels for ``table.column`` (-1 where blank or not a Spend channel)."""
    _, labels = _channels(ctx)
    index = {label.casefold(): i for i, label in enumerate(labels)}
    codes, found = keys(ctx.frame(table)[column])
    remap = np.array([index.get(f, -1) for f in found] + [-1], dtype=np.int64)
    return remap[codes]


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
    pos = ctx.rows_pos("spend")
    if column is None:
        return by_segment(ctx, pos, codes, labels, _amount(ctx))
    values = numbers(ctx.frame("spend"), column)
    sums = by_segment(ctx, pos, codes, labels, np.nan_to_num(values))
    reported = by_segment(ctx, np.where(np.isnan(values), -1, pos), codes, labels)
    return np.where(reported > 0, sums, np.nan)


def _new_by_channel(ctx: Ctx) -> np.ndarray:
    _, labels = _channels(ctx)
    codes = _match(ctx, "customers", "acquisition_channel")
    return by_segment(ctx, ctx.rows_pos("customers"), codes, labels)


def _per_channel(ctx: Ctx, fn, numerator: np.ndarray, denominator: np.ndarray):
    _, labels = _channels(ctx)
    return {label: per_period(fn, numerator[i], denominator[i]) for i, label in enumerate(labels)}


@report_kpi("cac")
def cac(ctx: Ctx):
    total = ctx.count(ctx.rows_pos("spend"), _amount(ctx))
    new = ctx.count(ctx.rows_pos("customers"))
    out = {"": per_period(K.cac, total, new)}
    if ctx.has("customers", "acquisition_channel"):
        out.update(_per_channel(ctx, K.cac, _by_channel(ctx), _new_by_channel(ctx)))
    return out


@report_kpi("marketing_pct_of_cac")
def marketing_pct_of_cac(ctx: Ctx) -> np.ndarray:
    pos = ctx.rows_pos("spend")
    marketing = ctx.count(pos, _amount(ctx, "marketing"))
    sales = ctx.count(pos, _amount(ctx, "sales"))
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
    from xlkpi.report.kpis_orders import completed

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
    from xlkpi.report import kpis_orders

    gain = kpis_orders.revenue(ctx)
    if ctx.has("orders", "cost"):
        gain = gain - kpis_orders._sum(ctx, "cost")
    spend = ctx.count(ctx.rows_pos("spend"), _amount(ctx))
    return per_period(K.roi, gain, spend)


def channels(ctx: Ctx) -> pd.DataFrame | None:
    """Per Spend channel over the whole report range."""
    if not ctx.has("spend", *SPEND) or ctx.n == 0:
        return None
    _, labels = _channels(ctx)
    frame = ctx.frame("spend")
    nan = np.full(len(labels), np.nan)

    def total(column: str | None) -> np.ndarray:
        if column is not None and column not in frame.columns:
            return nan
        sums = _by_channel(ctx, column)
        return np.where(np.isnan(sums).all(axis=1), np.nan, np.nansum(sums, axis=1))

    spend, clicks, shows = total(None), total("clicks"), total("impressions")
    has_new = ctx.has("customers", *CUSTOMERS, "acquisition_channel")
    new = _new_by_channel(ctx).sum(axis=1) if has_new else nan
    has_revenue = ctx.has("orders", "order_date", "revenue", "channel")
    revenue = _revenue_by_channel(ctx).sum(axis=1) if has_revenue else nan
    return pd.DataFrame(
        {
            "channel": labels,
            "spend": spend,
            "clicks": clicks,
            "impressions": shows,
            "ctr": per_period(K.ctr, clicks, shows),
            "cpc": per_period(K.cpc, spend, clicks),
            "new_customers": new,
            "cac": per_period(K.cac, spend, new),
            "revenue": revenue,
            "roas": per_period(K.roas, revenue, spend),
        }
    )
