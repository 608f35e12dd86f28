"""The KPI catalogue: the one list of KPIs every other layer reads.

Each KPI is declared once, as a :class:`~xlkpi.kpi.kpi_spec.Kpi` (fields documented
there) in ``catalogue_sales.py`` or ``catalogue_customers.py``: id, title, unit,
direction, Dashboard group, the one-line definition users see, the scalar Python
function and its Excel UDF name, and for report KPIs (``in_report=True``) the raw
tables and columns it reads. The report registers its per-period function against the
id (``xlkpi.report.kpis_base.report_kpi``); UDFs, Dashboard rows, docs tables and
tests are driven by, or checked against, this list, so a KPI cannot be half-added.

Units: ``score`` (NPS points −100…+100), ``rate`` (a fraction, 0.25 = 25 %),
``money`` (report currency), ``count``, ``ratio`` (a plain multiple, e.g. ROAS 4.0),
``table`` (several values, spilled in Excel). ``direction`` is +1 when higher is
better, −1 when lower is better, 0 when neither.

``segment`` names the dimension a report KPI is broken down by (one value per
segment; where a total makes sense it is the row with segment ``""``).

Read the list through the functions below (``entries()``, ``by_id()``, ...), not by
importing ``CATALOGUE``: :func:`extended` adds KPIs for a test, and only the functions
see them.

>>> by_id("nps").udf
'KPI_NPS'
>>> by_id("churn_rate").options
('denominator',)
>>> by_id("cac").group
'Acquisition'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from xlkpi.errors import XlkpiError
from xlkpi.kpi import catalogue_customers, catalogue_sales
from xlkpi.kpi.kpi_spec import GROUPS, UNITS, Kpi

__all__ = [
    "CATALOGUE",
    "GROUPS",
    "UNITS",
    "Kpi",
    "by_group",
    "by_id",
    "entries",
    "extended",
    "report_kpis",
    "scalar_kpis",
]

CATALOGUE: tuple[Kpi, ...] = (*catalogue_sales.ENTRIES, *catalogue_customers.ENTRIES)
_BY_ID = {k.id: k for k in CATALOGUE}


def entries() -> tuple[Kpi, ...]:
    """Every catalogue entry (including KPIs added by :func:`extended`)."""
    return CATALOGUE


def by_id(kpi_id: str) -> Kpi:
    """The catalogue entry of ``kpi_id``; raises ``XlkpiError`` listing the known ids.

    >>> by_id("cac").title
    'Customer acquisition cost'
    """
    try:
        return _BY_ID[kpi_id]
    except (KeyError, TypeError):
        raise XlkpiError(
            f"unknown KPI id {kpi_id!r}; known ids: {', '.join(sorted(_BY_ID))}"
        ) from None


def scalar_kpis() -> tuple[Kpi, ...]:
    """Catalogue entries with a scalar Python function (each has an Excel UDF)."""
    return tuple(k for k in CATALOGUE if k.function is not None)


def report_kpis() -> tuple[Kpi, ...]:
    """Catalogue entries the report computes per period."""
    return tuple(k for k in CATALOGUE if k.in_report)


def by_group() -> dict[str, tuple[Kpi, ...]]:
    """Report KPIs by Dashboard group, groups in Dashboard order (empty groups left out).

    >>> [k.id for k in by_group()["Leads & funnel"]][:3]
    ['leads', 'mqls', 'sqls']
    """
    out = {g: tuple(k for k in report_kpis() if k.group == g) for g in GROUPS}
    return {g: ks for g, ks in out.items() if ks}


@contextmanager
def extended(*kpis: Kpi) -> Iterator[tuple[Kpi, ...]]:
    """Add ``kpis`` to the catalogue inside a ``with`` block (tests: a test-only KPI)."""
    global CATALOGUE, _BY_ID
    for k in kpis:
        if k.id in _BY_ID:
            raise XlkpiError(f"KPI id {k.id!r} is already in the catalogue")
    saved = CATALOGUE, _BY_ID
    CATALOGUE = (*CATALOGUE, *kpis)
    _BY_ID = {k.id: k for k in CATALOGUE}
    try:
        yield kpis
    finally:
        CATALOGUE, _BY_ID = saved
