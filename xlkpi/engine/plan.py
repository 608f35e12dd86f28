"""The engine's computation context: the contract tables cut at the as-of date, the grain,
the definition options, and the periods table each KPI expression is joined to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import ibis
import pandas as pd

from xlkpi.data.model import Settings
from xlkpi.engine import periods as P
from xlkpi.engine.registry import registrar
from xlkpi.kpi.catalogue import by_id

# The per-period expression of a report KPI: fn(plan, periods) -> table (p, [segment], value)
# with a row for every period of ``periods`` (and every segment).
Builder = Callable[["Plan", ibis.Table], ibis.Table]
ENGINE: dict[str, Builder] = {}
# Segmented KPIs that also give the total (segment ""), even when no row is in a period.
WITH_TOTAL: set[str] = set()
# The expression of a trial count no KPI reports (the names of
# xlkpi.engine.frames.trials.COUNTS): fn(plan, periods) -> table (p, [segment], value), as
# a KPI's, per period of ``periods`` (the periods of the rate counting over it).
COUNTS: dict[str, Builder] = {}


def engine_kpi(kpi_id: str, *, total: bool = False) -> Callable[[Builder], Builder]:
    """Register the decorated function as the engine expression of catalogue id ``kpi_id``
    (``total``: a segmented KPI whose rows include the total, segment ``""``)."""
    by_id(kpi_id)
    if total:
        WITH_TOTAL.add(kpi_id)
    return registrar(ENGINE, "engine KPI")(kpi_id)


def engine_count(name: str) -> Callable[[Builder], Builder]:
    """Register the decorated function as the engine expression of trial count ``name``
    (a rate's denominator no KPI reports: ``orders_placed``, ``buyers``, ...)."""
    return registrar(COUNTS, "engine trial count")(name)


@dataclass
class Plan:
    """Contract tables cut at ``as_of``; ``kind`` the grain; ``settings`` the options."""

    tables: dict[str, ibis.Table]  # cut (P.cut)
    kind: str
    as_of: pd.Timestamp | None
    settings: Settings
    spread: bool = False  # weekly grain over monthly Spend rows (spread over the days)
    _bounds: dict[str, ibis.Table] = field(default_factory=dict, repr=False)

    def has(self, table: str, *columns: str) -> bool:
        t = self.tables.get(table)
        return t is not None and all(c in t.columns for c in columns)

    def table(self, name: str) -> ibis.Table:
        return self.tables[name]

    def monthly(self, name: str) -> bool:
        """True when each row of ``name`` stands for a whole month at this grain."""
        return name == "subscriptions" or (name == "spend" and self.spread)

    def ordinal(self, date) -> ibis.Value:
        return P.ordinal(date, self.kind)

    def rows(self, name: str) -> ibis.Table:
        """Table ``name`` with ``p``, the period ordinal of its primary date."""
        t = self.tables[name]
        return t.mutate(p=self.ordinal(t[P.PRIMARY_DATE[name]]))

    def bounds(self, name: str) -> ibis.Table:
        if name not in self._bounds:
            self._bounds[name] = P.bounds(
                name, self.tables[name], self.kind, self.as_of, self.monthly(name)
            )
        return self._bounds[name]

    def dated_tables(self, names) -> list[str]:
        dates = P.PRIMARY_DATE
        return [n for n in dict.fromkeys(names) if n in dates and self.has(n, dates[n])]

    def periods(self, names) -> ibis.Table:
        """Table (p, covered): every period from the first to the last one holding a date of
        the tables ``names``; ``covered`` where the period is inside the dated range of each
        of them (elsewhere a KPI is not defined: no data is not zero)."""
        names = self.dated_tables(names)
        parts = [self.bounds(n) for n in names]
        both = parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)
        span = both.aggregate(lo=both.lo.min(), hi=both.hi.max())
        out = span.select(p=ibis.range(span.lo, span.hi + 1).unnest().cast("int64"))
        covered = ibis.literal(True)
        for i, part in enumerate(parts):
            b = part.select(**{f"lo{i}": part.lo, f"hi{i}": part.hi})
            out = out.cross_join(b)
            covered &= (out.p >= out[f"lo{i}"]) & (out.p <= out[f"hi{i}"])
        return out.select("p", covered=covered.fill_null(False))


def on_periods(periods: ibis.Table, facts: ibis.Table, zero=()) -> ibis.Table:
    """``periods`` left-joined to per-period ``facts`` (column ``p``): every period once,
    the columns in ``zero`` 0 where the period has no row (a count of nothing is 0)."""
    right = facts.rename(p_fact="p")
    j = periods.left_join(right, periods.p == right.p_fact)
    cols = {c: j[c] for c in periods.columns}
    cols.update({c: j[c] for c in facts.columns if c != "p"})
    cols.update({c: cols[c].fill_null(0) for c in zero})
    return j.select(**cols)


def ones(cond) -> ibis.Value:
    """1 where ``cond`` holds, else 0 (also where NULL): PostgreSQL casts no boolean to a
    bigint or a double, so a count of rows is the SUM of this, never of a cast."""
    return ibis.ifelse(cond.fill_null(False), 1, 0)


def div(num, den) -> ibis.Value:
    """``num / den``, NULL (not defined) where ``den`` is 0 or NULL: portable to PostgreSQL."""
    return num.cast("float64") / den.cast("float64").nullif(0)


def out(f: ibis.Table, value) -> ibis.Table:
    """A KPI's result rows: period, coverage, value."""
    return f.select("p", "covered", value=value)
