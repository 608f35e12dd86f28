"""Run as a script in a fresh interpreter: load xlkpi.excel.udfs under one xlwings runtime
and print what that runtime registers, as JSON (tests/excel/test_udfs_factory.py).

``server``: XLWINGS_ON_SERVER=true, the xlwings.server decorators (as xlwings Server and
Lite use them): ``custom_functions_meta`` and a few ``custom_functions_call`` results.
``classic``: xlwings' Windows decorators (``xlwings.udfs``, with stand-ins for the pywin32
modules it imports) and the VBA wrappers its *Import Functions* would write.
With ``--test-kpi``, a test-only KPI is added to the catalogue first.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import sys
import types


def _classic() -> dict:
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules["pythoncom"].CoInitialize = lambda: None
    sys.modules["win32com.client"].Dispatch = None
    import xlwings
    import xlwings.udfs as classic

    xlwings.func, xlwings.arg, xlwings.ret = classic.xlfunc, classic.xlarg, classic.xlret
    module = _udfs()
    out = io.StringIO()
    book = types.SimpleNamespace(Name="workbook_template.xlsm")
    classic.generate_vba_wrapper("xlkpi.excel.udfs", module, out, book)
    functions = {
        name: {
            "doc": f.__xlfunc__["ret"]["doc"],
            "args": [[a["name"], a["doc"], "optional" in a] for a in f.__xlfunc__["args"]],
        }
        for name, f in vars(module).items()
        if hasattr(f, "__xlfunc__")
    }
    return {"vba": out.getvalue(), "functions": functions}


def _server() -> dict:
    import xlwings
    from xlwings import server

    module = _udfs()
    meta = server.custom_functions_meta(module)

    def call(name, *args):
        data = {"func_name": name, "args": list(args), "version": xlwings.__version__,
                "client": "Office.js", "runtime": "1.4", "culture_info_name": "en-US",
                "date_format": "yyyy-mm-dd"}  # fmt: skip
        return asyncio.run(server.custom_functions_call(data, module))

    calls = {
        "KPI_NPS": call("KPI_NPS", [[10], [9], [None], [0]]),
        "KPI_NPS_skip": call("KPI_NPS", [[10], [11], [0], [9]], [["skip"]]),
        "KPI_CHURN": call("KPI_CHURN", [[5]], [[200]], None, None, None),
        "KPI_CHURN_avg": call("KPI_CHURN", [[5]], [[200]], [["average"]], [[300]], None),
        "KPI_CONVERSION_RATE_zero": call("KPI_CONVERSION_RATE", [[3]], [[0]]),
    }
    if "KPI_PAGES_PER_SESSION" in vars(module):
        calls["KPI_PAGES_PER_SESSION"] = call("KPI_PAGES_PER_SESSION", [[1], [2], [None], [6]])
    return {"meta": meta, "calls": calls}


def _udfs():
    if "--test-kpi" not in sys.argv:
        import xlkpi.excel.udfs as module

        return module
    import tests.support.extra_kpi  # noqa: F401  (registers it, if XLKPI_KPIS did not)

    module = types.ModuleType("xlkpi_test_udfs")
    from xlkpi.excel.udfs_factory import make_udfs
    from xlkpi.kpi.catalogue import scalar_kpis

    vars(module).update(make_udfs(scalar_kpis(), module=module.__name__))
    return module


if __name__ == "__main__":
    runtime = sys.argv[1]
    if runtime == "server":
        assert os.environ.get("XLWINGS_ON_SERVER") == "true"
    print(json.dumps(_server() if runtime == "server" else _classic(), default=str))
