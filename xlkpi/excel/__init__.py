"""The Excel side of xlkpi: ``KPI_*`` UDFs, the ribbon entry points, the template builder.

Only this package imports xlwings, and only :mod:`xlkpi.excel.udfs` does so at import
time (for the ``@xw.func`` decorators, which need no running Excel).
"""
