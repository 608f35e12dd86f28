"""Text keys where the data lives, exactly as Python cleans them: trimmed and case-folded.

The workbook path cleans a text cell with Python's ``str.strip()`` (every character
``str.isspace()`` holds: tabs, line breaks, NBSP U+00A0, the U+2000 spaces, U+3000 ...)
and compares category keys (statuses, channels, devices, sources, segments) with
``str.casefold()`` ("ß" = "ss", "ς" = "σ", "ﬁ" = "fi", "İ" = "i̇"). SQL's ``TRIM`` and
``LOWER`` differ: TRIM takes ASCII spaces only, LOWER maps one character to one, and on
PostgreSQL it follows the column's collation (ASCII only under ``C``, Turkish under a
Turkish locale). Here are the same rules as engine expressions, for every backend:

- :func:`strip` - Python's whitespace removed from both ends (one regular expression);
- :func:`fold` - ``LOWER`` after "İ" -> "i̇", then, only on a value holding one of the few
  characters whose case fold differs from their lower case (``ß``, ``ς``, ``ﬁ``, Cherokee
  ...), the rest of Python's fold (one TRANSLATE and a REPLACE per multi-letter fold). On
  PostgreSQL ``LOWER`` runs under the ICU root collation (``und-x-icu``, in every
  PostgreSQL built with ICU), whatever the server's locale;
- :func:`code_point_order` - a text compared by code point (PostgreSQL: ``COLLATE "C"``),
  so ``MAX`` picks the spelling Python's ``max`` picks on a server of any collation;
- a value trimmed (:class:`Stripped`) or keyed (:class:`Keyed`) already is not trimmed or
  keyed again: the key of a key is itself, so a source's typed category column (keyed once
  by ``xlkpi.sources.cast``) is compared as it is by every KPI query. The markers have no
  SQL of their own.

Verified character by character against Python on DuckDB and on PostgreSQL (tests/engine/
test_parity_text.py); BigQuery, Snowflake and Spark run the same SQL with their own
``LOWER`` (compile-only in the tests).
"""

from __future__ import annotations

import ibis
import ibis.expr.operations as ops
import sqlglot.expressions as sge
from ibis.backends.sql.compilers.base import SQLGlotCompiler

from xlkpi.engine.keytables import BEFORE_LOWER, tables

_TABLES = tables()  # this Python's (kept for its Unicode version: no walk of every character)
#: The characters Python's ``str.strip()`` removes (``str.isspace()``), in code point order.
WHITESPACE = _TABLES.whitespace
#: The fold of what SQL LOWER gives: to one character (TRANSLATE), to several (REPLACE).
FOLD_FROM, FOLD_TO, FOLD_MANY = _TABLES.fold_from, _TABLES.fold_to, _TABLES.fold_many


class KeyLower(ops.StringUnary):
    """``LOWER``; on PostgreSQL under the ICU root collation, whatever the server's."""


class CodePointOrder(ops.StringUnary):
    """The text, compared by code point (PostgreSQL: ``COLLATE "C"``)."""


class Stripped(ops.StringUnary):
    """The text (no SQL of its own): it holds no whitespace at either end (:func:`strip`)."""


class Keyed(ops.StringUnary):
    """The text (no SQL of its own): it is already a key (:func:`key` of a value; NULL where
    blank), so :func:`key` returns it as it is."""


def _postgres(compiler) -> bool:
    return getattr(compiler.dialect, "__name__", "") == "Postgres"


def _visit_key_lower(self, op, *, arg):
    if _postgres(self):
        arg = sge.Collate(this=arg, expression=sge.Identifier(this="und-x-icu", quoted=True))
    return self.f.lower(arg)


def _visit_code_point_order(self, op, *, arg):
    if _postgres(self):
        return sge.Collate(this=arg, expression=sge.Identifier(this="C", quoted=True))
    return arg


def _visit_marker(self, op, *, arg):
    return arg


SQLGlotCompiler.visit_KeyLower = _visit_key_lower
SQLGlotCompiler.visit_CodePointOrder = _visit_code_point_order
SQLGlotCompiler.visit_Stripped = _visit_marker
SQLGlotCompiler.visit_Keyed = _visit_marker

_CLASS = f"[{WHITESPACE}]+"
_ENDS = f"^{_CLASS}|{_CLASS}$"
_AT_EDGE = f"^[{WHITESPACE}]|[{WHITESPACE}]$"
_ALL_BLANK = f"^[{WHITESPACE}]*$"


#: A regular-expression class of the characters whose fold is not SQL LOWER's.
_SPECIAL = _TABLES.special


def on_duckdb(value) -> bool:
    """True where ``value`` (an Ibis expression) is bound to a DuckDB backend."""
    try:
        return value._find_backend().name == "duckdb"
    except Exception:  # unbound: SQL text for any dialect
        return False


def strip(value: ibis.StringValue) -> ibis.StringValue:
    """``value`` without the whitespace Python's ``str.strip()`` removes, at both ends (on
    DuckDB the replacement runs only where such a character stands at an edge: a match
    test costs less than a replacement)."""
    if _holds(value.op(), _TRIMMED):
        return value
    stripped = value.re_replace(_ENDS, "")
    if on_duckdb(value):  # printable ASCII at both ends (most ids): no match test either
        stripped = (plain_edges(value) | ~value.re_search(_AT_EDGE)).ifelse(value, stripped)
    return Stripped(stripped).to_expr()


def plain_edges(value: ibis.StringValue) -> ibis.BooleanValue:
    """DuckDB: True where ``value``'s first and last characters are printable ASCII (so
    there is nothing to trim and it is not blank); NULL where it is NULL. Written once:
    a query that asks it beside :func:`strip` computes it once."""
    return value.ascii_str().between(33, 126) & _char(value, -1).ascii_str().between(33, 126)


@ibis.udf.scalar.builtin(name="array_extract")
def _char(value: str, index: int) -> str:
    """DuckDB's ``value[index]``: the character at ``index`` (-1: the last)."""


def blank_text(value: ibis.StringValue) -> ibis.BooleanValue:
    """True where ``value`` is empty once trimmed (NULL where it is NULL)."""
    return value.re_search(_ALL_BLANK)


def fold(value: ibis.StringValue) -> ibis.StringValue:
    """``value`` case-folded as :func:`xlkpi.text.fold` folds it (Python's casefold); a key
    (:class:`Keyed`) where ``value`` is trimmed (:func:`strip`, blank or not)."""
    if _holds(value.op(), _KEYS):
        return value
    special = value
    for char, spelled in BEFORE_LOWER.items():
        special = special.replace(char, spelled)
    special = KeyLower(special).to_expr().translate(FOLD_FROM, FOLD_TO)
    for char, spelled in FOLD_MANY.items():
        special = special.replace(char, spelled)
    # only a value holding one of the few characters pays for the TRANSLATE and REPLACEs
    folded = ibis.ifelse(value.re_search(_SPECIAL), special, KeyLower(value).to_expr())
    return Keyed(folded).to_expr() if _holds(value.op(), _TRIMMED) else folded


def key(value: ibis.StringValue) -> ibis.StringValue:
    """``value`` trimmed and case-folded (Python: ``text.strip().casefold()``); a value that
    is a key already (:class:`Keyed`: the contract tables a source types) as it is: the
    key of a key is itself (tests/engine/test_keys.py checks every character)."""
    return fold(strip(value))


def code_point_order(value: ibis.StringValue) -> ibis.StringValue:
    """``value`` ordered by code point, as Python orders text, on any server collation."""
    return CodePointOrder(value).to_expr()


# --- which values are trimmed or keys already: Python's key of a key is itself, so the
# engine keys a column of a source's typed table (xlkpi.sources.cast) once, not per query
_SAME_ROWS = (ops.Filter, ops.Sort, ops.Limit, ops.Sample, ops.Distinct, ops.DropNull)


def _holds(node, kinds: tuple) -> bool:
    """True where the value ``node`` stands for is marked one of ``kinds`` (:class:`Stripped`,
    :class:`Keyed`): a column is followed to its expression through selections and filters;
    NULL, a text literal already so, a cast to text, ``NULLIF``, ``COALESCE`` and a ``CASE``
    of two such values hold too."""
    while isinstance(node, ops.Field):
        rel = node.rel
        while isinstance(rel, _SAME_ROWS):  # the parent's columns, unchanged
            rel = rel.parent
        if not isinstance(rel, ops.Project) or node.name not in rel.values:
            return False
        node = rel.values[node.name]
    if isinstance(node, kinds):
        return True
    if isinstance(node, ops.Literal):
        text = node.value
        return text is None or (isinstance(text, str) and _literal_holds(text, kinds))
    if isinstance(node, ops.Cast):
        return node.to.is_string() and node.arg.dtype.is_string() and _holds(node.arg, kinds)
    if isinstance(node, ops.NullIf):
        return _holds(node.arg, kinds)
    if isinstance(node, ops.Coalesce):
        return all(_holds(arg, kinds) for arg in node.arg)
    if isinstance(node, ops.IfElse):
        return _holds(node.true_expr, kinds) and _holds(node.false_null_expr, kinds)
    return False


def _literal_holds(text: str, kinds: tuple) -> bool:
    from xlkpi.text import fold as python_fold

    if Stripped in kinds and text.strip() == text:
        return True
    return python_fold(text.strip()) == text


_TRIMMED = (Stripped, Keyed)  # a key is trimmed too
_KEYS = (Keyed,)
