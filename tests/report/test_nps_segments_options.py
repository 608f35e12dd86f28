"""NPS by segment counts the answers KPI Data counts, under every choice of every option of
an NPS KPI (derived from the options and the catalogue): its n columns add up to KPI Data's
NPS responses of the latest and the previous period (every matrix answer has a segment),
so a score skipped under ``nps.invalid = skip`` is never an answer there."""

from __future__ import annotations

import pytest

from tests.report.cached import kpi_value
from tests.report.test_recalc_options_matrix import build
from tests.support.books import load
from xlkpi.kpi.catalogue import report_kpis
from xlkpi.kpi.options import OPTIONS

NPS_KPIS = {k.id for k in report_kpis() if "nps" in k.tables}
CHOICES = [(o, c.value) for o in OPTIONS if NPS_KPIS & set(o.kpis) for c in o.choices]


def segment_rows(ws) -> list[tuple]:
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "NPS by segment")
    out = []
    for row in rows[start + 2 :]:
        if not row[0] or not isinstance(row[4], int | float):
            break
        out.append(row)
    return out


def test_the_nps_options_are_derived():
    assert {"nps.invalid", "nps_margin.method"} <= {o.name for o, _ in CHOICES}


@pytest.mark.parametrize(("opt", "value"), CHOICES, ids=[f"{o.name}={v}" for o, v in CHOICES])
def test_segment_answers_are_kpi_data_responses(tmp_path, opt, value):
    report = build({opt.setting: value}, tmp_path / "r.xlsx")
    rows = segment_rows(load(report.path, {"NPS"})["NPS"])
    assert len(rows) >= 2
    latest, previous = (p.label for p in report.result.periods[-1:-3:-1])
    for column, period in ((4, latest), (5, previous)):
        expected = kpi_value(report.result, "nps_responses", "", period)
        assert sum(r[column] for r in rows) == expected, (opt.name, value, period)
