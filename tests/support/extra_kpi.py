"""A test-only KPI, declared exactly as docs/adding-a-kpi.md says a KPI is added: its
pure function with a docstring example, one catalogue declaration (with its sample), and
(in tests/kpi/test_extra_kpi.py) its reference-test row. Nothing else is written for it.

Importing this module registers the KPI through the public extension point
(``xlkpi.kpi.register``). ``tests/conftest.py`` names it in ``XLKPI_KPIS`` in
``pytest_configure``, before collection, so every list derived from the catalogue, every
parametrised test, the report and the subprocesses the tests start (xlwings Server, the
command line) see it.
"""

from __future__ import annotations

from typing import Any

from xlkpi.kpi._input import numbers, ratio
from xlkpi.kpi.catalogue import register
from xlkpi.kpi.kpi_spec import Kpi, rng


# 1. The pure function (in a real KPI: a module of xlkpi/kpi/, exported from xlkpi).
def pages_per_session(pageviews: Any) -> float:
    """Pages per session, a count: Σ page views / sessions.

    ``pageviews`` holds one number per session; blanks are not sessions; no sessions
    gives NaN.

    >>> pages_per_session([1, 2, None, 6])
    3.0
    """
    a = numbers(pageviews, "pageviews")
    return ratio(float(a.sum()), a.size)


# 2. Its one declaration (in a real KPI: an entry of catalogue_sales/_customers.py).
PAGES_PER_SESSION = Kpi(
    "pages_per_session", "Pages per session", "count", +1, "Σ page views / sessions",
    pages_per_session, "KPI_PAGES_PER_SESSION",
    needs=(("sessions", ("session_date", "pageviews")),), in_report=True,
    group="Website", rows=("sessions", ("pageviews",)),
    args=(rng("pageviews", "pageviews", "Page views of every session (one per session)."),),
    properties=("non_negative", "order_free", "shape_free"),
    sample=(([1, 2, None, 6],), {}, 3.0),  # (1 + 2 + 6) / 3 sessions
)  # fmt: skip

register(PAGES_PER_SESSION)  # on import: XLKPI_KPIS=tests.support.extra_kpi names this module
