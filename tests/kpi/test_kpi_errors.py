"""Bad data raises KpiInputError naming the value, its position and the argument."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import xlkpi
from xlkpi.errors import KpiInputError, OptionError, XlkpiError
from xlkpi.kpi._input import as_typed


def _raises(fn, *args, **kwargs) -> KpiInputError:
    with pytest.raises(KpiInputError) as info:
        fn(*args, **kwargs)
    assert isinstance(info.value, XlkpiError) and isinstance(info.value, ValueError)
    return info.value


@pytest.mark.parametrize(
    ("scores", "value", "position", "where"),
    [
        pytest.param([10, 9, 11], 11, 2, "item 3", id="eleven"),
        pytest.param([10, 7.5], 7.5, 1, "item 2", id="not-whole"),
        pytest.param([10, -1], -1, 1, "item 2", id="negative"),
        pytest.param([[10, 9], [None, 12]], 12, 3, "row 2, column 2", id="2d-position"),
        pytest.param([[10], [None], ["n/a"]], "n/a", 2, "row 3 of the range", id="text-in-column"),
        pytest.param(np.array([1.0, np.nan, 100.0]), 100.0, 2, "item 3", id="ndarray"),
        pytest.param(pd.Series([3, 4, 15]), 15, 2, "item 3", id="series"),
    ],
)
def test_invalid_nps_score_is_named(scores, value, position, where):
    err = _raises(xlkpi.nps, scores)
    assert err.value == value
    assert err.position == position
    assert err.argument == "scores"
    assert where in str(err)
    assert (as_typed(value) if not isinstance(value, str) else repr(value)) in str(err)


def test_invalid_scores_skipped_on_request():
    # 11, 7.5 and "n/a" dropped: [10, 0] -> 0; skipped counted in the breakdown
    assert xlkpi.nps([10, 11, 7.5, "n/a", 0, None], invalid="skip") == 0.0
    assert xlkpi.nps_breakdown([10, 11, 7.5, "n/a", 0, None], invalid="skip").skipped == 3


def test_logical_values_are_not_numbers():
    err = _raises(xlkpi.nps, [10, True])
    assert "TRUE" in str(err) and err.position == 1
    _raises(xlkpi.cac, [100, False], 2)
    _raises(xlkpi.aov, np.array([True, False]))
    _raises(xlkpi.mrr, pd.Series([True]))


def test_number_stored_as_text_is_named():
    err = _raises(xlkpi.cac, [[100.0], ["250"]], 4)
    assert err.value == "250" and err.argument == "sales_marketing_cost"
    assert "stored as text" in str(err)


def test_negative_cost_and_counts():
    err = _raises(xlkpi.cac, [100, -5], 3)
    assert err.value == -5 and err.position == 1
    _raises(xlkpi.cpc, -1, 10)
    _raises(xlkpi.conversion_rate, 5, -100)
    _raises(xlkpi.aov, [10, -3])
    _raises(xlkpi.mrr, [10, -3])


def test_impossible_shares():
    err = _raises(xlkpi.churn_rate, 250, 200)
    assert err.argument == "customers_lost" and "200" in str(err)
    _raises(xlkpi.churn_rate, 300, 200, denominator="start_plus_new", new_customers=50)
    _raises(xlkpi.lead_to_close_rate, 30, 20)
    _raises(xlkpi.qualified_lead_rate, 30, 20)
    _raises(xlkpi.rate_interval, 11, 10)
    _raises(xlkpi.repeat_visits, 10, 11)
    _raises(xlkpi.net_revenue_retention, 100, 0, 60, 50)


def test_churn_average_above_one_is_allowed():
    # lost 90 of (100 + 50) / 2 = 75 -> 1.2 (many customers came and went)
    assert xlkpi.churn_rate(90, 100, denominator="average", customers_at_end=50) == 1.2


@pytest.mark.parametrize(
    ("fn", "kwargs"),
    [
        (lambda **k: xlkpi.churn_rate(1, 10, **k), {"denominator": "end"}),
        (lambda **k: xlkpi.bounce_rate([1], **k), {"definition": "ga5"}),
        (lambda **k: xlkpi.nps([1], **k), {"invalid": "ignore"}),
        (lambda **k: xlkpi.refund_rate(["paid"], **k), {"basis": "amount"}),
        (lambda **k: xlkpi.lead_to_close_rate(1, 2, **k), {"basis": "month"}),
    ],
    ids=["churn", "bounce", "nps", "refund", "lead-to-close"],
)
def test_unknown_option_lists_the_choices(fn, kwargs):
    with pytest.raises(OptionError, match="is not one of"):
        fn(**kwargs)


def test_option_needs_its_input():
    _raises(xlkpi.churn_rate, 1, 10, denominator="average")
    _raises(xlkpi.churn_rate, 1, 10, denominator="start_plus_new")
    _raises(xlkpi.bounce_rate, [1, 2], definition="ga4")
    _raises(xlkpi.refund_rate, ["paid"], basis="value")


def test_misaligned_ranges():
    _raises(xlkpi.bounce_rate, [1, 2], definition="ga4", duration_seconds=[5])
    _raises(xlkpi.refund_rate, ["paid", "refunded"], basis="value", revenues=[1, 2, 3])


@pytest.mark.parametrize(
    ("fn", "args", "argument"),
    [
        (xlkpi.clv_margin, (500, 5), "churn_rate"),  # 5 % typed as 5
        (xlkpi.clv_margin, (500, 0.05, 1.5), "gross_margin"),
        (xlkpi.clv_discounted, (1000, 0.8, 0.1, 2.5), "years"),
        (xlkpi.clv_discounted, (1000, 1.8, 0.1, 2), "retention_rate"),
        (xlkpi.clv, ("a", 2, 3), "avg_order_value"),
        (xlkpi.clv, ([1, 2], 2, 3), "avg_order_value"),
        (xlkpi.nps_margin_of_error, ([10], 95), "confidence"),
        (xlkpi.rate_interval, (1, 10, 1.0), "confidence"),
    ],
)
def test_scalar_parameters_are_checked(fn, args, argument):
    assert _raises(fn, *args).argument == argument


def test_flags_reject_unknown_words():
    err = _raises(xlkpi.marketing_originated_pct, ["yes", "maybe"])
    assert err.value == "maybe" and err.position == 1


def test_mrr_movements_names_the_customer():
    err = _raises(xlkpi.mrr_movements, {"a": 10}, {"a": 5, "b": -1})
    assert "'b'" in str(err)
    err = _raises(xlkpi.mrr_movements, {"a": "ten"}, {})
    assert "'a'" in str(err)
    _raises(xlkpi.mrr_movements, [1, 2], {})


def test_bad_input_never_raises_other_errors():
    for bad in (object(), {"a": 1}, "text", b"bytes", np.array(["x"]), [[1, "x"], [3]]):
        with pytest.raises(KpiInputError):
            xlkpi.cac(bad, 1)
