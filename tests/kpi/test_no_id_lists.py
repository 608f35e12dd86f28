"""No hand-kept list of catalogue ids, in the package or the tests: every list of KPIs is
derived from the catalogue (``entries()``, ``report_kpis()``, ``by_group()``, a property,
a declared field), so adding a KPI never means finding the lists to extend.

A literal list, tuple or set holding three or more catalogue ids (table names such as
``orders`` or ``nps`` aside), or a dict mapping them to names, fails here unless it is a
deliberate *selection* listed below with its reason: a sheet's layout or a test
scenario's pick, which a new KPI need not join.
"""

from __future__ import annotations

import ast
from pathlib import Path

from xlkpi.data.contract import TABLES
from xlkpi.kpi.catalogue import entries

ROOT = Path(__file__).resolve().parents[2]
IDS = {k.id for k in entries()} - set(TABLES)
DECLARATIONS = {"xlkpi/kpi/options.py", "xlkpi/kpi/catalogue_sales.py",
                "xlkpi/kpi/catalogue_customers.py"}  # fmt: skip

# (file, the first catalogue id of the literal) -> why it is a selection, not a list to keep
SELECTIONS = {
    ("xlkpi/data/sample_parts.py", "churn_rate"): "the sample workbook's example Targets rows",
    ("xlkpi/report/formulas.py", "revenue"): "the KPIs with a live formula (live-formula strand)",
    ("xlkpi/engine/frames/spend.py", "ctr"): "the Acquisition table's channel columns",
    ("xlkpi/report/sheets/acquisition.py", "ctr"): "the Acquisition sheet's layout",
    ("xlkpi/report/sheets/acquisition.py", "new_customers"): "the Acquisition sheet's layout",
    ("xlkpi/report/sheets/dashboard.py", "revenue"): "the default headline tiles (a design choice)",
    ("xlkpi/report/sheets/nps.py", "promoters_share"): "the NPS sheet's layout",
    ("xlkpi/report/sheets/nps.py", "nps_responses"): "the NPS sheet's layout",
    ("xlkpi/report/sheets/recurring.py", "mrr"): "the Recurring sheet's layout",
    ("xlkpi/report/sheets/retention.py", "new_customers"): "the Retention sheet's layout",
    ("xlkpi/engine/leads.py", "mqls"): "the funnel stages the engine counts from Leads",
    ("xlkpi/engine/side_channels.py", "ctr"): "the channel table's columns, as the NumPy one",
    ("xlkpi/engine/side_channels.py", "cac"): "the KPIs whose options change the channel table",
    ("tests/engine/test_reference.py", "aov"): "the Orders KPIs of one engine scenario",
    ("tests/report/test_channels_options.py", "cpc"): "a floor that the test compared these",
    ("tests/report/test_channels_options.py", "cac"): "a floor that the test compared these",
    ("tests/report/test_side_tables_options.py", "mrr_new"): "a floor: not vacuous",
    ("tests/warehouse/test_engine_scale.py", "revenue"): "the Orders KPIs of one scale run",
    ("tests/data/test_sample.py", "churn_rate"): "the sample's Targets rows, as written",
    ("tests/report/test_changes_and_segments.py", "refund_rate"): "a scenario's KPIs",
    ("tests/engine/frames/test_compute_leads.py", "mqls"): "the funnel stages of one scenario",
    ("tests/report/test_dashboard.py", "revenue"): "tiles chosen for one scenario",
    ("tests/report/test_numbers_rules.py", "mrr_new"): "the MRR bridge of one scenario",
    ("tests/report/test_recalc_report.py", "revenue"): "cells of one recalculated scenario",
    ("tests/report/test_recalc_report.py", "bounce_rate"): "cells of one recalculated scenario",
    ("tests/report/test_recalc_report.py", "promoters_share"): "the NPS sheet's cells",
    ("tests/kpi/test_kpi_edges.py", "aov"): "hand-computed one-value results (reference data)",
}


def id_lists(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """(line, ids) of every literal holding three or more catalogue ids."""
    found = []
    exports = {  # a module's __all__: the names of its functions, not a list of KPIs
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    }
    for node in ast.walk(tree):
        if id(node) in exports:
            continue
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            elements = node.elts
        elif isinstance(node, ast.Dict) and all(isinstance(v, ast.Constant) for v in node.values):
            elements = [k for k in node.keys if k is not None]
        else:
            continue
        ids = [e.value for e in elements if isinstance(e, ast.Constant) and e.value in IDS]
        if len(ids) >= 3:
            found.append((node.lineno, ids))
    return found


def _files():
    for top in ("xlkpi", "tests", "scripts"):
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel not in DECLARATIONS:
                yield rel, path


def test_no_hand_kept_id_list():
    kept = []
    for rel, path in _files():
        for line, ids in id_lists(ast.parse(path.read_text(encoding="utf-8"))):
            if (rel, ids[0]) not in SELECTIONS:
                kept.append(f"{rel}:{line}: {ids}")
    assert not kept, "derive these from the catalogue (or justify a selection):\n" + "\n".join(kept)


def test_the_check_finds_a_list():
    assert id_lists(ast.parse('RATES = ["churn_rate", "bounce_rate", "ctr"]'))
    assert id_lists(
        ast.parse('UDFS = {"churn_rate": "KPI_CHURN", "cac": "KPI_CAC", "ctr": "KPI_CTR"}')
    )
    assert not id_lists(ast.parse('SHEETS = ("orders", "sessions", "leads", "nps")'))
    assert not id_lists(ast.parse('__all__ = ["churn_rate", "clv", "retention_rate"]'))
