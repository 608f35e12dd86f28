"""KPI_* UDFs for customers: NPS and its statistics, churn, retention, orders, value, MRR.

Each UDF converts Excel input (:mod:`xlkpi.excel.boundary`), calls the KPI function of
:mod:`xlkpi.kpi` and returns its result; it does no arithmetic of its own. Registered
with Excel through :mod:`xlkpi.excel.udfs`.
"""

from typing import Any

import xlwings as xw

from xlkpi import kpi as _kpi
from xlkpi.excel.boundary import (
    excel_udf,
    number,
    option,
    optional_values,
    options,
    values,
)

CATEGORY = "xlkpi"
RANGE = {"ndim": 2, "err_to_str": True}  # every argument: a 2-D list, error cells as text
TABLE = {"transpose": False}  # results are written row by row, as returned

_SCORES = "Survey answers 0-10 (a range; blanks are skipped)."
_INVALID = 'Optional: "error" (default) or "skip" for scores outside 0-10.'
_LOST = "Customers lost during the period (a number or a range that is summed)."
_START = "Customers at the start of the period (a number or a range that is summed)."
_DENOMINATOR = 'Optional: "start" (default), "average" or "start_plus_new".'
_END = 'Customers at the period end (needed by denominator "average").'
_NEW = 'New customers of the period (needed by denominator "start_plus_new").'
_STATUSES = "Status of each order: paid (or blank), refunded, returned, cancelled."
_BASIS = 'Optional: "count" (default) or "value" (weighs orders by revenue).'
_REVENUES = 'Revenue of each order, aligned with statuses (needed by basis "value").'


@xw.func(category=CATEGORY)
@xw.arg("scores", **RANGE, doc=_SCORES)
@xw.arg("invalid", **RANGE, doc=_INVALID)
@xw.ret(**TABLE)
@excel_udf
def KPI_NPS(scores, invalid=None):
    """Net Promoter Score, points -100..100: 100 x (promoters 9-10 - detractors 0-6) / answers."""
    chosen = options(invalid=option(invalid, "invalid"))
    return _kpi.nps(values(scores, "scores"), **chosen)


@xw.func(category=CATEGORY)
@xw.arg("scores", **RANGE, doc=_SCORES)
@xw.arg("invalid", **RANGE, doc=_INVALID)
@xw.ret(**TABLE)
@excel_udf
def KPI_NPS_BREAKDOWN(scores, invalid=None):
    """Spills the NPS table: count and share of promoters, passives, detractors, responses, NPS."""
    chosen = options(invalid=option(invalid, "invalid"))
    return _kpi.nps_breakdown(values(scores, "scores"), **chosen)


@xw.func(category=CATEGORY)
@xw.arg("scores", **RANGE, doc=_SCORES)
@xw.arg("confidence", **RANGE, doc="Optional: confidence level, default 0.95.")
@xw.arg("invalid", **RANGE, doc=_INVALID)
@xw.ret(**TABLE)
@excel_udf
def KPI_NPS_MOE(scores, confidence=None, invalid=None):
    """Margin of error of the NPS in points: z x 100 x sqrt((p + d - (p - d)^2) / n)."""
    level = number(confidence, "confidence", default=0.95)
    chosen = options(invalid=option(invalid, "invalid"))
    return _kpi.nps_margin_of_error(values(scores, "scores"), level, **chosen)


@xw.func(category=CATEGORY)
@xw.arg("scores_a", **RANGE, doc="Answers 0-10 of the first period or segment (A).")
@xw.arg("scores_b", **RANGE, doc="Answers 0-10 of the second period or segment (B).")
@xw.arg("invalid", **RANGE, doc=_INVALID)
@xw.ret(**TABLE)
@excel_udf
def KPI_NPS_CHANGE_TEST(scores_a, scores_b, invalid=None):
    """Spills NPS(B) - NPS(A) in points, the z statistic and the two-sided p-value."""
    chosen = options(invalid=option(invalid, "invalid"))
    return _kpi.nps_change_test(
        values(scores_a, "scores_a"), values(scores_b, "scores_b"), **chosen
    )


@xw.func(category=CATEGORY)
@xw.arg("successes", **RANGE, doc="Successes, e.g. conversions (a number or a range summed).")
@xw.arg("trials", **RANGE, doc="Trials, e.g. visitors (a number or a range summed).")
@xw.arg("confidence", **RANGE, doc="Optional: confidence level, default 0.95.")
@xw.ret(**TABLE)
@excel_udf
def KPI_RATE_INTERVAL(successes, trials, confidence=None):
    """Spills the Wilson confidence interval (low, high) of successes / trials, as fractions."""
    level = number(confidence, "confidence", default=0.95)
    return _kpi.rate_interval(
        values(successes, "successes", required=True),
        values(trials, "trials", required=True),
        level,
    )


def _churn_inputs(
    customers_lost, customers_at_start, denominator, customers_at_end, new_customers
) -> tuple[Any, Any, dict[str, Any]]:
    """KPI_CHURN's and KPI_RETENTION's Excel arguments, cleaned for the KPI function."""
    chosen = options(
        denominator=option(denominator, "denominator"),
        customers_at_end=optional_values(customers_at_end, "customers_at_end"),
        new_customers=optional_values(new_customers, "new_customers"),
    )
    lost = values(customers_lost, "customers_lost", required=True)
    return lost, values(customers_at_start, "customers_at_start", required=True), chosen


@xw.func(category=CATEGORY)
@xw.arg("customers_lost", **RANGE, doc=_LOST)
@xw.arg("customers_at_start", **RANGE, doc=_START)
@xw.arg("denominator", **RANGE, doc=_DENOMINATOR)
@xw.arg("customers_at_end", **RANGE, doc=_END)
@xw.arg("new_customers", **RANGE, doc=_NEW)
@xw.ret(**TABLE)
@excel_udf
def KPI_CHURN(
    customers_lost,
    customers_at_start,
    denominator=None,
    customers_at_end=None,
    new_customers=None,
):
    """Customer churn rate, a fraction: customers lost in the period / customers at its start."""
    lost, at_start, chosen = _churn_inputs(**locals())
    return _kpi.churn_rate(lost, at_start, **chosen)


@xw.func(category=CATEGORY)
@xw.arg("customers_lost", **RANGE, doc=_LOST)
@xw.arg("customers_at_start", **RANGE, doc=_START)
@xw.arg("denominator", **RANGE, doc=_DENOMINATOR)
@xw.arg("customers_at_end", **RANGE, doc=_END)
@xw.arg("new_customers", **RANGE, doc=_NEW)
@xw.ret(**TABLE)
@excel_udf
def KPI_RETENTION(
    customers_lost,
    customers_at_start,
    denominator=None,
    customers_at_end=None,
    new_customers=None,
):
    """Customer retention rate, a fraction: 1 - churn rate."""
    lost, at_start, chosen = _churn_inputs(**locals())
    return _kpi.retention_rate(lost, at_start, **chosen)


@xw.func(category=CATEGORY)
@xw.arg("statuses", **RANGE, doc=_STATUSES)
@xw.arg("basis", **RANGE, doc=_BASIS)
@xw.arg("revenues", **RANGE, doc=_REVENUES)
@xw.ret(**TABLE)
@excel_udf
def KPI_REFUND_RATE(statuses, basis=None, revenues=None):
    """Refund rate, a fraction: refunded orders / all orders."""
    chosen = options(basis=option(basis, "basis"), revenues=optional_values(revenues, "revenues"))
    return _kpi.refund_rate(values(statuses, "statuses"), **chosen)


@xw.func(category=CATEGORY)
@xw.arg("statuses", **RANGE, doc=_STATUSES)
@xw.arg("basis", **RANGE, doc=_BASIS)
@xw.arg("revenues", **RANGE, doc=_REVENUES)
@xw.ret(**TABLE)
@excel_udf
def KPI_RETURN_RATE(statuses, basis=None, revenues=None):
    """Return rate, a fraction: returned orders / all orders."""
    chosen = options(basis=option(basis, "basis"), revenues=optional_values(revenues, "revenues"))
    return _kpi.return_rate(values(statuses, "statuses"), **chosen)


@xw.func(category=CATEGORY)
@xw.arg("customer_ids", **RANGE, doc="The customer id of every order (one row per order).")
@xw.ret(**TABLE)
@excel_udf
def KPI_REPEAT_PURCHASE_RATE(customer_ids):
    """Repeat purchase rate, a fraction: customers with 2+ orders / customers with 1+ order."""
    return _kpi.repeat_purchase_rate(values(customer_ids, "customer_ids"))


@xw.func(category=CATEGORY)
@xw.arg("revenues", **RANGE, doc="Revenue of each completed order (a range).")
@xw.ret(**TABLE)
@excel_udf
def KPI_AOV(revenues):
    """Average order value, money: revenue of completed orders / number of completed orders."""
    return _kpi.aov(values(revenues, "revenues"))


@xw.func(category=CATEGORY)
@xw.arg("avg_order_value", **RANGE, doc="Average order value (money).")
@xw.arg("purchases_per_year", **RANGE, doc="Purchases per customer per year.")
@xw.arg("years", **RANGE, doc="Expected customer relationship, in years.")
@xw.ret(**TABLE)
@excel_udf
def KPI_CLV(avg_order_value, purchases_per_year, years):
    """Customer lifetime value, money: AOV x purchases per year x expected years."""
    return _kpi.clv(
        number(avg_order_value, "avg_order_value"),
        number(purchases_per_year, "purchases_per_year"),
        number(years, "years"),
    )


@xw.func(category=CATEGORY)
@xw.arg("arpa", **RANGE, doc="Average revenue per account per period (money).")
@xw.arg("churn_rate", **RANGE, doc="Churn rate per period, a fraction (0.02 = 2 %).")
@xw.arg("gross_margin", **RANGE, doc="Optional: gross margin, a fraction; default 1.0.")
@xw.ret(**TABLE)
@excel_udf
def KPI_CLV_MARGIN(arpa, churn_rate, gross_margin=None):
    """Customer lifetime value, money: ARPA x gross margin / churn rate (ChartMogul LTV)."""
    return _kpi.clv_margin(
        number(arpa, "arpa"),
        number(churn_rate, "churn_rate"),
        number(gross_margin, "gross_margin", default=1.0),
    )


@xw.func(category=CATEGORY)
@xw.arg("annual_margin", **RANGE, doc="Margin a customer brings per year (money).")
@xw.arg("retention_rate", **RANGE, doc="Yearly retention rate, a fraction (0.8 = 80 %).")
@xw.arg("discount_rate", **RANGE, doc="Yearly discount rate, a fraction (0.1 = 10 %).")
@xw.arg("years", **RANGE, doc="Number of years to sum.")
@xw.ret(**TABLE)
@excel_udf
def KPI_CLV_DISCOUNTED(annual_margin, retention_rate, discount_rate, years):
    """Discounted CLV, money: sum over years t of margin x retention^(t-1) / (1 + discount)^t."""
    return _kpi.clv_discounted(
        number(annual_margin, "annual_margin"),
        number(retention_rate, "retention_rate"),
        number(discount_rate, "discount_rate"),
        number(years, "years"),
    )


@xw.func(category=CATEGORY)
@xw.arg("revenue", **RANGE, doc="Revenue (a number or a range that is summed).")
@xw.arg("cost", **RANGE, doc="Cost (a number or a range that is summed).")
@xw.ret(**TABLE)
@excel_udf
def KPI_PROFIT(revenue, cost):
    """Profit, money: total revenue - total cost."""
    return _kpi.profit(
        values(revenue, "revenue", required=True), values(cost, "cost", required=True)
    )


@xw.func(category=CATEGORY)
@xw.arg("amounts", **RANGE, doc="Monthly recurring revenue of each active subscription.")
@xw.ret(**TABLE)
@excel_udf
def KPI_MRR(amounts):
    """Monthly recurring revenue, money: the sum of the active subscriptions' MRR."""
    return _kpi.mrr(values(amounts, "amounts"))


@xw.func(category=CATEGORY)
@xw.arg("mrr", **RANGE, doc="Monthly recurring revenue (a number or a range that is summed).")
@xw.ret(**TABLE)
@excel_udf
def KPI_ARR(mrr):
    """Annual recurring revenue, money: 12 x MRR."""
    return _kpi.arr(values(mrr, "mrr", required=True))
