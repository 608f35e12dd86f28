"""Catalogue entries: customers and retention, the Net Promoter Score, recurring revenue.

One :class:`~xlkpi.kpi.kpi_spec.Kpi` per KPI; :mod:`xlkpi.kpi.catalogue` assembles them.
"""

from __future__ import annotations

from xlkpi.kpi import customers, orders, recurring, stats
from xlkpi.kpi import net_promoter as nps
from xlkpi.kpi.kpi_spec import Kpi, choice, grouped, maybe, one, rng, total
from xlkpi.kpi.options import CHURN_DENOMINATOR

_CHURN = ("customers", ("acquired_date", "churned_date"))
_BUYERS = ("orders", ("order_date", "customer_id", "revenue"))
_STATUS = (("orders", ("status",)),)
_NPS = ("nps", ("response_date", "score"))
_SCORES_OF = {g: f"{lo}–{hi}" for g, (lo, hi) in nps.GROUP_SCORES.items()}  # "9–10"
_GROUPS_TEXT = ", ".join(f"{g} {scores}" for g, scores in _SCORES_OF.items())
_SUBS = ("subscriptions", ("month", "mrr", "customer_id"))

# UDF arguments shared by several entries.
_CHURN_ARGS = (
    total("customers_lost", "part", "Customers lost during the period"),
    total("customers_at_start", "whole", "Customers at the start of the period"),
    choice("denominator"),
    maybe("customers_at_end", "count", 'Customers at the period end (needed by denominator '
          '"average").'),
    maybe("new_customers", "count", 'New customers of the period (needed by denominator '
          '"start_plus_new").'),
)  # fmt: skip
_SCORES = rng("scores", "score", "Survey answers 0-10 (a range; blanks are skipped).")
_INVALID = choice("invalid")
_CONFIDENCE = one("confidence", "level", "Optional: confidence level, default 0.95.", "(0, 1)")

# The churn and retention rates' trial count: the customers the rate divides by (an
# average of two counts is not a count of trials: no interval then).
_CHURN_TRIALS = dict(
    trials="customers_at_start",
    trials_when=((CHURN_DENOMINATOR.setting, CHURN_DENOMINATOR.AVERAGE, ""),
                 (CHURN_DENOMINATOR.setting, CHURN_DENOMINATOR.START_PLUS_NEW,
                  "customers_at_start_plus_new")),
)  # fmt: skip

# fmt: off
CUSTOMERS = grouped(
    "Customers & retention",
    Kpi("churn_rate", "Customer churn rate", "rate", -1,
        "customers lost during the period / customers at its start", customers.churn_rate,
        "KPI_CHURN", needs=(_CHURN,), in_report=True, **_CHURN_TRIALS,
        args=_CHURN_ARGS, properties=("fraction", "scale_free"),
        sample=((3, [[100], [50]]), {}, 0.02),
    ),
    Kpi("retention_rate", "Customer retention rate", "rate", +1, "1 − churn rate",
        customers.retention_rate, "KPI_RETENTION", needs=(_CHURN,), in_report=True,
        **_CHURN_TRIALS,
        args=_CHURN_ARGS, properties=("fraction", "scale_free"),
        sample=((3, 150), {}, 0.98),
    ),
    Kpi("repeat_purchase_rate", "Repeat purchase rate", "rate", +1,
        "customers with ≥ 2 orders / customers with ≥ 1 order", orders.repeat_purchase_rate,
        "KPI_REPEAT_PURCHASE_RATE", needs=(_BUYERS,), in_report=True, optional=_STATUS,
        trials="buyers",
        args=(
            rng("customer_ids", "id", "The customer id of every order (one row per order)."),
            choice("definition"),
            maybe("earlier_ids", "id", 'Buyers of the orders before the period ("returning").'),
        ),
        properties=("fraction", "order_free", "shape_free"),
        sample=((["x", "y", "x", "z"],), {}, 1 / 3),
    ),
    Kpi("clv", "Customer lifetime value", "money", +1,
        "AOV × purchase frequency per year × expected years", customers.clv, "KPI_CLV",
        needs=(_BUYERS,), in_report=True, optional=_STATUS,
        args=(
            one("avg_order_value", "money", "Average order value (money)."),
            one("purchases_per_year", "count", "Purchases per customer per year."),
            one("years", "years", "Expected customer relationship, in years."),
        ),
        properties=("non_negative", "scale_linear"),
        sample=((200, 2.5, 4), {}, 2000.0),
    ),
    Kpi("clv_margin", "Customer lifetime value (margin / churn)", "money", +1,
        "ARPA × gross margin / churn rate", customers.clv_margin, "KPI_CLV_MARGIN",
        args=(
            one("arpa", "money", "Average revenue per account per period (money)."),
            one("churn_rate", "fraction", "Churn rate per period, a fraction (0.02 = 2 %).",
                "[0, 1]"),
            one("gross_margin", "fraction", "Optional: gross margin, a fraction; default 1.0.",
                "[0, 1]"),
        ),
        properties=("non_negative", "scale_linear"),
        # 300 × 0.9 / 0.05
        sample=((300, 0.05, 0.9), {}, 5400.0),
    ),
    Kpi("clv_discounted", "Customer lifetime value (discounted)", "money", +1,
        "Σ_{t=1..years} margin × retention^(t−1) / (1 + discount)^t",
        customers.clv_discounted, "KPI_CLV_DISCOUNTED",
        args=(
            one("annual_margin", "money", "Margin a customer brings per year (money)."),
            one("retention_rate", "fraction", "Yearly retention rate, a fraction (0.8 = 80 %).",
                "[0, 1]"),
            one("discount_rate", "fraction", "Yearly discount rate, a fraction (0.1 = 10 %).",
                "(-1, 1]"),
            one("years", "years", "Number of years to sum."),
        ),
        properties=("non_negative", "scale_linear"),
        # 110 / 1.1
        sample=((110, 1.0, 0.1, 1), {}, 100.0),
    ),
    min_n=30,  # customers behind a retention rate
)

NPS = grouped(
    "NPS",
    Kpi("nps", "Net Promoter Score", "score", +1,
        f"100 × (promoters − detractors) / responses; {_GROUPS_TEXT}; blanks skipped",
        nps.nps, "KPI_NPS", needs=(_NPS,), in_report=True,
        segment="segment", optional=(("nps", ("segment",)),),
        args=(_SCORES, _INVALID), properties=("points", "order_free", "shape_free"),
        # 100 × (1 − 2) / 5
        sample=(([10, 8, 8, None, 6, 0],), {}, -20.0),
    ),
    Kpi("nps_breakdown", "NPS breakdown", "table", 0,
        "count and share of promoters, passives, detractors, responses, NPS",
        nps.nps_breakdown, "KPI_NPS_BREAKDOWN",
        args=(_SCORES, _INVALID),
        sample=(([10, 7, 0, 9],), {}, (2, 1, 1, 4, 0.5, 0.25, 0.25, 25.0, 0)),
    ),
    Kpi("promoters_share", "Promoters", "rate", +1,
        f"promoters ({_SCORES_OF['promoter']}) / responses",
        needs=(_NPS,), in_report=True, trials="nps_responses"),
    Kpi("passives_share", "Passives", "rate", 0,
        f"passives ({_SCORES_OF['passive']}) / responses",
        needs=(_NPS,), in_report=True, trials="nps_responses"),
    Kpi("detractors_share", "Detractors", "rate", -1,
        f"detractors ({_SCORES_OF['detractor']}) / responses",
        needs=(_NPS,), in_report=True, trials="nps_responses"),
    Kpi("nps_responses", "NPS responses", "count", +1, "non-blank survey scores",
        needs=(_NPS,), in_report=True),
    Kpi("nps_margin", "NPS margin of error", "score", -1,
        "z × 100 × sqrt((p + d − (p − d)²) / n)", nps.nps_margin_of_error, "KPI_NPS_MOE",
        needs=(_NPS,), in_report=True,
        args=(_SCORES, _CONFIDENCE, _INVALID, choice("method")),
        properties=("non_negative", "order_free", "shape_free"),
        udf_doc="NPS margin of error, in points: z x 100 x sqrt((p + d - (p - d)^2) / n).",
        # p = d = 0.5, n = 4: var = 1; 1.959964 × 100 × sqrt(1/4) = 97.998
        sample=(([10, 0, 10, 0],), {}, 97.9982),
    ),
    Kpi("nps_change_test", "NPS change test", "table", 0,
        "difference NPS(B) − NPS(A), z statistic and two-sided p-value",
        nps.nps_change_test, "KPI_NPS_CHANGE_TEST",
        args=(
            rng("scores_a", "score", "Answers 0-10 of the first period or segment (A)."),
            rng("scores_b", "score", "Answers 0-10 of the second period or segment (B)."),
            _INVALID,
        ),
        # A: NPS 0 (var 1, n 4); B: NPS 100 (var 0, n 2): SE = 100 × sqrt(1/4) = 50, z = 2
        sample=(([10, 0, 10, 0], [9, 10]), {}, (100.0, 2.0, 0.0455)),
    ),
    min_n=30,  # responses: an NPS or a change test on fewer is noise
)

STATISTICS = grouped(
    "Statistics",
    Kpi("rate_interval", "Rate confidence interval (Wilson)", "table", 0,
        "Wilson score interval (low, high) of successes / trials", stats.rate_interval,
        "KPI_RATE_INTERVAL",
        args=(
            total("successes", "part", "Successes, e.g. conversions"),
            total("trials", "whole", "Trials, e.g. visitors"),
            _CONFIDENCE,
        ),
        # Wilson, see test_kpi_reference
        sample=((8, 10), {}, (0.4902, 0.9433)),
    ),
)

RECURRING = grouped(
    "Recurring revenue",
    Kpi("mrr", "Monthly recurring revenue", "money", +1,
        "Σ monthly recurring revenue of active subscriptions in the month", recurring.mrr,
        "KPI_MRR", needs=(_SUBS,), in_report=True,
        args=(rng("amounts", "money", "Monthly recurring revenue of each active subscription."),),
        properties=("non_negative", "scale_linear", "order_free", "shape_free"),
        sample=(([100, None, 250.25],), {}, 350.25),
    ),
    Kpi("arr", "Annual recurring revenue", "money", +1, "12 × MRR", recurring.arr, "KPI_ARR",
        needs=(_SUBS,), in_report=True,
        args=(total("mrr", "money", "Monthly recurring revenue"),),
        properties=("non_negative", "scale_linear"),
        sample=((350.25,), {}, 4203.0),
    ),
    Kpi("mrr_new", "New MRR", "money", +1, "MRR of customers with none before",
        needs=(_SUBS,), in_report=True),
    Kpi("mrr_expansion", "Expansion MRR", "money", +1, "MRR increases of existing customers",
        needs=(_SUBS,), in_report=True),
    Kpi("mrr_contraction", "Contraction MRR", "money", -1,
        "MRR decreases of existing customers", needs=(_SUBS,), in_report=True),
    Kpi("mrr_churned", "Churned MRR", "money", -1, "MRR of customers who left",
        needs=(_SUBS,), in_report=True),
    Kpi("mrr_reactivation", "Reactivation MRR", "money", +1,
        "MRR of returning customers who had MRR before", needs=(_SUBS,), in_report=True),
    Kpi("revenue_churn_rate", "Revenue churn rate", "rate", -1,
        "(churned + contraction MRR) / opening MRR", needs=(_SUBS,), in_report=True,
        # a share of money amounts: no trial count
        trials="",
    ),
    Kpi("nrr", "Net revenue retention", "rate", +1,
        "(opening + expansion − contraction − churned MRR) / opening MRR",
        needs=(_SUBS,), in_report=True,
        # a share of money amounts: no trial count
        trials="",
    ),
    Kpi("quick_ratio", "SaaS quick ratio", "ratio", +1,
        "(new + expansion MRR) / (contraction + churned MRR)", needs=(_SUBS,),
        in_report=True),
)
# fmt: on

ENTRIES = (*CUSTOMERS, *NPS, *STATISTICS, *RECURRING)
