"""Catalogue entries: revenue and orders, the website, leads and the funnel, acquisition.

One :class:`~xlkpi.kpi.kpi_spec.Kpi` per KPI; :mod:`xlkpi.kpi.catalogue` assembles them.
"""

from __future__ import annotations

from xlkpi.kpi import marketing, orders, rates, web
from xlkpi.kpi.kpi_spec import Arg, Kpi, choice, grouped, maybe, one, rng, total
from xlkpi.kpi.options import LEAD_TO_CLOSE_BASIS, REFUND_BASIS, argument_doc

# Report inputs, by table (canonical names of data-contract.md).
_ORD = ("orders", ("order_date", "revenue"))
_STATUS = (("orders", ("status",)),)  # without it every order counts as completed
_SES = ("sessions", ("session_date",))
_SES_VIS = ("sessions", ("session_date", "visitor_id"))
_LEADS = ("leads", ("created_date",))
_CUS = ("customers", ("acquired_date",))
_SPEND = ("spend", ("date", "channel", "category", "amount"))

# UDF argument docs shared by several entries.
_STATUSES = "Status of each order: paid (or blank), refunded, returned, cancelled."
_REVENUES = 'Revenue of each order, aligned with statuses (needed by basis "value").'
# The refund and return rates read and take the same (they count another status).
_STATUS_RATE = dict(
    needs=(("orders", ("order_date", "status")),), in_report=True,
    args=(rng("statuses", "status", _STATUSES), choice("basis"),
          maybe("revenues", "money", _REVENUES)),
    properties=("fraction", "order_free", "shape_free"),
    trials="orders_placed",  # under basis "value": a money share, no trial count
    trials_when=((REFUND_BASIS.setting, REFUND_BASIS.VALUE, ""),),
)  # fmt: skip

# fmt: off
ORDERS = grouped(
    "Revenue & orders",
    Kpi("revenue", "Revenue", "money", +1, "Σ revenue of completed orders",
        needs=(_ORD,), in_report=True, optional=_STATUS),
    Kpi("profit", "Profit", "money", +1, "Σ revenue − Σ cost", orders.profit, "KPI_PROFIT",
        needs=(("orders", ("order_date", "revenue", "cost")),), in_report=True,
        optional=_STATUS,
        args=(total("revenue", "money", "Revenue"), total("cost", "money", "Cost")),
        properties=("scale_linear",),
        sample=(([500, 300], [[200], [100]]), {}, 500.0),
    ),
    Kpi("orders", "Orders", "count", +1, "number of completed orders",
        needs=(("orders", ("order_date",)),), in_report=True, optional=_STATUS),
    Kpi("aov", "Average order value", "money", +1,
        "revenue of completed orders / number of completed orders", orders.aov, "KPI_AOV",
        needs=(_ORD,), in_report=True, optional=_STATUS,
        args=(rng("revenues", "money", "Revenue of each completed order (a range)."),),
        properties=("non_negative", "scale_linear", "order_free", "shape_free"),
        sample=(([50, 150, None, 100],), {}, 100.0),
    ),
    Kpi("refund_rate", "Refund rate", "rate", -1, "refunded orders / all orders",
        orders.refund_rate, "KPI_REFUND_RATE", **_STATUS_RATE,
        sample=((["paid", "refunded", None, "paid", "cancelled"],), {}, 0.25),
    ),
    Kpi("return_rate", "Return rate", "rate", -1, "returned orders / all orders",
        orders.return_rate, "KPI_RETURN_RATE", **_STATUS_RATE,
        sample=((["returned", "paid", "paid", "paid"],), {}, 0.25),
    ),
    min_n=30,  # orders behind a refund or return rate
)

WEBSITE = grouped(
    "Website",
    Kpi("sessions", "Sessions", "count", +1, "number of sessions", needs=(_SES,),
        in_report=True),
    Kpi("unique_visitors", "Unique visitors", "count", +1, "distinct visitor ids",
        needs=(_SES_VIS,), in_report=True),
    Kpi("repeat_visits", "Repeat visits", "count", +1, "sessions − unique visitors",
        web.repeat_visits, "KPI_REPEAT_VISITS", needs=(_SES_VIS,), in_report=True,
        args=(
            total("sessions", "whole", "Sessions (visits)"),
            total("unique_visitors", "part", "Unique visitors"),
        ),
        properties=("non_negative",),
        sample=((50, [20, 10]), {}, 20.0),
    ),
    Kpi("returning_visitor_rate", "Returning visitor rate", "rate", +1,
        "visitors with a session in an earlier period or ≥ 2 in it / unique visitors",
        web.returning_visitor_rate, "KPI_RETURNING_VISITOR_RATE", needs=(_SES_VIS,),
        in_report=True, trials="unique_visitors",
        args=(rng("visitor_ids", "id", "The visitor id of every session (one row per session)."),),
        properties=("fraction", "order_free", "shape_free"),
        udf_doc="Returning visitor rate, a fraction: visitors with 2+ sessions among these ids "
                "/ visitors.",
        sample=((["a", "b", "a", None, "c"],), {}, 1 / 3),
    ),
    Kpi("bounce_rate", "Bounce rate", "rate", -1,
        "sessions with exactly one page view / sessions", web.bounce_rate, "KPI_BOUNCE_RATE",
        needs=(("sessions", ("session_date", "pageviews")),), in_report=True, trials="sessions",
        optional=(("sessions", ("converted",)),),
        args=(
            rng("pageviews", "pageviews", "Page views of every session (one row per session)."),
            choice("definition"),
            maybe("duration_seconds", "seconds", 'Session lengths in seconds (needed by "ga4").'),
            maybe("converted", "flag", 'Optional for "ga4": TRUE where the session converted.'),
            one("engaged_seconds", "seconds", argument_doc("bounce_rate.engaged_seconds")),
        ),
        properties=("fraction", "order_free", "shape_free"),
        # 2 of 4 sessions
        sample=(([1, 1, 2, None, 5],), {}, 0.5),
    ),
    Kpi("device_share", "Device share", "rate", 0, "sessions on that device / sessions",
        web.device_share, "KPI_DEVICE_SHARE",
        needs=(("sessions", ("session_date", "device")),), in_report=True, segment="device",
        trials="sessions",
        args=(
            rng("devices", "device", "The device of every session: desktop, mobile, tablet."),
            Arg("device", "option", "device", 'Optional: the device to count, default "mobile".'),
        ),
        properties=("fraction", "order_free", "shape_free"),
        sample=((["mobile", "desktop", "desktop", "tablet"],), {}, 0.25),
    ),
    Kpi("source_share", "Traffic source share", "rate", 0, "sessions by source / sessions",
        needs=(("sessions", ("session_date", "source")),), in_report=True, segment="source",
        trials="sessions"),
    Kpi("conversion_rate", "Conversion rate", "rate", +1, "conversions / visitors",
        rates.conversion_rate, "KPI_CONVERSION_RATE",
        needs=(("sessions", ("session_date", "converted")),), in_report=True,
        trials="sessions",  # the report divides converted sessions by sessions
        args=(
            total("conversions", "part", "Conversions"),
            total("visitors", "whole", "Visitors or sessions"),
        ),
        properties=("fraction", "scale_free"),
        # 5 / 250
        sample=(([2, None, 3], [[100], [150]]), {}, 0.02),
    ),
    Kpi("micro_conversion_rate", "Micro conversion rate", "rate", +1,
        "sessions with a micro conversion / sessions",
        needs=(("sessions", ("session_date", "micro_converted")),), in_report=True,
        trials="sessions"),
    Kpi("email_optin_rate", "Email opt-in rate", "rate", +1,
        "email sign-ups / unique visitors", rates.email_optin_rate, "KPI_EMAIL_OPTIN_RATE",
        needs=(("sessions", ("session_date", "visitor_id", "email_optin")),), in_report=True,
        trials="unique_visitors",
        args=(
            total("optins", "part", "Email sign-ups"),
            total("visitors", "whole", "Unique visitors"),
        ),
        properties=("fraction", "scale_free"),
        sample=((12, 400), {}, 0.03),
    ),
    min_n=100,  # sessions or visitors behind a web rate
)

LEADS = grouped(
    "Leads & funnel",
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
        needs=(("leads", ("created_date", "won_date")),), in_report=True,
        trials="leads",  # under basis "period" won can exceed leads: no trial count
        trials_when=((LEAD_TO_CLOSE_BASIS.setting, LEAD_TO_CLOSE_BASIS.PERIOD, ""),),
        args=(
            total("won", "part", "Leads won, i.e. that became customers"),
            total("leads", "whole", "Leads"),
            choice("basis"),
        ),
        properties=("fraction", "scale_free"),
        sample=((6, 40), {}, 0.15),
    ),
    Kpi("qualified_lead_rate", "Qualified lead rate", "rate", +1, "MQLs (or SQLs) / leads",
        rates.qualified_lead_rate, "KPI_QUALIFIED_LEAD_RATE",
        needs=(("leads", ("created_date", "mql_date")),), in_report=True, trials="leads",
        args=(
            total("qualified", "part", "Qualified leads (MQLs or SQLs)"),
            total("leads", "whole", "Leads"),
        ),
        properties=("fraction", "scale_free"),
        sample=((30, 120), {}, 0.25),
    ),
    min_n=30,  # leads behind a funnel rate
)

ACQUISITION = grouped(
    "Acquisition",
    Kpi("new_customers", "New customers", "count", +1, "customers acquired in the period",
        needs=(_CUS,), in_report=True),
    Kpi("cac", "Customer acquisition cost", "money", -1,
        "(sales + marketing cost) / new customers", marketing.cac, "KPI_CAC",
        needs=(_SPEND, _CUS), in_report=True, segment="channel",
        optional=(("customers", ("acquisition_channel",)),),
        args=(
            total("sales_marketing_cost", "money", "Sales plus marketing cost"),
            total("new_customers", "count", "New customers acquired"),
        ),
        properties=("non_negative", "scale_linear"),
        sample=(([600, 400], 8), {}, 125.0),
    ),
    Kpi("marketing_pct_of_cac", "Marketing % of CAC", "rate", 0,
        "marketing cost / (marketing + sales cost)", marketing.marketing_pct_of_cac,
        "KPI_MARKETING_PCT_OF_CAC", needs=(("spend", ("date", "category", "amount")),),
        in_report=True,
        args=(
            total("marketing_cost", "money", "Marketing cost"),
            total("sales_cost", "money", "Sales cost"),
        ),
        properties=("fraction", "scale_free"),
        sample=((750, 250), {}, 0.75),
        # a share of money amounts: no trial count
        trials="",
    ),
    Kpi("marketing_originated_pct", "Marketing-originated customers", "rate", +1,
        "new customers whose first touch was marketing / new customers",
        marketing.marketing_originated_pct, "KPI_MARKETING_ORIGINATED",
        needs=(("customers", ("acquired_date", "marketing_originated")),), in_report=True,
        trials="new_customers",
        args=(rng("flags", "flag", "Per new customer: first touch was marketing (TRUE/FALSE)."),),
        properties=("fraction", "order_free", "shape_free"),
        sample=(([True, "no", None, 1, "y"],), {}, 0.75),
    ),
    Kpi("cpc", "Cost per click", "money", -1, "cost / clicks", marketing.cpc, "KPI_CPC",
        needs=(("spend", ("date", "channel", "category", "amount", "clicks")),),
        in_report=True, segment="channel",
        args=(total("cost", "money", "Ad cost"), total("clicks", "count", "Clicks")),
        properties=("non_negative", "scale_linear"),
        sample=((90, 60), {}, 1.5),
    ),
    Kpi("ctr", "Click-through rate", "rate", +1, "clicks / impressions", rates.ctr, "KPI_CTR",
        needs=(("spend", ("date", "channel", "clicks", "impressions")),), in_report=True,
        segment="channel", trials="impressions",
        args=(total("clicks", "part", "Clicks"), total("impressions", "whole", "Impressions")),
        properties=("fraction", "scale_free"),
        sample=((60, 2000), {}, 0.03),
    ),
    Kpi("cpa", "Cost per acquisition", "money", -1, "cost / acquisitions (leads or customers)",
        marketing.cpa, "KPI_CPA",
        needs=(_SPEND, ("customers", ("acquired_date", "acquisition_channel"))),
        in_report=True, segment="channel",
        args=(
            total("cost", "money", "Cost"),
            total("acquisitions", "count", "Acquisitions: leads or customers"),
        ),
        properties=("non_negative", "scale_linear"),
        sample=((900, 30), {}, 30.0),
    ),
    Kpi("roas", "Return on ad spend", "ratio", +1, "revenue / ad spend", marketing.roas,
        "KPI_ROAS", needs=(_SPEND, ("orders", ("order_date", "revenue", "channel"))),
        in_report=True, segment="channel", optional=_STATUS,
        args=(
            total("revenue", "money", "Revenue from the ads"),
            total("ad_spend", "money", "Ad spend"),
        ),
        properties=("non_negative", "scale_free"),
        sample=((2400, 800), {}, 3.0),
    ),
    Kpi("roi", "Return on investment", "rate", +1, "(gain − cost) / cost", marketing.roi,
        "KPI_ROI", needs=(("spend", ("date", "category", "amount")), _ORD), in_report=True,
        optional=(("orders", ("cost", "status")),),
        args=(
            total("gain", "money", "Gain from the investment, e.g. revenue or profit"),
            total("cost", "money", "Cost of the investment"),
        ),
        properties=("scale_free",),
        sample=((1200, 800), {}, 0.5),
        # a share of money amounts: no trial count
        trials="",
    ),
    min_n=30,  # new customers or impressions behind a rate
)
# fmt: on

ENTRIES = (*ORDERS, *WEBSITE, *LEADS, *ACQUISITION)
