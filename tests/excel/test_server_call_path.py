"""Run tests/excel/server/ in a Python process with ``XLWINGS_ON_SERVER=true``.

That is how xlwings Lite and xlwings Server import the functions module; the decorators
xlwings hands out depend on it, so it cannot be switched inside this process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WARNINGS = ["-W", "error::RuntimeWarning"]  # a NumPy overflow warning fails the run


def test_the_lite_and_server_call_path():
    env = {
        **os.environ,
        "XLWINGS_ON_SERVER": "true",
        "XLWINGS_LICENSE_KEY": "noncommercial",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *WARNINGS,
            "tests/excel/server",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout[-2000:]
