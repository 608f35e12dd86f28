"""Read raw data (xlsx/xlsm, a folder of CSVs, DataFrames) and validate it against the contract.

>>> from xlkpi.data import read_source, check_source  # doctest: +SKIP
"""

from xlkpi.data.model import RawData, Settings, Table
from xlkpi.data.read import check_source, read_source

__all__ = ["RawData", "Settings", "Table", "check_source", "read_source"]
