"""Side table ``tie_outs``: the Reconciliation sheet's source tie-out figures per table:
rows read, rows used (dated up to the as-of date, as the KPIs use them) and the money
total of the rows used (Orders revenue, Subscriptions MRR, Spend amount; blank = 0)."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from xlkpi.data.contract import MONEY_TOTAL, TABLES
from xlkpi.engine.side import Side, floats, side_table

COLUMNS = ("rows_read", "rows_used", "total")


def _shape(frame: pd.DataFrame, side: Side, ords: np.ndarray) -> pd.DataFrame:
    order = {name: i for i, name in enumerate(TABLES)}  # contract order
    frame = frame.sort_values("table", key=lambda s: s.map(order))
    out = {"table": frame.table.tolist(), **floats(frame, COLUMNS)}
    table = pd.DataFrame(out, columns=["table", *COLUMNS])
    return table.astype({"rows_read": "int64", "rows_used": "int64"}).set_index("table")


@side_table("tie_outs", "Source tie-outs", _shape, dated=False)
def tie_outs(side: Side) -> ibis.Table | None:
    parts = []
    for name, source in side.source.items():
        if name not in TABLES:
            continue
        used = side.plan.table(name)
        column = MONEY_TOTAL.get(name)
        total = (
            used[column].sum().fill_null(0.0) if column in used.columns else ibis.null("float64")
        )
        one = used.aggregate(rows_used=used.count(), total=total.cast("float64"))
        read = source.aggregate(rows_read=source.count())
        parts.append(one.cross_join(read).mutate(table=ibis.literal(name)))
    if not parts:
        return None
    both = parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)
    return both.select("table", "rows_read", "rows_used", "total")
