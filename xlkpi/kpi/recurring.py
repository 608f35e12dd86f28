"""Recurring revenue: MRR, ARR, the MRR bridge (movements), quick ratio, NRR, revenue churn.

The bridge is computed in integer cents, so it always balances exactly::

    opening + new + expansion + reactivation − contraction − churned == closing

Rounding: each customer's MRR is rounded to whole cents (``rint(amount × 100)``,
halves to even) before anything is added; every figure is then a sum of whole
cents, returned as a float equal to ``cents / 100``. ``MrrMovements.in_cents()``
gives the exact integers (the identity holds there with ``==``); in float
arithmetic it holds to within floating-point rounding (~1e-12 relative).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from xlkpi.errors import KpiInputError
from xlkpi.kpi._input import flat_numbers, ratio, total
from xlkpi.kpi.options import REACTIVATION_AS, REACTIVATION_MONTHS, validate

__all__ = [
    "MrrMovements",
    "arr",
    "mrr",
    "mrr_bridge",
    "mrr_movements",
    "net_revenue_retention",
    "quick_ratio",
    "revenue_churn_rate",
]


def mrr(amounts: Any) -> float:
    """Monthly recurring revenue, in the report currency: Σ MRR of active subscriptions.

    ``amounts`` holds the MRR of each subscription active in the month (a sum
    argument: blanks skipped, all blank = 0); negative amounts raise.

    >>> mrr([1000, 250.5, None, 749.5])
    2000.0
    >>> mrr([])
    0.0
    """
    return total(amounts, "amounts")


def arr(mrr: Any) -> float:
    """Annual recurring revenue, in the report currency: 12 × MRR.

    ``mrr`` is a sum argument (a number, or the subscription amounts to add up).

    >>> arr(2000)
    24000.0
    >>> arr([1000, 500])
    18000.0
    """
    return 12.0 * total(mrr, "mrr")


class MrrMovements(NamedTuple):
    """The MRR bridge from one month to the next, in the report currency.

    ``opening + new + expansion + reactivation − contraction − churned == closing``
    (exactly in cents, see :meth:`in_cents`). Movements are positive amounts.
    """

    opening: float
    new: float
    expansion: float
    contraction: float
    churned: float
    reactivation: float
    closing: float

    def in_cents(self) -> tuple[int, ...]:
        """The seven figures as exact integer cents (same order as the fields).

        >>> m = MrrMovements(1.1, 2.2, 0.0, 0.0, 0.0, 0.0, 3.3)
        >>> o, n, e, c, ch, r, cl = m.in_cents()
        >>> o + n + e + r - c - ch == cl
        True
        """
        return tuple(round(v * 100) for v in self)


def _cents_by_id(m: Any, argument: str) -> pd.Series:
    """A map id -> MRR as an int64 Series of cents indexed by id (duplicates summed)."""
    if m is None:
        return pd.Series(np.zeros(0, dtype=np.int64), dtype=np.int64)
    if isinstance(m, Mapping) and not isinstance(m, pd.Series):
        s = pd.Series(list(m.values()), index=pd.Index(list(m.keys()), dtype=object), dtype=object)
    elif isinstance(m, pd.Series):
        s = m
    else:
        raise KpiInputError(
            f"{argument}: must map customer id to MRR (a dict or a pandas Series indexed "
            f"by id), not {type(m).__name__}",
            argument=argument,
        )
    try:
        values, _ = flat_numbers(s, argument)
    except KpiInputError as exc:
        cid = s.index[exc.position] if exc.position is not None else None
        raise KpiInputError(
            f"{argument}: customer {cid!r}: {exc}", value=exc.value, argument=argument
        ) from None
    values = np.nan_to_num(values, nan=0.0, posinf=np.inf, neginf=-np.inf)
    bad = (values < 0) | np.isinf(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise KpiInputError(
            f"{argument}: customer {s.index[i]!r}: MRR {values[i]!r} must be a number ≥ 0",
            value=float(values[i]),
            position=i,
            argument=argument,
        )
    cents = pd.Series(np.rint(values * 100.0).astype(np.int64), index=s.index)
    if not cents.index.is_unique:
        cents = cents.groupby(level=0, sort=False).sum()
    return cents


def _earlier_ids(earlier: Any) -> Any:
    if earlier is None:
        return []
    if isinstance(earlier, pd.Index):
        return earlier
    if isinstance(earlier, pd.Series):
        return list(earlier.index[earlier.fillna(0).to_numpy() > 0])
    if isinstance(earlier, Mapping):
        return [k for k, v in earlier.items() if v and v == v and v > 0]
    if isinstance(earlier, str) or not isinstance(earlier, Iterable):
        raise KpiInputError(
            "earlier: must be a collection of customer ids (a set, list or index)",
            argument="earlier",
        )
    return list(earlier)


def mrr_movements(
    previous: Any,
    current: Any,
    *,
    earlier: Any = None,
    reactivation_as: str = REACTIVATION_AS.default,
) -> MrrMovements:
    """The MRR bridge between two consecutive months, in the report currency.

    ``previous`` and ``current`` map customer id -> MRR in that month (a dict or a
    pandas Series indexed by id; absent, blank or 0 = no MRR; duplicate ids are
    summed). ``earlier`` holds the ids that had MRR > 0 in any month before
    ``previous`` (a set/list/index of ids, or a dict/Series id -> MRR).

    Per customer, with p = previous MRR and c = current MRR:
    new = c when p = 0 and the id is not in ``earlier``; reactivation = c when p = 0
    and the id is in ``earlier``; expansion = c − p when c > p > 0; contraction =
    p − c when p > c > 0; churned = p when c = 0 < p. Opening = Σ p, closing = Σ c.
    With ``reactivation_as="expansion"`` (option ``mrr_reactivation.counted_as``) the
    reactivation is added to expansion instead (reactivation is then 0).
    Vectorised (pandas alignment), in integer cents (see the module notes).

    >>> m = mrr_movements({"a": 100, "b": 50, "c": 80}, {"a": 120, "c": 60, "d": 30, "e": 10},
    ...                   earlier={"e"})
    >>> m
    MrrMovements(opening=230.0, new=30.0, expansion=20.0, contraction=20.0, churned=50.0, \
reactivation=10.0, closing=220.0)
    >>> m.opening + m.new + m.expansion + m.reactivation - m.contraction - m.churned
    220.0
    """
    target = validate(REACTIVATION_AS, reactivation_as, argument="reactivation_as")
    prev = _cents_by_id(previous, "previous")
    cur = _cents_by_id(current, "current")
    prev, cur = prev.align(cur, join="outer", fill_value=0)
    p = prev.to_numpy(dtype=np.int64)
    c = cur.to_numpy(dtype=np.int64)
    delta = c - p
    both = (p > 0) & (c > 0)
    starting = (p == 0) & (c > 0)
    ids = _earlier_ids(earlier)
    was_active = prev.index.isin(ids) if len(ids) else np.zeros(p.size, dtype=bool)
    expansion = int(delta[both & (delta > 0)].sum())
    reactivation = int(c[starting & was_active].sum())
    if target == REACTIVATION_AS.EXPANSION:
        expansion, reactivation = expansion + reactivation, 0
    cents = (
        int(p.sum()),
        int(c[starting & ~was_active].sum()),
        expansion,
        int(-delta[both & (delta < 0)].sum()),
        int(p[(p > 0) & (c == 0)].sum()),
        reactivation,
        int(c.sum()),
    )
    return MrrMovements(*(v / 100.0 for v in cents))


def mrr_bridge(
    months: Sequence[Any],
    *,
    reactivation_months: int = REACTIVATION_MONTHS.default,
    reactivation_as: str = REACTIVATION_AS.default,
) -> list[MrrMovements]:
    """The MRR bridge of consecutive months: one :class:`MrrMovements` per month after the
    first (``months[i]`` maps customer id -> MRR, as for :func:`mrr_movements`).

    A customer with MRR again after months without any is a reactivation when they had
    MRR at most ``reactivation_months`` months before the month they came back in, i.e.
    after a gap of at most that many months (``0``: any gap; option
    ``mrr_reactivation.window``); after a longer gap their MRR is new. (Recurly's "a gap
    of at least one month" always holds on monthly data.) ``reactivation_as`` as for
    :func:`mrr_movements`.

    >>> months = [{"a": 10}, {}, {}, {"a": 12}]  # a is gone for 2 months
    >>> [m.reactivation for m in mrr_bridge(months)], [m.new for m in mrr_bridge(months)]
    ([0.0, 0.0, 12.0], [0.0, 0.0, 0.0])
    >>> [m.new for m in mrr_bridge(months, reactivation_months=1)]
    [0.0, 0.0, 12.0]
    """
    window = validate(
        "mrr_reactivation.window", reactivation_months, argument="reactivation_months"
    )
    series = [_cents_by_id(m, f"months[{i}]") / 100.0 for i, m in enumerate(months)]
    last = pd.Series(np.zeros(0, dtype=np.int64), dtype=np.int64)  # id -> last month with MRR
    out = []
    for i in range(1, len(series)):
        had = series[i - 1].index[series[i - 1].to_numpy() > 0]
        last = pd.concat([last[~last.index.isin(had)], pd.Series(i - 1, index=had, dtype=np.int64)])
        earlier = last.index if window == 0 else last.index[last.to_numpy() >= i - 1 - window]
        out.append(
            mrr_movements(
                series[i - 1], series[i], earlier=earlier, reactivation_as=reactivation_as
            )
        )
    return out


def quick_ratio(
    new: Any, expansion: Any, contraction: Any, churned: Any, *, reactivation: Any = 0.0
) -> float:
    """SaaS quick ratio, a ratio (4 = four of MRR gained per one lost).

    ``(new + expansion + reactivation) / (contraction + churned)`` (Mamoon Hamid's
    definition; ``reactivation`` defaults to 0, pass it for ChartMogul's variant).
    Sum arguments ≥ 0; no MRR lost gives NaN.

    >>> quick_ratio(3000, 1000, 400, 600)
    4.0
    >>> quick_ratio(3000, 1000, 0, 0)
    nan
    """
    gained = total(new, "new") + total(expansion, "expansion")
    gained += total(reactivation, "reactivation")
    lost = total(contraction, "contraction") + total(churned, "churned")
    return ratio(gained, lost)


def _check_loss(opening: float, contraction: float, churned: float) -> None:
    if contraction + churned > opening:
        raise KpiInputError(
            f"churned: contraction + churned ({contraction + churned:g}) is more than the "
            f"opening MRR ({opening:g}); only opening MRR can be lost",
            value=churned,
            argument="churned",
        )


def net_revenue_retention(opening: Any, expansion: Any, contraction: Any, churned: Any) -> float:
    """Net revenue retention (NRR), as a fraction (1.05 = 105 %).

    ``(opening + expansion − contraction − churned) / opening``: how much of the
    opening MRR the same customers pay at the end, upsell included (new and
    reactivated customers excluded). Sum arguments ≥ 0; no opening MRR gives NaN.

    >>> net_revenue_retention(10000, 1500, 300, 700)
    1.05
    >>> net_revenue_retention(0, 0, 0, 0)
    nan
    """
    o = total(opening, "opening")
    e = total(expansion, "expansion")
    c = total(contraction, "contraction")
    ch = total(churned, "churned")
    _check_loss(o, c, ch)
    return ratio(o + e - c - ch, o)


def revenue_churn_rate(opening: Any, contraction: Any, churned: Any) -> float:
    """Gross revenue (MRR) churn rate, as a fraction 0–1: (churned + contraction) / opening.

    Sum arguments ≥ 0; no opening MRR gives NaN.

    >>> revenue_churn_rate(10000, 300, 700)
    0.1
    >>> revenue_churn_rate(0, 0, 0)
    nan
    """
    o = total(opening, "opening")
    c = total(contraction, "contraction")
    ch = total(churned, "churned")
    _check_loss(o, c, ch)
    return ratio(c + ch, o)
