"""Every engine expression reads only the columns its catalogue entry declares: with any
one contract column missing, every KPI whose declared needs are still met (and every side
table) builds. The report drops one column at a time on the sample
(tests/engine/frames/test_compute_declared.py); this is the same class for the engine, built on
unbound tables (no data, no execution)."""

from __future__ import annotations

import ibis

from xlkpi.data.contract import TABLES
from xlkpi.engine import covered
from xlkpi.engine.run import build, make_plan, missing_needs
from xlkpi.engine.schema import ibis_schema
from xlkpi.engine.side import SIDE, Side, side_names
from xlkpi.kpi.catalogue import by_id

COLUMNS = [(t, c.name) for t, spec in TABLES.items() for c in spec.columns]


def _without(table: str, column: str) -> dict[str, ibis.Table]:
    out = {}
    for name in TABLES:
        schema = ibis_schema(name)
        if name == table:
            schema = ibis.schema({k: v for k, v in schema.items() if k != column})
        out[name] = ibis.table(schema, name=name)
    return out


def test_every_expression_builds_without_a_column_it_does_not_declare():
    side_names()
    for table, column in COLUMNS:
        tables = _without(table, column)
        plan = make_plan(tables, probe=False)
        for kpi in covered():  # those that read the table (the others cannot notice)
            reads = {t for t, _ in (*by_id(kpi).needs_for(plan.settings), *by_id(kpi).optional)}
            if table in reads and not missing_needs(plan, kpi):
                build(plan, kpi)
        grid = plan.periods(plan.dated_tables(plan.tables)).select("p")
        for spec in SIDE.values():
            spec.build(Side(plan, grid, tables))
