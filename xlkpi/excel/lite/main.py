"""xlkpi in xlwings Lite: every KPI_* function, and the *Build KPI report* and *Check data*
scripts. Paste this file into the main.py tab of the xlwings Lite editor.

Both come from the xlkpi package (nothing is listed here): the functions from
xlkpi.excel.udfs, the scripts (build_kpi_report, check_data) from xlkpi.excel.scripts.
The scripts read this workbook's raw sheets (Orders, Customers, Sessions, Leads, Spend,
NPS, Subscriptions, Settings, Targets) and write into NEW sheets of this workbook: the
report sheets ("Dashboard (KPI)", ...) or "Check results". The raw sheets never change.
"""

from xlkpi.excel.scripts import build_kpi_report, check_data  # noqa: F401
from xlkpi.excel.udfs import *  # noqa: F403
