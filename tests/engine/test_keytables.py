"""The Unicode tables of the key rule kept in ``xlkpi.engine.keytables`` (so no process
walks every code point at import) are the ones this Python computes."""

from __future__ import annotations

import unicodedata

from xlkpi.engine import keys as K
from xlkpi.engine import keytables


def test_the_kept_tables_are_the_computed_ones():
    computed = keytables.compute()
    assert computed == keytables.tables()
    # CI's Python has its tables kept: a change of the rule must update them
    assert unicodedata.unidata_version in keytables.KEPT
    used = (K.WHITESPACE, K.FOLD_FROM, K.FOLD_TO, K.FOLD_MANY, K._SPECIAL)
    fields = ("whitespace", "fold_from", "fold_to", "fold_many", "special")
    assert used == tuple(getattr(computed, f) for f in fields)
    assert computed.whitespace == "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def test_another_unicode_version_computes_its_tables(monkeypatch):
    sentinel = object()
    monkeypatch.setattr(keytables, "compute", lambda: sentinel)
    assert keytables.tables() is not sentinel
    monkeypatch.setattr(keytables, "KEPT", {})
    assert keytables.tables() is sentinel
