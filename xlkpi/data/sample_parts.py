"""The tables of the sample data set, one generator each (see :mod:`xlkpi.data.sample`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi.data.grain import GRAINS

# channel -> (share of new customers, marketing originated?)
CHANNELS = {
    "Paid search": (0.24, True),
    "LinkedIn": (0.16, True),
    "Email": (0.10, True),
    "Organic": (0.18, True),
    "Referral": (0.10, False),
    "Events": (0.08, True),
    "Sales outbound": (0.14, False),
}
PLANS = np.array([199.0, 499.0, 999.0, 2499.0])
PLAN_SHARE = np.array([0.40, 0.32, 0.20, 0.08])
SEGMENTS = {199.0: "SMB", 499.0: "SMB", 999.0: "Mid-market", 2499.0: "Enterprise"}


def _days(rng, start, end, n, growth=0.0):
    """``n`` random dates in [start, end], denser towards the end when ``growth`` > 0."""
    span = (end - start).days
    u = rng.random(n)
    if growth:
        u = np.log1p(u * np.expm1(growth)) / growth  # exponential density rising over time
    return (start + pd.to_timedelta(np.floor(u * (span + 1)), unit="D")).sort_values()


def customers(rng, start, end, n):
    acquired = pd.DatetimeIndex(_days(rng, start, end, n, growth=0.8))
    names = list(CHANNELS)
    channel = rng.choice(names, size=n, p=[CHANNELS[c][0] for c in names])
    marketing = np.array([CHANNELS[c][1] for c in channel])
    marketing |= (channel == "Referral") & (rng.random(n) < 0.3)
    # monthly churn hazard about 2 %: months until churn are geometric
    months = rng.geometric(0.02, size=n)
    churned = acquired + pd.to_timedelta(np.floor(months * 30.4) + rng.integers(0, 20, n), unit="D")
    churned = churned.where(churned <= end)
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:04d}" for i in range(1, n + 1)],
            "acquired_date": acquired.astype("datetime64[ns]"),
            "acquisition_channel": pd.array(channel, dtype="str"),
            "marketing_originated": marketing,
            "churned_date": pd.DatetimeIndex(churned).astype("datetime64[ns]"),
        }
    )


def subscriptions(rng, cust, end):
    """Monthly MRR of ~70 % of the customers, with expansion, contraction, churn, comebacks."""
    rows, reactivated = [], []
    last_month = end.to_period("M")
    for cid, acq, churn in cust[["customer_id", "acquired_date", "churned_date"]].itertuples(
        index=False
    ):
        if rng.random() > 0.7:
            continue
        mrr = float(rng.choice(PLANS, p=PLAN_SHARE))
        month = acq.to_period("M")
        stop = churn.to_period("M") if pd.notna(churn) else last_month + 1
        comeback = pd.notna(churn) and rng.random() < 0.08 and stop + 3 <= last_month
        while month < stop:
            rows.append((month.to_timestamp(), cid, mrr))
            draw = rng.random()
            if draw < 0.05:
                mrr = round(mrr * rng.uniform(1.2, 1.5), -1)
            elif draw < 0.08:
                mrr = max(99.0, round(mrr * rng.uniform(0.7, 0.9), -1))
            month += 1
        if comeback:
            reactivated.append(cid)
            month = stop + int(rng.integers(2, 4))
            while month <= last_month:
                rows.append((month.to_timestamp(), cid, mrr))
                month += 1
    subs = pd.DataFrame(rows, columns=["month", "customer_id", "mrr"])
    subs = subs.sort_values(["month", "customer_id"], ignore_index=True)
    subs["month"] = subs["month"].astype("datetime64[ns]")
    subs["customer_id"] = subs["customer_id"].astype("str")
    return subs, reactivated


def _active_at(cust, dates):
    """For each date, the customers active on it (acquired on or before, not yet churned)."""
    acq = cust["acquired_date"].to_numpy()
    churn = cust["churned_date"].fillna(pd.Timestamp.max).to_numpy()
    return [np.flatnonzero((acq <= d) & (churn > d)) for d in dates.to_numpy()]


def orders(rng, cust, end, n):
    """A first order on each acquisition date, then repeat orders while the customer is active.

    Repeat orders arrive at a constant rate per active customer-month, chosen so that the
    expected total is about ``n``.
    """
    acq = cust["acquired_date"]
    stop = cust["churned_date"].fillna(end + pd.Timedelta(days=1))
    active_days = (stop - acq).dt.days.clip(lower=1).to_numpy()
    per_day = (n - len(cust)) / active_days.sum()
    repeats = rng.poisson(per_day * active_days).astype(np.intp)  # 32-bit in Pyodide
    owner = np.repeat(np.arange(len(cust)), repeats)
    offset = np.floor(rng.random(len(owner)) * active_days[owner])
    repeat_dates = acq.to_numpy()[owner] + pd.to_timedelta(offset, unit="D").to_numpy()
    k_first, k = len(cust), len(cust) + len(owner)
    repeat_channel = rng.choice(
        ["Email", "Organic", "Direct", "Paid search"], len(owner), p=[0.4, 0.25, 0.25, 0.1]
    )
    frame = pd.DataFrame(
        {
            "order_date": np.concatenate([acq.to_numpy(), repeat_dates]),
            "customer_id": np.concatenate(
                [cust["customer_id"].to_numpy(), cust["customer_id"].to_numpy()[owner]]
            ),
            "channel": np.concatenate([cust["acquisition_channel"].to_numpy(), repeat_channel]),
            "first": np.arange(k) < k_first,
        }
    ).sort_values(
        ["order_date", "first"], ascending=[True, False], kind="stable", ignore_index=True
    )
    revenue = np.round(rng.lognormal(np.log(900), 0.7, k), 2)
    status = rng.choice(
        ["paid", "refunded", "returned", "cancelled"], k, p=[0.92, 0.03, 0.03, 0.02]
    )
    device = rng.choice(["desktop", "mobile", "tablet"], k, p=[0.72, 0.21, 0.07])
    return pd.DataFrame(
        {
            "order_id": np.arange(100001, 100001 + k, dtype="int64"),
            "order_date": frame["order_date"].astype("datetime64[ns]"),
            "customer_id": frame["customer_id"].astype("str"),
            "revenue": revenue,
            "cost": np.round(revenue * rng.uniform(0.52, 0.7, k), 2),
            "status": pd.array(status, dtype="str"),
            "channel": frame["channel"].astype("str"),
            "device": pd.array(device, dtype="str"),
        }
    )


def sessions(rng, start, end, n):
    dates = _days(rng, start, end, n, growth=0.6)
    sources = np.array(["organic", "paid", "email", "social", "referral", "direct"])
    source = rng.choice(sources, n, p=[0.34, 0.22, 0.12, 0.08, 0.06, 0.18])
    device = rng.choice(["desktop", "mobile", "tablet"], n, p=[0.62, 0.32, 0.06])
    pageviews = np.where(rng.random(n) < 0.42, 1, 1 + rng.geometric(0.3, n))
    duration = np.where(
        pageviews == 1, rng.exponential(14, n), rng.lognormal(np.log(150), 0.8, n) * pageviews / 3
    ).round(0)
    conv_rate = np.select(
        [source == "email", source == "paid", source == "direct"], [0.085, 0.06, 0.05], 0.028
    )
    converted = (rng.random(n) < conv_rate) & (pageviews > 1)
    visitors = rng.integers(1, int(n * 0.62), n)
    return pd.DataFrame(
        {
            "session_date": pd.DatetimeIndex(dates).astype("datetime64[ns]"),
            "visitor_id": pd.array([f"V{v:05d}" for v in visitors], dtype="str"),
            "pageviews": pageviews.astype("int64"),
            "device": pd.array(device, dtype="str"),
            "source": pd.array(source, dtype="str"),
            "converted": converted,
            "micro_converted": converted | (rng.random(n) < 0.09),
            "email_optin": rng.random(n) < np.where(source == "email", 0.01, 0.04),
            "duration_seconds": duration,
        }
    )


def leads(rng, cust, start, end):
    """A lead for every marketing-originated customer (won), plus leads that did not close."""
    won = cust[cust["marketing_originated"]]
    m = len(won)
    acq = pd.DatetimeIndex(won["acquired_date"])
    created = acq - pd.to_timedelta(rng.integers(20, 90, m), unit="D")
    created = created.where(created >= start, start)
    mql = (created + (acq - created) * rng.uniform(0.0, 0.3, m)).floor("D")
    sql = (mql + (acq - mql) * rng.uniform(0.3, 0.8, m)).floor("D")
    won_rows = pd.DataFrame(
        {
            "created_date": created,
            "source": won["acquisition_channel"].to_numpy(),
            "mql_date": mql,
            "sql_date": sql,
            "won_date": acq,
            "customer_id": won["customer_id"].to_numpy(),
        }
    )
    k = 8 * m
    created = pd.DatetimeIndex(_days(rng, start, end, k, growth=0.7))
    is_mql = rng.random(k) < 0.36
    is_sql = is_mql & (rng.random(k) < 0.33)
    mql = (created + pd.to_timedelta(rng.integers(0, 14, k), unit="D")).where(is_mql)
    sql = (mql + pd.to_timedelta(rng.integers(3, 30, k), unit="D")).where(is_sql)
    lost = pd.DataFrame(
        {
            "created_date": created,
            "source": rng.choice(
                ["Paid search", "LinkedIn", "Email", "Organic", "Events"],
                k,
                p=[0.32, 0.22, 0.14, 0.22, 0.10],
            ),
            "mql_date": mql.where(mql <= end),
            "sql_date": sql.where(sql <= end),
            "won_date": pd.NaT,
            "customer_id": None,
        }
    )
    out = pd.concat([won_rows, lost], ignore_index=True).sort_values(
        "created_date", kind="stable", ignore_index=True
    )
    frame = pd.DataFrame(
        {"lead_id": pd.array([f"L{i:05d}" for i in range(1, len(out) + 1)], dtype="str")}
    )
    for column in ("created_date", "mql_date", "sql_date", "won_date"):
        frame[column] = pd.to_datetime(out[column]).astype("datetime64[ns]")
    frame.insert(2, "source", out["source"].astype("str"))
    frame["customer_id"] = out["customer_id"].astype("str")
    return frame


def spend(rng, start, end):
    """Monthly cost per channel: marketing programmes, and the sales team's outbound cost."""
    months = pd.date_range(start, end, freq="MS")
    budget = {
        "Paid search": 14000,
        "LinkedIn": 9000,
        "Email": 1800,
        "Organic": 4500,
        "Events": 6000,
        "Sales outbound": 21000,
    }
    cpm = {"Paid search": 38.0, "LinkedIn": 55.0}
    ctr = {"Paid search": 0.031, "LinkedIn": 0.0085}
    rows = []
    for t, month in enumerate(months):
        growth = 1 + 0.015 * t
        for channel, base in budget.items():
            amount = round(base * growth * rng.uniform(0.85, 1.15), 2)
            if channel == "Events" and month.month not in (3, 6, 9, 11):
                amount = round(amount * 0.2, 2)
            impressions = clicks = np.nan
            if channel in cpm:
                impressions = float(round(amount / cpm[channel] * 1000))
                clicks = float(round(impressions * ctr[channel] * rng.uniform(0.85, 1.15)))
            category = "sales" if channel == "Sales outbound" else "marketing"
            rows.append((month, channel, category, amount, impressions, clicks))
    frame = pd.DataFrame(
        rows, columns=["date", "channel", "category", "amount", "impressions", "clicks"]
    )
    frame["date"] = frame["date"].astype("datetime64[ns]")
    for column in ("channel", "category"):
        frame[column] = frame[column].astype("str")
    return frame


def nps(rng, cust, subs, start, end, n):
    """Survey responses of active customers; about 3 % left the score blank."""
    dates = pd.DatetimeIndex(_days(rng, start + pd.Timedelta(days=30), end, n, growth=0.5))
    tier = subs.groupby("customer_id")["mrr"].first()
    out = []
    for d, active in zip(dates, _active_at(cust, dates), strict=True):
        i = rng.choice(active)
        cid = cust["customer_id"].iat[i]
        plan = tier.get(cid, 199.0)
        segment = SEGMENTS.get(plan, "SMB")
        bias = {"SMB": 0.0, "Mid-market": 0.4, "Enterprise": 0.8}[segment] + (d.year - 2025) * 0.3
        score = int(np.clip(np.round(rng.normal(7.9 + bias, 2.0)), 0, 10))
        out.append((d, np.nan if rng.random() < 0.03 else float(score), cid, segment))
    frame = pd.DataFrame(out, columns=["response_date", "score", "customer_id", "segment"])
    frame["response_date"] = frame["response_date"].astype("datetime64[ns]")
    for column in ("customer_id", "segment"):
        frame[column] = frame[column].astype("str")
    return frame


def settings(end):
    return pd.DataFrame(
        {
            "key": ["currency", "period", "as_of", "clv_years", "discount_rate"],
            "value": ["USD", GRAINS[0], end, 3, 0.10],
            "meaning": [
                "ISO code used for money formats",
                f"grain of the trends: {', '.join(GRAINS[:-1])} or {GRAINS[-1]}",
                "closing date of the report",
                "expected relationship years for the simple CLV",
                "annual discount rate for the discounted CLV",
            ],
        }
    )


def targets():
    return pd.DataFrame(
        {
            "kpi": pd.array(["nps", "churn_rate", "conversion_rate", "aov", "cac"], dtype="str"),
            "target": [30.0, 0.02, 0.03, 1100.0, 2500.0],
            "warn": [20.0, 0.03, 0.025, 950.0, 3200.0],
        }
    )
