"""retention (being written)."""

from xlkpi.report.workbook import SheetSpec


def build(ctx):
    return SheetSpec("retention".capitalize())
