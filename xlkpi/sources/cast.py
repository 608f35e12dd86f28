"""Cast a stored table's columns to the contract's types, as engine expressions.

Each contract column becomes one expression that is NULL where the stored value cannot
be read as the contract's kind; :func:`bad_cell` says which values those are (present
but unreadable), so validation counts them where the data is. Text is parsed with a
regular expression before any cast, so no backend raises on a bad cell (PostgreSQL has
no TRY_CAST; Ibis compiles ``try_cast`` there as a plain CAST).

The target types come from the engine's schema of the contract
(:func:`xlkpi.engine.schema.ibis_schema`), so the engine receives what it expects.
"""

from __future__ import annotations

from xlkpi.data.contract import Column, TableSpec, match_columns

_NUMBER = r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"
_MONEY = r"^([+-]?)\s*[$€£¥]\s*"  # "$12" -> "12", "-€3" -> "-3"
_THOUSANDS = r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$"
_TRUE = ("true", "1", "yes", "y", "t")
_FALSE = ("false", "0", "no", "n", "f")


def target_types(spec: TableSpec) -> dict[str, object]:
    """Canonical column -> ibis data type, from the engine's schema of the contract."""
    try:
        from xlkpi.engine.schema import ibis_schema
    except ImportError:  # TEMPORARY until the engine lands: the contract's kinds
        import ibis

        kinds = {"id": "string", "text": "string", "category": "string", "date": "timestamp",
                 "number": "float64", "int": "float64", "bool": "boolean"}  # fmt: skip
        return {c.name: ibis.dtype(kinds[c.kind]) for c in spec.columns}
    schema = ibis_schema(spec.name)
    return {name: schema[name] for name in schema.names if name in spec.names}


def found_columns(spec: TableSpec, table) -> dict[str, str]:
    """Canonical column -> stored column name (the first matching header wins)."""
    stored = list(table.columns)
    return {name: stored[i] for name, i in match_columns(spec, stored).items()}


def typed_table(spec: TableSpec, table, keep: dict | None = None, trimmed=frozenset()):
    """``table`` with the contract's columns under canonical names, cast; others dropped
    (but the expressions in ``keep``, by name). ``trimmed``: stored id and text columns
    whose every cell the checks found trimmed and not blank (``Located.trimmed``): taken
    as they are."""
    from xlkpi.engine.keys import Stripped

    types = target_types(spec)
    found = found_columns(spec, table)

    def stored_value(stored: str):
        value = table[stored]
        return Stripped(value).to_expr() if stored in trimmed else value

    return table.select(
        **{
            name: cast(spec.column(name), stored_value(stored), types[name])
            for name, stored in found.items()
        },
        **(keep or {}),
    )


def is_blank(value):
    """NULL, or text that is empty once trimmed."""
    if value.type().is_string():
        from xlkpi.engine.trim import blank_text

        return value.isnull() | blank_text(value)
    return value.isnull()


def bad_cell(column: Column, value, target, typed=None):
    """True where the stored value is present but cannot be read as ``column``'s kind
    (a day/month date without ``date_order`` is not: it is reported once per column,
    :func:`xlkpi.sources.dates.ambiguous`); ``typed``: ``value`` already cast."""
    typed = cast(column, value, target) if typed is None else typed
    bad = ~is_blank(value) & typed.isnull()
    if column.kind == "date" and value.type().is_string():
        from xlkpi.sources.dates import ambiguous

        bad &= ~ambiguous(value)
    return bad


def cast(column: Column, value, target):
    """``value`` as the contract's kind, in ``target`` type; NULL where it cannot be read."""
    import ibis

    kind, vtype = column.kind, value.type()
    if kind in ("id", "text", "category"):
        out = _as_text(value)
        if kind == "category":  # case-folded as the reader folds it (xlkpi.engine.keys)
            from xlkpi.engine.keys import Keyed, fold, on_duckdb

            out = fold(out)
            if column.name == "status":  # the contract: a blank status means paid
                out = out.fill_null("paid")
            if on_duckdb(value):  # a stored key is taken as it is, still a key
                return Keyed(known_keys(column, value, out.cast(target), target)).to_expr()
        return out.cast(target)
    if kind == "bool":
        if vtype.is_boolean():
            return value
        from xlkpi.engine.keys import strip

        text = strip(value.cast("string")).lower()
        return ibis.cases((text.isin(_TRUE), True), (text.isin(_FALSE), False), else_=None).cast(
            "boolean"
        )
    if kind == "date":
        from xlkpi.sources.dates import in_range, parse_text

        if vtype.is_timestamp() and vtype.timezone is not None:  # in the report's zone
            from xlkpi.sources.dates import wall_time

            value = wall_time(value)
        if vtype.is_temporal():  # outside 1900-2199: a typo, as for the reader
            return in_range(value.cast(target)).cast(target)
        # offsets, YYYYMMDD, Unix time, day/month by Settings date_order too
        return parse_text(value.cast("string"), _name(value)).cast(target)
    # number or int
    if vtype.is_numeric():
        number = value.cast("float64")
        if kind == "int" and not vtype.is_integer():
            number = (number == number.floor()).ifelse(number, None)
        return number.cast(target)
    from xlkpi.engine.keys import strip

    # text: as the reader's to_number: "$1,234.50" is 1234.5; "1e400" is no number
    text = strip(value.cast("string"))  # Python's whitespace, as the reader trims a cell
    text = text.re_replace(_MONEY, r"\1")
    text = text.re_search(_THOUSANDS).ifelse(text.replace(",", ""), text)
    number = text.re_search(_NUMBER).ifelse(text.try_cast("float64"), None)
    number = number.isinf().ifelse(None, number)
    if kind == "int":
        number = (number == number.floor()).ifelse(number, None)
    return number.cast(target)


def known_keys(column: Column, value, typed, target):
    """``typed`` (``value`` as category ``column`` types it), but ``value`` as it is where
    it is stored as one of the column's allowed keys already (``paid``: trimmed and folded,
    it is itself), so only the other values pay for trimming and folding."""
    if not value.type().is_string():
        return typed
    keys = [a for a in column.allowed if a and a.strip().casefold() == a]
    return value.isin(keys).ifelse(value.cast(target), typed) if keys else typed


def _name(value) -> str:
    try:
        return value.get_name()
    except Exception:  # an unnamed expression: the unit then comes from the magnitude
        return ""


def _as_text(value):
    """Text, trimmed, blank as NULL; a whole number stored as a float without ``.0``."""
    vtype = value.type()
    if vtype.is_floating():
        whole = value == value.floor()
        text = whole.ifelse(value.cast("int64").cast("string"), value.cast("string"))
    else:
        text = value.cast("string")
    from xlkpi.engine.trim import strip  # Python's whitespace (NBSP, U+3000 ...), as the reader

    text = strip(text)
    return (text == "").ifelse(None, text)
