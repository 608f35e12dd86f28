"""The KPI catalogue: the one list of KPIs every other layer reads.

Each KPI is declared once, as a :class:`~xlkpi.kpi.kpi_spec.Kpi` (fields documented
there) in ``catalogue_sales.py`` or ``catalogue_customers.py``: id, title, unit,
direction, Dashboard group, the one-line definition users see, the scalar Python
function and its Excel UDF name, and for report KPIs (``in_report=True``) the raw
tables and columns it reads. The report registers its per-period function against the
id (``xlkpi.engine.frames.base.report_kpi``); UDFs, Dashboard rows, docs tables and
tests are driven by, or checked against, this list, so a KPI cannot be half-added.

Units: ``score`` (NPS points −100…+100), ``rate`` (a fraction, 0.25 = 25 %),
``money`` (report currency), ``count``, ``ratio`` (a plain multiple, e.g. ROAS 4.0),
``table`` (several values, spilled in Excel). ``direction`` is +1 when higher is
better, −1 when lower is better, 0 when neither.

``segment`` names the dimension a report KPI is broken down by (one value per
segment; where a total makes sense it is the row with segment ``""``).

Read the list through the functions below (``entries()``, ``by_id()``, ...), not by
importing ``CATALOGUE``: :func:`register` (the public extension point, ``xlkpi.kpi.register``)
adds KPIs declared outside the package, and only the functions see them. The test suite
registers its test-only KPI before collection, so every derived list sees it.

>>> by_id("nps").udf
'KPI_NPS'
>>> by_id("churn_rate").options
('denominator',)
>>> by_id("cac").group
'Acquisition'
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

from xlkpi.errors import XlkpiError
from xlkpi.kpi import catalogue_customers, catalogue_sales
from xlkpi.kpi.kpi_spec import GROUPS, UNITS, Kpi, with_option_args

__all__ = [
    "CATALOGUE",
    "GROUPS",
    "UNITS",
    "Kpi",
    "by_group",
    "by_id",
    "entries",
    "extended",
    "package_entries",
    "register",
    "report_kpis",
    "scalar_kpis",
]

CATALOGUE: tuple[Kpi, ...] = (*catalogue_sales.ENTRIES, *catalogue_customers.ENTRIES)
_PACKAGE = CATALOGUE
_BY_ID = {k.id: k for k in CATALOGUE}


#: Environment variable naming modules (comma-separated) that register KPIs when imported:
#: loaded on the first read of the catalogue, in every process (xlwings Server, the CLI).
EXTENSIONS_VARIABLE = "XLKPI_KPIS"
_loaded = False


def _extensions() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name in os.environ.get(EXTENSIONS_VARIABLE, "").split(","):
        if name.strip():
            try:
                importlib.import_module(name.strip())
            except ImportError as exc:
                raise XlkpiError(
                    f"{EXTENSIONS_VARIABLE}: cannot import {name.strip()!r} ({exc})"
                ) from None


def entries() -> tuple[Kpi, ...]:
    """Every catalogue entry (including KPIs added by :func:`register`)."""
    _extensions()
    return CATALOGUE


def package_entries() -> tuple[Kpi, ...]:
    """The package's own entries, without registered ones: what xlkpi's docs and the
    committed template describe."""
    return _PACKAGE


def register(*kpis: Kpi) -> None:
    """Add ``kpis`` to the catalogue for the rest of the process: the UDFs made after it,
    the report, the docs checks and every list derived from :func:`entries` include them.

    Each must be a ``Kpi`` with a new id, a known unit and Dashboard group; a scalar KPI
    its ``KPI_*`` name and its ``sample``. Raises ``XlkpiError`` naming the KPI otherwise.
    Registering the same declaration again does nothing. Another process (xlwings
    Server, the command line) registers a module's KPIs by naming the module in the
    environment variable ``XLKPI_KPIS``.
    """
    global CATALOGUE, _BY_ID
    kpis = tuple(k for k in kpis if _BY_ID.get(getattr(k, "id", None)) is not k)
    for k in kpis:
        _check_new(k)
    kpis = tuple(with_option_args(k) for k in kpis)
    CATALOGUE = (*CATALOGUE, *kpis)
    _BY_ID = {k.id: k for k in CATALOGUE}


def unregister(*ids: str) -> None:
    """Remove the registered KPIs ``ids`` (the package's own stay)."""
    global CATALOGUE, _BY_ID
    own = {k.id for k in _PACKAGE}
    CATALOGUE = tuple(k for k in CATALOGUE if k.id in own or k.id not in ids)
    _BY_ID = {k.id: k for k in CATALOGUE}


def _check_new(k: Kpi) -> None:
    if not isinstance(k, Kpi):
        raise XlkpiError(f"register() takes Kpi declarations, not {type(k).__name__}")
    problems = []
    if k.id in _BY_ID:
        problems.append("the id is already in the catalogue")
    if k.unit not in UNITS:
        problems.append(f"unit {k.unit!r} is not one of {', '.join(UNITS)}")
    if k.in_report and k.group not in GROUPS:
        problems.append(f"group {k.group!r} is not one of {', '.join(GROUPS)}")
    if k.function is not None and not (k.udf or "").startswith("KPI_"):
        problems.append(f"udf {k.udf!r} must be a KPI_* name")
    if k.function is not None and k.sample is None:
        problems.append("a scalar KPI declares its sample=(args, kwargs, expected)")
    if problems:
        raise XlkpiError(f"KPI {k.id!r}: {'; '.join(problems)}")


def by_id(kpi_id: str) -> Kpi:
    """The catalogue entry of ``kpi_id``; raises ``XlkpiError`` listing the known ids.

    >>> by_id("cac").title
    'Customer acquisition cost'
    """
    _extensions()
    try:
        return _BY_ID[kpi_id]
    except (KeyError, TypeError):
        raise XlkpiError(
            f"unknown KPI id {kpi_id!r}; known ids: {', '.join(sorted(_BY_ID))}"
        ) from None


def scalar_kpis() -> tuple[Kpi, ...]:
    """Catalogue entries with a scalar Python function (each has an Excel UDF)."""
    return tuple(k for k in entries() if k.function is not None)


def report_kpis() -> tuple[Kpi, ...]:
    """Catalogue entries the report computes per period."""
    return tuple(k for k in entries() if k.in_report)


def by_group() -> dict[str, tuple[Kpi, ...]]:
    """Report KPIs by Dashboard group, groups in Dashboard order (empty groups left out).

    >>> [k.id for k in by_group()["Leads & funnel"]][:3]
    ['leads', 'mqls', 'sqls']
    """
    out = {g: tuple(k for k in report_kpis() if k.group == g) for g in GROUPS}
    return {g: ks for g, ks in out.items() if ks}


@contextmanager
def extended(*kpis: Kpi) -> Iterator[tuple[Kpi, ...]]:
    """:func:`register` ``kpis`` inside a ``with`` block only."""
    for k in kpis:
        if k.id in _BY_ID:
            raise XlkpiError(f"KPI id {k.id!r} is already in the catalogue")
    register(*kpis)
    try:
        yield kpis
    finally:
        unregister(*(k.id for k in kpis))
