"""The data contract's validation as queries where the data is.

Per table, ONE aggregate query counts every kind of bad cell at once (unreadable values,
blank required values, values out of bounds, unknown categories, duplicate ids); only
for a kind that occurs does a second query fetch the first few examples. No table is
ever pulled into Python. Messages read as the workbook reader's do
(:mod:`xlkpi.data.tables`): a file's problem names its row as a text editor shows it
(``orders.csv!revenue row 3: not a number (value: 'n/a')``); a warehouse table has no
row order, so its problem names the row by its key
(``orders.revenue (order_id '1001'): must be 0 or more (value: -5.0)``).
"""

from __future__ import annotations

from dataclasses import dataclass

from xlkpi.adapters.where import export_of
from xlkpi.data.contract import Column, TableSpec
from xlkpi.data.tables import NOT_A
from xlkpi.sources.cast import bad_cell, cast, found_columns, is_blank, target_types
from xlkpi.sources.connect import Located
from xlkpi.sources.memory import in_file_order
from xlkpi.text import printable

#: Examples fetched per table, column and kind of problem; one more line counts the rest.
EXAMPLES = 5
_ROW = "xlkpi_row"


@dataclass(frozen=True)
class QueryProblem:
    """One bad cell found by a query: located by row number (files) or by key (tables)."""

    sheet: str  # file or table name as stored
    row: int | None  # line of the file (1-based); None for a warehouse table
    column: str  # the column as stored
    value: object
    message: str
    key: str = ""  # "order_id '1001'": identifies a warehouse row

    def __str__(self) -> str:
        if self.row is not None:
            where = f"{self.sheet}!{self.column} row {self.row}"
        else:
            where = f"{self.sheet}.{self.column}" + (f" ({self.key})" if self.key else "")
        return printable(f"{where}: {self.message} (value: {self.value!r})")


@dataclass(frozen=True)
class _Check:
    column: str  # canonical
    stored: str
    message: str
    fatal: bool
    mask: object = None  # boolean ibis expression over the stored table; None: duplicates


def check_table(located: Located, scan=None) -> tuple[list[QueryProblem], list[QueryProblem]]:
    """(data errors, warnings) of one stored table."""
    return plan_table(located, scan)()


def plan_table(located: Located, scan=None):
    """Ask every count of the validation of ``located`` of ``scan`` (a
    :class:`~xlkpi.sources.scan.Scan` of its table, answered with the other checks'
    counts); returns the function that reads them: (data errors, warnings)."""
    from xlkpi.data.contract import TABLES
    from xlkpi.sources.scan import Scan

    spec = TABLES[located.name]
    table = located.table
    found = found_columns(spec, table)
    missing = [name for name in spec.required if name not in found]
    if missing:
        shown = ", ".join(table.columns) or "(none)"
        row = 0 if located.line_offset is not None else None
        problems = [
            QueryProblem(
                located.label,
                row,
                name,
                None,
                f"missing required column {name!r}; found columns: {shown}",
            )
            for name in missing
        ]
        return lambda: (problems, [])
    scan = scan if scan is not None else Scan(table, spec)
    checks = _checks(spec, scan.table, found, scan.typed)
    keys = _ask(scan, checks)

    def finish() -> tuple[list[QueryProblem], list[QueryProblem]]:
        errors: list[QueryProblem] = []
        warnings: list[QueryProblem] = []
        for index, (check, key) in enumerate(zip(checks, keys, strict=True)):
            count = scan.duplicates(check.stored) if check.mask is None else scan.number(key)
            if count:
                found_here = _examples(located, spec, found, index, count)
                (errors if check.fatal else warnings).extend(found_here)
        return errors, warnings

    return finish


def _checks(spec: TableSpec, table, found: dict[str, str], typed=None) -> list[_Check]:
    """The checks of ``table``'s stored columns (``typed``: the contract's typed columns
    by name, else cast here)."""
    types = target_types(spec)
    out: list[_Check] = []
    for name, stored in found.items():
        column, value = spec.column(name), table[stored]
        as_typed = cast(column, value, types[name]) if typed is None else typed[name]
        is_score = spec.name == "nps" and name == "score"
        if column.kind in NOT_A:
            bad = bad_cell(column, value, types[name], as_typed)
            out.append(_Check(name, stored, NOT_A[column.kind], True, bad))
        if column.required and column.kind != "bool" and not is_score:
            out.append(_Check(name, stored, "required value is blank", True, _blank(value)))
        if column.minimum is not None or column.maximum is not None:
            out.append(
                _Check(name, stored, _bounds_message(column), True, _outside(column, as_typed))
            )
        if column.kind == "category" and column.allowed:
            unknown = as_typed.notnull() & ~as_typed.isin(column.allowed)
            out.append(_Check(name, stored, _unknown_message(column), False, unknown))
        if column.unique:
            out.append(_Check(name, stored, f"duplicate {name}", True))
    return out


def _blank(value):
    """:func:`~xlkpi.sources.cast.is_blank`, asked only of a text whose first character
    is not printable ASCII (on DuckDB: a cheap test before a regular expression)."""
    if not value.type().is_string() or not _is_duckdb(value):
        return is_blank(value)
    return value.ascii_str().between(33, 126).ifelse(False, is_blank(value))


def _bounds_message(column: Column) -> str:
    low, high = column.minimum, column.maximum
    what = "a whole number" if column.kind == "int" else "a number"
    if low is not None and high is not None:
        return f"must be {what} from {low:g} to {high:g}"
    return f"must be {low:g} or more" if low is not None else f"must be {high:g} or less"


def _outside(column: Column, typed):
    out = None
    for bound, test in ((column.minimum, typed.__lt__), (column.maximum, typed.__gt__)):
        if bound is not None:
            part = test(bound)
            out = part if out is None else out | part
    return out.fill_null(False)


def _unknown_message(column: Column) -> str:
    consequence = {
        "status": "not counted as a completed order",
        "category": "counted as neither marketing nor sales",
    }.get(column.name, "kept as is")
    return f"unknown {column.name} (expected {', '.join(column.allowed)}); {consequence}"


def _counts(table, checks: list[_Check]) -> list[int]:
    """Every check's count in one aggregate query (a duplicate: rows beyond the first)."""
    from xlkpi.sources.scan import Scan

    scan = Scan(table)
    keys = _ask(scan, checks)
    return [
        scan.duplicates(check.stored) if check.mask is None else scan.number(key)
        for check, key in zip(checks, keys, strict=True)
    ]


def _ask(scan, checks: list[_Check]) -> list:
    """Ask ``scan`` for every check's count: its mask's rows, or a unique column's
    rows beyond each value's first."""
    return [
        scan.ask_duplicates(check.stored) if check.mask is None else scan.count(check.mask)
        for check in checks
    ]


def hash_key(table, value):
    """``value`` told apart by its 64-bit hash on DuckDB (distinct hashes are distinct
    values; a hash table of numbers, not of texts; NULL stays NULL, as DuckDB hashes NULL
    too), else ``value`` itself. A count of distinct keys is at most the values' count.
    The hash is DuckDB's unsigned one as it is (:mod:`xlkpi.engine.hashing`)."""
    import ibis

    from xlkpi.engine.hashing import raw_hash

    if not _is_duckdb(table):
        return value
    return ibis.ifelse(value.notnull(), raw_hash(value), None)


def exact_repeats(table, value, by_hash: int) -> int:
    """The rows of ``value`` (a column of ``table``) beyond each value's first, exactly,
    from ``by_hash``, the same count over :func:`hash_key` (or another count never below
    the exact one): only where it finds some (on DuckDB) does a second query count the
    values themselves."""
    if not by_hash or not _is_duckdb(table):
        return by_hash
    exact = table.aggregate(n=value.count() - value.nunique())
    return int(exact.to_pyarrow().to_pylist()[0]["n"] or 0)


def _is_duckdb(table) -> bool:
    try:
        return table._find_backend().name == "duckdb"
    except Exception:  # an unbound table
        return False


def _examples(located: Located, spec, found, index: int, count: int) -> list[QueryProblem]:
    """The first few rows of check ``index`` (file order), and a line counting the rest."""
    import ibis

    table = located.table
    numbered = located.line_offset is not None
    if numbered:  # the file's own order: DuckDB scans a file in order
        table = table.mutate(**{_ROW: ibis.row_number() + 1 + located.line_offset})
    check = _checks(spec, table, found)[index]
    export = export_of(located)  # an adapted export: its headers and a file's own lines
    if export is not None and export.lines:
        numbered = True
        table = table.mutate(**{_ROW: export.line(table, check.column)})
        check = _checks(spec, table, found)[index]
    header = (lambda c: found.get(c, c)) if export is None else export.header
    value = table[check.stored]
    keys = [k for k in _key_columns(spec, check.column) if k in found]
    keys = [] if numbered or check.mask is None else keys
    if check.mask is None:
        shown = _duplicates(table, value, numbered)
    else:
        columns = [
            value.name("value"),
            *(table[found[k]].name(f"k{i}") for i, k in enumerate(keys)),
        ]
        if numbered:
            columns.append(table[_ROW].name("row"))
        shown = table.filter(check.mask).select(*columns)
        # a file's rows in its order; a warehouse table's by their key, then value: the
        # same examples on every run (a parallel scan returns rows in no fixed order)
        order = ["row"] if numbered else [*(f"k{i}" for i in range(len(keys))), "value"]
        shown = shown.order_by(*order)
    out: list[QueryProblem] = []
    extra = 0  # duplicate rows the examples account for
    for example in _fetch(shown.limit(EXAMPLES), numbered):
        key = ", ".join(
            f"{header(k)} {_plain(example[f'k{i}'], spec.column(k).kind)!r}"
            for i, k in enumerate(keys)
        )
        message = check.message
        if check.mask is None:
            extra += example["n"] - 1
            message += (
                f" (first on row {example['first']})" if numbered else f" ({example['n']} rows)"
            )
        row = example.get("row", example.get("second"))
        value = _plain(example["value"], spec.column(check.column).kind)
        out.append(QueryProblem(located.label, row, header(check.column), value, message, key))
    rest = count - (len(out) if check.mask is not None else extra)
    if rest > 0:
        row = out[-1].row
        more = f"and {rest} more row(s) like these: {check.message}"
        out.append(QueryProblem(located.label, row, header(check.column), None, more))
    return out


def _fetch(query, numbered: bool) -> list[dict]:
    """The rows of ``query``; a file's rows numbered in the file's order."""
    if not numbered:
        return query.to_pyarrow().to_pylist()
    with in_file_order(query._find_backend().con):
        return query.to_pyarrow().to_pylist()


def _duplicates(table, value, numbered: bool):
    """Values held by more than one row: in a warehouse table one example per value with
    its count of rows; in a file, as the reader names them, every row after a value's
    first (``second``), with the row of the first (each example one row beyond a first)."""
    import ibis

    held = table.filter(value.notnull())
    if not numbered:
        grouped = held.group_by(value.name("value")).aggregate(n=ibis._.count())
        return grouped.filter(grouped.n > 1).order_by(ibis.desc("n"), "value")
    key = held[value.get_name()]
    ranked = held.mutate(
        rank=ibis.row_number().over(group_by=key, order_by=held[_ROW]),
        first=held[_ROW].min().over(group_by=key),
    )
    again = ranked.filter(ranked.rank >= 1)  # ibis counts rows from 0: the first is 0
    return again.select(
        again[value.get_name()].name("value"), again[_ROW].name("second"), "first",
        n=ibis.literal(2),
    ).order_by("second")  # fmt: skip


def _key_columns(spec: TableSpec, column: str) -> list[str]:
    """The columns that identify a warehouse row: the unique id, else the required ones."""
    unique = [c.name for c in spec.columns if c.unique and c.name != column]
    return unique or [n for n in spec.required if n != column][:2]


def _plain(value: object, kind: str = "") -> object:
    """A value as the messages show it (an id as its text, a date as YYYY-MM-DD)."""
    import datetime as dt

    if kind == "id" and isinstance(value, int | float) and float(value).is_integer():
        return str(int(value))

    if isinstance(value, dt.datetime) and value == dt.datetime.combine(value.date(), dt.time()):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
