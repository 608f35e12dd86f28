"""Checks across tables and against the Settings: non-fatal data-quality findings."""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi.data.contract import TABLES
from xlkpi.data.convert import isin
from xlkpi.data.model import Table
from xlkpi.data.problems import cell_problems
from xlkpi.errors import CellProblem

#: (table, column) pairs whose ids should exist in Customers when Customers is present.
CUSTOMER_REFS = (("orders", "customer_id"), ("subscriptions", "customer_id"))
#: The warning of such an id (the same words where the data lives: xlkpi.sources.orphans).
ORPHAN_MESSAGE = "customer_id not found on the Customers sheet; counted anyway"
_FINDINGS_SHOWN = 20


def cross_checks(tables: dict[str, Table], as_of: pd.Timestamp | None) -> list[CellProblem]:
    """Orphan customer ids, churn before acquisition, double subscription rows, late dates."""
    out: list[CellProblem] = []
    customers = tables.get("customers")
    if customers is not None:
        known = customers.frame["customer_id"].dropna().unique()
        for name, column in CUSTOMER_REFS:
            table = tables.get(name)
            if table is None or column not in table.frame:
                continue
            ids = table.frame[column]
            orphan = ids.notna().to_numpy(dtype=bool) & ~isin(ids, known)
            out += _flag(
                table,
                column,
                ids,
                orphan,
                ORPHAN_MESSAGE,
            )
        if "churned_date" in customers.frame:
            f = customers.frame
            early = (f["churned_date"] < f["acquired_date"]).to_numpy(dtype=bool)
            out += _flag(
                customers, "churned_date", f["churned_date"], early, "churned before acquired_date"
            )
    subs = tables.get("subscriptions")
    if subs is not None:
        f = subs.frame
        month = f["month"].dt.to_period("M")
        double = (
            pd.DataFrame({"m": month, "c": f["customer_id"]}).duplicated()
            & f["customer_id"].notna()
        ).to_numpy(dtype=bool)
        out += _flag(
            subs,
            "customer_id",
            f["customer_id"],
            double,
            "a second row for this customer and month; the MRR rows are added up",
        )
    if "orders" in tables:
        out += _blank_costs(tables["orders"], as_of)
    if as_of is not None:
        out += _after_as_of(tables, as_of)
    return out


def _blank_costs(table: Table, as_of: pd.Timestamp | None) -> list[CellProblem]:
    """One finding per month whose completed orders include some with a blank ``cost``.

    The rule (docs/kpis.md, profit): a blank cost counts as 0, so profit and ROI stay
    defined; this says how many orders of which month it concerns.
    """
    f = table.frame
    if "cost" not in f or "order_date" not in f:
        return []
    # The reader lower-cases statuses and fills a blank one with "paid".
    done = (
        (f["status"] == "paid").to_numpy(dtype=bool, na_value=False)
        if "status" in f
        else np.ones(len(f), dtype=bool)
    )
    if as_of is not None:
        end = pd.Timestamp(as_of).normalize() + pd.Timedelta(days=1)
        done = done & (f["order_date"] < end).to_numpy(dtype=bool)
    blank = done & f["cost"].isna().to_numpy(dtype=bool)
    if not blank.any():
        return []
    # Months via whole days (a cast to datetime64[M] of a million dates costs 0.15 s).
    day = f["order_date"].to_numpy(dtype="datetime64[ns]").view(np.int64) // 86_400_000_000_000
    first_day = int(day[done].min())
    per_day = np.bincount((day[done] - first_day).astype(np.intp))  # intp: 32-bit in Pyodide
    day_month = (np.arange(len(per_day)) + first_day).astype("datetime64[D]")
    day_month = day_month.astype("datetime64[M]").astype(np.int64)
    where = np.flatnonzero(blank)
    blank_month = day_month[day[where] - first_day]
    months, first, missing = np.unique(blank_month, return_index=True, return_counts=True)
    low = int(day_month[0])
    total = np.bincount((day_month - low).astype(np.intp), weights=per_day)
    header = table.headers.get("cost", "cost")
    out = []
    for m, i, k in zip(months.tolist(), first.tolist(), missing.tolist(), strict=True):
        label = str(np.datetime64(m, "M"))
        out.append(
            CellProblem(
                table.sheet,
                int(table.rows[where[i]]),
                header,
                None,
                f"{k} of {int(total[m - low])} completed order(s) in {label} have no cost; "
                "profit and ROI count them at cost 0 (first such row shown)",
            )
        )
    return out


def _flag(table: Table, column: str, values: pd.Series, mask: np.ndarray, message: str):
    header = table.headers.get(column, column)
    return cell_problems(
        table.sheet, table.rows, header, values, mask, message, limit=_FINDINGS_SHOWN
    )


def _after_as_of(tables: dict[str, Table], as_of: pd.Timestamp) -> list[CellProblem]:
    """One finding per table whose main date column has rows after ``as_of``."""
    out = []
    end = pd.Timestamp(as_of).normalize() + pd.Timedelta(days=1)
    for table in tables.values():
        spec = TABLES[table.name]
        column = next(c.name for c in spec.columns if c.kind == "date" and c.required)
        if column in table.frame:
            values = table.frame[column]
            if table.name == "subscriptions":  # a month label: any day of the as-of month counts
                late = (values.dt.to_period("M").dt.start_time >= end).to_numpy(dtype=bool)
            else:
                late = (values >= end).to_numpy(dtype=bool)
            if late.any():
                i = int(np.argmax(late))
                out.append(
                    CellProblem(
                        table.sheet,
                        int(table.rows[i]),
                        table.headers[column],
                        values.iloc[i].date().isoformat(),
                        f"{int(late.sum())} row(s) dated after as_of {as_of.date().isoformat()} "
                        f"are left out of the report",
                    )
                )
    return out
