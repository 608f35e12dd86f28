"""Definition presets: named bundles of definition options (Settings key ``preset``).

A preset sets the options in which a tool we compare against differs from xlkpi's
defaults; every other option keeps its default. Explicit Settings keys override the
preset. Each choice cites the public definition it follows (``docs/kpis.md`` lists them);
where we found no public statement the option keeps xlkpi's default and the preset says so.

>>> preset_values("stripe")["churn_window"]
'rolling_30d'
>>> preset_values("xlkpi") == {o.setting: o.default for o in OPTIONS}
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from xlkpi.errors import OptionError
from xlkpi.kpi.options import OPTIONS, Option, by_name, validate

__all__ = [
    "PRESETS",
    "Preset",
    "by_preset",
    "differences",
    "option_values",
    "preset_values",
]

_SEPARATORS = re.compile(r"[\s\-_]+")  # as options.validate


@dataclass(frozen=True)
class Preset:
    """One named bundle: option name -> value, with the public source of each choice."""

    name: str
    title: str
    note: str  # one line: what differs from xlkpi's defaults
    values: dict[str, object] = field(default_factory=dict)  # option name -> value
    sources: tuple[tuple[str, str], ...] = ()  # (what it follows, public address)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("xlkpi", "xlkpi defaults", "the defaults of every option"),
        Preset(
            "chartmogul_b2b",
            "ChartMogul (B2B)",
            "same as xlkpi: churn over customers at the period start, reactivation after "
            "any gap as its own movement",
            {
                "churn_rate.denominator": "start",
                "mrr_reactivation.window": 0,
                "mrr_reactivation.counted_as": "reactivation",
            },
            (
                (
                    "Reactivation MRR: a previously paying customer that had churned moves "
                    "back onto a paid plan (any gap); five movements incl. reactivation",
                    "https://help.chartmogul.com/hc/en-us/articles/203299912",
                ),
            ),
        ),
        Preset(
            "stripe",
            "Stripe Billing",
            "churn over the 30 days to the period end, / (active 30 days ago + new in them)",
            {"churn_rate.window": "rolling_30d", "churn_rate.denominator": "start_plus_new"},
            (
                (
                    "churned subscribers in the past 30 days / (active subscribers 30 days "
                    "ago + new subscribers in those 30 days)",
                    "https://support.stripe.com/questions/calculating-churn-rate-in-billing",
                ),
                (
                    "MRR growth = (new + reactivation + expansion) − (churned + contraction)",
                    "https://docs.stripe.com/billing/subscriptions/analytics/glossary",
                ),
            ),
        ),
        Preset(
            "baremetrics",
            "Baremetrics",
            "churn over the 30 days to the period end, / customers active 30 days ago",
            {
                "churn_rate.window": "rolling_30d",
                "churn_rate.denominator": "start",
                "quick_ratio.reactivation": "exclude",
            },
            (
                (
                    "user churn = cancelled customers in the last 30 days / active customers "
                    "30 days ago",
                    "https://help.baremetrics.com/en/articles/5380347-user-and-revenue-churn",
                ),
                (
                    "quick ratio = (new + expansion MRR) / (contraction + churned MRR)",
                    "https://changelog.baremetrics.com/new-quick-ratio-metric-4ohZDy",
                ),
            ),
        ),
        Preset(
            "shopify",
            "Shopify",
            "repeat purchase rate as Shopify's returning customer rate",
            {"repeat_purchase_rate.definition": "returning"},
            (
                (
                    "returning customer rate: customers that placed more than one order, "
                    "out of customers that placed an order in the date range (Shopify's "
                    "wording, quoted by Little Stream Software)",
                    "https://getswitchboardapp.com/blog/returning-customer-rate-now-measured"
                    "-by-repeat-customer-insights-automatically/",
                ),
            ),
        ),
    )
}


def by_preset(name: object) -> Preset:
    """The preset called ``name`` (case and separators as for options); ``OptionError`` if
    unknown."""
    key = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    if key not in PRESETS:
        raise OptionError(
            f"preset: {name!r} is not one of {', '.join(PRESETS)}", value=name, option="preset"
        )
    return PRESETS[key]


def preset_values(name: str) -> dict[str, object]:
    """Settings key -> value of every option under preset ``name`` (defaults elsewhere)."""
    chosen = by_preset(name).values
    return {o.setting: chosen.get(o.name, o.default) for o in OPTIONS}


def differences(name: str) -> dict[str, object]:
    """Option name -> value where preset ``name`` differs from xlkpi's defaults.

    >>> differences("shopify")
    {'repeat_purchase_rate.definition': 'returning'}
    """
    chosen = by_preset(name).values
    return {k: v for k, v in chosen.items() if v != by_name(k).default}


def option_values(options: Mapping[str, object] | Iterable[str] | None) -> dict[str, object]:
    """Settings key -> canonical value of every option in ``options``, validated: a mapping
    or ``"name=value"`` texts (the command line's ``--option``). A name is the option's
    (``churn_rate.denominator``) or its Settings key (``churn_denominator``); case, spaces
    and ``-`` are ignored. Raises ``OptionError`` naming the known options or the choices.

    >>> option_values(["churn_denominator=Average", "refund_rate.basis=value"])
    {'churn_denominator': 'average', 'refund_basis': 'value'}
    >>> option_values({"churn_rate.denominatr": "average"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xlkpi.errors.OptionError: unknown definition option 'churn_rate.denominatr'; known: ...
    """
    if options is None:
        return {}
    if isinstance(options, str):
        options = [options]
    pairs = options.items() if isinstance(options, Mapping) else map(_pair, options)
    chosen: dict[str, object] = {}
    for name, value in pairs:
        opt = _option_named(name)
        chosen[opt.setting] = validate(opt, value)
    return chosen


def _pair(text: object) -> tuple[str, str]:
    name, sep, value = str(text).partition("=")
    if not sep:
        raise OptionError(
            f"option {text!r}: expected NAME=VALUE, e.g. churn_denominator=average", value=text
        )
    return name, value


def _option_named(name: object) -> Option:
    key = _SEPARATORS.sub("_", str(name).strip().lower()).strip("_")
    for opt in OPTIONS:
        if key in (opt.name, opt.setting):
            return opt
    known = ", ".join(f"{o.name} ({o.setting})" for o in OPTIONS)
    raise OptionError(f"unknown definition option {name!r}; known: {known}", value=name)


def _check() -> None:
    for preset in PRESETS.values():
        for option, value in preset.values.items():
            validate(option, value)


_check()  # a preset naming an unknown option or value fails at import, not in a report
