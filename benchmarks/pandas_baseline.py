"""The pandas baseline: what an analyst writes without xlkpi.

    python benchmarks/pandas_baseline.py raw.xlsx -o kpis.csv

``pd.read_excel(path, sheet_name=None)`` with the default engine (openpyxl, named), then the
main monthly KPIs in plain pandas (revenue, orders, AOV, profit, refund and return rates,
sessions, conversion and bounce rates, new and churned customers, CAC, NPS, MRR) written
as one small CSV. No validation, no report workbook: a lower bound of the plain way.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd


def monthly_kpis(sheets: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per month, one column per KPI."""
    o = sheets["Orders"]
    month = pd.to_datetime(o["order_date"]).dt.to_period("M")
    status = o["status"].fillna("paid").str.lower()
    done = status.eq("paid")
    g = o.assign(
        month=month, done=done, refunded=status.eq("refunded"), returned=status.eq("returned")
    )
    paid = g[g["done"]].groupby("month")
    out = pd.DataFrame(
        {
            "revenue": paid["revenue"].sum(),
            "orders": paid["revenue"].size(),
            "profit": paid["revenue"].sum() - paid["cost"].sum(),
        }
    )
    out["aov"] = out["revenue"] / out["orders"]
    out["refund_rate"] = g.groupby("month")["refunded"].mean()
    out["return_rate"] = g.groupby("month")["returned"].mean()

    s = sheets["Sessions"]
    sg = s.groupby(pd.to_datetime(s["session_date"]).dt.to_period("M"))
    out["sessions"] = sg.size()
    out["unique_visitors"] = sg["visitor_id"].nunique()
    out["conversion_rate"] = sg["converted"].mean()
    out["bounce_rate"] = sg["pageviews"].apply(lambda p: (p == 1).mean())

    c = sheets["Customers"]
    out["new_customers"] = c.groupby(pd.to_datetime(c["acquired_date"]).dt.to_period("M")).size()
    churned = pd.to_datetime(c["churned_date"]).dropna()
    out["churned_customers"] = churned.groupby(churned.dt.to_period("M")).size()

    sp = sheets["Spend"]
    out["spend"] = sp.groupby(pd.to_datetime(sp["date"]).dt.to_period("M"))["amount"].sum()
    out["cac"] = out["spend"] / out["new_customers"]

    n = sheets["NPS"].dropna(subset=["score"])
    ng = n.groupby(pd.to_datetime(n["response_date"]).dt.to_period("M"))["score"]
    out["nps"] = ng.apply(lambda x: 100 * ((x >= 9).mean() - (x <= 6).mean()))

    sub = sheets["Subscriptions"]
    out["mrr"] = sub.groupby(pd.to_datetime(sub["month"]).dt.to_period("M"))["mrr"].sum()
    out["arr"] = 12 * out["mrr"]
    return out.rename_axis("month").reset_index()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="pandas read_excel (default engine) baseline")
    ap.add_argument("workbook")
    ap.add_argument("-o", "--output", required=True, help="CSV of the monthly KPIs")
    args = ap.parse_args(argv)
    # openpyxl is pandas' default xlsx engine; named so pandas 3 does not warn that the
    # default will change (to calamine) in a future version.
    sheets = pd.read_excel(args.workbook, sheet_name=None, engine="openpyxl")
    table = monthly_kpis(sheets)
    table.to_csv(args.output, index=False)
    print(f"wrote {len(table)} months x {table.shape[1] - 1} KPIs to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
