"""Definition options: the one declaration of every definition practitioners disagree on.

Each :class:`Option` names the KPIs it changes, its choices (or, for a number, its
bounds), its default, its Settings key and one line of documentation per choice.
Everything else derives from it: the Settings sheet's parsing and validation
(``xlkpi.data.settings``), the template's Settings rows, the UDF argument docs, the
docs table in ``docs/kpis.md`` (test-checked against :func:`markdown_table`), the
report's *Definitions used*, and the allowed values the KPI functions check.

A bad value is an :class:`~xlkpi.errors.OptionError` wherever it comes from.

>>> by_name("churn_rate.denominator").default
'start'
>>> [o.name for o in options_of("refund_rate")]
['refund_rate.basis']
>>> validate("churn_rate.denominator", " Average ")
'average'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from xlkpi.errors import OptionError

__all__ = [
    "OPTIONS",
    "Choice",
    "Option",
    "argument_doc",
    "by_name",
    "by_setting",
    "choice",
    "choices_of",
    "markdown_table",
    "options_of",
    "validate",
]


@dataclass(frozen=True)
class Choice:
    """One allowed value of an option and the one line that says what it means.

    ``reads`` are the raw columns the report reads under this choice beyond the KPIs'
    own ``needs`` (``((table, (column, ...)), ...)``, canonical names): declared here
    only; the catalogue's ``Kpi.needs_when`` is derived from it.
    """

    value: str
    doc: str
    reads: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def text(self) -> str:
        """``doc``, and what the report also reads under this choice (the docs table)."""
        if not self.reads:
            return self.doc
        cols = ", ".join(f"{t}.{c}" for t, columns in self.reads for c in columns)
        return f"{self.doc}; the report also reads {cols}"


@dataclass(frozen=True)
class Option:
    """One definition option, declared once."""

    name: str  # "churn_rate.denominator": <first KPI>.<what it chooses>
    kpis: tuple[str, ...]  # catalogue ids whose value it changes
    setting: str  # the Settings key (and attribute of ``xlkpi.data.model.Settings``)
    default: str | float
    doc: str  # one line: what the option chooses
    choices: tuple[Choice, ...] = ()  # empty for a number option
    argument: str | None = None  # keyword of the pure KPI function(s); None: report only
    bounds: tuple[float, float] = (-math.inf, math.inf)  # number option: inclusive range
    integer: bool = False  # number option: whole numbers only

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values of a choice option (``()`` for a number option)."""
        return tuple(c.value for c in self.choices)

    @property
    def kind(self) -> str:
        return "choice" if self.choices else "number"

    def allowed(self) -> str:
        """The allowed values as a user reads them: ``one of start, average, start_plus_new``."""
        if self.choices:
            return f"one of {', '.join(self.values)}"
        low, high = self.bounds
        whole = "a whole number" if self.integer else "a number"
        if math.isinf(high):
            return f"{whole} ≥ {low:g}"
        return f"{whole} from {low:g} to {high:g}"

    def __getattr__(self, attr: str) -> str:
        """A choice by its upper-case name: ``CHURN_DENOMINATOR.START_PLUS_NEW`` is
        ``"start_plus_new"``; an unknown name is an ``AttributeError`` naming the choices."""
        if attr.isupper() and attr.lower() in (c.value for c in self.choices):
            return attr.lower()
        if attr.startswith("__"):
            raise AttributeError(attr)
        raise AttributeError(
            f"option {self.name} has no choice {attr!r}; its choices: "
            f"{', '.join(c.value.upper() for c in self.choices) or '(a number option)'}"
        )


_DECLARED: list[Option] = []


def _declare(option: Option) -> Option:
    """Add ``option`` to :data:`OPTIONS` (declaration order) and return it."""
    _DECLARED.append(option)
    return option


# fmt: off
CHURN_DENOMINATOR = _declare(Option(
    "churn_rate.denominator", ("churn_rate", "retention_rate"), "churn_denominator",
    "start", "which customers the churn rate divides by",
    (Choice("start", "customers at the period start (ChartMogul, B2B)"),
     Choice("average", "mean of the customers at the start and at the end "
                       "(needs `customers_at_end`)"),
     Choice("start_plus_new", "customers at the start + new customers of the period "
                              "(Stripe; needs `new_customers`)")),
    argument="denominator"))
BOUNCE_DEFINITION = _declare(Option(
    "bounce_rate.definition", ("bounce_rate",), "bounce_definition",
    "single_page", "what a bounce is",
    (Choice("single_page", "sessions with exactly one page view (Universal Analytics, "
                           "HubSpot)"),
     Choice("ga4", "1 − engaged sessions / sessions; engaged = longer than 10 s, or a "
                   "conversion, or ≥ 2 page views (needs `duration_seconds`)",
            reads=(("sessions", ("duration_seconds",)),))),
    argument="definition"))
NPS_INVALID = _declare(Option(
    "nps.invalid", ("nps", "nps_breakdown", "promoters_share", "passives_share",
                    "detractors_share", "nps_responses", "nps_margin", "nps_change_test"),
    "nps_invalid", "error", "what a score outside 0–10 (or not whole, or text) is",
    (Choice("error", "a data error"),
     Choice("skip", "dropped and counted (`nps_breakdown(...).skipped`, the Data quality "
                    "sheet)")),
    argument="invalid"))
REFUND_BASIS = _declare(Option(
    "refund_rate.basis", ("refund_rate", "return_rate"), "refund_basis",
    "count", "what the refund and return rates count",
    (Choice("count", "orders"),
     Choice("value", "refunded (returned) revenue / revenue of all orders "
                     "(needs `revenues`)", reads=(("orders", ("revenue",)),))),
    argument="basis"))
LEAD_TO_CLOSE_BASIS = _declare(Option(
    "lead_to_close_rate.basis", ("lead_to_close_rate",), "lead_to_close_basis",
    "cohort", "which won leads the lead-to-close rate counts",
    (Choice("cohort", "leads created in the period that are won / leads created in it"),
     Choice("period", "won in the period / created in the period (two different sets; "
                      "can exceed 1)")),
    argument="basis"))
CHURN_WINDOW = _declare(Option(
    "churn_rate.window", ("churn_rate", "retention_rate"), "churn_window",
    "period", "the span of time the churn rate counts",
    (Choice("period", "the report period (month, quarter or week)"),
     Choice("rolling_30d", "the 30 days up to the period end (up to the as-of date in the "
                           "last period): Stripe Billing, Baremetrics"))))
ENGAGED_SECONDS = _declare(Option(
    "bounce_rate.engaged_seconds", ("bounce_rate",), "engaged_seconds",
    10.0, "seconds after which a session is engaged (GA4's timer; with `ga4` bounces)",
    argument="engaged_seconds", bounds=(10.0, 60.0)))
NPS_INTERVAL = _declare(Option(
    "nps_margin.method", ("nps_margin",), "nps_interval",
    "wald", "how the NPS margin of error is computed",
    (Choice("wald", "z × 100 × sqrt((p + d − (p − d)²) / n)"),
     Choice("adjusted_wald", "the same with 3 answers added, ¾ promoter and ¾ detractor "
                             "(Rocks 2016, The American Statistician 70(4))")),
    argument="method"))
REPEAT_PURCHASE_DEFINITION = _declare(Option(
    "repeat_purchase_rate.definition", ("repeat_purchase_rate",),
    "repeat_purchase_definition", "repeat", "which buyers count as repeat buyers",
    (Choice("repeat", "customers with ≥ 2 completed orders up to the period end / customers "
                      "with ≥ 1"),
     Choice("returning", "customers with an order in the period that is not their first / "
                         "customers with an order in the period (Shopify's returning "
                         "customer rate; needs `earlier_ids`)")),
    argument="definition"))
CAC_BASIS = _declare(Option(
    "cac.basis", ("cac",), "cac_basis",
    "fully_loaded", "which Spend rows acquisition cost counts",
    (Choice("fully_loaded", "marketing + sales spend"),
     Choice("marketing", "marketing spend only"),
     Choice("paid", "marketing spend on rows with clicks > 0: bought media (search, "
                    "social, display ads)", reads=(("spend", ("clicks",)),)))))
REACTIVATION_MONTHS = _declare(Option(
    "mrr_reactivation.window", ("mrr_reactivation", "mrr_new", "quick_ratio"),
    "reactivation_months", 0, "how many months without MRR a returning customer may have "
    "been gone to count as reactivation (longer: new MRR); 0 = any gap",
    bounds=(0, math.inf), integer=True))
REACTIVATION_AS = _declare(Option(
    "mrr_reactivation.counted_as",
    ("mrr_reactivation", "mrr_expansion", "nrr", "quick_ratio"), "reactivation_as",
    "reactivation", "where a returning customer's MRR goes in the bridge",
    (Choice("reactivation", "its own movement, reactivation MRR"),
     Choice("expansion", "expansion MRR (reactivation MRR is then 0)"))))
QUICK_RATIO_REACTIVATION = _declare(Option(
    "quick_ratio.reactivation", ("quick_ratio",), "quick_ratio_reactivation",
    "exclude", "whether reactivation MRR is a gain in the quick ratio",
    (Choice("exclude", "(new + expansion) / (contraction + churned)"),
     Choice("include", "(new + expansion + reactivation) / (contraction + churned)"))))
# fmt: on

OPTIONS: tuple[Option, ...] = tuple(_DECLARED)

_BY_NAME = {o.name: o for o in OPTIONS}
_SEPARATORS = re.compile(r"[\s\-_]+")  # as xlkpi.data.contract.normalise_name
_BY_SETTING = {o.setting: o for o in OPTIONS}


def by_name(name: str) -> Option:
    """The option called ``name`` (``"churn_rate.denominator"``); ``OptionError`` if unknown."""
    try:
        return _BY_NAME[name]
    except (KeyError, TypeError):
        raise OptionError(
            f"unknown definition option {name!r}; known: {', '.join(_BY_NAME)}", value=name
        ) from None


def by_setting(setting: str) -> Option | None:
    """The option behind Settings key ``setting``, or None when it is not an option."""
    return _BY_SETTING.get(setting)


def choice(name: str, value: str) -> str:
    """``value``, checked to be a choice of option ``name`` (module constants, checked at
    import): ``choice("churn_rate.denominator", "start_plus_new")``.

    >>> choice("refund_rate.basis", "value")
    'value'
    """
    opt = by_name(name)
    if value not in opt.values:
        raise OptionError(
            f"{name}: {value!r} is not one of {', '.join(opt.values)}", value=value, option=name
        )
    return value


def options_of(kpi_id: str) -> tuple[Option, ...]:
    """The options that change ``kpi_id``, in declaration order.

    >>> [o.name for o in options_of("churn_rate")]
    ['churn_rate.denominator', 'churn_rate.window']
    """
    return tuple(o for o in OPTIONS if kpi_id in o.kpis)


def choices_of(name: str) -> tuple[str, ...]:
    """The allowed values of the choice option ``name``.

    >>> choices_of("lead_to_close_rate.basis")
    ('cohort', 'period')
    """
    return by_name(name).values


def validate(option: Option | str, value: Any, *, argument: str | None = None) -> Any:
    """``value`` as the option's canonical value; raises ``OptionError`` when not allowed.

    Choices compare case-insensitively, ignoring surrounding spaces and treating ``-`` and
    spaces as ``_``; a number option accepts a number (or numeric text) within its bounds.

    >>> validate("refund_rate.basis", "VALUE")
    'value'
    >>> validate("refund_rate.basis", "amount")
    Traceback (most recent call last):
    ...
    xlkpi.errors.OptionError: refund_rate.basis: 'amount' is not one of count, value
    """
    opt = by_name(option) if isinstance(option, str) else option
    label = argument or opt.name
    if opt.choices:
        text = (
            _SEPARATORS.sub("_", value.strip().lower()).strip("_")
            if isinstance(value, str)
            else None
        )
        if text in opt.values:
            return text
        raise OptionError(
            f"{label}: {value!r} is not one of {', '.join(opt.values)}",
            value=value,
            argument=argument,
            option=opt.name,
        )
    number = _number(value)
    low, high = opt.bounds
    if number is None or not low <= number <= high or (opt.integer and number != int(number)):
        raise OptionError(
            f"{label}: {value!r} is not {opt.allowed()}",
            value=value,
            argument=argument,
            option=opt.name,
        )
    return int(number) if opt.integer else number


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def argument_doc(name: str) -> str:
    """One line (ASCII, at most 255 characters) for a UDF's optional argument, shown in
    Excel's Insert Function dialog.

    >>> argument_doc("lead_to_close_rate.basis")
    'Optional: "cohort" (default) or "period" - which won leads the lead-to-close rate counts.'
    """
    from xlkpi.kpi.kpi_spec import ascii_text

    opt = by_name(name)
    if opt.choices:
        quoted = [f'"{v}"' + (" (default)" if v == opt.default else "") for v in opt.values]
        listed = f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    else:
        listed = f"{opt.allowed()}, default {opt.default:g}"
    return ascii_text(f"Optional: {listed} - {opt.doc}.".replace("`", ""))


def setting_doc(opt: Option) -> str:
    """The Settings sheet's "meaning" cell of an option: ``one of start, average,
    start_plus_new: which customers the churn rate divides by``."""
    return f"{opt.allowed()}: {opt.doc}"


def default_of(setting: str) -> Any:
    """The default of the option behind Settings key ``setting`` (for ``Settings``' fields)."""
    return _BY_SETTING[setting].default


def markdown_table() -> str:
    """The docs table of every option (``docs/kpis.md`` holds it; a test compares)."""
    lines = [
        "| option | KPIs | Settings key | default | alternatives |",
        "|---|---|---|---|---|",
    ]
    for opt in OPTIONS:
        arg = f"`{opt.argument}`" if opt.argument else "report only"
        kpis = ", ".join(opt.kpis)
        if opt.choices:
            default = next(c for c in opt.choices if c.value == opt.default)
            first = f"`{default.value}`: {default.text}"
            rest = "; ".join(f"`{c.value}`: {c.text}" for c in opt.choices if c is not default)
        else:
            first = f"`{opt.default:g}`"
            rest = f"{opt.allowed()}: {opt.doc}"
        lines.append(f"| `{opt.name}` ({arg}) | {kpis} | `{opt.setting}` | {first} | {rest} |")
    return "\n".join(lines)
