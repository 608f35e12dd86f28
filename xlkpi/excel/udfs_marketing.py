"""KPI_* UDFs for marketing and the web: conversion, funnel, visits, acquisition cost, ads.

Each UDF converts Excel input (:mod:`xlkpi.excel.boundary`), calls the KPI function of
:mod:`xlkpi.kpi` and returns its result; it does no arithmetic of its own. Registered
with Excel through :mod:`xlkpi.excel.udfs`.
"""

import xlwings as xw

from xlkpi import kpi as _kpi
from xlkpi.excel.boundary import excel_udf, option, optional_values, options, values
from xlkpi.excel.udfs_customer import CATEGORY, RANGE, TABLE

_SUM = " (a number or a range that is summed)."


def _sum(value, argument):
    return values(value, argument, required=True)


@xw.func(category=CATEGORY)
@xw.arg("conversions", **RANGE, doc="Conversions" + _SUM)
@xw.arg("visitors", **RANGE, doc="Visitors or sessions" + _SUM)
@xw.ret(**TABLE)
@excel_udf
def KPI_CONVERSION_RATE(conversions, visitors):
    """Conversion rate, a fraction: conversions / visitors."""
    return _kpi.conversion_rate(_sum(conversions, "conversions"), _sum(visitors, "visitors"))


@xw.func(category=CATEGORY)
@xw.arg("won", **RANGE, doc="Leads won, i.e. that became customers" + _SUM)
@xw.arg("leads", **RANGE, doc="Leads" + _SUM)
@xw.arg("basis", **RANGE, doc='Optional: "cohort" (default: won of these leads) or "period".')
@xw.ret(**TABLE)
@excel_udf
def KPI_LEAD_TO_CLOSE(won, leads, basis=None):
    """Lead-to-close rate, a fraction: leads won / leads."""
    chosen = options(basis=option(basis, "basis"))
    return _kpi.lead_to_close_rate(_sum(won, "won"), _sum(leads, "leads"), **chosen)


@xw.func(category=CATEGORY)
@xw.arg("qualified", **RANGE, doc="Qualified leads (MQLs or SQLs)" + _SUM)
@xw.arg("leads", **RANGE, doc="Leads" + _SUM)
@xw.ret(**TABLE)
@excel_udf
def KPI_QUALIFIED_LEAD_RATE(qualified, leads):
    """Qualified lead rate, a fraction: MQLs (or SQLs) / leads."""
    return _kpi.qualified_lead_rate(_sum(qualified, "qualified"), _sum(leads, "leads"))


@xw.func(category=CATEGORY)
@xw.arg("sessions", **RANGE, doc="Sessions (visits)" + _SUM)
@xw.arg("unique_visitors", **RANGE, doc="Unique visitors" + _SUM)
@xw.ret(**TABLE)
@excel_udf
def KPI_REPEAT_VISITS(sessions, unique_visitors):
    """Repeat visits, a count: sessions - unique visitors."""
    return _kpi.repeat_visits(_sum(sessions, "sessions"), _sum(unique_visitors, "unique_visitors"))


@xw.func(category=CATEGORY)
@xw.arg("visitor_ids", **RANGE, doc="The visitor id of every session (one row per session).")
@xw.ret(**TABLE)
@excel_udf
def KPI_RETURNING_VISITOR_RATE(visitor_ids):
    """Returning visitor rate, a fraction: visitors with 2+ sessions / visitors."""
    return _kpi.returning_visitor_rate(values(visitor_ids, "visitor_ids"))


@xw.func(category=CATEGORY)
@xw.arg("optins", **RANGE, doc="Email sign-ups" + _SUM)
@xw.arg("visitors", **RANGE, doc="Unique visitors" + _SUM)
@xw.ret(**TABLE)
@excel_udf
def KPI_EMAIL_OPTIN_RATE(optins, visitors):
    """Email opt-in rate, a fraction: email sign-ups / unique visitors."""
    return _kpi.email_optin_rate(_sum(optins, "optins"), _sum(visitors, "visitors"))


@xw.func(category=CATEGORY)
@xw.arg("pageviews", **RANGE, doc="Page views of every session (one row per session).")
@xw.arg("definition", **RANGE, doc='Optional: "single_page" (default) or "ga4".')
@xw.arg("duration_seconds", **RANGE, doc='Session lengths in seconds (needed by "ga4").')
@xw.arg("converted", **RANGE, doc='Optional for "ga4": TRUE where the session converted.')
@xw.ret(**TABLE)
@excel_udf
def KPI_BOUNCE_RATE(pageviews, definition=None, duration_seconds=None, converted=None):
    """Bounce rate, a fraction: sessions with exactly one page view / sessions."""
    chosen = options(
        definition=option(definition, "definition"),
        duration_seconds=optional_values(duration_seconds, "duration_seconds"),
        converted=optional_values(converted, "converted"),
    )
    return _kpi.bounce_rate(values(pageviews, "pageviews"), **chosen)


@xw.func(category=CATEGORY)
@xw.arg("devices", **RANGE, doc="The device of every session: desktop, mobile, tablet.")
@xw.arg("device", **RANGE, doc='Optional: the device to count, default "mobile".')
@xw.ret(**TABLE)
@excel_udf
def KPI_DEVICE_SHARE(devices, device=None):
    """Device share, a fraction: sessions on that device / sessions."""
    chosen = options(device=option(device, "device"))
    return _kpi.device_share(values(devices, "devices"), **chosen)


@xw.func(category=CATEGORY)
@xw.arg("sales_marketing_cost", **RANGE, doc="Sales plus marketing cost" + _SUM)
@xw.arg("new_customers", **RANGE, doc="New customers acquired" + _SUM)
@xw.ret(**TABLE)
@excel_udf
def KPI_CAC(sales_marketing_cost, new_customers):
    """Customer acquisition cost, money: (sales + marketing cost) / new customers."""
    return _kpi.cac(
        _sum(sales_marketing_cost, "sales_marketing_cost"), _sum(new_customers, "new_customers")
    )


@xw.func(category=CATEGORY)
@xw.arg("marketing_cost", **RANGE, doc="Marketing cost" + _SUM)
@xw.arg("sales_cost", **RANGE, doc="Sales cost" + _SUM)
@xw.ret(**TABLE)
@excel_udf
def KPI_MARKETING_PCT_OF_CAC(marketing_cost, sales_cost):
    """Marketing share of acquisition cost, a fraction: marketing / (marketing + sales cost)."""
    return _kpi.marketing_pct_of_cac(
        _sum(marketing_cost, "marketing_cost"), _sum(sales_cost, "sales_cost")
    )


@xw.func(category=CATEGORY)
@xw.arg("flags", **RANGE, doc="Per new customer: first touch was marketing (TRUE/FALSE).")
@xw.ret(**TABLE)
@excel_udf
def KPI_MARKETING_ORIGINATED(flags):
    """Marketing-originated customers, a fraction: marketing first touch / new customers."""
    return _kpi.marketing_originated_pct(values(flags, "flags"))


@xw.func(category=CATEGORY)
@xw.arg("gain", **RANGE, doc="Gain from the investment, e.g. revenue or profit" + _SUM)
@xw.arg("cost", **RANGE, doc="Cost of the investment" + _SUM)
@xw.ret(**TABLE)
@excel_udf
def KPI_ROI(gain, cost):
    """Return on investment, a fraction: (gain - cost) / cost."""
    return _kpi.roi(_sum(gain, "gain"), _sum(cost, "cost"))


@xw.func(category=CATEGORY)
@xw.arg("revenue", **RANGE, doc="Revenue from the ads" + _SUM)
@xw.arg("ad_spend", **RANGE, doc="Ad spend" + _SUM)
@xw.ret(**TABLE)
@excel_udf
def KPI_ROAS(revenue, ad_spend):
    """Return on ad spend, a ratio: revenue / ad spend."""
    return _kpi.roas(_sum(revenue, "revenue"), _sum(ad_spend, "ad_spend"))


@xw.func(category=CATEGORY)
@xw.arg("cost", **RANGE, doc="Cost" + _SUM)
@xw.arg("acquisitions", **RANGE, doc="Acquisitions: leads or customers" + _SUM)
@xw.ret(**TABLE)
@excel_udf
def KPI_CPA(cost, acquisitions):
    """Cost per acquisition, money: cost / acquisitions."""
    return _kpi.cpa(_sum(cost, "cost"), _sum(acquisitions, "acquisitions"))


@xw.func(category=CATEGORY)
@xw.arg("cost", **RANGE, doc="Ad cost" + _SUM)
@xw.arg("clicks", **RANGE, doc="Clicks" + _SUM)
@xw.ret(**TABLE)
@excel_udf
def KPI_CPC(cost, clicks):
    """Cost per click, money: cost / clicks."""
    return _kpi.cpc(_sum(cost, "cost"), _sum(clicks, "clicks"))


@xw.func(category=CATEGORY)
@xw.arg("clicks", **RANGE, doc="Clicks" + _SUM)
@xw.arg("impressions", **RANGE, doc="Impressions" + _SUM)
@xw.ret(**TABLE)
@excel_udf
def KPI_CTR(clicks, impressions):
    """Click-through rate, a fraction: clicks / impressions."""
    return _kpi.ctr(_sum(clicks, "clicks"), _sum(impressions, "impressions"))


__all__ = [name for name in dir() if name.startswith("KPI_")]
