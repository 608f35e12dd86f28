"""xlwings Server's custom functions: every KPI_* function of xlkpi (one import)."""

from xlkpi.excel.udfs import *  # noqa: F403
