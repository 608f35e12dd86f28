"""Side table ``mrr_bridge``: the monthly MRR bridge, one row per month from the second
month of the Subscriptions data to its last (at every grain: the bridge is monthly).

The movements are the engine's per-month bridge (:func:`xlkpi.engine.bridge.months`: the
same definition as the KPIs ``mrr_new`` ... ``quick_ratio``); a month where nothing moved
holds zeros; closing = opening + new + expansion + reactivation - contraction - churned
(the bridge's identity, rounded to cents as every movement).
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from xlkpi.engine.bridge import MOVES, months
from xlkpi.engine.side import Side, floats, labels, side_table

COLUMNS = ("opening", *MOVES, "closing")


def _shape(frame: pd.DataFrame, side: Side, ords: np.ndarray) -> pd.DataFrame:
    frame = frame.sort_values("m")
    out = {"period": labels("month", frame.m.to_numpy())}
    values = floats(frame, COLUMNS)
    out.update({c: values[c] for c in COLUMNS})
    return pd.DataFrame(out, columns=["period", *COLUMNS]).astype({c: float for c in COLUMNS})


@side_table("mrr_bridge", "MRR bridge", _shape, kpis=[f"mrr_{m}" for m in MOVES])
def mrr_bridge(side: Side) -> ibis.Table | None:
    plan = side.plan
    if not plan.has("subscriptions", "month", "customer_id", "mrr"):
        return None
    moved, span = months(plan)
    grid = span.select(m=ibis.range(span.lo + 1, span.hi + 1).unnest().cast("int64"))
    right = moved.rename(m_moved="m")
    j = grid.left_join(right, grid.m == right.m_moved)
    cols = {c: j[c].fill_null(0.0) for c in ("opening", *MOVES)}
    closing = cols["opening"] + cols["new"] + cols["expansion"] + cols["reactivation"]
    closing = closing - cols["contraction"] - cols["churned"]
    return j.select(m=j.m, **cols, closing=closing.round(2))
