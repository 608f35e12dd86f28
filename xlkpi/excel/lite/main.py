"""xlkpi in xlwings Lite: every KPI_* function, and the *Build KPI report* and *Check data*
scripts. Paste this file into the main.py tab of the xlwings Lite editor.

The functions are the ones of xlkpi.excel.udfs (one import, nothing listed here). The
scripts read this workbook's raw sheets (Orders, Customers, Sessions, Leads, Spend, NPS,
Subscriptions, Settings, Targets) and write into NEW sheets of this workbook: the report
sheets ("Dashboard (KPI)", ...) or "Check results". The raw sheets are never changed.
"""

import xlwings as xw
from xlwings import script

from xlkpi.excel import scripts
from xlkpi.excel.udfs import *  # noqa: F403  (registers every KPI_* function)


@script
def build_kpi_report(book: xw.Book):
    """Build KPI report: the KPI report of this workbook's raw sheets, as new sheets."""
    scripts.build_kpi_report(book)


@script
def check_data(book: xw.Book):
    """Check data: every bad cell of the raw sheets, listed on a Check results sheet."""
    scripts.check_data(book)
