"""The guide's BigQuery flattening query (docs/bring-your-data.md, GA4) is read back by
sqlglot in BigQuery's dialect: its output columns are the ones the GA4 events adapter
declares (its signature and optional columns), and the source it writes is the session's
(``session_traffic_source_last_click``), never the user's first visit's
(``traffic_source``, GA4's user-scoped record)."""

from __future__ import annotations

import re
from pathlib import Path

import sqlglot
from sqlglot import exp

from xlkpi.adapters.base import column_key
from xlkpi.adapters.ga4 import EVENTS

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "bring-your-data.md"


def _query() -> exp.Select:
    text = GUIDE.read_text(encoding="utf-8")
    [sql] = [q for q in re.findall(r"```sql\n(.*?)```", text, re.S) if "UNNEST(event_params)" in q]
    return sqlglot.parse_one(sql, read="bigquery")


def test_its_columns_are_the_adapters():
    names = [column_key(e.alias_or_name) for e in _query().expressions]
    assert sorted(names) == sorted({*EVENTS.signature, *EVENTS.optional})


def test_the_source_it_writes_is_the_sessions():
    [source] = [e for e in _query().expressions if column_key(e.alias) == "traffic_source_medium"]
    read = {".".join(p.name for p in c.parts) for c in source.find_all(exp.Column)}
    assert "session_traffic_source_last_click.manual_campaign.medium" in read
    assert not {c for c in read if c.startswith("traffic_source.")}  # the user's first visit
    params = [str(e.expression.this) for e in source.find_all(exp.EQ)]
    assert params == ["medium"]  # else the event's own medium parameter
