"""The one factory of the ``KPI_*`` Excel functions: a catalogue entry in, a UDF out.

For each scalar KPI of the catalogue, :func:`make_udf` builds a function named after
its ``udf`` with the arguments of its ``args`` declaration, in order (a real
``inspect.Signature``: required arguments first, optional ones default to None), the
catalogue description as its docstring, and per-argument docs, then applies
``xlwings.func`` / ``xlwings.arg`` / ``xlwings.ret``. Whatever runtime xlwings runs in
(classic add-in, xlwings Lite, xlwings Server), it introspects these the same way it
introspects a hand-written function: signature, ``__doc__`` and decorator metadata.

The function body does no arithmetic: it cleans each argument with the
:mod:`~xlkpi.excel.boundary` helper its kind calls for, calls the KPI function with
keyword arguments (an omitted option is left to the function's default), and
:func:`~xlkpi.excel.boundary.excel_udf` maps the outcome to an Excel value or error.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

import xlwings as xw

from xlkpi.excel.boundary import (
    ARG,
    RET,
    excel_parameters,
    excel_udf,
    number,
    option,
    optional_values,
    values,
)
from xlkpi.kpi._input import within
from xlkpi.kpi.kpi_spec import Arg, Kpi

__all__ = ["CATEGORY", "RANGE", "TABLE", "make_udf", "make_udfs", "signature_text"]

CATEGORY = "xlkpi"
RANGE = ARG  # every argument: raw cells, cleaned by the boundary in one vectorised pass
TABLE = RET  # results are written row by row, as returned


def _default(kpi: Kpi, arg: Arg) -> Any:
    """The function's default of ``arg`` (``inspect.Parameter.empty`` when required)."""
    return inspect.signature(kpi.function).parameters[arg.name].default


def is_optional(kpi: Kpi, arg: Arg) -> bool:
    """True when the UDF argument may be omitted (options, optional ranges, defaults)."""
    return kpi.takes_default(arg)


def _cleaner(kpi: Kpi, arg: Arg) -> Callable[[Any], Any]:
    """Excel value -> the value passed to the KPI function (None: leave it out)."""
    name, data = arg.name, arg.data
    if arg.kind == "range":
        return lambda v: values(v, name, data=data)
    if arg.kind == "total":
        return lambda v: values(v, name, required=True, data=data)
    if arg.kind == "optional":
        return lambda v: optional_values(v, name, data=data)
    if arg.kind == "option":
        return lambda v: option(v, name, data=data)
    if arg.kind == "number":
        default = _default(kpi, arg)
        default = None if default is inspect.Parameter.empty else default
        if arg.within:  # a rate-like value: its declared interval, a percent slip named
            return lambda v: _within(number(v, name, default=default, data=data), name, arg)
        return lambda v: number(v, name, default=default, data=data)
    raise ValueError(f"{kpi.id}: argument {name} has an unknown kind {arg.kind!r}")


def _within(value: Any, name: str, arg: Arg) -> Any:
    """``value`` after checking it lies in ``arg.within`` (a number; text is the KPI's to name)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        within(value, name, arg.within)
    return value


def make_udf(kpi: Kpi, *, module: str = "xlkpi.excel.udfs") -> Callable[..., Any]:
    """The ``KPI_*`` function of the catalogue entry ``kpi`` (which has a function and args).

    >>> from xlkpi.kpi.catalogue import by_id
    >>> udf = make_udf(by_id("conversion_rate"))
    >>> signature_text(udf)  # (plus the hidden ``caller`` each runtime fills in)
    'KPI_CONVERSION_RATE(conversions, visitors)'
    >>> udf([[3.0], [2.0]], 50.0)
    0.1
    """
    fn = kpi.function
    cleaners = [(arg.name, _cleaner(kpi, arg)) for arg in kpi.args]

    def body(*given: Any) -> Any:
        given = given + (None,) * (len(cleaners) - len(given))
        kwargs = {}
        for (name, clean), value in zip(cleaners, given, strict=True):
            cleaned = clean(value)
            if cleaned is not None:
                kwargs[name] = cleaned
        return fn(**kwargs)

    signature = inspect.Signature(
        [
            inspect.Parameter(
                arg.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=None if is_optional(kpi, arg) else inspect.Parameter.empty,
            )
            for arg in kpi.args
        ]
    )
    body.__name__ = body.__qualname__ = kpi.udf
    body.__doc__ = kpi.description
    body.__module__ = module
    body.__signature__ = signature
    udf = excel_udf(body)  # adds the hidden ``caller`` each runtime fills (boundary)
    return _register(udf, kpi)


def _register(udf: Callable[..., Any], kpi: Kpi, **func: Any) -> Callable[..., Any]:
    """Apply xlwings' decorators in the order ``@func @arg... @ret def`` would."""
    udf = xw.ret(**TABLE)(udf)
    for arg in reversed(kpi.args):
        udf = xw.arg(arg.name, **RANGE, doc=kpi.arg_doc(arg))(udf)
    return xw.func(category=CATEGORY, **func)(udf)


def make_udfs(kpis: Iterable[Kpi], *, module: str = "xlkpi.excel.udfs") -> dict[str, Callable]:
    """``{udf name: function}`` for every entry of ``kpis`` with a scalar function."""
    return {k.udf: make_udf(k, module=module) for k in kpis if k.function is not None}


def signature_text(udf: Callable[..., Any]) -> str:
    """``KPI_X(a, b, [c])``: how the docs write a function (optional arguments bracketed)."""
    shown = [
        p.name if p.default is inspect.Parameter.empty else f"[{p.name}]"
        for p in excel_parameters(udf).values()
    ]
    return f"{udf.__name__}({', '.join(shown)})"
