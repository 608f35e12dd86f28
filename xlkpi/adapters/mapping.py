"""A mapping for every other export: the *Mapping* sheet of a workbook (the template has
one), ``mapping.csv`` in a folder, or ``--map FILE``; one format and one parser for all.

One row per contract column::

    table,column,source,format
    orders,order_id,Order Number,
    orders,order_date,Created,dmy
    orders,revenue,[Net sales] - [Tax],
    orders,status,Financial Status,paid=paid; partially_refunded=paid; voided=cancelled

``source`` is a column of the export (as its header reads), or a simple expression of
columns in brackets with numbers, ``+ - * /`` and parentheses. ``format`` is, for a date
column, ``dmy`` / ``mdy`` / ``ymd`` (how its day/month dates read), and for a text column
a list of ``value=contract value`` pairs. A file (of any name) whose headers hold every
source column a table's rows name is read through them: the mapping is an adapter,
stated like the platforms' ones.
"""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import ibis

from xlkpi.adapters.base import ROW, Adapter, column_key, lower, number, text
from xlkpi.data.contract import TABLES, normalise_name
from xlkpi.data.csvdir import MAP_FILE, MAPPING_FILE
from xlkpi.errors import SourceError

_BRACKETS = re.compile(r"\[([^\]]+)\]")
_DATE = {"dmy": (r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", 3, 2, 1),
         "mdy": (r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", 3, 1, 2),
         "ymd": (r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})", 1, 2, 3)}  # fmt: skip


def read_mapping(path: Path) -> list[Adapter]:
    """The adapters a mapping file describes (one per table); SourceError when malformed."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(f"{path.name}: cannot read the mapping: {exc}") from exc
    return mapping_from_rows(rows, path.name)


def mapping_from_rows(rows, label: str, first_line: int = 2) -> list[Adapter]:
    """The adapters of a mapping given as rows (``{header: cell}``, as ``csv.DictReader``
    gives them): the one parser of ``mapping.csv``, ``--map FILE`` and the *Mapping*
    sheet. ``label`` names the mapping in messages; ``first_line`` is the line (or Excel
    row) of the first row."""
    tables: dict[str, dict[str, tuple[str, str]]] = {}
    for line, row in enumerate(rows, start=first_line):
        row = {normalise_name(k): _cell(v) for k, v in row.items() if k}
        table, column = normalise_name(row.get("table")), normalise_name(row.get("column"))
        if not row.get("source"):
            continue
        if table not in TABLES or column not in TABLES[table].names:
            raise SourceError(
                f"{label} line {line}: {row.get('table')!r}.{row.get('column')!r} is not "
                f"a column of the data contract (docs/bring-your-data.md lists them)"
            )
        tables.setdefault(table, {})[column] = (row["source"], row.get("format", ""))
    return [_adapter(label, table, columns) for table, columns in tables.items()]


def _cell(value) -> str:
    """A mapping cell as text: blank for None/NaN (a sheet's empty cell), trimmed."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _sources(source: str) -> list[str]:
    return _BRACKETS.findall(source) if "[" in source else [source]


def _adapter(name: str, table: str, columns: dict[str, tuple[str, str]]) -> Adapter:
    keys = tuple(dict.fromkeys(column_key(s) for src, _ in columns.values() for s in _sources(src)))

    def tables(t):
        spec = TABLES[table]
        out = {c: _value(t, spec.column(c).kind, *columns[c]) for c in columns}
        return {table: t.select(**out, **{ROW: t[ROW]})}

    return Adapter(name=f"mapping:{table}", title=f"mapping ({name}) for {TABLES[table].title}",
                   signature=keys, tables=tables, yields=(table,))  # fmt: skip


def _value(t, kind: str, source: str, fmt: str):
    if "[" in source:
        return _expression(t, source)
    col = t[column_key(source)]
    if kind == "date" and fmt.lower() in _DATE:
        return _ordered_date(col, fmt.lower())
    if kind in ("category", "text") and "=" in fmt:
        pairs = [p.split("=", 1) for p in fmt.split(";") if "=" in p]
        value = lower(col)
        return ibis.cases(*[(value == a.strip().lower(), b.strip()) for a, b in pairs],
                          else_=value)  # fmt: skip
    return text(col)


def _ordered_date(col, order: str):
    pattern, y, m, d = _DATE[order]
    s = text(col)
    iso = (s.re_extract(pattern, y) + "-" + s.re_extract(pattern, m).lpad(2, "0") + "-"
           + s.re_extract(pattern, d).lpad(2, "0"))  # fmt: skip
    return ibis.cases((s.re_search(pattern), iso), else_=s)


def _expression(t, source: str):
    names: list[str] = []

    def slot(match: re.Match) -> str:
        names.append(column_key(match.group(1)))
        return f"_c{len(names) - 1}"

    try:
        tree = ast.parse(_BRACKETS.sub(slot, source), mode="eval").body
    except SyntaxError as exc:
        raise SourceError(f"mapping: {source!r} is not a simple expression") from exc
    return _build(tree, t, names, source)


_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b}  # fmt: skip


def _build(node, t, names, source):
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        left, right = _build(node.left, t, names, source), _build(node.right, t, names, source)
        return _OPS[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_build(node.operand, t, names, source)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return ibis.literal(float(node.value))
    if isinstance(node, ast.Name) and node.id.startswith("_c"):
        return number(t[names[int(node.id[2:])]]).fill_null(0.0)
    raise SourceError(
        f"mapping: {source!r}: only [columns], numbers, + - * / and parentheses are allowed"
    )


def mapping_adapters(folder: Path | None) -> list[Adapter]:
    """The mapping in force: ``--map FILE``, else ``mapping.csv`` in ``folder``."""
    given = MAP_FILE.get()
    if given is not None:
        return read_mapping(Path(given))
    if folder is not None and (folder / MAPPING_FILE).is_file():
        return read_mapping(folder / MAPPING_FILE)
    return []


def starter(headers: list[str]) -> str:
    """A starter mapping for an export with these headers: the table most of whose
    required columns a header suggests, every column of it, the suggested sources filled."""
    from xlkpi.data.suggest import suggest

    def guesses(spec):
        taken: set[str] = set()
        out = {}
        for column in spec.names:
            guess = suggest(column, headers, taken)
            if guess is not None:
                taken.add(guess)
            out[column] = guess
        return out

    best = max(TABLES.values(), key=lambda s: sum(guesses(s)[c] is not None for c in s.required))
    lines = ["table,column,source,format,note"]
    for column, guess in guesses(best).items():
        note = "required" if column in best.required else "optional"
        source = guess if guess is not None else ""
        lines.append(f"{best.name},{column},{_csv(source)},,{note}")
    return "\n".join(lines) + "\n"


def _csv(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ',"') else value
