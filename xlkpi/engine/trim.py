"""Trimming text where DuckDB runs it fast, with the portable form everywhere else.

Ibis' ``strip()`` is ``TRIM(x, ' \\t\\n\\r\\v\\f')`` on DuckDB, whose character-set TRIM
costs about four times a regular-expression test of the same strings (measured on 10M
ids: +1.95 CPU s for TRIM, +0.57 s for the guarded form). On a DuckDB-bound value the
text is trimmed only where one of those characters stands at its start or end, and a
blank is found by one match; the values are the same. Unbound expressions (the SQL text
printed for PostgreSQL, BigQuery, Snowflake, Spark) and other backends keep the plain
``strip()``: their TRIM removes other sets (Snowflake's has no ``\\v``).
"""

from __future__ import annotations

#: What Ibis' strip removes on DuckDB.
EDGE = " \t\n\r\x0b\x0c"
_AT_EDGE = f"^[{EDGE}]|[{EDGE}]$"
_ALL_BLANK = f"^[{EDGE}]*$"


def on_duckdb(value) -> bool:
    """True where ``value`` (an Ibis expression) is bound to a DuckDB backend."""
    try:
        return value._find_backend().name == "duckdb"
    except Exception:  # unbound: SQL text for any dialect
        return False


def strip(text):
    """``text.strip()``; on DuckDB, TRIM only where a blank character is at an edge."""
    if not on_duckdb(text):
        return text.strip()
    return text.re_search(_AT_EDGE).ifelse(text.strip(), text)


def blank_text(text):
    """True where the text is empty once trimmed (NULL where it is NULL)."""
    if not on_duckdb(text):
        return text.strip() == ""
    return text.re_search(_ALL_BLANK)
