"""Read raw data (xlsx/xlsm, a folder of CSVs, DataFrames) and validate it against the contract.

``read_source(source) -> RawData`` (raises on bad data), ``check_source(source)`` (lists
every data error at once). The contract itself is in :mod:`xlkpi.data.contract`, the
typed result in :mod:`xlkpi.data.model`, the sample data set in :mod:`xlkpi.data.sample`.
"""

from xlkpi.data.model import RawData, Settings, Table
from xlkpi.data.read import check_source, read_source

__all__ = ["RawData", "Settings", "Table", "check_source", "read_source"]
