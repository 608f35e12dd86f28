"""Status is judged on the unrounded value, and the value is shown with enough digits that
its status is visible: a conversion rate of 2.996 % against a 3.0 % target is "Watch" and
reads 2.996 %, never 3.0 %."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import xlkpi
from tests.support.books import load
from xlkpi.data.read import read_source
from xlkpi.data.sample import sample_tables
from xlkpi.engine.compute import compute_kpis
from xlkpi.report import status as kpi_status


def shown(value: float, fmt: str) -> float:
    places, percent = kpi_status.decimals(fmt)
    return round(value * (100 if percent else 1), places)


@given(
    now=st.floats(0.0, 0.2),
    target=st.floats(0.001, 0.2),
    gap=st.floats(0.0, 0.05),
    direction=st.sampled_from([1, -1]),
    fmt=st.sampled_from(["0.0%", "0.0", '0.00"x"', '"$"#,##0.00;-"$"#,##0.00']),
)
def test_the_shown_value_tells_the_status(now, target, gap, direction, fmt):
    warn = target - direction * gap
    out = kpi_status.status_format(fmt, now, target, warn, direction)
    truth = kpi_status.status(now, target, warn, direction)
    places, _ = kpi_status.decimals(out)
    assert places <= kpi_status.decimals(fmt)[0] + 3
    seen = kpi_status.status(shown(now, out), shown(target, out), shown(warn, out), direction)
    if places < kpi_status.decimals(fmt)[0] + 3:  # within 3 more decimals the status shows
        assert seen == truth
    if (
        seen == truth
        and kpi_status.status(shown(now, fmt), shown(target, fmt), shown(warn, fmt), direction)
        == truth
    ):
        assert out == fmt  # no digits added when rounding hides nothing


@pytest.fixture(scope="module")
def near_target(tmp_path_factory):
    """The sample with the conversion-rate target just above the latest value."""
    tables = sample_tables()
    raw = read_source(tables)
    result = compute_kpis(raw)
    table = result.table
    latest = str(result.periods[-1].label)
    row = table[(table["kpi"] == "conversion_rate") & (table["segment"] == "")]
    now = float(row[row["period"].astype(str) == latest]["value"].iloc[0])
    targets = tables["Targets"].copy()
    target = round(now, 3) + 0.00004 if round(now, 3) > now else now + 0.00004
    targets.loc[targets["kpi"] == "conversion_rate", ["target", "warn"]] = [target, target - 0.005]
    tables["Targets"] = targets
    path = xlkpi.build_report(tables, tmp_path_factory.mktemp("digits") / "r.xlsx")
    return path, now, target


def test_a_value_just_under_its_target_reads_under_it(near_target):
    path, now, target = near_target
    assert now < target and f"{now:.1%}" == f"{target:.1%}"  # one decimal would hide it
    book = load(path, {"Dashboard", "All KPIs"})  # the sheets read: the others are not parsed
    cached = load(path, {"Dashboard", "All KPIs"}, data_only=True)
    for sheet in ("Dashboard", "All KPIs"):
        ws, values = book[sheet], cached[sheet]
        hidden = {k for k, d in ws.column_dimensions.items() if d.hidden}
        cells = [  # the value where a reader sees it (not the hidden sparkline inputs)
            c
            for row in ws.iter_rows()
            for c in row
            if getattr(c, "column_letter", None) not in hidden
            and isinstance(values[c.coordinate].value, float)
            and math.isclose(values[c.coordinate].value, now, rel_tol=1e-12)
        ]
        assert cells, sheet
        for cell in cells:
            places, percent = kpi_status.decimals(cell.number_format)
            assert percent and round(now * 100, places) < round(target * 100, places), sheet
        statuses = {values[c.coordinate].value for row in ws.iter_rows() for c in row}
        assert any(isinstance(s, str) and s.endswith("Watch") for s in statuses), sheet
