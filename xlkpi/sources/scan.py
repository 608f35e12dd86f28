"""Every count the checks ask of one stored table, answered by ONE aggregate query.

The validation (:mod:`xlkpi.sources.validate`), the traps (:mod:`xlkpi.sources.traps`)
and the checks across tables (:mod:`xlkpi.sources.cross`) first *ask* their counts of a
:class:`Scan`, then read them: the first read runs one aggregate over the table for every
count asked so far, so a file is read and typed once for all of them (a count asked after
that runs with the next batch). The counts are plain aggregates (no window, no row
numbers: those only in the queries that fetch the examples of a check that found
something), in SQL every backend runs.

A count may be over a stored column (``scan.table[stored]``) or a column as the contract
types it (``scan.typed.order_id``: the same expression :func:`~xlkpi.sources.cast.typed_table`
gives the engine), both columns of :attr:`Scan.table`.
"""

from __future__ import annotations

#: typed columns ride along the stored ones under this prefix
PREFIX = "xlkpi_typed_"


class Scan:
    """The pending and answered counts of one stored ``table`` (with ``spec``: its
    contract columns typed too, as :attr:`typed`)."""

    def __init__(self, table, spec=None):
        self.stored = table
        self.found: dict[str, str] = {}
        if spec is not None:
            from xlkpi.sources.cast import found_columns, target_types

            types, self.found = target_types(spec), found_columns(spec, table)
            typed = {
                PREFIX + name: _typed(spec.column(name), table[stored], types[name])
                for name, stored in self.found.items()
            }
            table = table.mutate(**typed) if typed else table
        self.table = table
        self.typed = Typed(table, list(self.found))
        self._asked: dict[object, object] = {}
        self._known: dict[object, object] = {}
        self._exact: dict[str, int] = {}
        self._numbers: dict[str, object] = {}  # stored column -> its whole numbers
        if spec is not None:
            self._ask_trimmed(spec, table)

    def _ask_trimmed(self, spec, table) -> None:
        """On DuckDB, ask :meth:`ask_untrimmed` of each stored text column the contract
        reads as an id or text (:meth:`trimmed`)."""
        for name, stored in self.found.items():
            value = table[stored]
            text = spec.column(name).kind in ("id", "text") and value.type().is_string()
            if text and _on_duckdb(value):
                self.ask_untrimmed(stored)

    def ask_untrimmed(self, stored: str):
        """Ask for the cells of stored text column ``stored`` that are not their typed
        value (trimmed, blank: NULL); returns the key. Compared with the typed column the
        scan computes anyway: one string comparison a cell."""
        name = next(n for n, s in self.found.items() if s == stored)
        value = self.table[stored]
        differ = value.notnull() & (self.typed[name] != value).fill_null(True)
        return self.count(differ, ("untrimmed", stored))

    def trimmed(self) -> frozenset:
        """The stored id and text columns (asked: :meth:`ask_untrimmed`) whose every cell
        is its typed value, or NULL: trimmed and not blank as they are, so a query need
        not trim them again. Read with the other counts."""
        keys = [k for k in list(self._asked) + list(self._known) if k[0] == "untrimmed"]
        return frozenset(key[1] for key in keys if not self.number(key))

    def ask(self, expr, key=None):
        """Ask for the aggregate ``expr`` (over :attr:`table`); returns its key (``key``:
        a name under which equal questions of several checks are asked once)."""
        key = key if key is not None else ("n", len(self._asked) + len(self._known))
        if key not in self._known:
            self._asked.setdefault(key, expr)
        return key

    def count(self, mask, key=None):
        """Ask for the rows where the boolean ``mask`` holds (NULL: does not)."""
        return self.ask(mask.ifelse(1, 0).sum(), key)

    def __getitem__(self, key):
        """The answer to ``key``: every pending count is asked in one query at the first read."""
        if key not in self._known:
            self._run()
        return self._known[key]

    def number(self, key) -> int:
        return int(self[key] or 0)

    def _run(self) -> None:
        asked, self._asked = self._asked, {}
        names = {key: f"m{i}" for i, key in enumerate(asked)}
        query = self.table.aggregate(**{names[k]: expr for k, expr in asked.items()})
        row = query.to_pyarrow().to_pylist()[0]
        self._known.update({key: row[names[key]] for key in asked})

    def ask_duplicates(self, stored: str):
        """Ask what :meth:`duplicates` needs of stored column ``stored``; returns the key of
        its non-blank count. On DuckDB, where the values are whole numbers after a common
        prefix (``1001``, ``O1001``, ``SO-000123``: :func:`_numbered`), their smallest,
        largest and count: :meth:`duplicates` then counts them in a bitmap, else by the
        values' 64-bit hashes (distinct hashes are distinct values: a hash table of
        numbers, not of texts), asked here in the same scan."""
        from xlkpi.sources.validate import _is_duckdb, hash_key

        key = ("dup", stored)
        if key in self._asked or key in self._known:
            return key
        value = self.table[stored]
        number = _numbered(self.stored, value) if _is_duckdb(self.table) else None
        if number is None:
            return self.ask(value.count() - hash_key(self.table, value).nunique(), key)
        self._numbers[stored] = number
        for part, expr in (("n", number.count()), ("lo", number.min()), ("hi", number.max())):
            self.ask(expr, ("dup", stored, part))
        return self.ask(value.count(), key)

    def duplicates(self, stored: str) -> int:
        """The rows of ``stored`` beyond each value's first, exactly: a first count that is
        never below it (distinct numbers or hashes; equal values give equal ones), and only
        where that finds some does a second query count the values themselves."""
        if stored not in self._exact:
            from xlkpi.sources.validate import exact_repeats

            at_most = self._at_most(stored)
            self._exact[stored] = exact_repeats(self.stored, self.stored[stored], at_most)
        return self._exact[stored]

    def _at_most(self, stored: str) -> int:
        """At least the rows of ``stored`` beyond each value's first (:meth:`duplicates`)."""
        from xlkpi.engine.hashing import distinct_in_range
        from xlkpi.sources.validate import hash_key

        key = self.ask_duplicates(stored)
        if stored not in self._numbers:
            return self.number(key)
        count, numbered = self.number(key), self.number(("dup", stored, "n"))
        low, high = self[("dup", stored, "lo")], self[("dup", stored, "hi")]
        if not count:
            return 0
        if numbered == count and high - low < BITMAP:  # each value one whole number
            number = self._numbers[stored]
            query = self.table.aggregate(n=distinct_in_range(number, low, high))
            return count - int(query.to_pyarrow().to_pylist()[0]["n"])
        value = self.table[stored]
        return self.number(self.ask(value.count() - hash_key(self.table, value).nunique()))


#: the widest range of whole-number ids :meth:`Scan.duplicates` counts in a bitmap (16 MiB)
BITMAP = 2**27


def _numbered(stored, value):
    """The whole number each value of column ``value`` (of a DuckDB table whose stored
    columns ``stored`` holds) holds after the prefix of a first value (its characters up
    to the first digit), NULL where there is none; None where ``value`` is neither text
    nor whole numbers, or has no value. Equal values give equal numbers, so the numbers
    repeat at least as often as the values do. The first value is read from ``stored``,
    not from the scan's table with its typed columns, whose SQL is larger to compile."""
    import re

    from xlkpi.engine.hashing import number_after

    kind = value.type()
    if kind.is_integer() and not kind.is_uint64():
        return value.cast("int64")
    if not kind.is_string():
        return None
    column = stored[value.get_name()]
    first = stored.filter(column.notnull()).select(column.name("v")).limit(1)
    rows = first.to_pyarrow().to_pylist()
    if not rows:
        return None
    return number_after(value, len(re.match(r"\D*", rows[0]["v"]).group()))


def _on_duckdb(value) -> bool:
    from xlkpi.engine.keys import on_duckdb

    return on_duckdb(value)


def _typed(column, value, target):
    """``value`` as :func:`~xlkpi.sources.cast.cast` types it; a stored category that
    already is an allowed key is taken as it is (:func:`~xlkpi.sources.cast.known_keys`:
    ``cast`` does so itself on DuckDB), on every backend."""
    from xlkpi.engine.keys import on_duckdb
    from xlkpi.sources.cast import cast, known_keys

    typed = cast(column, value, target)
    if column.kind != "category" or on_duckdb(value):
        return typed
    return known_keys(column, value, typed, target)


class Typed:
    """The contract's typed columns of a :class:`Scan`, by canonical name
    (``typed.status``, ``typed["status"]``, ``"status" in typed.columns``)."""

    def __init__(self, table, columns: list[str]):
        self._table, self.columns = table, columns

    def __getitem__(self, name: str):
        return self._table[PREFIX + name].name(name)

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in self.columns:
            raise AttributeError(name)
        return self[name]


def scans(source, names=None) -> dict[str, Scan]:
    """A :class:`Scan` of each contract table of ``source`` (an opened source)."""
    from xlkpi.data.contract import TABLES

    return {
        name: Scan(found.table, TABLES[name])
        for name, found in source.tables.items()
        if names is None or name in names
    }
