"""A test-only KPI, declared exactly as docs/adding-a-kpi.md says a KPI is added:
its pure function with a docstring example, one catalogue declaration, and (in
tests/kpi/test_extra_kpi.py) its reference-test row. Nothing else is written for it.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

from xlkpi.kpi._input import numbers, ratio
from xlkpi.kpi.catalogue import extended
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
)  # fmt: skip


@contextmanager
def declared():
    """The catalogue with the test-only KPI, inside a ``with`` block."""
    with extended(PAGES_PER_SESSION) as added:
        yield added
