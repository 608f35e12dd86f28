"""The KPI catalogue: the one list of KPIs every other layer reads.

Each :class:`Kpi` names the scalar Python function (``function``, ``None`` for a
KPI that only the report computes), its Excel UDF (``udf``), and for report KPIs
(``in_report=True``) the raw tables and columns it needs (``needs``, canonical names
of the data contract). UDFs, report sections, docs and tests are driven by, or
checked against, this list, so a KPI cannot be half-added.

Units: ``score`` (NPS points −100…+100), ``rate`` (a fraction, 0.25 = 25 %),
``money`` (report currency), ``count``, ``ratio`` (a plain multiple, e.g. ROAS 4.0),
``table`` (several values, spilled in Excel). ``direction`` is +1 when higher is
better, −1 when lower is better, 0 when neither.

``segment`` names the dimension a report KPI is broken down by (one value per
segment; where a total makes sense it is the row with segment ``""``).

>>> by_id("nps").udf
'KPI_NPS'
>>> by_id("churn_rate").options
('denominator',)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xlkpi.errors import XlkpiError
from xlkpi.kpi import customers, marketing, orders, rates, recurring, stats, web
from xlkpi.kpi import net_promoter as nps

__all__ = ["CATALOGUE", "Kpi", "by_id", "report_kpis", "scalar_kpis"]


@dataclass(frozen=True)
class Kpi:
    id: str  # "nps", "churn_rate", "revenue", ...
    title: str  # "Net Promoter Score"
    unit: str  # "score" | "rate" | "money" | "count" | "ratio" | "table"
    direction: int  # +1 higher is better, -1 lower is better, 0 neutral
    definition: str  # one line, as in kpi-catalogue.md
    function: Callable | None = None  # the scalar Python function; None for report-only KPIs
    udf: str | None = None  # Excel UDF name, e.g. "KPI_NPS"
    needs: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ((table, (columns...)), ...)
    in_report: bool = False  # computed per period by the report
    segment: str | None = None  # "device", "source", "channel", "segment"
    options: tuple[str, ...] = ()  # names of definition-option keywords of `function`


UNITS = ("score", "rate", "money", "count", "ratio", "table")

# Report inputs, by table (canonical names of data-contract.md).
_ORD = ("orders", ("order_date", "revenue"))
_ORD_STATUS = ("orders", ("order_date", "status"))
_SES = ("sessions", ("session_date",))
_SES_VIS = ("sessions", ("session_date", "visitor_id"))
_LEADS = ("leads", ("created_date",))
_CUS = ("customers", ("acquired_date",))
_CHURN = ("customers", ("acquired_date", "churned_date"))
_SPEND = ("spend", ("date", "channel", "category", "amount"))
_NPS = ("nps", ("response_date", "score"))
_SUBS = ("subscriptions", ("month", "mrr"))
_SUBS_ID = ("subscriptions", ("month", "customer_id", "mrr"))

# fmt: off
CATALOGUE: tuple[Kpi, ...] = (
    # --- Orders -------------------------------------------------------------------
    Kpi("revenue", "Revenue", "money", +1, "Σ revenue of completed orders",
        needs=(_ORD,), in_report=True),
    Kpi("profit", "Profit", "money", +1, "Σ revenue − Σ cost", orders.profit, "KPI_PROFIT",
        needs=(("orders", ("order_date", "revenue", "cost")),), in_report=True),
    Kpi("orders", "Orders", "count", +1, "number of completed orders",
        needs=(("orders", ("order_date",)),), in_report=True),
    Kpi("aov", "Average order value", "money", +1,
        "revenue of completed orders / number of completed orders", orders.aov, "KPI_AOV",
        needs=(_ORD,), in_report=True),
    Kpi("refund_rate", "Refund rate", "rate", -1, "refunded orders / all orders",
        orders.refund_rate, "KPI_REFUND_RATE", needs=(_ORD_STATUS,), in_report=True,
        options=("basis",)),
    Kpi("return_rate", "Return rate", "rate", -1, "returned orders / all orders",
        orders.return_rate, "KPI_RETURN_RATE", needs=(_ORD_STATUS,), in_report=True,
        options=("basis",)),
    Kpi("repeat_purchase_rate", "Repeat purchase rate", "rate", +1,
        "customers with ≥ 2 orders / customers with ≥ 1 order", orders.repeat_purchase_rate,
        "KPI_REPEAT_PURCHASE_RATE", needs=(("orders", ("order_date", "customer_id")),),
        in_report=True),
    # --- Website --------------------------------------------------------------------
    Kpi("sessions", "Sessions", "count", +1, "number of sessions", needs=(_SES,),
        in_report=True),
    Kpi("unique_visitors", "Unique visitors", "count", +1, "distinct visitor ids",
        needs=(_SES_VIS,), in_report=True),
    Kpi("repeat_visits", "Repeat visits", "count", +1, "sessions − unique visitors",
        web.repeat_visits, "KPI_REPEAT_VISITS", needs=(_SES_VIS,), in_report=True),
    Kpi("returning_visitor_rate", "Returning visitor rate", "rate", +1,
        "visitors with ≥ 2 sessions / visitors", web.returning_visitor_rate,
        "KPI_RETURNING_VISITOR_RATE", needs=(_SES_VIS,), in_report=True),
    Kpi("bounce_rate", "Bounce rate", "rate", -1,
        "sessions with exactly one page view / sessions", web.bounce_rate, "KPI_BOUNCE_RATE",
        needs=(("sessions", ("session_date", "pageviews")),), in_report=True,
        options=("definition",)),
    Kpi("device_share", "Device share", "rate", 0, "sessions on that device / sessions",
        web.device_share, "KPI_DEVICE_SHARE",
        needs=(("sessions", ("session_date", "device")),), in_report=True, segment="device"),
    Kpi("source_share", "Traffic source share", "rate", 0, "sessions by source / sessions",
        needs=(("sessions", ("session_date", "source")),), in_report=True, segment="source"),
    Kpi("conversion_rate", "Conversion rate", "rate", +1, "conversions / visitors",
        rates.conversion_rate, "KPI_CONVERSION_RATE",
        needs=(("sessions", ("session_date", "converted")),), in_report=True),
    Kpi("micro_conversion_rate", "Micro conversion rate", "rate", +1,
        "sessions with a micro conversion / sessions",
        needs=(("sessions", ("session_date", "micro_converted")),), in_report=True),
    Kpi("email_optin_rate", "Email opt-in rate", "rate", +1,
        "email sign-ups / unique visitors", rates.email_optin_rate, "KPI_EMAIL_OPTIN_RATE",
        needs=(("sessions", ("session_date", "visitor_id", "email_optin")),), in_report=True),
    # --- Leads ----------------------------------------------------------------------
    Kpi("leads", "Leads", "count", +1, "leads created in the period", needs=(_LEADS,),
        in_report=True),
    Kpi("mqls", "Marketing-qualified leads", "count", +1, "leads that reached MQL in the period",
        needs=(("leads", ("created_date", "mql_date")),), in_report=True),
    Kpi("sqls", "Sales-qualified leads", "count", +1, "leads that reached SQL in the period",
        needs=(("leads", ("created_date", "sql_date")),), in_report=True),
    Kpi("won", "Leads won", "count", +1, "leads closed-won in the period",
        needs=(("leads", ("created_date", "won_date")),), in_report=True),
    Kpi("lead_to_close_rate", "Lead-to-close rate", "rate", +1, "leads won / leads",
        rates.lead_to_close_rate, "KPI_LEAD_TO_CLOSE",
        needs=(("leads", ("created_date", "won_date")),), in_report=True, options=("basis",)),
    Kpi("qualified_lead_rate", "Qualified lead rate", "rate", +1, "MQLs (or SQLs) / leads",
        rates.qualified_lead_rate, "KPI_QUALIFIED_LEAD_RATE",
        needs=(("leads", ("created_date", "mql_date")),), in_report=True),
    # --- Acquisition ----------------------------------------------------------------
    Kpi("new_customers", "New customers", "count", +1, "customers acquired in the period",
        needs=(_CUS,), in_report=True),
    Kpi("cac", "Customer acquisition cost", "money", -1,
        "(sales + marketing cost) / new customers", marketing.cac, "KPI_CAC",
        needs=(_SPEND, _CUS), in_report=True, segment="channel"),
    Kpi("marketing_pct_of_cac", "Marketing % of CAC", "rate", 0,
        "marketing cost / (marketing + sales cost)", marketing.marketing_pct_of_cac,
        "KPI_MARKETING_PCT_OF_CAC", needs=(_SPEND,), in_report=True),
    Kpi("marketing_originated_pct", "Marketing-originated customers", "rate", +1,
        "new customers whose first touch was marketing / new customers",
        marketing.marketing_originated_pct, "KPI_MARKETING_ORIGINATED",
        needs=(("customers", ("acquired_date", "marketing_originated")),), in_report=True),
    Kpi("cpc", "Cost per click", "money", -1, "cost / clicks", marketing.cpc, "KPI_CPC",
        needs=(("spend", ("date", "channel", "amount", "clicks")),), in_report=True,
        segment="channel"),
    Kpi("ctr", "Click-through rate", "rate", +1, "clicks / impressions", rates.ctr, "KPI_CTR",
        needs=(("spend", ("date", "channel", "clicks", "impressions")),), in_report=True,
        segment="channel"),
    Kpi("cpa", "Cost per acquisition", "money", -1, "cost / acquisitions (leads or customers)",
        marketing.cpa, "KPI_CPA",
        needs=(("spend", ("date", "channel", "amount")),
               ("customers", ("acquired_date", "acquisition_channel"))),
        in_report=True, segment="channel"),
    Kpi("roas", "Return on ad spend", "ratio", +1, "revenue / ad spend", marketing.roas,
        "KPI_ROAS",
        needs=(("spend", ("date", "channel", "amount")),
               ("orders", ("order_date", "revenue", "channel"))),
        in_report=True, segment="channel"),
    Kpi("roi", "Return on investment", "rate", +1, "(gain − cost) / cost", marketing.roi,
        "KPI_ROI", needs=(("spend", ("date", "amount")), _ORD), in_report=True),
    # --- Customers ------------------------------------------------------------------
    Kpi("churn_rate", "Customer churn rate", "rate", -1,
        "customers lost during the period / customers at its start", customers.churn_rate,
        "KPI_CHURN", needs=(_CHURN,), in_report=True, options=("denominator",)),
    Kpi("retention_rate", "Customer retention rate", "rate", +1, "1 − churn rate",
        customers.retention_rate, "KPI_RETENTION", needs=(_CHURN,), in_report=True,
        options=("denominator",)),
    Kpi("clv", "Customer lifetime value", "money", +1,
        "AOV × purchase frequency per year × expected years", customers.clv, "KPI_CLV",
        needs=(("orders", ("order_date", "customer_id", "revenue")),), in_report=True),
    Kpi("clv_margin", "Customer lifetime value (margin / churn)", "money", +1,
        "ARPA × gross margin / churn rate", customers.clv_margin, "KPI_CLV_MARGIN"),
    Kpi("clv_discounted", "Customer lifetime value (discounted)", "money", +1,
        "Σ_{t=1..years} margin × retention^(t−1) / (1 + discount)^t",
        customers.clv_discounted, "KPI_CLV_DISCOUNTED"),
    # --- NPS ------------------------------------------------------------------------
    Kpi("nps", "Net Promoter Score", "score", +1,
        "100 × (promoters − detractors) / responses; promoter 9–10, passive 7–8, "
        "detractor 0–6; blanks skipped", nps.nps, "KPI_NPS", needs=(_NPS,), in_report=True,
        segment="segment", options=("invalid",)),
    Kpi("nps_breakdown", "NPS breakdown", "table", 0,
        "count and share of promoters, passives, detractors, responses, NPS",
        nps.nps_breakdown, "KPI_NPS_BREAKDOWN", options=("invalid",)),
    Kpi("promoters_share", "Promoters", "rate", +1, "promoters (9–10) / responses",
        needs=(_NPS,), in_report=True),
    Kpi("passives_share", "Passives", "rate", 0, "passives (7–8) / responses",
        needs=(_NPS,), in_report=True),
    Kpi("detractors_share", "Detractors", "rate", -1, "detractors (0–6) / responses",
        needs=(_NPS,), in_report=True),
    Kpi("nps_responses", "NPS responses", "count", +1, "non-blank survey scores",
        needs=(_NPS,), in_report=True),
    Kpi("nps_margin", "NPS margin of error", "score", -1,
        "z × 100 × sqrt((p + d − (p − d)²) / n)", nps.nps_margin_of_error, "KPI_NPS_MOE",
        needs=(_NPS,), in_report=True, options=("invalid",)),
    Kpi("nps_change_test", "NPS change test", "table", 0,
        "difference NPS(B) − NPS(A), z statistic and two-sided p-value",
        nps.nps_change_test, "KPI_NPS_CHANGE_TEST", options=("invalid",)),
    Kpi("rate_interval", "Rate confidence interval (Wilson)", "table", 0,
        "Wilson score interval (low, high) of successes / trials", stats.rate_interval,
        "KPI_RATE_INTERVAL"),
    # --- Recurring revenue ----------------------------------------------------------
    Kpi("mrr", "Monthly recurring revenue", "money", +1,
        "Σ monthly recurring revenue of active subscriptions in the month", recurring.mrr,
        "KPI_MRR", needs=(_SUBS,), in_report=True),
    Kpi("arr", "Annual recurring revenue", "money", +1, "12 × MRR", recurring.arr, "KPI_ARR",
        needs=(_SUBS,), in_report=True),
    Kpi("mrr_new", "New MRR", "money", +1, "MRR of customers with none before",
        needs=(_SUBS_ID,), in_report=True),
    Kpi("mrr_expansion", "Expansion MRR", "money", +1, "MRR increases of existing customers",
        needs=(_SUBS_ID,), in_report=True),
    Kpi("mrr_contraction", "Contraction MRR", "money", -1,
        "MRR decreases of existing customers", needs=(_SUBS_ID,), in_report=True),
    Kpi("mrr_churned", "Churned MRR", "money", -1, "MRR of customers who left",
        needs=(_SUBS_ID,), in_report=True),
    Kpi("mrr_reactivation", "Reactivation MRR", "money", +1,
        "MRR of returning customers who had MRR before", needs=(_SUBS_ID,), in_report=True),
    Kpi("revenue_churn_rate", "Revenue churn rate", "rate", -1,
        "(churned + contraction MRR) / opening MRR", needs=(_SUBS_ID,), in_report=True),
    Kpi("nrr", "Net revenue retention", "rate", +1,
        "(opening + expansion − contraction − churned MRR) / opening MRR",
        needs=(_SUBS_ID,), in_report=True),
    Kpi("quick_ratio", "SaaS quick ratio", "ratio", +1,
        "(new + expansion MRR) / (contraction + churned MRR)", needs=(_SUBS_ID,),
        in_report=True),
)
# fmt: on

_BY_ID = {k.id: k for k in CATALOGUE}


def by_id(kpi_id: str) -> Kpi:
    """The catalogue entry of ``kpi_id``; raises ``XlkpiError`` listing the known ids.

    >>> by_id("cac").title
    'Customer acquisition cost'
    """
    try:
        return _BY_ID[kpi_id]
    except (KeyError, TypeError):
        raise XlkpiError(
            f"unknown KPI id {kpi_id!r}; known ids: {', '.join(sorted(_BY_ID))}"
        ) from None


def scalar_kpis() -> tuple[Kpi, ...]:
    """Catalogue entries with a scalar Python function (each has an Excel UDF)."""
    return tuple(k for k in CATALOGUE if k.function is not None)


def report_kpis() -> tuple[Kpi, ...]:
    """Catalogue entries the report computes per period."""
    return tuple(k for k in CATALOGUE if k.in_report)
