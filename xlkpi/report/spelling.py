"""The source's spelling of channels and segments, where the report shows them.

KPIs match channel and segment keys case-insensitively (``kpis_base.keys``: a key is the
trimmed, case-folded text), and some keys reach KPI Data in that case-folded form
("direct" for the source's "Direct"). A label shown to a reader is the source's spelling
instead: for each case-folded key, its most common trimmed spelling over every raw column
that holds channels or segments (ties: the first one seen). The columns are derived from
the catalogue's segment names (``Kpi.segment``: "channel", "device", "source", "segment")
and the data contract: a column named so, or ``<something>_<name>``
("acquisition_channel").
"""

from __future__ import annotations

from collections import Counter

from xlkpi.data.contract import TABLES
from xlkpi.kpi.catalogue import report_kpis


def segment_columns() -> list[tuple[str, str]]:
    """(table, column) of every contract column holding a KPI's segments or channels.

    >>> ("customers", "acquisition_channel") in segment_columns()
    True
    """
    names = {k.segment for k in report_kpis() if k.segment}
    return [
        (table, c.name)
        for table, spec in TABLES.items()
        for c in spec.columns
        if c.name in names or any(c.name.endswith(f"_{n}") for n in names)
    ]


def source_spellings(raw) -> dict[str, str]:
    """Case-folded key -> the source's most common spelling (only keys spelt otherwise)."""
    counts: dict[str, Counter] = {}
    for table, column in segment_columns():
        t = raw.tables.get(table) if raw is not None else None
        if t is None or column not in t.frame.columns:
            continue
        for value, n in t.frame[column].value_counts(dropna=True, sort=False).items():
            text = str(value).strip()
            if text:
                counts.setdefault(text.casefold(), Counter())[text] += int(n)
    best = {key: max(c.items(), key=lambda item: item[1])[0] for key, c in counts.items()}
    return {key: text for key, text in best.items() if text != key}


def spelt(label: str, spellings: dict[str, str]) -> str:
    """``label`` as the source spells it: a case-folded key becomes its spelling; a label
    that already carries the source's case is kept.

    >>> spelt("direct", {"direct": "Direct"}), spelt("LinkedIn", {"linkedin": "Linkedin"})
    ('Direct', 'LinkedIn')
    """
    if not label or label != label.casefold():
        return label
    return spellings.get(label, label)
