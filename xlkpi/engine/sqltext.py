"""An Ibis expression's SQL text in a dialect, kept per process: the same query compiles once.

Ibis compiles a report KPI's query in a tenth of a second or more (its rewrite passes,
translation and sqlglot's generation), and the same query is asked for again and again in
one process: ``xlkpi sql`` for each dialect, the report's KPI SQL sheet at the grain and
options of each build, a KPI whose query does not read the option that changed. The key is
the expression itself (its unbound operation tree, compared by structure: every table's
name and typed columns, every literal, the as-of date, each option's effect), the dialect,
and the one Ibis option that shapes the text (``fuse_selects``); nothing else enters
``ibis.to_sql``. The texts live only in this process (the KPI SQL sheet and the engine's
DuckDB queries have their own caches on disk).
"""

from __future__ import annotations

import functools

import ibis

#: texts kept, the least recently used going first. Each entry keeps its expression's
#: operation tree alive (~0.25 MB for a report KPI's, by tracemalloc; its text ~10 kB), so
#: a full memo holds ~60 MB: bounded for a long-running xlwings Server process, and more
#: than the ~100 texts of one report build
SIZE = 256


def to_sql(expr: ibis.Expr, dialect: str) -> str:
    """``ibis.to_sql(expr, dialect=dialect)``, compiled once per process for each query."""
    return _text(expr.unbind().op(), dialect, ibis.options.sql.fuse_selects)


@functools.lru_cache(maxsize=SIZE)
def _text(node, dialect: str, fuse_selects: bool) -> str:
    return str(ibis.to_sql(node.to_expr(), dialect=dialect))


def stats() -> dict[str, int]:
    """Texts compiled (misses) and reused (hits) in this process."""
    info = _text.cache_info()
    return {"compiled": info.misses, "reused": info.hits, "kept": info.currsize}


def clear() -> None:
    _text.cache_clear()
