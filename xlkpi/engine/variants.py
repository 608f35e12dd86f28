"""The report's definition options: checked before computing, stated in *Definitions used*,
and the headline KPIs under every preset (the *Definitions compared* sheet).

All come from the declarations in :mod:`xlkpi.kpi.options` and :mod:`xlkpi.kpi.presets`;
nothing here lists a choice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlkpi.data.model import Settings
from xlkpi.data.settings import apply_preset
from xlkpi.engine.frames.base import REPORT_FUNCTIONS, NotAvailable
from xlkpi.kpi.catalogue import by_id, report_kpis
from xlkpi.kpi.options import CHURN_DENOMINATOR, OPTIONS, validate
from xlkpi.kpi.presets import PRESETS, by_preset


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
    used.update((opt.name, option_text(getattr(settings, opt.setting))) for opt in OPTIONS)
    used["clv"] = (
        f"AOV x completed orders per customer over the 12 months to the period end "
        f"x clv_years ({settings.clv_years:g})"
    )
    used["churn_rate.lost"] = (
        "customers active at the period start whose churned_date is in the period"
        if settings.churn_denominator == CHURN_DENOMINATOR.START
        else "customers whose churned_date is in the period"
    )
    used["qualified_lead_rate"] = "leads created in the period that reached MQL / leads created"
    used["mrr_bridge"] = "month over month, from the second month of Subscriptions"
    used["period"] = settings.period
    used["as_of"] = "" if settings.as_of is None else settings.as_of.strftime("%Y-%m-%d")
    return used


def option_text(value: object) -> str:
    """An option's value as the report states it (floats without trailing zeros)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


# Memoised intermediates no definition option changes (row positions, id codes, monthly
# MRR by customer, ...): the KPIs under another preset reuse them instead of re-reading.
SHARED = ("pos:", "dated:", "customers:new", "orders:", "sessions:", "spend:", "nps:",
          "subs:months")  # fmt: skip
COMPARED_PERIODS = 3


def compared_kpis(result) -> list[str]:
    """The report KPIs some preset sets an option of (or the report's own options change),
    in catalogue order, leaving out the unavailable ones."""
    own = {o.name for o in OPTIONS if getattr(result.settings, o.setting) != o.default}
    named = own.union(*(p.values for p in PRESETS.values()))
    ids = {k for o in OPTIONS if o.name in named for k in o.kpis}
    return [k.id for k in report_kpis() if k.id in ids and k.id not in result.unavailable]


def compare_presets(result, periods: int = COMPARED_PERIODS) -> pd.DataFrame | None:
    """The KPIs of :func:`compared_kpis` for the last ``periods`` periods, as computed by the
    report (column ``report``) and under every preset (one column each; NaN = not defined).

    Computed from the report's own context: no data is read again, and under a preset only
    the KPIs one of its differing options changes are computed again (the rest are the
    report's values).
    """
    ctx = result.context
    if ctx is None and getattr(result, "where", None) is not None and result.periods:
        from xlkpi.engine.at_source import compare_presets as there

        return there(result.where, result, periods)
    if ctx is None or not result.periods:
        return None
    kpis = compared_kpis(result)
    labels = [p.label for p in result.periods[-periods:]]
    table = result.table[result.table["segment"] == ""]
    base = table.set_index(["kpi", "period"])["value"]
    index = pd.MultiIndex.from_product([kpis, labels], names=["kpi", "period"])
    out = pd.DataFrame({"report": base.reindex(index)}, index=index)
    for name in PRESETS:
        settings = apply_preset(result.settings, name)
        changed = [o for o in OPTIONS if _value(settings, o) != _value(result.settings, o)]
        affected = {k for o in changed for k in o.kpis}
        column = out["report"].copy()
        other = ctx.with_settings(settings, keep=SHARED) if affected else ctx
        for kpi in kpis:
            if kpi in affected:
                column.loc[kpi] = _latest(other, kpi, settings, len(labels))
        out[name] = column
    return out.reset_index()


def _latest(ctx, kpi: str, settings: Settings, count: int) -> np.ndarray:
    """``kpi``'s total of the last ``count`` periods under ``settings`` (NaN: not defined)."""
    entry = by_id(kpi)
    needs = entry.needs_for(settings)
    if any(not ctx.has(t, *cols) for t, cols in needs) or ctx.n == 0:
        return np.full(count, np.nan)
    try:
        values = REPORT_FUNCTIONS[kpi](ctx)
    except NotAvailable:
        return np.full(count, np.nan)
    if isinstance(values, dict):
        values = values.get("", np.full(ctx.n, np.nan))
    inside = ctx.coverage(t for t, _ in needs)
    return np.where(inside, np.asarray(values, dtype=float), np.nan)[-count:]


def _value(settings: Settings, opt) -> object:
    return getattr(settings, opt.setting)
