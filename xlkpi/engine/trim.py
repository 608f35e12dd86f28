"""Trimming text, fast on DuckDB: the whitespace Python's ``str.strip()`` removes.

The rule and its SQL live in :mod:`xlkpi.engine.keys` (one definition for the engine and
the workbook path): on a DuckDB-bound value the text is trimmed only where a whitespace
character stands at its start or end (a match test costs about a quarter of TRIM with a
character set), and a blank is found by one match.
"""

from __future__ import annotations

from xlkpi.engine.keys import WHITESPACE as EDGE
from xlkpi.engine.keys import blank_text, on_duckdb, strip

__all__ = ["EDGE", "blank_text", "on_duckdb", "strip"]
