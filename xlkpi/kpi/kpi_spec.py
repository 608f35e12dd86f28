"""What one catalogue entry declares: :class:`Kpi` (and the vocabulary of its fields).

The entries themselves are in ``catalogue_sales.py`` and ``catalogue_customers.py``;
:mod:`xlkpi.kpi.catalogue` assembles them into the one list every layer reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

__all__ = ["GROUPS", "UNITS", "Kpi", "Needs", "grouped"]

Needs = tuple[tuple[str, tuple[str, ...]], ...]  # ((table, (column, ...)), ...)

UNITS = ("score", "rate", "money", "count", "ratio", "table")

# Dashboard groups, in the order the Dashboard lists them.
GROUPS = (
    "Revenue & orders",
    "Website",
    "Leads & funnel",
    "Acquisition",
    "Customers & retention",
    "NPS",
    "Recurring revenue",
    "Statistics",
)


@dataclass(frozen=True)
class Kpi:
    """One KPI, declared once; UDFs, report, Dashboard, docs and tests derive from it.

    ``needs`` are the tables and columns (canonical names of the data contract) the
    report cannot compute the KPI without; ``optional`` the columns it also reads when
    present (e.g. ``orders.status``: without it every order counts as completed);
    ``needs_when`` adds needs for a definition option: ``(settings key, value, needs)``.
    A test drops each column of a full data set and proves these three complete.
    """

    id: str  # "nps", "churn_rate", "revenue", ...
    title: str  # "Net Promoter Score"
    unit: str  # "score" | "rate" | "money" | "count" | "ratio" | "table"
    direction: int  # +1 higher is better, -1 lower is better, 0 neutral
    definition: str  # one line, shown to users (Dashboard, docs); what the report computes
    function: Callable | None = None  # the scalar Python function; None for report-only KPIs
    udf: str | None = None  # Excel UDF name, e.g. "KPI_NPS"
    needs: Needs = ()
    in_report: bool = False  # computed per period by the report
    segment: str | None = None  # "device", "source", "channel", "segment"
    options: tuple[str, ...] = ()  # names of definition-option keywords of `function`
    group: str = ""  # Dashboard group, one of GROUPS
    optional: Needs = ()
    needs_when: tuple[tuple[str, str, Needs], ...] = ()

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables the report reads for this KPI, in declaration order."""
        return tuple(dict.fromkeys(t for t, _ in (*self.needs, *self.optional)))

    def needs_for(self, settings) -> Needs:
        """``needs`` plus what the definition options chosen in ``settings`` need."""
        extra = [n for key, value, more in self.needs_when if getattr(settings, key, None) == value
                 for n in more]  # fmt: skip
        merged: dict[str, list[str]] = {}
        for table, cols in (*self.needs, *extra):
            have = merged.setdefault(table, [])
            have.extend(c for c in cols if c not in have)
        return tuple((t, tuple(c)) for t, c in merged.items())


def grouped(group: str, *entries: Kpi) -> tuple[Kpi, ...]:
    """``entries`` with their Dashboard ``group`` set (declared once per section)."""
    return tuple(replace(k, group=group) for k in entries)
