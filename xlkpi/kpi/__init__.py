"""Pure KPI functions: arrays in, numbers out. No I/O, no Excel.

Every function is exported here and from the package root (``xlkpi.nps``).
``CATALOGUE`` (see :mod:`xlkpi.kpi.catalogue`) lists every KPI with its unit,
direction, function, Excel UDF name and report inputs. The exports are listed in
:mod:`xlkpi.kpi.api` and loaded on first use (PEP 562): importing a light submodule
such as :mod:`xlkpi.kpi.options` does not import pandas, so the command line starts
parsing a workbook while pandas loads.
"""

from __future__ import annotations

import importlib
import importlib.util


def __getattr__(name: str):
    if importlib.util.find_spec(f"{__name__}.{name}") is not None:
        raise AttributeError(name)  # a submodule not imported yet: the import system loads it
    api = importlib.import_module("xlkpi.kpi.api")  # not "from xlkpi.kpi import": it recurses
    if name == "__all__" or name in api.__all__:
        value = getattr(api, name)
        globals()[name] = value  # later look-ups are plain attribute reads
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    api = importlib.import_module("xlkpi.kpi.api")
    return sorted(set(globals()) | set(api.__all__))
