"""Read raw data (xlsx/xlsm, a folder of CSVs, DataFrames) and validate it against the contract."""

from xlkpi.data.model import RawData, Settings, Table

__all__ = ["RawData", "Settings", "Table"]
