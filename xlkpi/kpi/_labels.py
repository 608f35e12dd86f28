"""Text and flag cells of the KPI functions: labels (ids, statuses, devices), TRUE/FALSE.

Part of the one validator every KPI function uses (:mod:`xlkpi.kpi._input` states the
rules and re-exports these helpers).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from xlkpi.kpi._ranges import _bad_value, _flatten, _is_blank, _is_number_type
from xlkpi.text import fold

_TRUE = frozenset({"true", "yes", "y", "1", "wahr", "vrai"})

_FALSE = frozenset({"false", "no", "n", "0", "falsch", "faux"})


def _label(v: Any) -> str | None:
    if _is_blank(v):
        return None
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, bool | np.bool_):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float | np.floating) and float(v).is_integer():
        return str(int(v))
    if isinstance(v, np.generic):
        return str(v.item())
    return str(v)


def _text_labels(v: list) -> np.ndarray | None:
    """Every cell as stripped text (None for blanks) when each is text or None, else None.

    C-level passes (``map(str.strip, ...)``): a column of a million statuses or ids costs
    no Python step per cell.
    """
    kinds = set(map(type, v))
    if not kinds <= {str, type(None)}:
        return None
    if type(None) in kinds:
        v = [c or "" for c in v]
    out = np.empty(len(v), dtype=object)
    out[:] = list(map(str.strip, v))
    out[out == ""] = None
    return out


def flat_labels(x: Any, argument: str) -> np.ndarray:
    """Every cell of ``x`` as stripped text, ``None`` for blanks: same length as the input.

    >>> flat_labels([["Paid"], [None], [7.0]], "statuses").tolist()
    ['Paid', None, '7']
    >>> flat_labels([[" paid "], [""], ["x"]], "statuses").tolist()
    ['paid', None, 'x']
    """
    v = _flatten(x).values
    if isinstance(v, pd.Series | np.ndarray):
        v = v.tolist()
    fast = _text_labels(v)
    if fast is not None:
        return fast
    return np.array([_label(item) or None for item in v], dtype=object)


def labels(x: Any, argument: str) -> np.ndarray:
    """Return the non-blank cells of ``x`` as an object array of stripped ``str``.

    Numbers become text without a trailing ``.0`` (an id typed as ``1001`` in Excel
    arrives as ``1001.0`` and is ``"1001"`` here).

    >>> labels([[" paid "], [None], [1001.0], [""]], "statuses").tolist()
    ['paid', '1001']
    """
    flat = _flatten(x)
    v = flat.values
    if isinstance(v, pd.Series) and (
        pd.api.types.is_string_dtype(v.dtype) and not pd.api.types.is_object_dtype(v.dtype)
    ):
        s = v.dropna().str.strip()
        return s[s != ""].to_numpy(dtype=object)
    if isinstance(v, pd.Series):
        v = v.to_numpy(dtype=object)
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "iu":
            return v.astype(str).astype(object)
        v = v.tolist()
    fast = _text_labels(v)
    if fast is not None:
        return fast[np.not_equal(fast, None)]
    out = [_label(item) for item in v]
    return np.array([s for s in out if s], dtype=object)


def flags(x: Any, argument: str, *, blank: bool | None = None) -> np.ndarray:
    """Return the cells of ``x`` as a bool array; blanks skipped, or read as ``blank``.

    Accepted: ``True``/``False``, 1/0, and the text TRUE/FALSE, yes/no, y/n, 1/0
    (any case). Anything else raises ``KpiInputError``. With ``blank=False`` a blank
    cell is FALSE and the result keeps the input's length (aligned with other columns).

    >>> flags([True, "yes", 0, None, "N"], "flags").tolist()
    [True, True, False, False]
    >>> flags([True, None], "converted", blank=False).tolist()
    [True, False]
    """
    flat = _flatten(x)
    v = flat.values
    if isinstance(v, pd.Series):
        if pd.api.types.is_bool_dtype(v.dtype):
            if blank is None:
                return v.dropna().to_numpy(dtype=bool)
            return v.fillna(blank).to_numpy(dtype=bool)
        v = v.to_numpy(dtype=object)
    if isinstance(v, np.ndarray):
        if v.dtype.kind == "b":
            return v.astype(bool)
        v = v.tolist()
    out = []
    for i, item in enumerate(v):
        if _is_blank(item):
            if blank is not None:
                out.append(blank)
            continue
        if isinstance(item, bool | np.bool_):
            out.append(bool(item))
            continue
        if _is_number_type(type(item)) and item in (0, 1):
            out.append(bool(item))
            continue
        if isinstance(item, str):
            t = item.strip().lower()
            if t in _TRUE:
                out.append(True)
                continue
            if t in _FALSE:
                out.append(False)
                continue
        raise _bad_value(argument, flat, i, item, "is not TRUE/FALSE, yes/no or 1/0")
    return np.array(out, dtype=bool)


def matches(values: np.ndarray, wanted: str) -> np.ndarray:
    """Bool mask of ``values`` (text, ``None`` for blanks) equal to ``wanted``, ignoring case.

    Compares each distinct value once (hash-based, C-level passes), so a million cells
    cost little.

    >>> matches(np.array(["Paid", None, "paid ", "refunded"], dtype=object), "paid").tolist()
    [True, False, True, False]
    """
    cells = values.tolist()
    target = fold(wanted.strip())
    hit = {u: u is not None and fold(str(u).strip()) == target for u in set(cells)}
    return np.fromiter(map(hit.__getitem__, cells), dtype=bool, count=len(cells))
