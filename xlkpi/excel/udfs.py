"""The ``KPI_*`` Excel functions: the module Excel registers (``UDF Modules``).

- classic xlwings: the template's ``xlwings.conf`` sheet says ``UDF Modules =
  xlkpi.excel.udfs``; *Import Functions* on the xlwings tab registers every function;
- xlwings Lite: put ``xlkpi`` in requirements.txt and ``from xlkpi.excel.udfs import *``
  in main.py;
- xlwings Server: import this module in the app's custom-functions module.

One ``KPI_*`` function per scalar KPI of the catalogue (:mod:`xlkpi.kpi.catalogue`), plus
``KPI_LAST_ERROR``. A UDF returns a number (or a spilled table), or an Excel error:
``#VALUE!`` for bad input, ``#DIV/0!`` when the KPI is undefined (nothing to divide by),
``#N/A`` when a value is missing, or the error of an input cell. ``=KPI_LAST_ERROR()``
says why. Importing this module needs no running Excel.
"""

import xlwings as xw

from xlkpi.excel import boundary
from xlkpi.excel.udfs_customer import (
    CATEGORY,
    KPI_AOV,
    KPI_ARR,
    KPI_CHURN,
    KPI_CLV,
    KPI_CLV_DISCOUNTED,
    KPI_CLV_MARGIN,
    KPI_MRR,
    KPI_NPS,
    KPI_NPS_BREAKDOWN,
    KPI_NPS_CHANGE_TEST,
    KPI_NPS_MOE,
    KPI_PROFIT,
    KPI_RATE_INTERVAL,
    KPI_REFUND_RATE,
    KPI_REPEAT_PURCHASE_RATE,
    KPI_RETENTION,
    KPI_RETURN_RATE,
)
from xlkpi.excel.udfs_marketing import (
    KPI_BOUNCE_RATE,
    KPI_CAC,
    KPI_CONVERSION_RATE,
    KPI_CPA,
    KPI_CPC,
    KPI_CTR,
    KPI_DEVICE_SHARE,
    KPI_EMAIL_OPTIN_RATE,
    KPI_LEAD_TO_CLOSE,
    KPI_MARKETING_ORIGINATED,
    KPI_MARKETING_PCT_OF_CAC,
    KPI_QUALIFIED_LEAD_RATE,
    KPI_REPEAT_VISITS,
    KPI_RETURNING_VISITOR_RATE,
    KPI_ROAS,
    KPI_ROI,
)


@xw.func(category=CATEGORY, volatile=True)
@xw.arg("after", ndim=2, err_to_str=True, doc="Optional: the cell with the error, e.g. B10.")
def KPI_LAST_ERROR(after=None):
    """Why the latest KPI_* function returned an error, e.g. "KPI_NPS: scores: ... 11 ..."."""
    return boundary.last_error() or "no KPI error so far"


__all__ = [
    "KPI_AOV",
    "KPI_ARR",
    "KPI_BOUNCE_RATE",
    "KPI_CAC",
    "KPI_CHURN",
    "KPI_CLV",
    "KPI_CLV_DISCOUNTED",
    "KPI_CLV_MARGIN",
    "KPI_CONVERSION_RATE",
    "KPI_CPA",
    "KPI_CPC",
    "KPI_CTR",
    "KPI_DEVICE_SHARE",
    "KPI_EMAIL_OPTIN_RATE",
    "KPI_LAST_ERROR",
    "KPI_LEAD_TO_CLOSE",
    "KPI_MARKETING_ORIGINATED",
    "KPI_MARKETING_PCT_OF_CAC",
    "KPI_MRR",
    "KPI_NPS",
    "KPI_NPS_BREAKDOWN",
    "KPI_NPS_CHANGE_TEST",
    "KPI_NPS_MOE",
    "KPI_PROFIT",
    "KPI_QUALIFIED_LEAD_RATE",
    "KPI_RATE_INTERVAL",
    "KPI_REFUND_RATE",
    "KPI_REPEAT_PURCHASE_RATE",
    "KPI_REPEAT_VISITS",
    "KPI_RETENTION",
    "KPI_RETURNING_VISITOR_RATE",
    "KPI_RETURN_RATE",
    "KPI_ROAS",
    "KPI_ROI",
]
