"""Fixtures shared by every test suite."""

from __future__ import annotations

import pytest

from tests.support import libreoffice


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
