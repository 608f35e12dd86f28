"""The source's spelling of channels and segments, where the report shows them.

KPIs match channel and segment keys case-insensitively (``xlkpi.engine.frames.base.keys``:
a key is the trimmed, case-folded text), and some keys reach KPI Data in that case-folded form
("direct" for the source's "Direct"). A label shown to a reader is the source's spelling
instead: for each kind of segment and case-folded key, its most common trimmed spelling
over the raw columns holding that kind (ties: the first one seen): a channel is spelt as
the channel columns spell it, whatever Sessions' traffic sources say. The kinds are the
catalogue's segment names (``Kpi.segment``: "channel", "device", "source", "segment"),
their columns derived from the data contract: a column named so, or
``<something>_<name>`` ("acquisition_channel").
"""

from __future__ import annotations

from collections import Counter

from xlkpi.data.contract import TABLES
from xlkpi.engine.compare import value_counts
from xlkpi.kpi.catalogue import report_kpis
from xlkpi.text import fold


def segment_columns() -> list[tuple[str, str, str]]:
    """(table, column, kind) of every contract column holding a KPI's segments.

    >>> ("customers", "acquisition_channel", "channel") in segment_columns()
    True
    """
    kinds = {k.segment for k in report_kpis() if k.segment}
    return [
        (table, c.name, kind)
        for table, spec in TABLES.items()
        for c in spec.columns
        for kind in sorted(kinds)
        if c.name == kind or c.name.endswith(f"_{kind}")
    ]


def source_spellings(raw, kind: str) -> dict[str, str]:
    """Case-folded key -> the source's most common spelling of a ``kind`` of segment
    ("channel", ...), for the keys spelt otherwise."""
    counts: dict[str, Counter] = {}
    for table, column, _ in (c for c in segment_columns() if c[2] == kind):
        for value, n in value_counts(raw, table, column).items():
            text = str(value).strip()
            if text:
                counts.setdefault(fold(text), Counter())[text] += int(n)
    best = {key: max(c.items(), key=lambda item: item[1])[0] for key, c in counts.items()}
    return {key: text for key, text in best.items() if text != key}


def spelt(label: str, spellings: dict[str, str]) -> str:
    """``label`` as the source spells it: a case-folded key becomes its spelling; a label
    that already carries the source's case is kept.

    >>> spelt("direct", {"direct": "Direct"}), spelt("LinkedIn", {"linkedin": "Linkedin"})
    ('Direct', 'LinkedIn')
    """
    if not label or label != fold(label):
        return label
    return spellings.get(label, label)
