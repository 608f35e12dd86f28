"""xlwings Server's custom scripts: the KPI tab's *Build report* and *Check data* buttons
(build_kpi_report, check_data: see xlkpi.excel.scripts)."""

from xlkpi.excel.scripts import build_kpi_report, check_data  # noqa: F401
