"""The report's safe writing: see :mod:`xlkpi.safe_io`, the one module every writer uses."""

from __future__ import annotations

from xlkpi.safe_io import atomic_write, check_output, is_xlkpi_report, mark_workbook

__all__ = ["atomic_write", "check_output", "is_xlkpi_report", "mark_workbook"]
