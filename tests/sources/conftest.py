"""Fixtures of the engine-source tests: the sample read by the workbook reader."""

from tests.warehouse.conftest import sample_raw  # noqa: F401
