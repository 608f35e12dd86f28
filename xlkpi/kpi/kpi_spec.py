"""What one catalogue entry declares: :class:`Kpi` (and the vocabulary of its fields).

The entries themselves are in ``catalogue_sales.py`` and ``catalogue_customers.py``;
:mod:`xlkpi.kpi.catalogue` assembles them into the one list every layer reads.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from xlkpi.kpi.options import argument_doc, options_of

__all__ = ["ARG_KINDS", "GROUPS", "PROPERTIES", "UNITS", "Arg", "Kpi", "Needs", "grouped"]

Needs = tuple[tuple[str, tuple[str, ...]], ...]  # ((table, (column, ...)), ...)

UNITS = ("score", "rate", "money", "count", "ratio", "table")
UNIT_WORDS = {
    "score": "points -100..100",
    "rate": "a fraction",
    "money": "money",
    "count": "a count",
    "ratio": "a ratio",
    "table": "a spilled table",
}

# Dashboard groups, in the order the Dashboard lists them.
GROUPS = (
    "Revenue & orders",
    "Website",
    "Leads & funnel",
    "Acquisition",
    "Customers & retention",
    "NPS",
    "Recurring revenue",
    "Statistics",
)


# How a function argument takes its value (the Excel UDF cleans it accordingly):
ARG_KINDS = (
    "range",  # cells as given, one value per row (scores, ids, revenues, ...)
    "total",  # a number, or a range that is summed; required
    "number",  # one value; blank = the function's default (required when it has none)
    "option",  # a definition choice (text); blank = the function's default
    "optional",  # an optional range (only some option choices need it)
)
# What an argument holds: the property tests draw values of this kind.
ARG_DATA = (
    "score", "id", "status", "flag", "device", "pageviews", "seconds",  # one per row
    "count", "part", "whole", "money", "fraction", "years", "level", "text",
)  # fmt: skip
RATE_DATA = ("fraction", "level")  # rate-like: each such argument declares ``within``
# Properties a scalar KPI promises; tests/kpi/test_kpi_properties.py checks each one.
PROPERTIES = (
    "fraction",  # result within 0..1 (a "part" never exceeds its "whole")
    "points",  # result within -100..100
    "non_negative",  # result >= 0
    "scale_free",  # the same when every money (or every count) input is scaled by k
    "scale_linear",  # scales by k when every money input is scaled by k
    "order_free",  # the same for any order of the rows of its ranges
    "shape_free",  # the same for a list, ndarray, Series, Excel column or Excel row
)
_ASCII = str.maketrans({"×": "x", "−": "-", "–": "-", "≥": ">=", "≤": "<=", "Σ": "sum",
                        "²": "^2", "→": "->", "¾": "3/4"})  # fmt: skip


def ascii_text(text: str) -> str:
    """``text`` with the few non-ASCII signs of our docs spelled in ASCII (classic xlwings
    writes UDF docs into a VBA module, which is not Unicode-safe)."""
    return text.translate(_ASCII)


@dataclass(frozen=True)
class Arg:
    """One argument of a KPI's scalar function, as its ``KPI_*`` UDF takes it."""

    name: str  # the function's parameter (and the UDF's argument) name
    kind: str  # one of ARG_KINDS
    data: str  # one of ARG_DATA
    doc: str  # one line for Excel's Insert Function dialog
    # The values a one-value argument may take, as an interval: "[0, 1]", "(0, 1)",
    # "(-1, 1]". Required of every rate-like argument (data of RATE_DATA); the Excel
    # function checks it and names a percentage typed for a fraction ("10: did you mean
    # 0.1, i.e. 10 %?").
    within: str = ""


@dataclass(frozen=True)
class Kpi:
    """One KPI, declared once; UDFs, report, Dashboard, docs and tests derive from it.

    ``needs`` are the tables and columns (canonical names of the data contract) the
    report cannot compute the KPI without; ``optional`` the columns it also reads when
    present (e.g. ``orders.status``: without it every order counts as completed);
    ``needs_when`` (derived) adds what a definition option's choice reads.
    Its definition options are those of :mod:`xlkpi.kpi.options` naming this KPI
    (``options``); their UDF argument docs and the columns a choice reads
    (``Choice.reads``) come from there too.
    A test drops each column of a full data set and proves these three complete.
    """

    id: str  # "nps", "churn_rate", "revenue", ...
    title: str  # "Net Promoter Score"
    unit: str  # "score" | "rate" | "money" | "count" | "ratio" | "table"
    direction: int  # +1 higher is better, -1 lower is better, 0 neutral
    definition: str  # one line, shown to users (Dashboard, docs); what the report computes
    function: Callable | None = None  # the scalar Python function; None for report-only KPIs
    udf: str | None = None  # Excel UDF name, e.g. "KPI_NPS"
    needs: Needs = ()
    in_report: bool = False  # computed per period by the report
    segment: str | None = None  # "device", "source", "channel", "segment"
    group: str = ""  # Dashboard group, one of GROUPS
    optional: Needs = ()
    args: tuple[Arg, ...] = ()  # the scalar function's arguments, in order (UDF arguments)
    properties: tuple[str, ...] = ()  # of PROPERTIES, checked by the property tests
    udf_doc: str = ""  # Insert Function description; default "<title>, <unit>: <definition>."
    # Report KPIs without a registered function: the table whose rows feed `function`
    # per period, and the columns passed as its leading arguments (e.g. ("sessions",
    # ("pageviews",))). The report then computes it generically, period by period.
    rows: tuple[str, tuple[str, ...]] | None = None
    # A rate's trial count, its denominator: the report count (a count KPI's id, or one of
    # xlkpi.engine.frames.trials.COUNTS) whose value per period is n; the report shows n and the
    # Wilson interval where n < 100. "" for a rate of money amounts (no trials); None:
    # not declared (a rate must declare it; a test names the KPI). A definition option can
    # change it: (settings key, value, trials), "" = none then.
    trials: str | None = None
    trials_when: tuple[tuple[str, str, str], ...] = ()
    # The smallest sample a value is read on, declared per family (``grouped(min_n=)``):
    # n is the rate's trial count, or an NPS's responses. Below it the report shows the
    # value with n and flags it, and claims no significance. 0: no minimum.
    min_n: int = 0
    # One call of ``function`` with its hand-computed result, ``(args, kwargs, expected)``
    # (a comment shows the arithmetic): the common tests run it under every container,
    # order and copy (tests/kpi/test_kpi_common.py). Every scalar KPI has one.
    sample: tuple | None = field(default=None, compare=False)

    @property
    def option_decls(self) -> tuple:
        """The definition options (``xlkpi.kpi.options.Option``) that change this KPI."""
        return options_of(self.id)

    @property
    def needs_when(self) -> tuple[tuple[str, str, Needs], ...]:
        """What a definition option adds to ``needs``: ``(settings key, value, needs)``,
        one per option choice that reads more (``Choice.reads``; declared there only)."""
        return tuple((o.setting, c.value, c.reads) for o in self.option_decls
                     for c in o.choices if c.reads)  # fmt: skip

    @property
    def options(self) -> tuple[str, ...]:
        """The keyword arguments of ``function`` that are definition options, in order
        (none without a function: a report-only KPI takes the option from Settings)."""
        if self.function is None:
            return ()
        return tuple(o.argument for o in self.option_decls if o.argument)

    def arg_doc(self, arg: Arg) -> str:
        """The Insert Function doc of ``arg``: a definition option's from its declaration."""
        for o in self.option_decls:
            if o.argument == arg.name and arg.kind == "option":
                text = argument_doc(o.name).translate(_ASCII)
                if len(text) > 255:  # Excel's limit: the choices without their meaning
                    shown = [f'"{v}"' + (" (default)" if v == o.default else "") for v in o.values]
                    text = f"Optional, {o.doc}: {', '.join(shown)}.".translate(_ASCII)
                return text
        return arg.doc

    def takes_default(self, arg: Arg) -> bool:
        """True when the UDF argument ``arg`` may be omitted (options, optional ranges, a
        parameter with a default)."""
        default = inspect.signature(self.function).parameters[arg.name].default
        return arg.kind in ("option", "optional") or default is not inspect.Parameter.empty

    @property
    def description(self) -> str:
        """The one-line description of the ``KPI_*`` function (at most 255 characters)."""
        text = self.udf_doc or f"{self.title}, {UNIT_WORDS[self.unit]}: {self.definition}."
        return ascii_text(text)

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables the report reads for this KPI, in declaration order."""
        return tuple(dict.fromkeys(t for t, _ in (*self.needs, *self.optional)))

    def trials_for(self, settings) -> str:
        """``trials`` under the definition options chosen in ``settings``."""
        for key, value, trials in self.trials_when:
            if getattr(settings, key, None) == value:
                return trials
        return self.trials or ""

    def needs_for(self, settings) -> Needs:
        """``needs`` plus what the definition options chosen in ``settings`` need."""
        extra = [n for key, value, more in self.needs_when if getattr(settings, key, None) == value
                 for n in more]  # fmt: skip
        merged: dict[str, list[str]] = {}
        for table, cols in (*self.needs, *extra):
            have = merged.setdefault(table, [])
            have.extend(c for c in cols if c not in have)
        return tuple((t, tuple(c)) for t, c in merged.items())


def grouped(group: str, *entries: Kpi, min_n: int = 0) -> tuple[Kpi, ...]:
    """``entries`` with their Dashboard ``group`` and the family's minimum sample ``min_n``
    set (declared once per section), and the UDF argument of each definition option of
    theirs that their function takes (so an option is declared in ``xlkpi.kpi.options``
    only)."""
    return tuple(with_option_args(replace(k, group=group, min_n=k.min_n or min_n)) for k in entries)


def with_option_args(kpi: Kpi) -> Kpi:
    """``kpi`` with a ``choice`` argument for each of its options' keywords that its
    function takes and ``args`` does not list yet, in the function's order."""
    if kpi.function is None:
        return kpi
    order = list(inspect.signature(kpi.function).parameters)
    have = {a.name for a in kpi.args}
    extra = [choice(o) for o in kpi.options if o in order and o not in have]
    if not extra:
        return kpi
    args = sorted((*kpi.args, *extra), key=lambda a: order.index(a.name))
    return replace(kpi, args=tuple(args))


def rng(name: str, data: str, doc: str) -> Arg:
    """A range argument: one value per row."""
    return Arg(name, "range", data, doc)


def total(name: str, data: str, doc: str) -> Arg:
    """A number or a range that is summed (required)."""
    return Arg(name, "total", data, doc + " (a number or a range that is summed).")


def one(name: str, data: str, doc: str, within: str = "") -> Arg:
    """A single value (``within``: the interval it must lie in, see :class:`Arg`)."""
    return Arg(name, "number", data, doc, within)


def choice(name: str, doc: str = "") -> Arg:
    """A text choice; the doc of a definition option comes from its declaration."""
    return Arg(name, "option", "text", doc)


def maybe(name: str, data: str, doc: str) -> Arg:
    """An optional range."""
    return Arg(name, "optional", data, doc)
