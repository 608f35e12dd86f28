"""Every engine family; importing this module registers their expressions."""

from xlkpi.engine import orders  # noqa: F401
