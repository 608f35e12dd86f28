"""KPI_* UDFs called the way Excel calls them: nested lists, blanks, error cells, scalars."""

from __future__ import annotations

import inspect
import math

import pytest

import xlkpi.kpi
from xlkpi.excel import boundary, udfs
from xlkpi.excel.boundary import DIV0, NA, VALUE

pytestmark = pytest.mark.skipif(
    not hasattr(xlkpi.kpi, "nps"), reason="the KPI functions (xlkpi.kpi) have not landed yet"
)

COLUMN = [[10.0], [9.0], [None], [8.0], [3.0], [0.0], [10.0]]  # P P . Pa D D P
ROW = [[10.0, 9.0, None, 8.0, 3.0, 0.0, 10.0]]
NPS_REF = 100 * (3 - 2) / 6  # 3 promoters, 2 detractors, 6 answers, blank skipped


@pytest.fixture(autouse=True)
def _fresh_log():
    boundary.clear_errors()


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        pytest.param(COLUMN, NPS_REF, id="column-range"),
        pytest.param(ROW, NPS_REF, id="row-range"),
        pytest.param([[10.0, 3.0], [None, 9.0]], 100 * (2 - 1) / 3, id="2d-range"),
        pytest.param(10.0, 100.0, id="single-cell-scalar"),
        pytest.param([[6.0]], -100.0, id="single-cell-nested"),
    ],
)
def test_nps_on_excel_shaped_input(scores, expected):
    assert udfs.KPI_NPS(scores) == pytest.approx(expected)


def test_nps_blank_range_is_div0_with_a_reason():
    assert udfs.KPI_NPS([[None], [None]]) == DIV0
    assert udfs.KPI_LAST_ERROR().startswith("KPI_NPS: the result is undefined")


def test_nps_bad_score_is_value_and_the_reason_names_it():
    assert udfs.KPI_NPS([[10.0], [11.0]]) == VALUE
    reason = udfs.KPI_LAST_ERROR()
    assert reason.startswith("KPI_NPS: ") and "11" in reason


def test_nps_invalid_skip_option():
    assert udfs.KPI_NPS([[10.0], [11.0], [0.0], [9.0]], "skip") == pytest.approx(100 / 3)
    assert udfs.KPI_NPS([[10.0], [11.0]], "sometimes") == VALUE


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#REF!"])
def test_error_cells_propagate(error):
    assert udfs.KPI_NPS([[10.0], [error]]) == error
    assert udfs.KPI_CHURN(error, 100.0) == error
    assert f"holds the error {error}" in udfs.KPI_LAST_ERROR()


def test_nps_breakdown_spills_header_and_five_rows():
    table = udfs.KPI_NPS_BREAKDOWN(COLUMN)
    assert [len(r) for r in table] == [3] * 6
    assert table[0] == ["Group", "Count", "Share"]
    assert table[1] == ["Promoters", 3, pytest.approx(0.5)]
    assert table[2] == ["Passives", 1, pytest.approx(1 / 6)]
    assert table[3] == ["Detractors", 2, pytest.approx(1 / 3)]
    assert table[4][:2] == ["Responses", 6]
    assert table[5][0] == "NPS" and table[5][1] == pytest.approx(NPS_REF)
    assert table[5][2] == ""  # a blank cell, not None (xlwings writes both as blank)


def test_nps_breakdown_without_answers_shows_div0_shares():
    table = udfs.KPI_NPS_BREAKDOWN([[None]])
    assert table[1][1] == 0 and table[1][2] == DIV0
    assert table[5][1] == DIV0


def test_nps_margin_and_change_test():
    scores = [[10.0], [9.0], [0.0], [7.0]] * 25  # p = .5, d = .25, n = 100
    expected = 1.959964 * 100 * math.sqrt((0.5 + 0.25 - 0.25**2) / 100)
    assert udfs.KPI_NPS_MOE(scores) == pytest.approx(expected, rel=1e-5)
    assert udfs.KPI_NPS_MOE(scores, 0.9) < expected
    spilled = udfs.KPI_NPS_CHANGE_TEST(scores, [[10.0]] * 100)
    assert spilled[0] == ["difference", "z", "p_value"]
    assert spilled[1][0] == pytest.approx(100 - 25)


def test_rate_interval_spills_low_and_high():
    low_high = udfs.KPI_RATE_INTERVAL(8.0, 10.0)
    assert low_high[0] == ["low", "high"]
    assert low_high[1] == [pytest.approx(0.4902, abs=1e-4), pytest.approx(0.9433, abs=1e-4)]


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(lambda: udfs.KPI_CHURN(5.0, 200.0), 0.025, id="churn"),
        pytest.param(lambda: udfs.KPI_CHURN([[2.0], [3.0]], [[200.0]]), 0.025, id="churn-ranges"),
        pytest.param(lambda: udfs.KPI_CHURN(0.0, 0.0), DIV0, id="churn-no-customers"),
        pytest.param(lambda: udfs.KPI_CHURN(5.0, 0.0), VALUE, id="churn-lost-more-than-start"),
        pytest.param(lambda: udfs.KPI_CHURN(None, 200.0), NA, id="churn-blank-lost"),
        pytest.param(lambda: udfs.KPI_CHURN(5.0, 200.0, "average", 300.0), 0.02, id="churn-avg"),
        pytest.param(
            lambda: udfs.KPI_CHURN(5.0, 200.0, "start_plus_new", None, 50.0), 0.02, id="churn-new"
        ),
        pytest.param(lambda: udfs.KPI_CHURN(5.0, 200.0, "average"), VALUE, id="churn-avg-no-end"),
        pytest.param(lambda: udfs.KPI_CHURN("five", 200.0), VALUE, id="churn-text"),
        pytest.param(lambda: udfs.KPI_RETENTION(5.0, 200.0), 0.975, id="retention"),
        pytest.param(lambda: udfs.KPI_CONVERSION_RATE([[3.0], [2.0]], 50.0), 0.1, id="conv"),
        pytest.param(lambda: udfs.KPI_CONVERSION_RATE(3.0, 0.0), DIV0, id="conv-zero"),
        pytest.param(lambda: udfs.KPI_LEAD_TO_CLOSE(12.0, 240.0), 0.05, id="l2c"),
        pytest.param(lambda: udfs.KPI_LEAD_TO_CLOSE(30.0, 20.0, "period"), 1.5, id="l2c-period"),
        pytest.param(lambda: udfs.KPI_QUALIFIED_LEAD_RATE(30.0, 120.0), 0.25, id="qlr"),
        pytest.param(lambda: udfs.KPI_REPEAT_VISITS(120.0, 100.0), 20.0, id="repeat-visits"),
        pytest.param(
            lambda: udfs.KPI_RETURNING_VISITOR_RATE([["a"], ["b"], ["a"], [None], ["c"]]),
            pytest.approx(1 / 3),
            id="returning",
        ),
        pytest.param(lambda: udfs.KPI_EMAIL_OPTIN_RATE(5.0, 250.0), 0.02, id="optin"),
        pytest.param(lambda: udfs.KPI_BOUNCE_RATE([[1.0], [3.0], [1.0], [2.0]]), 0.5, id="bounce"),
        pytest.param(
            lambda: udfs.KPI_BOUNCE_RATE(
                [[1.0], [3.0], [1.0], [2.0]], "ga4", [[30.0], [5.0], [4.0], [0.0]]
            ),
            0.25,
            id="bounce-ga4",
        ),
        pytest.param(
            lambda: udfs.KPI_DEVICE_SHARE([["mobile"], ["desktop"], ["mobile"], ["tablet"]]),
            0.5,
            id="device-mobile",
        ),
        pytest.param(
            lambda: udfs.KPI_DEVICE_SHARE([["mobile"], ["desktop"]], "desktop"), 0.5, id="device"
        ),
        pytest.param(lambda: udfs.KPI_CLV(100.0, 4.0, 3.0), 1200.0, id="clv"),
        pytest.param(lambda: udfs.KPI_CLV_MARGIN(100.0, 0.05), 2000.0, id="clv-margin"),
        pytest.param(lambda: udfs.KPI_CLV_MARGIN(100.0, 0.05, 0.8), 1600.0, id="clv-margin-gm"),
        pytest.param(lambda: udfs.KPI_CLV_MARGIN(100.0, 0.0), DIV0, id="clv-margin-no-churn"),
        pytest.param(
            lambda: udfs.KPI_CLV_DISCOUNTED(100.0, 0.8, 0.1, 2.0),
            pytest.approx(100 / 1.1 + 100 * 0.8 / 1.1**2),
            id="clv-discounted",
        ),
        pytest.param(lambda: udfs.KPI_AOV([[100.0], [None], [50.0]]), 75.0, id="aov"),
        pytest.param(lambda: udfs.KPI_AOV([[None]]), DIV0, id="aov-none"),
        pytest.param(lambda: udfs.KPI_CAC(10000.0, 20.0), 500.0, id="cac"),
        pytest.param(lambda: udfs.KPI_MARKETING_PCT_OF_CAC(3000.0, 1000.0), 0.75, id="mkt-pct"),
        pytest.param(
            lambda: udfs.KPI_MARKETING_ORIGINATED([[True], [False], [True], [True]]),
            0.75,
            id="mkt-originated",
        ),
        pytest.param(
            lambda: udfs.KPI_REFUND_RATE([["paid"], ["refunded"], ["paid"], ["returned"]]),
            0.25,
            id="refund",
        ),
        pytest.param(
            lambda: udfs.KPI_REFUND_RATE([["paid"], ["refunded"]], "value", [[300.0], [100.0]]),
            0.25,
            id="refund-value",
        ),
        pytest.param(
            lambda: udfs.KPI_RETURN_RATE([["paid"], ["returned"], ["paid"], ["paid"]]),
            0.25,
            id="return",
        ),
        pytest.param(
            lambda: udfs.KPI_REPEAT_PURCHASE_RATE([["c1"], ["c2"], ["c1"], ["c3"]]),
            pytest.approx(1 / 3),
            id="repeat-purchase",
        ),
        pytest.param(lambda: udfs.KPI_PROFIT([[100.0], [50.0]], 30.0), 120.0, id="profit"),
        pytest.param(lambda: udfs.KPI_ROI(1500.0, 1000.0), 0.5, id="roi"),
        pytest.param(lambda: udfs.KPI_ROI(1500.0, None), NA, id="roi-blank-cost"),
        pytest.param(lambda: udfs.KPI_ROAS(4000.0, 1000.0), 4.0, id="roas"),
        pytest.param(lambda: udfs.KPI_CPA(1000.0, 40.0), 25.0, id="cpa"),
        pytest.param(lambda: udfs.KPI_CPC(150.0, 300.0), 0.5, id="cpc"),
        pytest.param(lambda: udfs.KPI_CTR(30.0, 1000.0), 0.03, id="ctr"),
        pytest.param(lambda: udfs.KPI_MRR([[100.0], [None], [250.0]]), 350.0, id="mrr"),
        pytest.param(lambda: udfs.KPI_ARR(350.0), 4200.0, id="arr"),
    ],
)
def test_udf_reference_values(call, expected):
    assert call() == expected


def test_single_value_argument_rejects_a_range():
    assert udfs.KPI_CLV([[100.0], [200.0]], 4.0, 3.0) == VALUE
    assert "avg_order_value must be a single value" in udfs.KPI_LAST_ERROR()


def test_udf_names_equal_the_catalogue():
    catalogue = pytest.importorskip("xlkpi.kpi.catalogue")
    expected = {k.udf for k in catalogue.scalar_kpis() if k.udf}
    defined = {name for name in udfs.__all__ if name != "KPI_LAST_ERROR"}
    assert defined == expected


def test_every_udf_documents_itself_and_its_arguments():
    # the metadata each xlwings runtime reads: tests/excel/test_udfs_factory.py
    for name in udfs.__all__:
        doc = inspect.getdoc(getattr(udfs, name))
        assert doc and len(doc) <= 255, name  # Excel's function description limit


def test_importing_the_udfs_needs_no_excel():
    import subprocess
    import sys

    code = "import xlkpi.excel.udfs as u; print(len(u.__all__))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(len(udfs.__all__))


def test_the_excel_guide_lists_every_function_with_its_arguments():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "getting-started-excel.md").read_text(
        encoding="utf-8"
    )
    from xlkpi.kpi.catalogue import package_entries

    own = {k.udf for k in package_entries()} | {"KPI_LAST_ERROR"}  # not the suite's test KPI
    for name in (n for n in udfs.__all__ if n in own):
        parameters = boundary.excel_parameters(getattr(udfs, name)).values()
        shown = [
            p.name if p.default is inspect.Parameter.empty else f"[{p.name}]" for p in parameters
        ]
        assert f"`{name}({', '.join(shown)})`" in guide, name
