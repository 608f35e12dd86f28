"""Generate (and cache) the benchmark raw-data workbook: Orders plus the other six tables.

    python benchmarks/make_data.py --rows 1000000        # prints the cached path

Fixed seed, two years of data (2024-11-01 .. 2026-10-31), tables consistent with each
other (orders and NPS responses of existing customers, orders inside each customer's
active life, won leads that are customers). Other tables scale with ``--rows``; at 1M
orders: Customers 50k, Sessions 300k, Leads 60k, NPS 20k, Subscriptions ~110k, Spend 264.

The workbook is written by :mod:`xlsx_stream` (shared strings, date and money styles) and
cached under ``benchmarks/.cache/`` keyed by every parameter, so reruns are free.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from xlsx_stream import Col, SharedStrings, write_xlsx

VERSION = 1  # bump when the generated data changes
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
START, END = np.datetime64("2024-11-01"), np.datetime64("2026-10-31")
EXCEL_EPOCH = np.datetime64("1899-12-30")
CHANNELS = ["organic", "paid_search", "email", "social", "referral", "direct", "partner", "events"]
SOURCES = ["organic", "paid", "email", "social", "referral", "direct"]
DEVICES, DEVICE_P = ["desktop", "mobile", "tablet"], [0.70, 0.22, 0.08]
STATUSES = ["paid", "refunded", "returned", "cancelled"]
SEGMENTS = ["SMB", "Mid-market", "Enterprise"]
NPS_P = [0.02, 0.01, 0.02, 0.03, 0.03, 0.05, 0.07, 0.12, 0.20, 0.22, 0.23]


def sizes_for(rows: int) -> dict[str, int]:
    """Row counts of every table for ``rows`` orders (realistic ratios, small minimums)."""
    s = rows / 1_000_000
    return {
        "orders": rows,
        "customers": max(100, round(50_000 * s)),
        "sessions": max(300, round(300_000 * s)),
        "leads": max(100, round(60_000 * s)),
        "nps": max(100, round(20_000 * s)),
    }


def serial(days: np.ndarray) -> np.ndarray:
    """Excel date serials (float, NaN stays NaN) of day offsets from START."""
    return days + float((START - EXCEL_EPOCH).astype(int))


def _cat(sst: SharedStrings, cats, codes) -> np.ndarray:
    return sst.encode(cats, np.asarray(codes, dtype=np.int64))


def _ids(sst: SharedStrings, prefix: str, numbers) -> np.ndarray:
    return sst.codes(f"{prefix}{i:07d}" for i in numbers.tolist())


def customers(rng, n: int, sst: SharedStrings):
    span = int((END - START).astype(int))
    # 20 % were customers before the window (up to ~2 years earlier).
    acq = np.where(rng.random(n) < 0.8, rng.integers(0, span, n), -rng.integers(1, 670, n))
    lo = np.maximum(acq, 0) + 30
    churn = np.where(
        (rng.random(n) < 0.25) & (lo < span), lo + (rng.random(n) * (span - lo)).astype(int), -1
    )
    order = np.argsort(acq, kind="stable")
    acq, churn = acq[order], churn[order]
    cid = _ids(sst, "C", np.arange(1, n + 1))
    cols = [
        Col("customer_id", "s", cid),
        Col("acquired_date", "d", serial(acq.astype(float))),
        Col("acquisition_channel", "s", _cat(sst, CHANNELS, rng.integers(0, len(CHANNELS), n))),
        Col("marketing_originated", "b", (rng.random(n) < 0.6).astype(np.int64)),
        Col("churned_date", "d", np.where(churn >= 0, serial(churn.astype(float)), np.nan)),
    ]
    return cols, {
        "cid": cid,
        "acq": acq,
        "churn": churn,
        "mkt": cols[3].values,
        "channel": cols[2].values,
    }


def orders(rng, n: int, sst: SharedStrings, cust: dict):
    span = int((END - START).astype(int))
    lo = np.maximum(cust["acq"], 0)
    hi = np.where(cust["churn"] >= 0, cust["churn"], span)
    weight = rng.pareto(1.5, len(lo)) + 0.1  # a few big accounts order a lot
    weight *= hi - lo + 1
    who = rng.choice(len(lo), n, p=weight / weight.sum())
    day = lo[who] + (rng.random(n) * (hi[who] - lo[who] + 1)).astype(int)
    by_date = np.argsort(day, kind="stable")
    who, day = who[by_date], day[by_date]
    revenue = np.round(rng.lognormal(np.log(600), 0.9, n), 2)
    cost = np.round(revenue * rng.uniform(0.45, 0.75, n), 2)
    cost[rng.random(n) < 0.01] = np.nan
    status = rng.choice(5, n, p=[0.88, 0.03, 0.03, 0.02, 0.04])  # 4 = blank (means paid)
    channel = np.where(rng.random(n) < 0.6, -2, rng.integers(0, len(CHANNELS), n))
    codes_channel = _cat(sst, CHANNELS, np.where(channel == -2, 0, channel))
    codes_channel = np.where(channel == -2, cust["channel"][who], codes_channel)
    return [
        Col("order_id", "i", 1_000_001 + np.arange(n)),
        Col("order_date", "d", serial(day.astype(float))),
        Col("customer_id", "s", cust["cid"][who]),
        Col("revenue", "m", revenue),
        Col("cost", "m", cost),
        Col("status", "s", _cat(sst, STATUSES, np.where(status == 4, -1, status))),
        Col("channel", "s", codes_channel),
        Col("device", "s", _cat(sst, DEVICES, rng.choice(3, n, p=DEVICE_P))),
    ]


def sessions(rng, n: int, sst: SharedStrings):
    span = int((END - START).astype(int))
    visitors = max(1, int(n * 0.55))
    visitor = np.floor(visitors * rng.random(n) ** 1.6).astype(np.int64)
    pageviews = rng.geometric(0.35, n)
    duration = np.where(pageviews == 1, rng.exponential(20, n), rng.exponential(70 * pageviews))
    return [
        Col("session_date", "d", serial(np.sort(rng.integers(0, span + 1, n)).astype(float))),
        Col("visitor_id", "s", _ids(sst, "V", visitor)),
        Col("pageviews", "i", pageviews),
        Col("device", "s", _cat(sst, DEVICES, rng.choice(3, n, p=DEVICE_P))),
        Col("source", "s", _cat(sst, SOURCES, rng.integers(0, len(SOURCES), n))),
        Col("converted", "b", (rng.random(n) < 0.025).astype(np.int64)),
        Col("micro_converted", "b", (rng.random(n) < 0.08).astype(np.int64)),
        Col("email_optin", "b", (rng.random(n) < 0.015).astype(np.int64)),
        Col("duration_seconds", "i", np.round(duration).astype(np.int64)),
    ]


def leads(rng, n: int, sst: SharedStrings, cust: dict):
    span = int((END - START).astype(int))
    won_pool = np.flatnonzero((cust["mkt"] == 1) & (cust["acq"] >= 0))
    won = rng.choice(won_pool, min(len(won_pool), n // 6), replace=False)
    k = len(won)
    created = np.concatenate(
        [cust["acq"][won] - rng.integers(20, 120, k), rng.integers(0, span + 1, n - k)]
    )
    mql = created + rng.integers(1, 15, n).astype(float)
    sql = mql + rng.integers(3, 30, n)
    is_won = np.arange(n) < k
    won_day = np.full(n, np.nan)
    won_day[:k] = cust["acq"][won]
    sql[:k] = np.minimum(sql[:k], won_day[:k])
    mql[k:][rng.random(n - k) < 0.6] = np.nan
    sql[k:][np.isnan(mql[k:]) | (rng.random(n - k) < 0.6)] = np.nan
    mql[mql > span], sql[sql > span] = np.nan, np.nan
    cust_code = np.full(n, -1)
    cust_code[:k] = cust["cid"][won]
    order = np.argsort(created, kind="stable")
    return [
        Col("lead_id", "s", _ids(sst, "L", np.arange(1, n + 1))),
        Col("created_date", "d", serial(created[order].astype(float))),
        Col("source", "s", _cat(sst, CHANNELS, rng.integers(0, len(CHANNELS), n))),
        Col("mql_date", "d", serial(mql[order])),
        Col("sql_date", "d", serial(sql[order])),
        Col("won_date", "d", serial(np.where(is_won, won_day, np.nan)[order])),
        Col("customer_id", "s", cust_code[order]),
    ]


def nps(rng, n: int, sst: SharedStrings, cust: dict):
    span = int((END - START).astype(int))
    score = rng.choice(11, n, p=NPS_P)
    score[rng.random(n) < 0.02] = -1  # non-response
    return [
        Col("response_date", "d", serial(np.sort(rng.integers(0, span + 1, n)).astype(float))),
        Col("score", "i", score),
        Col("customer_id", "s", cust["cid"][rng.integers(0, len(cust["cid"]), n)]),
        Col("segment", "s", _cat(sst, SEGMENTS, rng.choice(3, n, p=[0.6, 0.3, 0.1]))),
    ]


def _months() -> np.ndarray:
    return np.arange(START.astype("datetime64[M]"), END.astype("datetime64[M]") + 1)


def spend(rng, sst: SharedStrings):
    months = _months()
    rows = [(m, c, "marketing") for m in months for c in range(len(CHANNELS))]
    rows += [(m, c, "sales") for m in months for c in (5, 6, 7)]  # direct, partner, events
    n = len(rows)
    day = np.array([(m.astype("datetime64[D]") - START).astype(int) for m, _, _ in rows])
    chan = np.array([c for _, c, _ in rows])
    paid = np.isin(chan, [1, 3])  # paid_search, social
    impressions = np.where(paid, rng.integers(100_000, 1_500_000, n), -1)
    clicks = np.where(paid, (impressions * rng.uniform(0.008, 0.03, n)).astype(np.int64), -1)
    return [
        Col("date", "d", serial(day.astype(float))),
        Col("channel", "s", _cat(sst, CHANNELS, chan)),
        Col("category", "s", _cat(sst, ["marketing", "sales"], [r[2] == "sales" for r in rows])),
        Col("amount", "m", np.round(rng.uniform(2_000, 60_000, n), 2)),
        Col("impressions", "i", impressions),
        Col("clicks", "i", clicks),
    ]


def subscriptions(rng, sst: SharedStrings, cust: dict):
    months = _months()
    month_day = (months.astype("datetime64[D]") - START).astype(int)
    subs = np.flatnonzero(rng.random(len(cust["cid"])) < 0.16)
    first = np.searchsorted(month_day, np.maximum(cust["acq"][subs], 0), side="right") - 1
    churn = cust["churn"][subs]
    churn_month = np.searchsorted(month_day, churn, side="right") - 1
    last = np.where(churn >= 0, churn_month - 1, len(months) - 1)  # gone in the churn month
    keep = last >= first
    subs, first, last = subs[keep], first[keep], last[keep]
    length = last - first + 1
    who = np.repeat(np.arange(len(subs)), length)
    step = np.arange(len(who)) - np.repeat(np.cumsum(length) - length, length)
    base = rng.lognormal(np.log(300), 0.6, len(subs))
    growth = rng.uniform(0.98, 1.03, len(subs))
    mrr = np.round(base[who] * growth[who] ** step, 2)
    month = first[who] + step
    order = np.lexsort((who, month))
    return [
        Col("month", "d", serial(month_day[month[order]].astype(float))),
        Col("customer_id", "s", cust["cid"][subs][who[order]]),
        Col("mrr", "m", mrr[order]),
    ]


def build_sheets(
    rows: int, seed: int, sizes: dict[str, int] | None = None, *, orders_only: bool = False
):
    """All seven tables as ``{sheet: [Col, ...]}`` plus their shared-strings table.

    ``orders_only``: the Orders sheet alone (the same rows as in the full workbook; its
    shared strings only): the single-big-sheet shape of issue 15.
    """
    sizes = sizes or sizes_for(rows)
    rng = np.random.default_rng(seed)
    sst = SharedStrings()
    cust_cols, cust = customers(rng, sizes["customers"], sst)
    if orders_only:
        return _compact({"Orders": orders(rng, sizes["orders"], sst, cust)}, sst)
    sheets = {
        "Orders": orders(rng, sizes["orders"], sst, cust),
        "Customers": cust_cols,
        "Sessions": sessions(rng, sizes["sessions"], sst),
        "Leads": leads(rng, sizes["leads"], sst, cust),
        "Spend": spend(rng, sst),
        "NPS": nps(rng, sizes["nps"], sst, cust),
        "Subscriptions": subscriptions(rng, sst, cust),
    }
    return sheets, sst


def _compact(sheets: dict, sst: SharedStrings):
    """The same sheets with a shared-strings table of only the strings they use."""
    strings = list(sst._index)
    small = SharedStrings()
    for cols in sheets.values():
        for col in cols:
            if col.kind == "s":
                used = col.values >= 0
                new = small.codes(strings[i] for i in col.values[used].tolist())
                col.values = col.values.copy()
                col.values[used] = new
    return sheets, small


def cached_path(
    rows: int, seed: int, cache_dir: Path = CACHE_DIR, level: int = 6, orders_only: bool = False
) -> Path:
    key = f"v{VERSION}-{sorted(sizes_for(rows).items())}-{seed}-{level}"
    kind = "orders" if orders_only else "raw"
    if orders_only:
        key += "-orders-only"
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    return Path(cache_dir) / f"{kind}-{rows}r-s{seed}-{digest}.xlsx"


def ensure_workbook(
    rows: int,
    seed: int = 2026,
    cache_dir: Path = CACHE_DIR,
    *,
    force: bool = False,
    level: int = 6,
    orders_only: bool = False,
) -> Path:
    """Path of the cached workbook for these parameters, generating it if needed.

    ``orders_only``: a workbook holding the Orders sheet alone (see :func:`build_sheets`).
    """
    path = cached_path(rows, seed, cache_dir, level, orders_only)
    if path.exists() and not force:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    sheets, sst = build_sheets(rows, seed, orders_only=orders_only)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write_xlsx(tmp, sheets, sst, level=level)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="Orders rows (default 1M)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--cache-dir", type=Path, default=CACHE_DIR)
    ap.add_argument("--level", type=int, default=6, help="deflate level (default 6)")
    ap.add_argument("--force", action="store_true", help="regenerate even if cached")
    ap.add_argument("--orders-only", action="store_true", help="the Orders sheet alone")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    path = ensure_workbook(
        args.rows,
        args.seed,
        args.cache_dir,
        force=args.force,
        level=args.level,
        orders_only=args.orders_only,
    )
    took = time.perf_counter() - t0
    print(path)
    print(f"{path.stat().st_size / 1e6:.1f} MB, {took:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
