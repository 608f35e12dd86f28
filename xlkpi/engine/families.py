"""Every engine family; importing this module registers their expressions."""

from xlkpi.engine import bridge, customers, leads, nps, orders, recurring, spend, web  # noqa: F401
