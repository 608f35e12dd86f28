"""The engine's DuckDB queries as SQL text kept per process: compile once, run many times.

Ibis builds and compiles the query of every report KPI in seconds (some 80 kB of SQL),
while DuckDB runs it on a workbook's tables in a fraction of that. The text depends only
on what :func:`query_key` holds (the query's purpose, grain, options, which KPIs and their
builders, the tables' names and typed shapes) and on the as-of date. The as-of date is the
one value from the data in it: a query is compiled at a stand-in date
(:data:`STAND_IN`) and the stand-in's two literals (the day, and the day after: the
exclusive stop of the cut) are written with the real date on each run. A text that still
holds the stand-in's year after that (a builder that derived something else from the date)
is not kept: it is compiled at the real date every time, never run with a wrong date.

Only DuckDB runs cached texts (the engine's own backend); other backends compile through
Ibis as before. A text is also kept on disk for the next process (:mod:`xlkpi.engine.sqlcache`)
when its key can be written without anything that differs between processes
(:func:`stable_key`) and every table is one the engine named itself (:func:`tables_text`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping

import ibis
import ibis.expr.operations as ops
import pandas as pd

from xlkpi.engine import sqlcache

STAND_IN = pd.Timestamp("2999-01-02")
_YEAR = str(STAND_IN.year)
_AS_OF, _STOP = "\x00xlkpi_as_of\x00", "\x00xlkpi_stop\x00"
SIZE = 64  # texts kept (least recently used dropped first)

_NONE = "\x00xlkpi_no_query\x00"  # the query's builder returned None (nothing to run)
_OWN = re.compile(r"xlkpi_[a-z_]+")  # the names the engine gives the tables it registers

_TEXTS: OrderedDict[tuple, str | None] = OrderedDict()
_STATS = {"compiled": 0, "reused": 0, "loaded": 0}


def duckdb_backend(tables: Mapping[str, ibis.Table]):
    """The Ibis DuckDB backend every table of ``tables`` is bound to, else None."""
    found = None
    for t in tables.values():
        try:
            backend = t._find_backend()
        except Exception:  # an unbound table
            return None
        if getattr(backend, "name", "") != "duckdb" or (found is not None and backend is not found):
            return None
        found = backend
    return found


def tables_key(tables: Mapping[str, ibis.Table]) -> tuple:
    """What of the tables shapes the SQL: each one's name and expression (typed columns,
    casts, stored names), without the connection it is bound to."""
    return tuple(sorted((name, t.unbind().op()) for name, t in tables.items()))


def settings_key(settings) -> str:
    """Every option and setting but the as-of date (that one is written in per run)."""
    return repr(dataclasses.replace(settings, as_of=None))


def tables_text(tables: Mapping[str, ibis.Table]) -> str | None:
    """:func:`tables_key` as text the same in every process (each table's name and typed
    expression), or None where a table reads anything but a table the engine registered
    under its own name (a user's table name, a query text, data held in the expression)."""
    for t in tables.values():
        for node in t.op().find(ops.Relation):
            if any(isinstance(c, ops.Relation) for c in node.__children__):
                continue
            if not isinstance(node, ops.DatabaseTable) or not _OWN.fullmatch(node.name):
                return None
            if node.namespace.catalog or node.namespace.database:
                return None
    return repr(sorted((name, repr(t.unbind())) for name, t in tables.items()))


def stable_key(parts: tuple) -> str | None:
    """``parts`` (strings, numbers, booleans, None, tuples of them, and the engine's own
    builder functions, named by module and name) as text, or None where a part has no
    text the same in every process (a builder from outside the ``xlkpi`` package)."""
    out = []
    for part in parts:
        if isinstance(part, tuple):
            inner = stable_key(part)
            if inner is None:
                return None
            out.append(inner)
        elif part is None or isinstance(part, str | int | float | bool):
            out.append(repr(part))
        elif callable(part) and (getattr(part, "__module__", None) or "").startswith("xlkpi."):
            out.append(f"<{part.__module__}.{part.__qualname__}>")
        else:
            return None
    return f"({', '.join(out)})"


def run(
    backend,
    key: tuple,
    as_of: pd.Timestamp | None,
    make: Callable[[object], ibis.Expr | None],
    stable: str | None = None,
) -> pd.DataFrame | None:
    """The result of ``make(as_of)`` (an Ibis expression built at that as-of date, or None:
    no query, None returned) on ``backend``, from the text compiled for ``key`` (compiled
    now if not kept yet). ``stable``: the key as text the same in every process (see
    :func:`stable_key`); with it the text is also looked up and kept on disk."""
    key = (*key, as_of is None)
    stable = None if stable is None else f"{stable}|{as_of is None}"
    if key in _TEXTS:
        _TEXTS.move_to_end(key)
        text = _TEXTS[key]
        _STATS["reused"] += text is not None
    else:
        text = _load(stable)
        if text is False:
            text = _compile(backend, make, as_of, stable)
        _TEXTS[key] = text
        while len(_TEXTS) > SIZE:
            _TEXTS.popitem(last=False)
    if text == _NONE:
        return None
    sql = backend.compile(make(as_of)) if text is None else fill(text, as_of)
    return backend.con.execute(sql).df()


def _compile(backend, make, as_of, stable: str | None) -> str | None:
    expr = make(None if as_of is None else STAND_IN)
    text = _NONE if expr is None else template(backend.compile(expr), as_of)
    _STATS["compiled"] += 1
    if stable is not None:
        sqlcache.save(stable, "date\n" if text is None else f"sql\n{text}")
    return text


def _load(stable: str | None) -> str | bool | None:
    """The text kept on disk for ``stable`` (None: compiled at the real date each run);
    False when there is none."""
    kept = None if stable is None else sqlcache.load(stable)
    if kept is None:
        return False
    kind, _, text = kept.partition("\n")
    if kind not in ("sql", "date"):
        return False
    _STATS["loaded"] += 1
    _STATS["reused"] += kind == "sql"
    return text if kind == "sql" else None


def template(sql: str, as_of: pd.Timestamp | None) -> str | None:
    """``sql`` (compiled at :data:`STAND_IN` when ``as_of`` is given) with the stand-in's
    literals replaced by markers; None when the stand-in's year is left in it."""
    if as_of is not None:
        sql = sql.replace(_literal(STAND_IN), _AS_OF)
        sql = sql.replace(_literal(STAND_IN + pd.Timedelta(days=1)), _STOP)
    return None if _YEAR in sql else sql


def fill(text: str, as_of: pd.Timestamp | None) -> str:
    """A template's markers written with ``as_of`` (and the day after)."""
    if as_of is None:
        return text
    text = text.replace(_AS_OF, _literal(as_of))
    return text.replace(_STOP, _literal(as_of + pd.Timedelta(days=1)))


@functools.lru_cache(maxsize=256)
def _literal(day: pd.Timestamp) -> str:
    """The DuckDB text of the engine's timestamp literal of ``day``."""
    from xlkpi.engine.periods import stamp

    sql = ibis.to_sql(stamp(day).name("v"), dialect="duckdb", pretty=False)
    return re.fullmatch(r'SELECT (.+) AS "?v"?', sql.strip(), flags=re.S).group(1)


def stats() -> dict[str, int]:
    """How many texts were compiled, loaded from disk, and how many runs reused one."""
    return dict(_STATS, kept=len(_TEXTS))


def clear() -> None:
    _TEXTS.clear()
