"""Fixtures shared by every test suite."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support import libreoffice, postgres


def pytest_configure(config):
    """Register the test-only KPI (tests/support/extra_kpi.py) through the public extension
    point before collection, so every parametrised test and derived list sees it, in this
    process and in the ones the tests start (they inherit the environment)."""
    from xlkpi.kpi.catalogue import EXTENSIONS_VARIABLE, entries

    root = str(Path(__file__).resolve().parent.parent)  # subprocesses import tests.support
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    os.environ[EXTENSIONS_VARIABLE] = "tests.support.extra_kpi"
    assert "pages_per_session" in {k.id for k in entries()}
    _share_compiled_sql(config)


def _share_compiled_sql(config) -> None:
    """One compiled-SQL cache folder for the whole run (``xlkpi.engine.sqlcache``), fresh
    each run, so every xdist worker and every command-line subprocess reuses what one of
    them compiled (the workers and subprocesses inherit the environment). A run starts
    cold, so the first build of each shape is the compiled one; tests of the cache itself
    choose their own folder."""
    from xlkpi.engine.sqlcache import VARIABLE

    if os.environ.get("PYTEST_XDIST_WORKER") or os.environ.get(VARIABLE):
        return  # a worker (the controller chose), or the runner chose one
    folder = tempfile.mkdtemp(prefix="xlkpi-test-sql-")
    os.environ[VARIABLE] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture(scope="session")
def pg():
    """A throw-away PostgreSQL cluster for the worker's session (stopped at its end): one
    initdb per worker, shared by every test file that needs a server (each uses its own
    databases)."""
    cluster = postgres.start_or_skip()
    yield cluster
    postgres.stop(cluster)


@pytest.fixture(scope="session")
def soffice() -> str:
    """The soffice executable: skip when absent, fail if XLKPI_REQUIRE_LIBREOFFICE=1."""
    return libreoffice.soffice_or_skip()


@pytest.fixture
def recalc(soffice, tmp_path_factory):
    """``recalc(path) -> Path``: a LibreOffice-recalculated copy of the workbook at ``path``."""

    def _recalc(path):
        return libreoffice.recalculate(path, tmp_path_factory.mktemp("recalc"))

    return _recalc


@pytest.fixture
def lo_convert(soffice, tmp_path_factory):
    """``lo_convert(path, fmt) -> Path``: the file converted by LibreOffice (e.g. to pdf)."""

    def _convert(path, fmt):
        return libreoffice.convert(path, fmt, tmp_path_factory.mktemp("convert"))

    return _convert
