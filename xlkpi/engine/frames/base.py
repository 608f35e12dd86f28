"""Shared machinery of the per-period KPI families: the computation context and helpers.

A family module (:mod:`~xlkpi.engine.frames.orders`, ``web``, ...) registers, with
:func:`report_kpi`, one function ``fn(ctx) -> values`` per catalogue id; what it reads is
declared in the catalogue entry (``needs``, ``optional``, ``needs_when``), nowhere else.
``values`` is a float array with one value per report period (the total, segment ``""``) or a dict
``segment -> array``. NaN means "not defined".
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from xlkpi.data.contract import PRIMARY_DATE, SECONDARY_DATES
from xlkpi.data.model import RawData, Settings
from xlkpi.engine.kpi_periods import NO_PERIOD, Period, ordinals
from xlkpi.engine.registry import registrar
from xlkpi.errors import KpiInputError
from xlkpi.kpi._arrays import ratios
from xlkpi.kpi.catalogue import by_id
from xlkpi.text import fold

Values = np.ndarray | dict[str, np.ndarray]


ReportFn = Callable[["Ctx"], Values]


class NotAvailable(Exception):
    """Raised by a KPI function when the KPI cannot honestly be computed at this grain
    (e.g. a monthly flow at weekly grain); the message is the reason the report shows."""


# Catalogue id -> its per-period function (filled by the @report_kpi decorators).
REPORT_FUNCTIONS: dict[str, ReportFn] = {}


def report_kpi(kpi_id: str) -> Callable[[ReportFn], ReportFn]:
    """Register the decorated function as the per-period computation of ``kpi_id``.

    The id must be a catalogue id (``XlkpiError`` otherwise) and is registered once.
    """
    by_id(kpi_id)
    return registrar(REPORT_FUNCTIONS, "report KPI")(kpi_id)


def rows_function(kpi) -> ReportFn | None:
    """The generic per-period computation of a catalogue KPI that declares ``rows``:
    its scalar function applied to the rows of each period (``None`` without ``rows``).

    One call per period (not per row): the rows are sorted by period once and sliced.
    A period whose rows the function rejects (``KpiInputError``) is NaN.
    """
    if kpi.rows is None or kpi.function is None:
        return None
    table, columns = kpi.rows

    def compute(ctx: Ctx) -> np.ndarray:
        # the KPI's definition options, as the Settings chose them
        chosen = {o.argument: getattr(ctx.settings, o.setting) for o in kpi.option_decls
                  if o.argument}  # fmt: skip
        frame = ctx.frame(table)
        pos = ctx.rows_pos(table)
        order = np.argsort(pos, kind="stable")
        bounds = np.searchsorted(pos[order], np.arange(ctx.n + 1))
        cols = [frame[c].to_numpy()[order] for c in columns]
        out = np.full(ctx.n, np.nan)
        for i in range(ctx.n):
            lo, hi = bounds[i], bounds[i + 1]
            try:
                out[i] = as_float(kpi.function(*(c[lo:hi] for c in cols), **chosen))
            except KpiInputError:
                continue
        return out

    return compute


class Ctx:
    """Raw tables cut at ``as_of`` with every row placed in a report period."""

    def __init__(
        self,
        raw: RawData,
        settings: Settings,
        kind: str,
        frames: dict[str, pd.DataFrame],
        periods: list[Period],
        first_ordinal: int,
    ) -> None:
        self.raw = raw
        self.settings = settings
        self.kind = kind
        self.frames = frames
        self.periods = periods
        self.n = len(periods)
        self.first_ordinal = first_ordinal
        self._memo: dict[str, object] = {}

    def with_settings(self, settings: Settings, *, keep: tuple[str, ...] = ()) -> Ctx:
        """The same rows under other definition options: a new context sharing the frames
        and the memoised intermediates whose key starts with one of ``keep`` (those no
        option changes), so only what an option affects is computed again."""
        other = Ctx(self.raw, settings, self.kind, self.frames, self.periods, self.first_ordinal)
        other._memo = {k: v for k, v in self._memo.items() if k.startswith(keep)}
        return other

    def has(self, table: str, *columns: str) -> bool:
        frame = self.frames.get(table)
        return frame is not None and all(c in frame.columns for c in columns)

    def frame(self, table: str) -> pd.DataFrame:
        return self.frames[table]

    def memo(self, key: str, make: Callable[[], object]):
        """Compute an intermediate once per report (several KPIs share it)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def pos(self, dates) -> np.ndarray:
        """Period position (0..n-1) of each date; -1 when blank or outside the report periods."""
        ords = ordinals(dates, self.kind)
        out = ords - self.first_ordinal
        out[(ords == NO_PERIOD) | (out < 0) | (out >= self.n)] = -1
        return out.astype(np.intp)  # an index: 32-bit in Pyodide, where np.bincount needs it

    def rows_pos(self, table: str) -> np.ndarray:
        """Period position of every row of ``table`` by its primary date."""
        return self.memo(f"pos:{table}", lambda: self.pos(self.frames[table][PRIMARY_DATE[table]]))

    def count(self, pos: np.ndarray, weights=None) -> np.ndarray:
        """Per-period count (or sum of ``weights``) of rows at positions ``pos``."""
        keep = pos >= 0
        w = None if weights is None else np.asarray(weights, dtype=float)[keep]
        return np.bincount(pos[keep], weights=w, minlength=self.n).astype(float)[: self.n]

    def coverage(self, tables) -> np.ndarray:
        """Periods inside the dated range of every table in ``tables`` (elsewhere a 0 would
        be a lie: no data is not zero)."""
        inside = np.ones(self.n, dtype=bool)
        index = np.arange(self.n)
        for table in tables:
            if table not in PRIMARY_DATE or not self.has(table, PRIMARY_DATE[table]):
                continue
            pos = self.memo(f"dated:{table}", lambda t=table: self._dated(t))
            if len(pos) == 0:
                inside[:] = False
            else:
                inside &= (index >= pos.min()) & (index <= pos.max())
        return inside

    def _dated(self, table: str) -> np.ndarray:
        """Period positions of every date of ``table`` (primary and secondary dates).

        A row that stands for a whole month (every Subscriptions row; Spend rows when they
        are spread over the days of their month, see ``spread_monthly``) covers the month
        from its first day up to its last day (or the as-of date).
        """
        frame = self.frames[table]
        parts = [self.rows_pos(table)]
        parts += [self.pos(frame[c]) for c in SECONDARY_DATES.get(table, ()) if c in frame]
        if table in month_rows(self.frames, self.kind):
            dates = frame[PRIMARY_DATE[table]]
            parts.append(self.pos(self._month_ends(dates)))
            parts.append(self.pos(pd.Series(month_starts(dates))))
        pos = np.concatenate(parts)
        return pos[pos >= 0]

    def _month_ends(self, dates: pd.Series) -> np.ndarray:
        return month_ends(dates, self.settings.as_of)

    @property
    def spread_monthly(self) -> bool:
        """True at weekly grain when every Spend row is dated the 1st of a month: each row
        is then a month's cost, spread evenly over the days of that month."""

        return self.memo("spend:monthly", lambda: spreads_monthly(self.frames, self.kind))

    @property
    def ends(self) -> np.ndarray:
        """Exclusive upper bound (the day after the last day) of each period."""
        return np.array([p.stop.to_datetime64() for p in self.periods], dtype="datetime64[ns]")


def month_starts(dates) -> np.ndarray:
    """The first day of each date's month."""
    months = pd.Series(dates).to_numpy(dtype="datetime64[ns]").astype("datetime64[M]")
    return months.astype("datetime64[ns]")


def month_ends(dates, as_of=None) -> np.ndarray:
    """The last day of each date's month, but not after ``as_of``."""
    months = pd.Series(dates).to_numpy(dtype="datetime64[ns]").astype("datetime64[M]")
    last = (months + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    last = last.astype("datetime64[ns]")
    if as_of is not None:
        last = np.minimum(last, pd.Timestamp(as_of).to_datetime64())
    return last


def spreads_monthly(frames: dict[str, pd.DataFrame], kind: str) -> bool:
    """Weekly grain over Spend rows booked monthly (:func:`books_monthly`)."""
    return kind == "week" and books_monthly(frames)


def books_monthly(frames: dict[str, pd.DataFrame]) -> bool:
    """Spend rows are monthly costs: all dated the 1st of a month, or (any day) at most
    one row per channel and category in each calendar month, over two months or more."""
    spend = frames.get("spend")
    if spend is None or "date" not in spend.columns:
        return False
    dates = spend["date"]
    known = dates.notna().to_numpy()
    if not known.any():
        return False
    if bool((dates[known].dt.day == 1).all()):
        return True
    month = dates[known].dt.to_period("M")
    if month.nunique() < 2:
        return False
    keys = [month] + [spend[c][known] for c in ("channel", "category") if c in spend.columns]
    return not pd.DataFrame({i: k.to_numpy() for i, k in enumerate(keys)}).duplicated().any()


def month_rows(frames: dict[str, pd.DataFrame], kind: str) -> dict[str, str]:
    """Tables whose rows each stand for a whole month at this grain -> their date column."""
    out = {"subscriptions": PRIMARY_DATE["subscriptions"]}
    if spreads_monthly(frames, kind):
        out["spend"] = PRIMARY_DATE["spend"]
    return out


def flag(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A boolean column as a NumPy bool array (blank = False); all False if absent."""
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return frame[column].fillna(False).to_numpy(dtype=bool)


def numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A number column as float64 with NaN where blank."""
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


def keys(series: pd.Series, *, lower: bool = True) -> tuple[np.ndarray, list[str]]:
    """Factorise a text column: integer codes (-1 for blank) and the cleaned label of each code.

    Labels are stripped (and case-folded when ``lower``); spellings that clean to the same
    label share one code. Works per distinct value, so it is fast on a million rows.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    cleaned = [_clean(u, lower) for u in uniques]
    labels = sorted({c for c in cleaned if c})
    index = {label: i for i, label in enumerate(labels)}
    remap = np.array([index.get(c, -1) for c in cleaned] + [-1], dtype=np.intp)
    return remap[codes], labels


def ids(series: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes of an id column (-1 for blank) and the number of distinct ids."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes.astype(np.intp, copy=False), len(uniques)


def subset_ids(codes: np.ndarray, uniques, mask: np.ndarray) -> tuple[np.ndarray, object]:
    """``pd.factorize(series[mask])`` from ``codes, uniques = pd.factorize(series)``: the
    same codes (-1 for blank, the others in order of first appearance) and distinct ids,
    from the integer codes (a third of the time of factorising a million strings again)."""
    sub = codes[mask]
    valid = sub >= 0
    inner, first = pd.factorize(sub[valid])
    out = np.full(len(sub), -1, dtype=np.intp)
    out[valid] = inner
    return out, uniques[first]


def _clean(value, lower: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip()
    return fold(text) if lower else text


def per_period(fn: Callable, *arrays, **options) -> np.ndarray:
    """Call a scalar KPI function once per period on the per-period inputs.

    ``None`` (not defined) becomes NaN, so a zero denominator never shows as 0; a period
    where an input is NaN (no data) is NaN without calling ``fn``. An option given as an
    array is per period too. Inputs the function rejects (inconsistent raw data, already
    listed on the data-quality sheet by the reader) give NaN for that period.
    """
    n = len(arrays[0])
    out = np.full(n, np.nan)
    for i in range(n):
        args = [float(a[i]) for a in arrays]
        kwargs = {k: float(v[i]) if isinstance(v, np.ndarray) else v for k, v in options.items()}
        given = args + [v for v in kwargs.values() if isinstance(v, float)]
        if any(math.isnan(x) for x in given):
            continue
        try:
            out[i] = as_float(fn(*args, **kwargs))
        except KpiInputError:
            continue
    return out


def as_float(value) -> float:
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


# Element-wise numerator / denominator, NaN where it is 0: the kpi layer's definition.
ratio = ratios


def by_segment(
    ctx: Ctx, pos: np.ndarray, codes: np.ndarray, labels: list[str], weights=None
) -> np.ndarray:
    """A (segments x periods) matrix of counts (or weight sums) of rows by code and period."""
    keep = (pos >= 0) & (codes >= 0)
    flat = codes[keep] * ctx.n + pos[keep]
    w = None if weights is None else np.asarray(weights, dtype=float)[keep]
    size = len(labels) * ctx.n
    return np.bincount(flat, weights=w, minlength=size)[:size].reshape(len(labels), ctx.n)
