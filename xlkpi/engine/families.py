"""Every engine family; importing this module registers their expressions."""

from xlkpi.engine import customers, leads, nps, orders, spend, web  # noqa: F401
