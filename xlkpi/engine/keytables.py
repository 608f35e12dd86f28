"""The Unicode tables of the text-key rule (:mod:`xlkpi.engine.keys`), as this Python's
``str`` methods define them: the whitespace ``str.strip()`` removes, and the case folds
SQL's ``LOWER`` does not make.

Computing them walks every code point: about a second at every import, in every process
(``xlkpi kpis`` included). They depend only on the Unicode version of this Python's
``unicodedata`` and on :mod:`xlkpi.text`'s rule, so the tables of the version CI runs are
kept here (:data:`KEPT`); another version's are computed at import.
``tests/engine/test_keytables.py`` checks that the kept tables equal the computed ones;
after a change of the rule, print the new ones with ``python -m xlkpi.engine.keytables``.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass

#: Characters SQL LOWER maps to one character where Python's lower gives more.
BEFORE_LOWER = {"\u0130": "i\u0307"}  # İ -> i + combining dot above
#: Characters whose lower case depends on the letters around them in some LOWER (ICU's:
#: a final capital sigma is "ς"), so they take the TRANSLATE too.
IN_CONTEXT = "\u03a3"  # Σ


@dataclass(frozen=True)
class Tables:
    whitespace: str  # what str.isspace() holds, in code point order
    fold_from: str  # characters folding to one other character (for TRANSLATE) ...
    fold_to: str  # ... and what they fold to
    fold_many: dict[str, str]  # characters folding to several
    special: str  # a regular-expression class of the characters whose fold is not LOWER's


def compute() -> Tables:
    """The tables of this Python, from every code point."""
    from xlkpi.text import CASED_BELOW, fold_table

    whitespace = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    fold_from, fold_to, fold_many = fold_table()
    # those folding further after LOWER, what LOWER maps to them, and the ones replaced first
    special = set(fold_from) | set(fold_many)
    raw = {c for c in map(chr, range(CASED_BELOW)) if special & set(c.lower()) or c in special}
    chars = "".join(sorted(raw | set(BEFORE_LOWER) | set(IN_CONTEXT)))
    return Tables(whitespace, fold_from, fold_to, fold_many, f"[{chars}]")


KEPT = {
    "14.0.0": Tables(
        whitespace="\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
        "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
        fold_from="\xb5\u017f\u0345\u03c2\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u1c80"
        "\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1c88\u1e9b\u1fbe",
        fold_to="\u03bcs\u03b9\u03c3\u03b2\u03b8\u03c6\u03c0\u03ba\u03c1\u03b5\u0432\u0434"
        "\u043e\u0441\u0442\u0442\u044a\u0463\ua64b\u1e61\u03b9",
        fold_many={
            "\xdf": "ss",
            "\u0149": "\u02bcn",
            "\u0587": "\u0565\u0582",
            "\u1e9a": "a\u02be",
            "\ufb00": "ff",
            "\ufb01": "fi",
            "\ufb02": "fl",
            "\ufb03": "ffi",
            "\ufb04": "ffl",
            "\ufb05": "st",
            "\ufb06": "st",
            "\ufb13": "\u0574\u0576",
            "\ufb14": "\u0574\u0565",
            "\ufb15": "\u0574\u056b",
            "\ufb16": "\u057e\u0576",
            "\ufb17": "\u0574\u056d",
        },
        special="[\xb5\xdf\u0130\u0149\u017f\u0345\u03a3\u03c2\u03d0\u03d1\u03d5\u03d6\u03f0"
        "\u03f1\u03f5\u0587\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1c88\u1e9a"
        "\u1e9b\u1e9e\u1fbe\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06\ufb13\ufb14\ufb15"
        "\ufb16\ufb17]",
    ),
}


def tables() -> Tables:
    """The tables of this Python: kept for its Unicode version, else computed."""
    kept = KEPT.get(unicodedata.unidata_version)
    return kept if kept is not None else compute()


if __name__ == "__main__":  # the tables of this Python, to keep in KEPT
    print(unicodedata.unidata_version, ascii(compute()))
