"""What an adapter is, and the Ibis helpers adapters share.

An adapter turns one platform's export, as downloaded, into tables of the data contract.
It is an Ibis expression from the export's table (every column as read: text where a
file is read; typed where a warehouse holds it) to each contract table it yields, so
the same transformation runs on a downloaded CSV in an embedded DuckDB
(:mod:`xlkpi.adapters.run`) and, compiled, inside a warehouse on the export itself.

An export's column names are keyed by :func:`column_key` (``Current Period Start (UTC)``
-> ``current_period_start_utc``). Every export row carries ``_row``, its line (or Excel
row) in the source, so a problem in an adapted table still names a line the user can
find; an aggregated row carries the line of its group's first row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir

from xlkpi.sources.cast import _NUMBER as NUMBER

_NON_WORD = re.compile(r"[^a-z0-9]+")
ROW = "_row"


def cell_row(column: str) -> str:
    """The column of an adapted table that holds the export line of ``column``'s cell,
    where a row takes its cells from several lines (an order from its line items): a
    problem in that cell names its own line, not the row's first (``_row_order_date``)."""
    return f"{ROW}_{column}"


#: The columns of an adapter's bad cells (:attr:`Adapter.cells`, :func:`bad_cells`)
CELL_COLUMNS = ("_row", "_table", "_column", "_value", "_message", "_first", "_key", "_rank")


def bad_cells(t: ir.Table, table: str, column: str, mask: ir.BooleanValue, message: str, *,
              rank: int, key: ir.Value, value: ir.Value | None = None,
              first: ir.Value | None = None) -> ir.Table:  # fmt: skip
    """The lines of ``t`` where ``mask`` holds as bad cells of the export column ``column``
    that the contract table ``table`` does not carry into its typing (a later line of an
    order): its line, the cell as written (``value``, else the column's text), the
    ``message`` (``{first!r}``: the value ``first`` it disagrees with), the row's ``key``
    (a warehouse row has no line: the order's Name), and ``rank``, which orders the cells
    of one line. See :func:`xlkpi.adapters.run.cell_problem`."""
    marked = t.mutate(
        _bad=mask.fill_null(False),
        _cell=text(t[column]) if value is None else value.cast("string"),
        _with=ibis.null("string") if first is None else first.cast("string"),
        _by=key.cast("string"),
    )
    rows = marked.filter(marked._bad)
    return rows.select(
        _row=rows[ROW].cast("int64"), _table=ibis.literal(table), _column=ibis.literal(column),
        _value=rows._cell, _message=ibis.literal(message), _first=rows._with, _key=rows._by,
        _rank=ibis.literal(rank, type="int64"),
    )  # fmt: skip


def column_key(header: object) -> str:
    """A header as an adapter names it: lower case, runs of other characters as ``_``.

    >>> column_key("Current Period Start (UTC)"), column_key("Lineitem quantity")
    ('current_period_start_utc', 'lineitem_quantity')
    """
    return _NON_WORD.sub("_", str(header).strip().lower()).strip("_")


@dataclass(frozen=True)
class Adapter:
    """One platform export: how it is recognised and what it becomes.

    ``signature``: column keys that all must be present (the export's own, distinctive
    headers). ``drops(t)``: ``(reason, predicate)`` pairs; a row is dropped for the first
    reason whose predicate holds, and the counts are stated. ``tables(t)``: the contract
    tables from the kept rows, each an Ibis table whose columns are contract column names
    (plus ``_row``). ``notes(t)``: ``(text, count)`` facts about the kept rows that change
    what the numbers mean (partial refunds counted in full, ...), stated when count > 0.
    ``prepare(t)``: an optional first step (header rows to skip, nested fields).
    """

    name: str
    title: str  # "Shopify orders export"
    signature: tuple[str, ...]
    tables: Callable[[ir.Table], dict[str, ir.Table]]
    drops: Callable[[ir.Table], list[tuple[str, ir.BooleanValue]]] = lambda t: []
    notes: Callable[[ir.Table], list[tuple[str, ir.Scalar]]] = lambda t: []
    prepare: Callable[[ir.Table], ir.Table] | None = None
    #: the bad cells of the kept rows that no adapted row carries into the contract's
    #: typing (several bad or disagreeing cells of one order: every one is named), as the
    #: union of :func:`bad_cells`; ``key``: the export column naming a warehouse row
    cells: Callable[[ir.Table], ir.Table] | None = None
    key: str = ""
    yields: tuple[str, ...] = ()  # contract tables, for the docs and the registry
    steps: str = ""  # how to download the export in the platform (the docs)
    optional: tuple[str, ...] = field(default=())  # columns used when present
    # required contract columns an aggregated export cannot give: their KPIs are "not
    # available" rather than computed from made-up values (GA4's session reports)
    unmeasured: tuple[str, ...] = ()
    # contract column -> the export column it comes from (as in ``signature``), so that a
    # problem in the adapted table names the export's own header: "Created at", not
    # "order_date"
    labels: dict[str, str] = field(default_factory=dict)

    def matches(self, keys: set[str]) -> bool:
        return all(has(keys, want) for want in self.signature)


def has(keys, want: str) -> bool:
    """``want`` among ``keys``: exactly, or ``prefix*`` / ``*part`` (a header that carries a
    currency or the question's wording: ``amount_spent_usd``, ``..._would_recommend_...``),
    or one of ``a|b`` (a header the platform has spelt two ways: ``start_utc|start_date_utc``).
    """
    if "|" in want:
        return any(has(keys, w) for w in want.split("|"))
    if want.endswith("*"):
        return any(k.startswith(want[:-1]) for k in keys)
    if want.startswith("*"):
        return any(want[1:] in k for k in keys)
    return want in keys


def pick(t: ir.Table, want: str) -> ir.Value:
    """The column of ``t`` that :func:`has` finds for ``want`` (the first, in file order)."""
    for name in t.columns:
        if has({name}, want):
            return t[name]
    raise KeyError(want)


def maybe(t: ir.Table, want: str, default=None) -> ir.Value:
    """``pick(t, want)``, or a NULL text column when the export lacks it."""
    try:
        return pick(t, want)
    except KeyError:
        return ibis.literal(default, type="string")


def text(col: ir.Value) -> ir.StringValue:
    """A column as trimmed text, NULL where blank."""
    return col.cast("string").strip().nullif("")


_THOUSANDS_COMMA = r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"  # 1,234 and 1,234.50
_DECIMAL_COMMA = r"^-?(\d{1,3}(\.\d{3})+|\d+),\d+$"  # 1.234,50 and 12,5 (a local format)


def number(col: ir.Value) -> ir.FloatingValue:
    """A money/number column from text: ``$1,234.50`` -> 1234.5, and the local formats an
    export writes in a European account (``1.234,50`` or ``1 234,50`` -> 1234.5, ``12,5``
    -> 12.5); NULL when blank or not a number. ``1,234`` is one thousand two hundred and
    thirty-four (a comma before exactly three digits groups thousands)."""
    s = col.cast("string").re_replace("[\\s\u00a0\u202f$€£¥]", "").nullif("")
    local = s.re_replace(r"\.", "").replace(",", ".")
    cleaned = ibis.cases(
        (s.re_search(_THOUSANDS_COMMA), s.replace(",", "")),
        (s.re_search(_DECIMAL_COMMA), local),
        else_=s.replace(",", ""),
    )
    # only a number is cast: PostgreSQL has no TRY_CAST (Ibis writes a CAST that raises)
    return cleaned.re_search(NUMBER).ifelse(cleaned.try_cast("float64"), None)


_GROUPED = r"^-?\d{1,3}([.,]\d{3})+$"  # 20,000 or 20.000: thousands, in a count


def whole(col: ir.Value) -> ir.FloatingValue:
    """A count (impressions, clicks, sessions) from text: a point or a comma before groups
    of three digits separates thousands in any locale (``20.000`` and ``20,000`` are
    20000), as a count has no decimals; else as :func:`number`."""
    s = col.cast("string").re_replace("[\\s\u00a0\u202f]", "").nullif("")
    grouped = s.re_replace("[.,]", "").try_cast("float64")
    return ibis.cases((s.re_search(_GROUPED), grouped), else_=number(col))


def passed(col: ir.Value, parsed: ir.Value | None = None) -> ir.StringValue:
    """A number the adapter read (``parsed``, :func:`number` of ``col`` by default) as
    text, or, when the cell is not one, the cell itself: the contract's typing then names
    the export's cell ("Subtotal row 7: not a number") instead of a row silently dropped
    or counted as 0."""
    parsed = number(col) if parsed is None else parsed
    return ibis.cases((parsed.notnull(), parsed.cast("string")), else_=text(col))


def lower(col: ir.Value) -> ir.StringValue:
    return text(col).lower()


def month_index(ts: ir.TimestampValue) -> ir.IntegerValue:
    """Months since year 0 (``year * 12 + month - 1``): month arithmetic every SQL has."""
    return ts.year() * 12 + ts.month() - 1


def month_start(index: ir.IntegerValue) -> ir.DateValue:
    """The first day of the month :func:`month_index` numbers."""
    return ibis.date(index // 12, index % 12 + 1, 1)


def first_row(t: ir.Table) -> ir.IntegerValue:
    return t[ROW].min()


_US_DATE = r"^(\d{1,2})/(\d{1,2})/(\d{4})"


def us_date(col: ir.Value) -> ir.StringValue:
    """``1/13/2025`` or ``01/13/2025 10:15:00 AM`` (an export that always writes
    month-first) -> ``2025-01-13``; other text is kept as it is."""
    s = text(col)
    iso = (
        s.re_extract(_US_DATE, 3)
        + "-"
        + s.re_extract(_US_DATE, 1).lpad(2, "0")
        + "-"
        + s.re_extract(_US_DATE, 2).lpad(2, "0")
    )
    return ibis.cases((s.re_search(_US_DATE), iso), else_=s)
