"""A realistic B2B sample data set: two years of a SaaS-plus-shop business ending 2026-10-31.

``sample_tables()`` returns every sheet of the data contract as a DataFrame (canonical
column names, typed); ``write_sample()`` writes them as a formatted workbook. The data
are random but seeded, so the same seed always gives the same workbook:

>>> tables = sample_tables()
>>> list(tables)[:4]
['Orders', 'Customers', 'Sessions', 'Leads']
>>> len(tables["Customers"]), tables["Orders"]["order_date"].max() <= END
(400, True)
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from xlkpi.data.sample_book import write_book
from xlkpi.data.sample_parts import (
    customers,
    leads,
    nps,
    orders,
    sessions,
    settings,
    spend,
    subscriptions,
    targets,
)

__all__ = ["sample_tables", "write_sample"]

START = pd.Timestamp("2024-11-01")
END = pd.Timestamp("2026-10-31")


def sample_tables(seed: int = 2026) -> dict[str, pd.DataFrame]:
    """Every sheet of the sample workbook, by sheet name, in workbook order."""
    rng = np.random.default_rng(seed)
    cust = customers(rng, START, END, n=400)
    subs, reactivated = subscriptions(rng, cust, END)
    cust.loc[cust["customer_id"].isin(reactivated), "churned_date"] = pd.NaT
    return {
        "Orders": orders(rng, cust, END, n=3000),
        "Customers": cust,
        "Sessions": sessions(rng, START, END, n=8000),
        "Leads": leads(rng, cust, START, END),
        "Spend": spend(rng, START, END),
        "NPS": nps(rng, cust, subs, START, END, n=1200),
        "Subscriptions": subs,
        "Settings": settings(END),
        "Targets": targets(),
    }


def write_sample(path: str | os.PathLike, *, seed: int = 2026, overwrite: bool = False) -> Path:
    """Write the sample workbook to ``path`` (atomically) and return the path.

    Raises ``OutputError`` when ``path`` exists and is not a sample xlkpi wrote that is
    unchanged since (see :mod:`xlkpi.safe_io`), unless ``overwrite``.
    """
    return write_book(path, sample_tables(seed), overwrite=overwrite)
