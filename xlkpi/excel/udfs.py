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
@xw.arg("after", ndim=2, err_to_str=True, doc="Optional: the cell with the error, e.g. B10.")
def KPI_LAST_ERROR(after=None):
    """Why the latest KPI_* function returned an error, e.g. "KPI_NPS: scores: ... 11 ..."."""
    return boundary.last_error() or "no KPI error so far"


__all__ = sorted([*_UDFS, "KPI_LAST_ERROR"])
