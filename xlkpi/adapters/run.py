"""Run an adapter on a sheet or CSV file read as text: in an embedded DuckDB, via Ibis.

The result is one :class:`~xlkpi.data.raw.RawSheet` per contract table the adapter
yields, which then takes the same typing and checks as a sheet named after the table,
and one finding that says which adapter read the file, how many rows it read, how many
it dropped and why, and what each table received.
"""

from __future__ import annotations

from collections.abc import Callable

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa

from xlkpi.adapters.base import ROW, Adapter, cell_row, column_key, has
from xlkpi.data.contract import TABLES
from xlkpi.data.convert import to_text
from xlkpi.data.raw import SOURCE_NOTE, RawSheet
from xlkpi.errors import CellProblem

DROP = "_drop"


def under_settings(settings: RawSheet | None, choose=None):
    """The block builds adapters under the Settings sheet ``settings`` (a folder's
    settings.csv; None: the defaults), under ``choose`` (Settings -> Settings: the keys
    given beside the source, ``--setting``, which beat the sheet's): its ``date_order``
    and ``time_zone``, as the engine builds them under the source's
    (:func:`xlkpi.adapters.where.under_settings`), so that a Shopify buyer's first order is
    taken by time among day/month dates too."""
    from xlkpi.sources.dates import reading

    return reading(own_rules(settings, choose))


def own_rules(settings: RawSheet | None, choose=None):
    """The date rules of the Settings sheet ``settings`` (None: the defaults) under
    ``choose`` (Settings -> Settings; None: the sheet alone)."""
    from xlkpi.data.model import Settings
    from xlkpi.data.settings import read_settings

    own = Settings() if settings is None else read_settings(settings)[0]
    return (own if choose is None else choose(own)).date_rules()


def export_table(raw: RawSheet) -> pa.Table:
    """The sheet as text columns named by :func:`column_key` (first of equal keys wins),
    and ``_row``."""
    data: dict[str, pa.Array] = {}
    for header, column in zip(raw.headers, raw.columns, strict=False):
        key = column_key(header)
        if key and key not in data and key != ROW:
            data[key] = pa.array(to_text(column)[0], type=pa.string(), from_pandas=True)
    data[ROW] = pa.array(raw.rows(), type=pa.int64())
    return pa.table(data)


def labels(adapter: Adapter, headers) -> dict[str, str]:
    """Contract column -> the export's header it comes from, as the export spells it."""
    out = {}
    for column, want in adapter.labels.items():
        header = next((h for h in headers if has({column_key(h)}, want)), None)
        if header is not None:
            out[column] = str(header)
    return out


def expressions(
    adapter: Adapter, t: ibis.Table, keep: Callable[[ibis.Table], ibis.Table] | None = None
) -> tuple[ibis.Table, dict, ibis.Table | None]:
    """The adapter on an Ibis table: (rows with their drop reason, contract tables, the bad
    cells no contract row carries: :attr:`Adapter.cells`, None for most adapters).
    ``keep``: stores the marked rows where ``t`` lives (a temporary table of its DuckDB)
    and returns that table, which the other queries then read; without it every query
    carries the whole expression (an export in a warehouse)."""
    if adapter.prepare is not None:
        t = adapter.prepare(t)
    drops = adapter.drops(t)
    reason = (
        ibis.cases(*[(pred.fill_null(False), label) for label, pred in drops], else_=None)
        if drops
        else ibis.null().cast("string")
    )
    marked = t.mutate(**{DROP: reason})
    if keep is not None:
        # each query then compiles and plans the adapter's steps after the marking only:
        # a Shopify export's queries were each ~120 kB of SQL, compiled 7 times per read
        marked = keep(marked)
    kept = marked.filter(marked[DROP].isnull()).drop(DROP)
    cells = None if adapter.cells is None else adapter.cells(kept)
    return marked, adapter.tables(kept), cells


def run_adapter(adapter: Adapter, raw: RawSheet) -> tuple[list[RawSheet], CellProblem]:
    """``raw`` through ``adapter`` in DuckDB: the contract sheets and the statement of it."""
    con = ibis.duckdb.connect()
    source = con.create_table("export", export_table(raw))
    keep = lambda marked: con.create_table("xlkpi_marked", marked, temp=True)  # noqa: E731
    marked, tables, bad = expressions(adapter, source, keep)
    bad = [] if bad is None else con.to_pyarrow(bad.order_by(["_row", "_rank"])).to_pylist()
    sheets, counts = [], {}
    for key, expr in tables.items():
        frame = con.to_pandas(expr.order_by(ROW))
        rows = frame.pop(ROW).to_numpy(dtype=np.int64)
        names = [c for c in (*TABLES[key].names, "currency") if c in frame.columns]
        columns = [frame[c].reset_index(drop=True) for c in names]
        cells = {c: _lines(frame[cell_row(c)], rows) for c in names if cell_row(c) in frame}
        errors = cell_problems(raw.sheet, [c for c in bad if c["_table"] == key], raw.headers)
        sheet = RawSheet(raw.sheet, key, names, columns, raw.first_row, row_numbers=rows,
                         unmeasured=adapter.unmeasured, labels=labels(adapter, raw.headers),
                         cell_rows=cells, errors=errors)  # fmt: skip
        sheets.append(sheet)
        counts[key] = len(frame)
    message = statement(adapter, marked, counts)
    con.disconnect()
    note = CellProblem(raw.sheet, max(raw.first_row - 1, 1), SOURCE_NOTE, adapter.name, message)
    return sheets, note


def _lines(column: pd.Series, rows: np.ndarray) -> np.ndarray:
    """A column's own export lines (:func:`cell_row`), the row's line where it has none."""
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
    return np.where(np.isnan(values), rows, values).astype(np.int64)


#: what a line of an order that disagrees with its first says (Shopify's order fields)
CLASH_MESSAGE = (
    "another line of this order says {first!r}: an order's lines must agree (two orders "
    "under one name?)"
)


def cell_problem(cell: dict, headers) -> tuple:
    """``(line, header, value, message)`` of one of an adapter's bad cells (a row of
    :func:`xlkpi.adapters.base.bad_cells`; ``headers``: the export's, to name the column
    as the export spells it)."""
    header = next((str(h) for h in headers if column_key(h) == cell["_column"]), cell["_column"])
    return cell["_row"], header, cell["_value"], cell["_message"].format(first=cell["_first"])


def cell_problems(sheet: str, cells: list[dict], headers) -> list[CellProblem]:
    """The reader's problems of an adapter's bad ``cells`` (in line order): each on its own
    line, up to the reader's limit per column and message, then one line counting the rest
    (as :func:`xlkpi.data.problems.cell_problems` does for a sheet's column)."""
    from xlkpi.data.problems import LIMIT

    out, seen, rest = [], {}, {}
    for cell in cells:
        line, header, value, message = cell_problem(cell, headers)
        group = (cell["_column"], cell["_message"])
        seen[group] = seen.get(group, 0) + 1
        if seen[group] <= LIMIT:
            out.append(CellProblem(sheet, line, header, value, message))
        elif group not in rest:
            rest[group] = (line, header, message)
    for group, (line, header, message) in rest.items():
        more = f"and {seen[group] - LIMIT} more row(s) from here on: {message}"
        out.append(CellProblem(sheet, line, header, None, more))
    return out


def statement(adapter: Adapter, marked: ibis.Table, counts: dict[str, int]) -> str:
    """What ``adapter`` did: rows read, ``counts`` of each table it yielded, rows left out
    and why, the facts about the kept rows (queries on ``marked``, where it lives)."""
    by_reason = marked.group_by(DROP).agg(n=marked.count()).execute()
    read = int(by_reason["n"].sum())
    dropped = by_reason[by_reason[DROP].notna()].sort_values("n", ascending=False)
    yielded = [f"{TABLES[key].title} {n:,} row(s)" for key, n in counts.items()]
    message = f"read as a {adapter.title} (adapter {adapter.name}): {read:,} row(s) -> "
    message += ", ".join(yielded)
    if len(dropped):
        reasons = "; ".join(
            f"{int(n):,} {why}" for why, n in zip(dropped[DROP], dropped["n"], strict=True)
        )
        message += f"; {int(dropped['n'].sum()):,} row(s) left out: {reasons}"
    facts = []
    notes = adapter.notes(marked.filter(marked[DROP].isnull()))
    for label, n in zip([label for label, _ in notes], _counts([c for _, c in notes]), strict=True):
        if n:
            facts.append(label.format(n=n))
    if facts:
        message += "; " + "; ".join(facts)
    return message


def _counts(scalars: list) -> list[int]:
    """The values of the notes' counts (NULL: 0), in one query per table they count on
    (an adapter's notes count on one table it derives once), not one query per count."""
    by_table: dict = {}
    values: list = [None] * len(scalars)
    for i, scalar in enumerate(scalars):
        tables = scalar.op().relations
        if len(tables) == 1:
            by_table.setdefault(next(iter(tables)), []).append(i)
        else:  # on no table or several: a query of its own
            values[i] = scalar.execute()
    for table, which in by_table.items():
        row = table.to_expr().aggregate(**{f"n{i}": scalars[i] for i in which}).execute()
        for i in which:
            values[i] = row[f"n{i}"].iloc[0]
    return [0 if v is None or pd.isna(v) else int(v) for v in values]


#: Tables several exports add up to (three ad platforms' spend, several surveys'
#: responses); the others come from one export each (a second one is ignored, stated).
ADDS_UP = ("spend", "nps")


def not_used(key: str, where: str) -> str:
    """The statement of an export whose ``key`` table is not used: ``where`` gives it."""
    title = TABLES[key].title
    return (
        f"NOT used for {title}: the {title} table is read from {where} (one source per "
        f"table, the first by name); to use this file's, take {where} out of the source"
    )


def merge(first: RawSheet, second: RawSheet) -> RawSheet:
    """Two adapted sheets of one table as one (rows of ``first``, then of ``second``)."""
    names = list(dict.fromkeys([*first.headers, *second.headers]))

    def column(sheet: RawSheet, name: str) -> pd.Series:
        if name in sheet.headers:
            return sheet.columns[sheet.headers.index(name)].astype(object)
        return pd.Series([None] * sheet.height, dtype=object)

    columns = [pd.concat([column(first, n), column(second, n)], ignore_index=True) for n in names]
    rows = np.concatenate([first.rows(), second.rows()])
    return RawSheet(f"{first.sheet} + {second.sheet}", first.key, names, columns,
                    first.first_row, row_numbers=rows)  # fmt: skip


def place(
    sheets: dict[str, RawSheet],
    adapted: list[RawSheet],
    label: str,
    findings: list[CellProblem],
    held: set[str] | frozenset = frozenset(),
) -> None:
    """Put an export's adapted sheets among ``sheets`` (by table): a table of
    :data:`ADDS_UP` adds up with another export's; otherwise the table a sheet (or
    ``held``: tables the source's own sheets hold) already holds is kept, and the
    export's is ignored, stated."""
    for sheet in adapted:
        had = sheets.get(sheet.key)
        if had is not None and had.row_numbers is not None and sheet.key in ADDS_UP:
            sheets[sheet.key] = merge(had, sheet)  # e.g. spend of several ad platforms
        elif had is not None or sheet.key in held:
            where = had.sheet if had is not None else f"the {TABLES[sheet.key].title} sheet"
            said = not_used(sheet.key, where)
            findings.append(CellProblem(label, 1, "(file)", label, said))
        else:
            sheets[sheet.key] = sheet
