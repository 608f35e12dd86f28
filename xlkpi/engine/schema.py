"""The contract tables as Ibis schemas, and a workbook read (``RawData``) as Ibis tables.

The types follow the data contract (``xlkpi.data.contract``): ids, text and categories are
strings, dates timestamps, numbers and whole numbers float64 (as the reader types them),
booleans booleans. Nothing here lists a column: every name and kind comes from the contract.
"""

from __future__ import annotations

import ibis

from xlkpi.data.contract import TABLES
from xlkpi.errors import XlkpiError

# contract kind -> Ibis type (the reader holds whole numbers as float64 with NaN for blank)
TYPES = {
    "id": "string",
    "text": "string",
    "category": "string",
    "date": "timestamp",
    "number": "float64",
    "int": "float64",
    "bool": "boolean",
}


def ibis_schema(table_name: str) -> ibis.Schema:
    """The Ibis schema of contract table ``table_name`` (every column, contract order).

    >>> ibis_schema("subscriptions")
    ibis.Schema {
      month        timestamp
      customer_id  string
      mrr          float64
    }
    """
    try:
        spec = TABLES[table_name]
    except KeyError:
        raise XlkpiError(
            f"unknown contract table {table_name!r}; known: {', '.join(TABLES)}"
        ) from None
    return ibis.schema({c.name: TYPES[c.kind] for c in spec.columns})


def unbound_tables(names=None) -> dict[str, ibis.Table]:
    """Unbound Ibis tables of the contract (for SQL text), named as the contract tables."""
    return {n: ibis.table(ibis_schema(n), name=n) for n in (names or TABLES)}


def tables_from_raw(raw, con=None) -> dict[str, ibis.Table]:
    """The tables of a workbook read as DuckDB-backed Ibis tables.

    Each frame's contract columns are registered with DuckDB as they are (pandas' Arrow
    memory is scanned in place, not copied or parsed again); unknown extra columns are left
    out. ``con``: an Ibis DuckDB connection (a new in-memory one by default).
    """
    con = con if con is not None else ibis.duckdb.connect()
    out = {}
    for name, table in raw.tables.items():
        if name not in TABLES:
            continue
        known = [c for c in TABLES[name].names if c in table.frame.columns]
        view = f"xlkpi_{name}"
        con.con.register(view, table.frame[known])
        out[name] = con.table(view)
    return out
