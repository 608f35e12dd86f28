"""The one way the computation registers its functions: a decorator that puts a function
in a table under its name (a catalogue id, a trial count's name), once.

Both executors use it: the NumPy functions (:mod:`xlkpi.engine.frames`, which xlwings
Lite runs, without Ibis) and the Ibis expressions (:mod:`xlkpi.engine.plan`). So it
imports nothing but the error type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from xlkpi.errors import XlkpiError

F = TypeVar("F", bound=Callable)


def registrar(table: dict, what: str) -> Callable[[str], Callable[[F], F]]:
    """``registrar(table, what)(name)``: a decorator putting the decorated function in
    ``table`` under ``name`` (and returning it unchanged). A name registered twice raises
    ``XlkpiError`` ("``what`` 'name' is registered twice"), and ``table`` keeps the first.

    >>> table = {}
    >>> @registrar(table, "example")("one")
    ... def one(): ...
    >>> list(table)
    ['one']
    >>> registrar(table, "example")("one")(print)
    Traceback (most recent call last):
    ...
    xlkpi.errors.XlkpiError: example 'one' is registered twice
    """

    def decorator(name: str) -> Callable[[F], F]:
        def register(fn: F) -> F:
            if name in table:
                raise XlkpiError(f"{what} {name!r} is registered twice")
            table[name] = fn
            return fn

        return register

    return decorator
