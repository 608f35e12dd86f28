"""xlkpi: B2B e-commerce and marketing KPIs in Excel cells, on a ribbon button, in scripts.

The KPI functions are exported from here (``xlkpi.nps``, ``xlkpi.churn_rate``, ...);
``xlkpi.build_report`` builds the KPI workbook from raw data.
"""

from xlkpi.errors import (
    CellProblem,
    DataError,
    KpiInputError,
    MissingColumnError,
    OutputError,
    SourceError,
    XlkpiError,
)
from xlkpi.kpi import *  # noqa: F403  (the KPI functions; kpi.__all__ is the list)
from xlkpi.kpi import __all__ as _kpi_all

__version__ = "0.1.0"


def build_report(source, output, *, period=None, as_of=None, **options):
    """Build the KPI report workbook from ``source`` and write it atomically to ``output``.

    ``period`` and ``as_of`` default to the source's Settings sheet (else month, and the
    last date in the data). See :func:`xlkpi.report.build.build_report` for the options.
    """
    from xlkpi.report.build import build_report as _build

    return _build(source, output, period=period, as_of=as_of, **options)


__all__ = [
    "CellProblem",
    "DataError",
    "KpiInputError",
    "MissingColumnError",
    "OutputError",
    "SourceError",
    "XlkpiError",
    "__version__",
    "build_report",
    *_kpi_all,
]
