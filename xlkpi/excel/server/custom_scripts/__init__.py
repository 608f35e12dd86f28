"""xlwings Server's custom scripts: the KPI tab's *Build report* and *Check data* buttons."""

import xlwings as xw
from xlwings import script

from xlkpi.excel import scripts


@script
def build_kpi_report(book: xw.Book):
    """Build the KPI report of this workbook's raw sheets into new sheets of it."""
    scripts.build_kpi_report(book)


@script
def check_data(book: xw.Book):
    """List every bad cell of the raw sheets on a Check results sheet."""
    scripts.check_data(book)
