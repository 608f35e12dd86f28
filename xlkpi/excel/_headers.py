"""Headers atop a range and the labels of category ranges, for every ``KPI_*`` argument.

Applied by declaration: each UDF argument's ``data`` (``xlkpi.kpi.kpi_spec.ARG_DATA``)
says what its cells hold, and the range is treated accordingly, the same for
every function (:func:`xlkpi.excel.boundary.values` applies it to each argument):

- **Header.** The first non-blank cell of each column (of the row, for a one-row range)
  is a header, and is skipped as Excel's AVERAGE skips text, when it is text and
  - it names a column: a column or table name of the data contract, a UDF argument name
    of the catalogue (or its singular), or ends in one of their words (``Financial
    Status``, ``user_pseudo_id``), whatever the case, spaces, ``-`` or ``_``; or
  - for numbers and ids, the next non-blank cell below it is a number (text atop
    numbers).
  A category cell that is a known label (``paid``) or a flag word (``yes``) is never a
  header. The header's cell becomes blank: positions in messages stay those of the range.
- **Labels.** A category argument (a ``data`` the data contract declares ``allowed``
  values for: statuses, devices) accepts those values only, ignoring case and spaces; any
  other (``refundd``) is an error naming it and its position in the range.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from xlkpi.errors import KpiInputError
from xlkpi.excel._cells import IsHeader
from xlkpi.kpi._labels import _FALSE, _TRUE
from xlkpi.kpi._ranges import as_typed, position

__all__ = [
    "check_label",
    "check_labels",
    "header_names",
    "header_test",
    "is_header_name",
    "known_labels",
]

#: Words a flag cell may hold (never a header): those :func:`xlkpi.kpi._input.flags` reads.
_FLAG_WORDS = _TRUE | _FALSE
_cache: dict[int, frozenset[str]] = {}
_NON_WORD = re.compile(r"[^a-z0-9]+")  # "device.category": two words


def known_labels(data: str) -> tuple[str, ...]:
    """The values a category argument of ``data`` may hold: the ``allowed`` values of the
    data contract's columns named ``data`` (none: not a category).

    >>> known_labels("status"), known_labels("score")
    (('paid', 'refunded', 'returned', 'cancelled'), ())
    """
    from xlkpi.data.contract import TABLES

    found = [c.allowed for t in TABLES.values() for c in t.columns if c.name == data]
    return tuple(dict.fromkeys(v for allowed in found for v in allowed))


def _singular(name: str) -> str:
    if name.endswith("ses"):  # statuses -> status
        return name[:-2]
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def header_names() -> frozenset[str]:
    """Every normalised name a header may carry (derived from the contract and catalogue).

    >>> {"status", "customer_id", "scores", "score", "visitor"} <= header_names()
    True
    """
    from xlkpi.data.contract import TABLES
    from xlkpi.kpi.catalogue import entries

    kpis = entries()
    if id(kpis) in _cache:
        return _cache[id(kpis)]
    names: set[str] = set()
    for spec in TABLES.values():
        names.add(spec.name)
        for column in spec.columns:
            names.update({column.name, column.name.rsplit("_", 1)[-1]})
            if column.name.endswith("_id"):  # customer_id -> customer
                names.add(column.name[:-3])
    for kpi in kpis:
        for arg in kpi.args:
            names.update({arg.name, _singular(arg.name)})
    labels = {v for spec in TABLES.values() for c in spec.columns for v in c.allowed}
    out = frozenset(names - labels - _FLAG_WORDS - {""})
    _cache.clear()
    _cache[id(kpis)] = out
    return out


def is_header_name(text: str) -> bool:
    """True when ``text`` reads as a column header (see :func:`header_names`).

    >>> is_header_name("Financial Status"), is_header_name("Customer ID"), is_header_name("c17")
    (True, True, False)
    >>> is_header_name("device.category"), is_header_name("customer_001")
    (True, False)
    """
    from xlkpi.data.contract import normalise_name

    key = normalise_name(text)
    names = header_names()
    words = [w for w in _NON_WORD.split(key) if w]
    return key in names or (bool(words) and words[-1] in names)


def _is_number(v: object) -> bool:
    return type(v) in (float, int) or (
        isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_)
    )


def header_test(data: str) -> IsHeader | None:
    """``is_header(text, below)`` for an argument of ``data`` (None for option text).

    >>> header_test("score")("Score", 9.0), header_test("status")("refundd", "paid")
    (True, False)
    """
    if data == "text":
        return None
    labels = known_labels(data)

    def is_header(text: str, below: Any) -> bool:
        word = text.strip().casefold()
        if (labels and word in labels) or (data == "flag" and word in _FLAG_WORDS):
            return False
        if is_header_name(text):
            return True
        if labels or data == "flag":
            return False  # a category header must name its column: "refundd" is a typo
        return below is not None and _is_number(below)  # text atop numbers

    return is_header


def check_label(value: str, data: str, argument: str) -> str:
    """``value`` (a typed choice such as the device to count) when it is a known label of
    ``data``, or any value when ``data`` is not a category.

    >>> check_label("Mobile", "device", "device")
    'Mobile'
    >>> check_label("mobil", "device", "device")
    Traceback (most recent call last):
    ...
    xlkpi.errors.KpiInputError: device: 'mobil' is not a known device (known: desktop, \
mobile, tablet; case does not matter)
    """
    labels = known_labels(data)
    if labels and value.strip().casefold() not in labels:
        raise KpiInputError(
            f"{argument}: {value!r} is not a known {data} "
            f"(known: {', '.join(labels)}; case does not matter)",
            value=value,
            argument=argument,
        )
    return value


def _check_labels(grid: np.ndarray, data: str, labels: tuple[str, ...], argument: str) -> None:
    cells = grid.ravel().tolist()
    distinct = set(cells)  # a few statuses among a million cells: one C-level pass
    bad = {u for u in distinct if u is not None and u == u and _word(u) not in labels}
    if not bad:
        return
    index = next(i for i, c in enumerate(cells) if c is not None and c in bad)
    v = cells[index]
    shown = f"text {v!r}" if isinstance(v, str) else as_typed(v)
    raise KpiInputError(
        f"{argument}: {shown} at {position(index, grid.shape)} is not a known {data} "
        f"(known: {', '.join(labels)}; case does not matter)",
        value=v,
        position=index,
        argument=argument,
    )


def _word(u: object) -> str | None:
    return u.strip().casefold() if type(u) is str else None


def check_labels(grid: np.ndarray, data: str, argument: str) -> None:
    """Raise for the first cell of ``grid`` that is not a known label of ``data`` (a
    category argument; any other argument passes).

    >>> check_labels(np.array([["paid"], [None], ["refundd"]], dtype=object), "status", "s")
    Traceback (most recent call last):
    ...
    xlkpi.errors.KpiInputError: s: text 'refundd' at row 3 of the range is not a known \
status (known: paid, refunded, returned, cancelled; case does not matter)
    """
    labels = known_labels(data)
    if labels and grid.size:
        _check_labels(grid, data, labels, argument)
