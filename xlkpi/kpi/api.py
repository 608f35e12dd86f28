"""The public KPI surface: every pure KPI function and the catalogue, as ``xlkpi.kpi`` and
``xlkpi`` export them (both load this module on first use; see :mod:`xlkpi.kpi`).
"""

from xlkpi.kpi.catalogue import CATALOGUE, Kpi, by_id, register, report_kpis, scalar_kpis
from xlkpi.kpi.customers import churn_rate, clv, clv_discounted, clv_margin, retention_rate
from xlkpi.kpi.marketing import (
    cac,
    cpa,
    cpc,
    marketing_originated_pct,
    marketing_pct_of_cac,
    roas,
    roi,
)
from xlkpi.kpi.net_promoter import (
    NpsBreakdown,
    NpsChange,
    nps,
    nps_breakdown,
    nps_change_test,
    nps_margin_of_error,
)
from xlkpi.kpi.orders import aov, profit, refund_rate, repeat_purchase_rate, return_rate
from xlkpi.kpi.rates import (
    conversion_rate,
    ctr,
    email_optin_rate,
    lead_to_close_rate,
    qualified_lead_rate,
)
from xlkpi.kpi.recurring import (
    MrrMovements,
    arr,
    mrr,
    mrr_movements,
    net_revenue_retention,
    quick_ratio,
    revenue_churn_rate,
)
from xlkpi.kpi.stats import RateInterval, rate_interval
from xlkpi.kpi.web import bounce_rate, device_share, repeat_visits, returning_visitor_rate

__all__ = [
    "CATALOGUE",
    "Kpi",
    "MrrMovements",
    "NpsBreakdown",
    "NpsChange",
    "RateInterval",
    "aov",
    "arr",
    "bounce_rate",
    "by_id",
    "cac",
    "churn_rate",
    "clv",
    "clv_discounted",
    "clv_margin",
    "conversion_rate",
    "cpa",
    "cpc",
    "ctr",
    "device_share",
    "email_optin_rate",
    "lead_to_close_rate",
    "marketing_originated_pct",
    "marketing_pct_of_cac",
    "mrr",
    "mrr_movements",
    "net_revenue_retention",
    "nps",
    "nps_breakdown",
    "nps_change_test",
    "nps_margin_of_error",
    "profit",
    "qualified_lead_rate",
    "quick_ratio",
    "rate_interval",
    "refund_rate",
    "register",
    "repeat_purchase_rate",
    "repeat_visits",
    "report_kpis",
    "retention_rate",
    "return_rate",
    "returning_visitor_rate",
    "revenue_churn_rate",
    "roas",
    "roi",
    "scalar_kpis",
]

# A KPI declared in the catalogue only (no import line above) is exported all the same.
for _kpi in scalar_kpis():
    if _kpi.function.__name__ not in __all__:
        globals()[_kpi.function.__name__] = _kpi.function
        __all__.append(_kpi.function.__name__)
