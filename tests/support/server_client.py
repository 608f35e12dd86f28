"""Run the real xlwings Server app in-process and call it as its JavaScript client does.

Run as ``python -m tests.support.server_client`` with ``XLWINGS_PROJECT_DIR`` set to a
project holding xlkpi's server files; prints one JSON object with every response. It runs
in its own process because xlwings Server switches xlwings into server mode on import.
"""

from __future__ import annotations

import json
import sys

from tests.support import officejs


def main() -> None:
    from fastapi.testclient import TestClient  # starlette's, over httpx: no socket
    from xlwings_server.main import app

    out = {}
    with TestClient(app, base_url="http://127.0.0.1") as client:
        meta = client.get("/xlwings/custom-functions-meta")
        out["meta"] = {"status": meta.status_code, "json": meta.json()}
        code = client.get("/xlwings/custom-functions-code")
        out["code"] = {"status": code.status_code, "text": code.text}
        calls = {
            "nps": officejs.function_call("KPI_NPS", [[[10], [9], [8], [0], [""]]]),
            "nps_bad": officejs.function_call("KPI_NPS", [[[10], [11]]]),
            "div0": officejs.function_call("KPI_CONVERSION_RATE", [[[0]], [[0]]]),
        }
        for key, body in calls.items():
            r = client.post("/xlwings/custom-functions-call", json=body)
            out[key] = {"status": r.status_code, "json": r.json()}
        scripts = client.get("/xlwings/custom-scripts-meta")
        out["scripts_meta"] = {"status": scripts.status_code, "json": scripts.json()}
        r = client.post(
            "/xlwings/custom-scripts-call/build_kpi_report", json=officejs.sample_book()
        )
        out["build"] = {"status": r.status_code, "json": r.json()}
        bad = officejs.book(
            {"NPS": [["response_date", "score"], ["2026-01-05", 9], ["2026-01-06", 11]]}
        )
        r = client.post("/xlwings/custom-scripts-call/check_data", json=bad)
        out["check"] = {"status": r.status_code, "json": r.json()}
        ribbon = client.get("/static/js/ribbon.js")
        out["ribbon_js"] = {"status": ribbon.status_code, "text": ribbon.text}
        manifest = client.get("/manifest.xml")
        out["manifest"] = {"status": manifest.status_code, "text": manifest.text}
    json.dump(out, sys.stdout, default=str)


if __name__ == "__main__":
    main()
