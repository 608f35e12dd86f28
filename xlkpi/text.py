"""Text that leaves xlkpi: to a terminal, into a CSV file, into workbook XML.

One rule per destination, each in one function:

- :func:`printable` - for messages shown on a terminal: every non-printable character
  (escape sequences, other control characters, bidi overrides, ...) is shown escaped
  (``\\x1b``, ``\\u202e``), so data text cannot clear a screen or set a window title;
- :func:`csv_cell` - for CSV cells a spreadsheet will open: text starting with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` (the OWASP
  CSV-injection rule), unless it is a plain number such as ``-12.5``;
- :func:`excel_escape` - for SpreadsheetML text: characters XML cannot hold become
  Excel's ``_xHHHH_`` escapes, and a literal ``_xHHHH_`` in the text has its ``_``
  escaped (``_x005F_``), the way Excel and XlsxWriter write them, so every text reads
  back as it was.

And one rule for text that comes in as a key (a status, channel, device, source, segment):
:func:`fold`, the case fold every KPI compares keys by, here and where the data lives
(``xlkpi.engine.keys`` writes it as SQL).
"""

from __future__ import annotations

import re
import unicodedata

# ------------------------------------------------------------------------------ keys
#: No character at or above this code point has a case (Adlam, the last, ends at U+1E94B).
CASED_BELOW = 0x20000
#: Characters that fold to their lower case (one character) instead of Python's casefold,
#: so that SQL folds them alike with a short expression:
#: - letters with accents whose full fold spells them as several characters ("ǰ", "ΐ",
#:   the Greek "ᾀ" -> "ἀι"): neither fold normalises ("é" and "e" + U+0301 are two keys
#:   either way), and "İ" folds to "i̇" as in Python;
#: - Cherokee letters, which Python folds to upper case: the same letters match.
FOLD_AS_LOWER = {
    c: c.lower()
    for c in map(chr, range(CASED_BELOW))
    if c.casefold() != c.lower()
    and len(c.lower()) == 1
    and (
        (len(c.casefold()) > 1 and unicodedata.decomposition(c)[:1] not in ("", "<"))
        or unicodedata.name(c, "").startswith("CHEROKEE")
    )
}
_AS_LOWER = frozenset(FOLD_AS_LOWER)


def fold(text: str) -> str:
    """``text`` case-folded for comparing keys: Python's ``str.casefold()`` ("ß" -> "ss",
    "ς" -> "σ", "ﬁ" -> "fi"), but the letters of :data:`FOLD_AS_LOWER` lower-cased.

    >>> fold("Straße"), fold("ΣΊΣΥΦΟΣ"), fold("ﬁsh"), fold("ᾈ"), fold("ᾀ"), fold("Ꭰ")
    ('strasse', 'σίσυφοσ', 'fish', 'ᾀ', 'ᾀ', 'ꭰ')
    """
    if _AS_LOWER.isdisjoint(text):
        return text.casefold()
    return "".join(FOLD_AS_LOWER.get(c) or c.casefold() for c in text)


def fold_table() -> tuple[str, str, dict[str, str]]:
    """The fold of what a (SQL) lower case holds: ``(from, to, several)``, the characters
    folding to one other character (for TRANSLATE) and those folding to several. (Every
    cased character is below U+20000.)"""
    chars = [chr(c) for c in range(CASED_BELOW) if not 0xD800 <= c < 0xE000]
    lowered = {c for c in chars if c.lower() == c}
    lowered.update(x for c in chars if c.lower() != c for x in c.lower())
    pairs = sorted(c for c in lowered if fold(c) != c)
    one = [c for c in pairs if len(fold(c)) == 1]
    return "".join(one), "".join(map(fold, one)), {c: fold(c) for c in pairs if len(fold(c)) > 1}


# ------------------------------------------------------------------------- terminal
_SAFE_CATEGORIES = ("L", "M", "N", "P", "S")  # letters, marks, numbers, punctuation, symbols


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: object) -> str:
    """``text`` with every non-printable character escaped (for terminal messages).

    >>> printable("bad\\x1b[2Jvalue\\x07")
    'bad\\\\x1b[2Jvalue\\\\x07'
    >>> printable("Umsätze € 10")
    'Umsätze € 10'
    """
    text = str(text)
    if text.isprintable():
        return text
    return "".join(
        ch
        if ch == " " or unicodedata.category(ch).startswith(_SAFE_CATEGORIES)
        else _escape_char(ch)
        for ch in text
    )


# ------------------------------------------------------------------------------ CSV
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet evaluates as a formula (non-text values unchanged).

    >>> csv_cell("=cmd|' /c calc'!a0"), csv_cell("@SUM(A1)"), csv_cell("-12.5"), csv_cell(-3.0)
    ("'=cmd|' /c calc'!a0", "'@SUM(A1)", '-12.5', -3.0)
    """
    if isinstance(value, str) and value.startswith(_CSV_TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


# ---------------------------------------------------------------------- SpreadsheetML
#: Characters an XML 1.0 document cannot hold (and lone surrogates, which UTF-8 cannot).
_XML_ILLEGAL = r"\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_ESCAPE = re.compile(rf"_(?=x[0-9a-fA-F]{{4}}_)|[{_XML_ILLEGAL}]")


def _excel_code(match: re.Match) -> str:
    return f"_x{ord(match.group()):04X}_"


def excel_escape(text: str) -> str:
    """``text`` with Excel's ``_xHHHH_`` escapes for what XML cannot hold (see the module).

    >>> excel_escape("a\\x01b"), excel_escape("_x0041_"), excel_escape("plain")
    ('a_x0001_b', '_x005F_x0041_', 'plain')
    """
    return _ESCAPE.sub(_excel_code, text)


def xml_text(text: str) -> str:
    """``text`` for a SpreadsheetML element: Excel-escaped, then XML-escaped.

    >>> xml_text("a < b & c\\x01")
    'a &lt; b &amp; c_x0001_'
    """
    return (
        _ESCAPE.sub(_excel_code, text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


#: Excel's limits, for messages and checks.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_CELL_CHARS = 32_767


def cell_chars(text: str) -> str:
    """``text`` cut to what one Excel cell holds (32,767 UTF-16 code units).

    >>> len(cell_chars("x" * 40_000)), cell_chars("short")
    (32767, 'short')
    """
    if len(text) <= EXCEL_MAX_CELL_CHARS // 2:
        return text
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) <= 2 * EXCEL_MAX_CELL_CHARS:
        return text
    cut = units[: 2 * EXCEL_MAX_CELL_CHARS].decode("utf-16-le", "ignore")  # no half pair
    return cut
