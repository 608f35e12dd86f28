"""Excel formulas of the report: references into the embedded raw sheets, period criteria,
the live headline KPIs, and a checker that every function used is one Excel knows.

Formulas only use functions that Excel 2007+ and LibreOffice 7.4 both compute
(COUNTIFS, SUMIFS, SUMPRODUCT, IF, NA, ...). Every division is guarded:
``IF(den=0,NA(),num/den)`` gives an intended ``#N/A`` where a KPI is undefined.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.formula import Tokenizer
from openpyxl.utils import get_column_letter
from openpyxl.utils.formulas import FORMULAE

from xlkpi.kpi.catalogue import by_id, report_kpis
from xlkpi.kpi.options import BOUNCE_DEFINITION, ENGAGED_SECONDS, REFUND_BASIS, Option
from xlkpi.report.declared import ANY, Declared, fallback_note, setting


def quote_sheet(title: str) -> str:
    """A sheet name as it must appear in a formula.

    >>> quote_sheet("NPS data")
    "'NPS data'"
    """
    return "'" + title.replace("'", "''") + "'"


@dataclass
class RawRef:
    """Where one raw table sits in the report: sheet, column letters, data rows."""

    table: str  # canonical table name ("orders")
    sheet: str  # report sheet title ("Orders data")
    columns: dict[str, int] = field(default_factory=dict)  # column name -> 1-based index
    rows: int = 0  # data rows (header is row 1, data from row 2)

    @property
    def last_row(self) -> int:
        return max(2, self.rows + 1)

    def has(self, *columns: str) -> bool:
        return all(c in self.columns for c in columns)

    def rng(self, column: str) -> str:
        """Absolute range of a column's data cells.

        >>> RawRef("nps", "NPS data", {"score": 2}, rows=5000).rng("score")
        "'NPS data'!$B$2:$B$5001"
        """
        letter = get_column_letter(self.columns[column])
        return f"{quote_sheet(self.sheet)}!${letter}$2:${letter}${self.last_row}"


def excel_date(ts: pd.Timestamp) -> str:
    """``DATE(y,m,d)`` for a timestamp (its time of day is dropped).

    >>> excel_date(pd.Timestamp("2026-03-01"))
    'DATE(2026,3,1)'
    """
    return f"DATE({ts.year},{ts.month},{ts.day})"


def within(rng: str, start: pd.Timestamp, stop: pd.Timestamp) -> str:
    """COUNTIFS/SUMIFS criteria pairs: ``start <= date < stop``."""
    return f'{rng},">="&{excel_date(start)},{rng},"<"&{excel_date(stop)}'


def guard_div(num: str, den: str) -> str:
    """``IF(den=0,NA(),num/den)``: ``#N/A`` instead of a silent 0 or ``#DIV/0!``.

    >>> guard_div("B6", "B9")
    'IF((B9)=0,NA(),(B6)/(B9))'
    """
    return f"IF(({den})=0,NA(),({num})/({den}))"


def function_names(formula: str) -> list[str]:
    """Names of the functions a formula calls.

    >>> function_names('=IF(B9=0,NA(),SUMIFS(A:A,B:B,">="&DATE(2026,1,1)))')
    ['IF', 'NA', 'SUMIFS', 'DATE']
    """
    tokens = Tokenizer(formula).items
    return [t.value[:-1] for t in tokens if t.type == "FUNC" and t.subtype == "OPEN"]


def unknown_functions(formula: str) -> list[str]:
    """Functions of ``formula`` that are neither in openpyxl's list nor ``_xlfn.``-prefixed."""
    return [
        n
        for n in function_names(formula)
        if n.upper() not in FORMULAE and not n.startswith("_xlfn.")
    ]


# ---------------------------------------------------------------- live headline KPIs


@dataclass
class LiveScope:
    """Everything a live formula needs: raw references, the period window, settings."""

    refs: dict[str, RawRef]
    start: pd.Timestamp
    stop: pd.Timestamp  # exclusive
    kind: str = "month"
    settings: object = None
    spend_spread: bool = False  # Spend rows spread over days (weekly grain): no live formula

    @property
    def as_of(self) -> pd.Timestamp | None:
        as_of = getattr(self.settings, "as_of", None)
        return None if as_of is None else pd.Timestamp(as_of).normalize()

    def ref(self, table: str, *columns: str) -> RawRef | None:
        r = self.refs.get(table)
        return r if r is not None and r.has(*columns) else None

    def when(self, table: str, date_column: str) -> str:
        if table == "subscriptions":  # a month label: rows whose month overlaps the period
            start, stop = month_window(self.start, self.stop)
            return within(self.refs[table].rng(date_column), start, stop)
        return within(self.refs[table].rng(date_column), self.start, self.stop)


def month_window(start: pd.Timestamp, stop: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """From the first of ``start``'s month to the first of the month after ``stop - 1 day``.

    >>> window = month_window(pd.Timestamp("2026-03-30"), pd.Timestamp("2026-04-06"))
    >>> [str(d.date()) for d in window]
    ['2026-03-01', '2026-05-01']
    """
    last = stop - pd.Timedelta(days=1)
    return start.replace(day=1), (last.replace(day=1) + pd.DateOffset(months=1))


@dataclass(frozen=True)
class Live:
    """A live formula of one KPI and the option choices it implements (see
    :mod:`xlkpi.report.declared`): ``build(scope)`` is its body, None without the data."""

    build: Callable[[LiveScope], str | None]
    declared: Declared = field(default_factory=Declared)


def by_choice(option: Option, builds: dict[str, Callable[[LiveScope], str | None]], also=None):
    """A live formula with one body per choice of ``option``: it implements those choices
    (and ``also``: further option -> choices it implements)."""
    declared = Declared({option: tuple(builds), **(also or {})})
    return Live(lambda s: builds[setting(s.settings, option)](s), declared)


def _orders_completed(scope: LiveScope, fn: str, value_col: str | None) -> str | None:
    r = scope.ref("orders", "order_date")
    if r is None:
        return None
    when = scope.when("orders", "order_date")
    head = f"{fn}({r.rng(value_col)}," if value_col else f"{fn}("
    if not r.has("status"):
        return f"{head}{when})"
    status = r.rng("status")
    return f'({head}{when},{status},"paid")+{head}{when},{status},""))'


def _revenue(s):
    return _orders_completed(s, "SUMIFS", "revenue") if s.ref("orders", "revenue") else None


def _orders(s):
    return _orders_completed(s, "COUNTIFS", None)


def _profit(s):
    if s.ref("orders", "revenue", "cost") is None:
        return None
    return f"{_revenue(s)}-{_orders_completed(s, 'SUMIFS', 'cost')}"


def _aov(s):
    rev, n = _revenue(s), _orders(s)
    return guard_div(rev, n) if rev and n else None


def _status_rate(status: str) -> Live:
    """Orders with ``status`` / all orders; by revenue (blank = 0) under the value basis."""

    def count(s):
        r = s.ref("orders", "order_date", "status")
        if r is None:
            return None
        when = s.when("orders", "order_date")
        return guard_div(f'COUNTIFS({when},{r.rng("status")},"{status}")', f"COUNTIFS({when})")

    def value(s):
        r = s.ref("orders", "order_date", "status", "revenue")
        if r is None:
            return None
        when, rev = s.when("orders", "order_date"), r.rng("revenue")
        hit = f'SUMIFS({rev},{when},{r.rng("status")},"{status}")'
        return guard_div(hit, f"SUMIFS({rev},{when})")

    return by_choice(REFUND_BASIS, {REFUND_BASIS.COUNT: count, REFUND_BASIS.VALUE: value})


def _sessions(s):
    return (
        f"COUNTIFS({s.when('sessions', 'session_date')})"
        if s.ref("sessions", "session_date")
        else None
    )


def _session_share(column: str, criterion: str):
    def build(s):
        r = s.ref("sessions", "session_date", column)
        if r is None:
            return None
        when = s.when("sessions", "session_date")
        return guard_div(f"COUNTIFS({when},{r.rng(column)},{criterion})", f"COUNTIFS({when})")

    return build


def _ga4_bounce(s):
    """1 - engaged sessions / sessions; engaged: longer than the engaged seconds (a blank
    duration is 0 s), or >= 2 page views, or a conversion (``engaged_sessions``)."""
    r = s.ref("sessions", "session_date", "pageviews", "duration_seconds")
    if r is None:
        return None
    seconds = setting(s.settings, ENGAGED_SECONDS)
    engaged = f"({r.rng('duration_seconds')}>{seconds:.16g})+({r.rng('pageviews')}>=2)"
    if r.has("converted"):
        engaged += f"+({r.rng('converted')}=TRUE())"
    date = r.rng("session_date")
    inside = f"({date}>={excel_date(s.start)})*({date}<{excel_date(s.stop)})"
    n = f"COUNTIFS({s.when('sessions', 'session_date')})"
    return f"IF({n}=0,NA(),1-SUMPRODUCT({inside}*(({engaged})>0))/{n})"


_BOUNCE = by_choice(
    BOUNCE_DEFINITION,
    {
        BOUNCE_DEFINITION.SINGLE_PAGE: _session_share("pageviews", "1"),
        BOUNCE_DEFINITION.GA4: _ga4_bounce,
    },
    also={ENGAGED_SECONDS: ANY},  # the timer enters the ga4 formula as a number
)


def _count(table: str, date_column: str):
    def build(s):
        return f"COUNTIFS({s.when(table, date_column)})" if s.ref(table, date_column) else None

    return build


def _mrr(s):
    """MRR of the month holding the period's last day (or the as-of date): a level, at
    every grain. Not defined when no Subscriptions month up to the as-of month reaches it,
    or when it is before the first month (as in Python)."""
    r = s.ref("subscriptions", "month", "mrr")
    if r is None:
        return None
    month = r.rng("month")
    first, after = month_window(s.stop - pd.Timedelta(days=1), s.stop)
    cut = month_window(s.as_of, s.as_of + pd.Timedelta(days=1))[1] if s.as_of else after
    inside = (
        f'AND(COUNTIFS({month},">="&{excel_date(first)},{month},"<"&{excel_date(cut)})>0,'
        f'COUNTIFS({month},"<"&{excel_date(after)})>0)'
    )
    return f"IF({inside},SUMIFS({r.rng('mrr')},{within(month, first, after)}),NA())"


def _arr(s):
    m = _mrr(s)
    return f"12*{m}" if m else None


def _marketing_pct(s):
    r = s.ref("spend", "date", "category", "amount")
    if r is None or s.spend_spread:
        return None
    when, amt, cat = s.when("spend", "date"), r.rng("amount"), r.rng("category")
    mkt = f'SUMIFS({amt},{when},{cat},"marketing")'
    return guard_div(mkt, f'{mkt}+SUMIFS({amt},{when},{cat},"sales")')


# KPI id -> its live formula. A plain builder implements no option choice but the defaults
# (Declared()); a Live declares what else it implements.
LIVE: dict[str, Live] = {
    kpi: entry if isinstance(entry, Live) else Live(entry)
    for kpi, entry in {
        "revenue": _revenue,
        "profit": _profit,
        "orders": _orders,
        "aov": _aov,
        "refund_rate": _status_rate("refunded"),
        "return_rate": _status_rate("returned"),
        "sessions": _sessions,
        "bounce_rate": _BOUNCE,
        "conversion_rate": _session_share("converted", "TRUE"),
        "micro_conversion_rate": _session_share("micro_converted", "TRUE"),
        "leads": _count("leads", "created_date"),
        "mqls": _count("leads", "mql_date"),
        "sqls": _count("leads", "sql_date"),
        "won": _count("leads", "won_date"),
        "new_customers": _count("customers", "acquired_date"),
        "mrr": _mrr,
        "arr": _arr,
        "marketing_pct_of_cac": _marketing_pct,
    }.items()
}


# Dates that place a row of each table in time (compute's coverage rule uses all of them).
DATED = {
    "orders": ("order_date",),
    "customers": ("acquired_date", "churned_date"),
    "sessions": ("session_date",),
    "leads": ("created_date", "mql_date", "sql_date", "won_date"),
    "spend": ("date",),
    "nps": ("response_date",),
    "subscriptions": ("month",),
}


def covered(scope: LiveScope, tables) -> str | None:
    """Condition "each table has a dated row in the period" (None: nothing to check).

    KPI Data leaves a period outside a table's dated range undefined (no data is not
    zero). For the latest period, which ends at the as-of date, that is the case exactly
    when none of the table's dates falls inside the period.
    """
    parts = []
    for table in dict.fromkeys(tables):
        ref = scope.refs.get(table)
        if ref is None:
            continue
        counts = [f"COUNTIFS({scope.when(table, c)})" for c in DATED.get(table, ()) if ref.has(c)]
        if counts:
            parts.append("+".join(counts) + ">0")
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else f"AND({','.join(parts)})"


def _tables(kpi: str) -> tuple[str, ...]:
    return by_id(kpi).tables  # what the KPI reads, as its catalogue entry declares


def live_kpis() -> tuple[str, ...]:
    """The catalogue report KPIs that have a live formula, in catalogue order (tests check
    that ``LIVE`` names catalogue report KPIs only)."""
    return tuple(k.id for k in report_kpis() if k.id in LIVE)


def live_formula(kpi: str, scope: LiveScope) -> str | None:
    """``=formula`` computing ``kpi`` for the scope's period (the latest) from the raw
    sheets, ``#N/A`` where KPI Data has no value for it; None when ``kpi`` is not live,
    also when its formula does not implement an option choice in force."""
    live = LIVE.get(kpi)
    if live is None or live.declared.unsupported([kpi], scope.settings):
        return None
    body = live.build(scope)
    if not body:
        return None
    cover = covered(scope, _tables(kpi))
    return f"=IF({cover},{body},NA())" if cover else f"={body}"


def live_fallback(kpi: str, scope: LiveScope) -> str | None:
    """The cell comment of ``kpi`` written as its Python value because its live formula does
    not implement an option choice in force (None: live, or no formula for other reasons)."""
    live = LIVE.get(kpi)
    if live is None or not all(t in scope.refs for t in _tables(kpi)):
        return None
    missing = live.declared.unsupported([kpi], scope.settings)
    return fallback_note(missing) if missing else None
