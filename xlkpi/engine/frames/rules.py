"""The counting rules the report applies beyond the definition options, stated in words.

They go into ``KpiResult.options`` (the Dashboard's "Definitions used" table) so that a
reader of the report sees the rule behind each number; docs/kpis.md has the same text.
"""

from __future__ import annotations

from xlkpi.engine.frames.base import Ctx


def rules_used(ctx: Ctx) -> dict[str, str]:
    """Rule name -> the rule, for the rules that apply to this report's data and grain."""
    out = {}
    if ctx.has("orders", "cost"):
        out["profit.blank_cost"] = (
            "a blank Orders cost counts as 0 in profit and ROI (the Data quality sheet "
            "counts such orders per month)"
        )
    if ctx.has("sessions", "device") or ctx.has("sessions", "source"):
        out["device_share, source_share"] = (
            "sessions with that value / all sessions of the period; a blank device or "
            "source is no segment but still counts in the denominator"
        )
    if ctx.has("orders", "customer_id"):
        out["clv.window"] = (
            "the 12 calendar months up to the period end (from the same day 12 months "
            "before the day after it)"
        )
    if ctx.has("subscriptions", "month"):
        out["mrr"] = (
            "a level: the MRR of the calendar month holding the period's last day (or the "
            "as-of date); any date in a month stands for that month"
        )
        if ctx.kind == "week":
            out["mrr movements"] = "monthly flows: not available at weekly grain"
    if ctx.spread_monthly:
        out["spend.weekly"] = (
            "Spend rows are monthly (all dated the 1st, or one row per channel and month): "
            "each month's amount, clicks and "
            "impressions are spread evenly over its days; a week gets the days it holds"
        )
    return out
