"""The wheel built from the repository carries everything xlkpi needs at run time.

Built as CI builds it (``pip wheel --no-deps``), installed into a fresh virtual
environment (``--system-site-packages`` for the dependencies, ``--no-deps`` for xlkpi:
no network), then ``xlkpi sample`` and ``xlkpi build`` run from that environment, in a
folder outside the checkout, so nothing of the checkout can stand in for the wheel.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

RUNTIME_FILES = [
    "xlkpi/excel/template/xlkpi_ribbon.bas",
    "xlkpi/excel/template/customUI.xml",
    "xlkpi/excel/lite/main.py",
    "xlkpi/excel/lite/requirements.txt",
    "xlkpi/excel/server/custom_functions/__init__.py",
    "xlkpi/excel/server/custom_scripts/__init__.py",
    "xlkpi/excel/server/templates/manifest.xml",
    "xlkpi/excel/server/static/js/ribbon.js",
]


def _run(args, **kw):
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, **kw)
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)])
    (found,) = out.glob("xlkpi-*.whl")
    return found


def test_the_wheel_is_pure_python_and_carries_the_runtime_files(wheel):
    assert wheel.name.endswith("-py3-none-any.whl")  # installable by Pyodide (Lite)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(RUNTIME_FILES) <= names
    assert not any(n.startswith("tests/") for n in names)


def test_xlkpi_sample_and_build_run_from_the_installed_wheel(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    # the installed wheel alone: not the checkout, nor the suite's test-only KPI module
    dropped = ("PYTHONPATH", "VIRTUAL_ENV", "XLKPI_KPIS")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    _run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], env=env)
    work = tmp_path / "work"
    work.mkdir()
    where = _run([str(python), "-c", "import xlkpi, sys; print(xlkpi.__file__)"], env=env, cwd=work)
    assert Path(where.stdout.strip()).is_relative_to(env_dir)
    xlkpi = str(bindir / "xlkpi")
    _run([xlkpi, "sample", "-o", "raw.xlsx"], env=env, cwd=work)
    _run([xlkpi, "build", "raw.xlsx", "-o", "report.xlsx"], env=env, cwd=work)
    _run([xlkpi, "template", "-o", "t.xlsm"], env=env, cwd=work)
    _run([xlkpi, "server", "-o", "srv"], env=env, cwd=work)
    assert (work / "report.xlsx").stat().st_size > 10_000
    assert (work / "srv/templates/manifest.xml").is_file()
