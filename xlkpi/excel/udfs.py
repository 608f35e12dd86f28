"""The ``KPI_*`` Excel functions: the module Excel registers (``UDF Modules``).

- classic xlwings: the template's ``xlwings.conf`` sheet says ``UDF Modules =
  xlkpi.excel.udfs``; *Import Functions* on the xlwings tab registers every function;
- xlwings Lite: ``xlkpi lite`` writes a main.py that imports this module and a
  requirements.txt naming your xlkpi wheel (xlkpi is not on PyPI yet);
- xlwings Server: ``xlkpi server`` writes the project's custom_functions importing it.

One ``KPI_*`` function per scalar KPI of the catalogue (:mod:`xlkpi.kpi.catalogue`), made
by :func:`xlkpi.excel.udfs_factory.make_udf` from the entry's declaration, plus
``KPI_LAST_ERROR``. A UDF returns a number (or a spilled table), or an Excel error:
``#VALUE!`` for bad input, ``#DIV/0!`` when the KPI is undefined (nothing to divide by),
``#N/A`` when a value is missing, or the error of an input cell. ``=KPI_LAST_ERROR()``
says why. Importing this module needs no running Excel.
"""

import xlwings as xw

from xlkpi.excel import boundary
from xlkpi.excel.udfs_factory import CATEGORY, make_udfs
from xlkpi.kpi.catalogue import scalar_kpis

# One KPI_* function per scalar catalogue KPI, made by the one factory.
_UDFS = make_udfs(scalar_kpis(), module=__name__)
globals().update(_UDFS)


@xw.func(category=CATEGORY, volatile=True)
@xw.arg("cell", **boundary.ARG, doc='Optional: the cell\'s address, e.g. CELL("address", B10).')
@boundary.with_caller
def KPI_LAST_ERROR(cell=None):
    """Why a KPI_* cell shows an error (no cell: the latest error on this sheet)."""
    return boundary.last_error(cell)


__all__ = sorted([*_UDFS, "KPI_LAST_ERROR"])
