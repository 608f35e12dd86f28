"""The Lite/Server call path: ``xlwings.server.custom_functions_call``, as xlwings runs it.

xlwings picks its decorators when it is imported (``XLWINGS_ON_SERVER=true`` makes
``xw.func/arg/ret`` the Office.js ones), so these tests need a Python process of their
own: ``tests/excel/test_server_call_path.py`` starts one with that environment and
runs this folder. In the main test process the folder is not collected.
"""

from __future__ import annotations

import asyncio
import os

import pytest

ON_SERVER = os.environ.get("XLWINGS_ON_SERVER") == "true"
if not ON_SERVER:
    collect_ignore_glob = ["test_*.py"]


def payload(name: str, args: list, caller: str | None) -> dict:
    """The body xlwings' JavaScript client posts (custom-functions-code.js ``base()``)."""
    import xlwings as xw

    return {
        "client": "Office.js",
        "func_name": name,
        "args": args,
        "caller_address": caller,
        "session_id": "test",
        "culture_info_name": "en-US",
        "date_format": "M/d/yyyy",
        "version": xw.__version__,
        "runtime": "1.4",
    }


def call_function(name: str, *args, caller: str | None = "[Book1.xlsx]Sheet1!B10"):
    """Call ``name`` as xlwings Server's /custom-functions-call route does (with its Caller)."""
    import xlwings.server as xs

    from xlkpi.excel import udfs

    try:
        caller_obj = xs.caller_from_address(caller)
    except Exception:
        caller_obj = None
    return asyncio.run(
        xs.custom_functions_call(
            payload(name, list(args), caller), udfs, typehint_to_value={xs.Caller: caller_obj}
        )
    )


@pytest.fixture
def call():
    from xlkpi.excel import boundary

    boundary.clear_errors()
    yield call_function
    boundary.clear_errors()
