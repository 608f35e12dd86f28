"""Ids that should be on Customers and are not, found by queries where the data is.

The workbook reader warns of each order (and subscription row) whose ``customer_id`` is
not on the Customers sheet (:func:`xlkpi.data.checks.cross_checks`); ``xlkpi check`` on an
engine source says the same, in the same words: one query counts them (an anti-join, no
id pulled into Python), and only when there are some does a second fetch the first few
(by file row, or by key in a warehouse table), then one line counts the rest.
"""

from __future__ import annotations

from xlkpi.data.checks import CUSTOMER_REFS, ORPHAN_MESSAGE
from xlkpi.data.contract import TABLES
from xlkpi.sources.validate import EXAMPLES, QueryProblem, _fetch, _key_columns, _plain

_ROW = "xlkpi_row"


def orphan_warnings(source) -> list[QueryProblem]:
    """The orphan-id warnings of ``source`` (an opened source), in contract order."""
    if "customers" not in source.tables:
        return []
    customers = _typed(source.tables["customers"], "customers", ["customer_id"])
    if customers is None:
        return []
    known = customers.select("customer_id").filter(customers.customer_id.notnull()).distinct()
    out: list[QueryProblem] = []
    for name, column in CUSTOMER_REFS:
        if name in source.tables:
            out += _orphans(source.tables[name], name, column, known)
    return out


def _typed(located, name: str, columns: list[str], numbered: bool = False):
    """``columns`` of a stored table as the contract reads them (None when one is missing);
    with ``numbered``, a file's row number too."""
    import ibis

    from xlkpi.sources.cast import cast, found_columns, target_types

    spec = TABLES[name]
    found = found_columns(spec, located.table)
    if not all(c in found for c in columns):
        return None
    table = located.table
    extra = {}
    if numbered:
        table = table.mutate(**{_ROW: ibis.row_number() + 1 + located.line_offset})
        extra[_ROW] = table[_ROW]
    types = target_types(spec)
    wanted = {c: cast(spec.column(c), table[found[c]], types[c]) for c in columns}
    return table.select(**wanted, **extra)


def _orphans(located, name: str, column: str, known) -> list[QueryProblem]:
    spec = TABLES[name]
    numbered = located.line_offset is not None
    keys = [] if numbered else [k for k in _key_columns(spec, column)]
    table = _typed(located, name, [column, *keys], numbered)
    if table is None:
        keys = []
        table = _typed(located, name, [column], numbered)
        if table is None:
            return []
    ids = table.filter(table[column].notnull())
    orphan = ids.anti_join(known, ids[column] == known.customer_id)
    count = int(orphan.aggregate(n=orphan.count()).to_pyarrow().to_pylist()[0]["n"] or 0)
    if not count:
        return []
    stored = _stored_names(located, name)
    shown = orphan.order_by(_ROW) if numbered else orphan.order_by([column, *keys])
    out = []
    for row in _fetch(shown.limit(EXAMPLES), numbered):
        key = ", ".join(f"{stored[k]} {_plain(row[k], spec.column(k).kind)!r}" for k in keys)
        value = _plain(row[column], "id")
        out.append(
            QueryProblem(located.label, row.get(_ROW), stored[column], value, ORPHAN_MESSAGE, key)
        )
    if count > len(out):
        more = f"and {count - len(out)} more row(s) like these: {ORPHAN_MESSAGE}"
        out.append(QueryProblem(located.label, out[-1].row, stored[column], None, more))
    return out


def _stored_names(located, name: str) -> dict[str, str]:
    from xlkpi.sources.cast import found_columns

    return found_columns(TABLES[name], located.table)
