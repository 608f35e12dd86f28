"""The report's definition options: checked before computing, stated in *Definitions used*.

Both come from the declarations in :mod:`xlkpi.kpi.options`; nothing here lists a choice.
"""

from __future__ import annotations

from xlkpi.data.model import Settings
from xlkpi.kpi.options import OPTIONS, validate
from xlkpi.kpi.presets import by_preset


def check_options(settings: Settings) -> None:
    """Raise ``OptionError`` when a Settings attribute holds a value its option does not allow
    (``compute_kpis`` is also called with hand-made ``Settings``, not only the sheet's)."""
    by_preset(settings.preset)
    for opt in OPTIONS:
        validate(opt, getattr(settings, opt.setting), argument=f"Settings {opt.setting}")


def options_used(settings: Settings) -> dict[str, str]:
    """The report's *Definitions used*: every option by name with its value, then the
    readings that are not options (how CLV, lost customers, ... are counted)."""
    used = {"preset": settings.preset}
    used.update((opt.name, _text(getattr(settings, opt.setting))) for opt in OPTIONS)
    used["clv"] = (
        f"AOV x completed orders per customer over the 12 months to the period end "
        f"x clv_years ({settings.clv_years:g})"
    )
    used["churn_rate.lost"] = (
        "customers active at the period start whose churned_date is in the period"
        if settings.churn_denominator == "start"
        else "customers whose churned_date is in the period"
    )
    used["qualified_lead_rate"] = "leads created in the period that reached MQL / leads created"
    used["mrr_bridge"] = "month over month, from the second month of Subscriptions"
    used["period"] = settings.period
    used["as_of"] = "" if settings.as_of is None else settings.as_of.strftime("%Y-%m-%d")
    return used


def _text(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
