"""Read raw data (xlsx/xlsm, a folder of CSVs, DataFrames) and validate it against the contract.

``read_source(source) -> RawData`` (raises on bad data), ``check_source(source)`` (lists
every data error at once). The contract itself is in :mod:`xlkpi.data.contract`, the
typed result in :mod:`xlkpi.data.model`, the sample data set in :mod:`xlkpi.data.sample`.
The exports are loaded on first use (PEP 562), so the pandas-free modules (the contract,
the zip checks, the sheet parser) import without pandas.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "RawData": "xlkpi.data.model",
    "Settings": "xlkpi.data.model",
    "Table": "xlkpi.data.model",
    "check_source": "xlkpi.data.read",
    "read_source": "xlkpi.data.read",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
