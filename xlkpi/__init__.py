"""xlkpi: B2B e-commerce and marketing KPIs in Excel cells, on a ribbon button, in scripts.

The KPI functions are exported from here (``xlkpi.nps``, ``xlkpi.churn_rate``, ...);
``xlkpi.build_report`` builds the KPI workbook from raw data.
"""

# ruff: noqa: F401  (the error classes are re-exported; __all__ is computed, see __getattr__)
import importlib
import importlib.util

from xlkpi.errors import (
    CellProblem,
    DataError,
    KpiInputError,
    MissingColumnError,
    OutputError,
    SourceError,
    XlkpiError,
)

__version__ = "0.1.0"


def build_report(source, output, *, period=None, as_of=None, **options):
    """Build the KPI report workbook from ``source`` and write it atomically to ``output``.

    ``period`` and ``as_of`` default to the source's Settings sheet (else month, and the
    last date in the data). See :func:`xlkpi.report.build.build_report` for the options.
    """
    from xlkpi.report.build import build_report as _build

    return _build(source, output, period=period, as_of=as_of, **options)


_OWN = [
    "CellProblem",
    "DataError",
    "KpiInputError",
    "MissingColumnError",
    "OutputError",
    "SourceError",
    "XlkpiError",
    "__version__",
    "build_report",
]


def __getattr__(name: str):
    """The KPI functions (``xlkpi.nps``, ...), loaded with pandas on first use (PEP 562):
    ``import xlkpi`` stays light, so the command line starts parsing a workbook while
    pandas loads. ``xlkpi.kpi.__all__`` is their list."""
    if importlib.util.find_spec(f"{__name__}.{name}") is not None:
        raise AttributeError(name)  # a submodule not imported yet: the import system loads it
    kpi = importlib.import_module("xlkpi.kpi")  # not "from xlkpi import kpi": it recurses
    if name == "__all__":
        return [*_OWN, *kpi.__all__]
    if name in kpi.__all__:
        value = getattr(kpi, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    kpi = importlib.import_module("xlkpi.kpi")
    return sorted(set(globals()) | set(kpi.__all__))
