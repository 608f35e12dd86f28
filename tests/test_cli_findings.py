"""`xlkpi check` lists warnings under their own heading; `build` says how many findings the
report holds and where, and names every target it cannot use (issue 9 items 8 and 9)."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from xlkpi.cli import main
from xlkpi.data.targets import check_targets


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "data.xlsx"
    orders = pd.DataFrame(
        {
            "order_id": [1, 2, 3],
            "order_date": ["2026-01-05", "2026-01-06", "2026-02-01"],
            "customer_id": ["A", "B", "A"],
            "revenue": [10.0, 20.0, 30.0],
            "status": ["paid", "lost", "paid"],  # "lost": an unknown status (a warning)
        }
    )
    targets = pd.DataFrame({"kpi": ["revnue", "bounce_rate", "aov"], "target": [1, 40, 20]})
    with pd.ExcelWriter(path) as writer:
        orders.to_excel(writer, sheet_name="Orders", index=False)
        targets.to_excel(writer, sheet_name="Targets", index=False)
    return path


def test_check_lists_warnings_under_their_own_heading(book):
    result = CliRunner().invoke(main, ["check", str(book)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Warnings (3;" in out and "Data errors" not in out
    assert "unknown status" in out
    assert "unknown KPI id 'revnue': did you mean 'revenue'?" in out
    assert "target 40 for bounce_rate looks like a percentage: did you mean 0.40?" in out
    assert out.strip().splitlines()[-1] == f"{book}: no data errors, 3 warning(s)"


def test_build_ends_with_the_findings_and_where_to_see_them(book, tmp_path):
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(main, ["build", str(book), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0] == f"wrote {out}"
    targets = [line for line in lines if line.startswith("Targets: ")]
    assert len(targets) == 2 and "did you mean 'revenue'?" in targets[0]
    assert "did you mean 0.40?" in targets[1]
    assert lines[-1].startswith("3 data-quality finding(s): see the 'Data quality' sheet")


@pytest.mark.parametrize(
    ("kpi", "target", "warn", "message"),
    [
        ("churn", 0.02, None, "unknown KPI id 'churn': did you mean 'churn_rate'?"),
        ("bounce_rate", 0.4, 55, "warn 55 for bounce_rate looks like a percentage"),
        ("conversion_rate", 2.5, None, "did you mean 0.025?"),
        ("nrr", 110, None, "target 110 for nrr looks like a percentage: did you mean 1.10?"),
    ],
)
def test_targets_the_report_cannot_use(kpi, target, warn, message):
    frame = pd.DataFrame({"kpi": [kpi], "target": [target], "warn": [warn], "row": [2]})
    usable, findings = check_targets(frame.astype({"warn": float}), "Targets")
    assert usable.empty
    assert len(findings) == 1 and message in findings[0].message


@pytest.mark.parametrize(
    ("kpi", "target"), [("nrr", 1.1), ("roi", 3.0), ("bounce_rate", 1.0), ("aov", 400.0)]
)
def test_targets_in_their_own_unit_are_used(kpi, target):
    frame = pd.DataFrame({"kpi": [kpi], "target": [target], "warn": [float("nan")], "row": [2]})
    usable, findings = check_targets(frame, "Targets")
    assert findings == [] and list(usable.kpi) == [kpi]
