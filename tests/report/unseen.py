"""Report inputs unlike the sample: another seed, a latest month cut at day 16 of 31
(the partial period), and the same data at weekly grain."""

from __future__ import annotations

import pandas as pd

from xlkpi.data.sample import sample_tables

AS_OF = "2026-10-16"  # October 2026: 16 of 31 days


def unseen_tables(period: str = "month", *, seed: int = 7, as_of: str = AS_OF) -> dict:
    """The sample's sheets from ``seed``, read as of ``as_of`` at ``period`` grain."""
    tables = sample_tables(seed=seed)
    settings = tables["Settings"].copy()
    settings.loc[settings["key"] == "as_of", "value"] = as_of
    settings.loc[settings["key"] == "period", "value"] = period
    tables["Settings"] = settings
    return tables


def one_customer_channel(tables: dict, channel: str = "Events", to: str = "Email") -> dict:
    """``tables`` where ``channel`` brought one customer (its others moved to ``to``): that
    channel's CAC is its whole spend, an outlier that flattens a CAC chart."""
    customers = tables["Customers"].copy()
    rows = customers.index[customers["acquisition_channel"] == channel]
    customers.loc[rows[1:], "acquisition_channel"] = to
    return {**tables, "Customers": customers}


def month_end_spend(tables: dict) -> dict:
    """``tables`` with Spend booked on the last day of each month (an invoice date)."""
    spend = tables["Spend"].copy()
    spend["date"] = spend["date"].dt.to_period("M").dt.end_time.dt.normalize()
    return {**tables, "Spend": spend}


def latest_gaps(tables: dict, since: str = "2026-10-01") -> dict:
    """``tables`` without NPS responses, sessions and leads from ``since`` on: the latest
    period's NPS, conversion and funnel are not defined (its live formulas divide by 0)."""
    dates = {"NPS": "response_date", "Sessions": "session_date", "Leads": "created_date"}
    out = dict(tables)
    for sheet, column in dates.items():
        frame = tables[sheet]
        out[sheet] = frame[frame[column] < pd.Timestamp(since)]
    return out
