"""A stand-in for the Windows Excel engine, so xlwings' own converters run on Linux.

``xlwings.conversion.read/write`` look up the engine named ``excel``; on Windows that is
``xlwings._xlwindows.engine``. :class:`ComLikeEngine` mirrors its two data hooks:
values arrive as COM gives them (tuples of rows, ``None`` blanks, errors as the COM
error integers) and NaN/None are written as blanks, as classic xlwings does.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import xlwings as xw
from xlwings.main import Engine

# The COM error codes classic Excel passes for error cells (xlwings._xlwindows.cell_errors).
COM_ERRORS = {
    -2146826281: "#DIV/0!",
    -2146826246: "#N/A",
    -2146826259: "#NAME?",
    -2146826288: "#NULL!",
    -2146826252: "#NUM!",
    -2146826265: "#REF!",
    -2146826273: "#VALUE!",
}
COM_NA = -2146826246


class ComLikeEngine:
    name = "excel"
    type = "desktop"
    apps = None

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        def clean(value):
            if value in ("", None):
                return empty_as
            if isinstance(value, dt.datetime):
                return datetime_builder(value.year, value.month, value.day)
            if number_builder is not None and isinstance(value, float):
                return number_builder(value)
            if isinstance(value, int) and not isinstance(value, bool) and value in COM_ERRORS:
                return COM_ERRORS[value] if err_to_str else None
            return value

        return [[clean(c) for c in row] for row in data]

    @staticmethod
    def prepare_xl_data_element(x, options):
        if x is None:
            return ""
        if isinstance(x, float | np.floating) and math.isnan(x):
            return ""  # classic xlwings writes NaN as a blank cell
        if isinstance(x, np.number):
            return float(x)
        return x


def install() -> tuple[Engine, Engine | None]:
    """Register the engine as ``excel``; return it and the engine it replaced (if any)."""
    previous = xw.engines.engines_by_name.get("excel")
    engine = Engine(impl=ComLikeEngine())
    xw.engines.add(engine)
    return engine, previous


def uninstall(engine: Engine, previous: Engine | None) -> None:
    xw.engines.engines.remove(engine)
    if previous is not None:
        xw.engines.engines_by_name["excel"] = previous
    else:
        xw.engines.engines_by_name.pop("excel", None)


def call_like_excel(udf, *com_args, arg_options, ret_options):
    """What classic xlwings' ``call_udf`` does around a UDF: read each argument, call, write."""
    from xlwings import conversion

    args = [None if a is None else conversion.read(None, a, arg_options) for a in com_args]
    return conversion.write(udf(*args), None, ret_options)
