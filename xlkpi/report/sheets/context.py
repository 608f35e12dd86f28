"""What every sheet module reads: the raw data, the computed KPIs, KPI metadata, layout."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from xlkpi.kpi.catalogue import Kpi, by_id
from xlkpi.report import styles
from xlkpi.report.formulas import LiveScope, RawRef, live_fallback, live_formula
from xlkpi.report.spelling import source_spellings, spelt
from xlkpi.report.workbook import Formula
from xlkpi.text import fold


def kpi_info(kpi: str) -> Kpi:
    """Title, unit, direction, group and definition of a KPI id: its catalogue entry.

    Every id a sheet shows is a catalogue id (KPI Data holds report KPIs only), so an
    unknown id is a bug and raises ``XlkpiError``.
    """
    return by_id(kpi)


@dataclass
class ReportContext:
    """The inputs of every sheet module."""

    raw: object  # RawData
    result: object  # KpiResult
    embed: bool  # raw sheets (and so live formulas) are in the workbook
    refs: dict[str, RawRef] = field(default_factory=dict)
    raw_rows: int = 0  # total raw rows (for the "not embedded" note)
    raw_note: str = ""  # why the raw data is not embedded, when not for its size
    _index: dict = field(default_factory=dict, repr=False)
    _trials: dict = field(default_factory=dict, repr=False)  # (kpi, segment) -> {period: n}
    _infos: dict = field(default_factory=dict, repr=False)  # kpi -> catalogue Kpi, looked up once
    _fmts: dict = field(default_factory=dict, repr=False)  # kpi or unit -> number format
    _spellings: dict = field(default_factory=dict, repr=False)  # kind -> {key: spelling}
    _cased: set | None = field(default=None, repr=False)  # keys KPI Data holds in two cases

    def __post_init__(self) -> None:
        table = self.result.table
        index: dict[tuple[str, str], dict[str, float]] = {}
        if len(table):
            for period, kpi, seg, value in zip(
                table["period"].astype(str),
                table["kpi"].astype(str),
                table["segment"].fillna("").astype(str),
                table["value"],
                strict=True,
            ):
                index.setdefault((kpi, seg), {})[period] = float(value)
        self._index = index
        trials = getattr(self.result, "trials", None)
        if trials is not None and len(table):
            for period, kpi, seg, n in zip(
                table["period"].astype(str),
                table["kpi"].astype(str),
                table["segment"].fillna("").astype(str),
                trials,
                strict=True,
            ):
                if n == n:  # not NaN
                    self._trials.setdefault((kpi, seg), {})[period] = float(n)

    # ----------------------------------------------------------------- tables not copied
    @property
    def oversized(self) -> dict[str, int]:
        """Table -> rows of each table larger than an Excel sheet, not copied into the
        report (its KPIs computed by the engine where the data is: xlkpi.sources.big)."""
        where = getattr(self.raw, "where", None)
        return dict(where.oversized) if where is not None else {}

    def copied(self, kpi: str) -> bool:
        """Whether every table ``kpi`` reads is in the report (none is too large)."""
        over = self.oversized
        return not over or not set(self.info(kpi).tables) & set(over)

    # ----------------------------------------------------------------- periods
    @property
    def periods(self) -> list:
        return list(self.result.periods)

    @property
    def labels(self) -> list[str]:
        return [p.label for p in self.result.periods]

    @property
    def latest(self):
        return self.result.periods[-1] if self.result.periods else None

    @property
    def previous(self):
        return self.result.periods[-2] if len(self.result.periods) > 1 else None

    @property
    def currency(self) -> str:
        return getattr(self.result.settings, "currency", "USD") or "USD"

    @property
    def as_of(self) -> pd.Timestamp | None:
        return getattr(self.result.settings, "as_of", None)

    # ----------------------------------------------------------------- values
    def pairs(self) -> list[tuple[str, str]]:
        """(kpi, segment) pairs present in KPI Data, in table order."""
        return list(self._index)

    def has(self, kpi: str, segment: str = "") -> bool:
        return (kpi, segment) in self._index

    def segments(self, kpi: str) -> list[str]:
        return [s for k, s in self._index if k == kpi and s != ""]

    def shown(self, segment: str, kind: str) -> str:
        """A ``kind`` of segment key ("channel": a catalogue ``Kpi.segment``) as a reader
        reads it: the source's spelling (:mod:`xlkpi.report.spelling`); matching stays on
        the key."""
        if not segment or segment != fold(segment) or segment in self._two_cases():
            return segment  # already as the source spells it, or a segment of its own
        if kind not in self._spellings:
            self._spellings[kind] = source_spellings(self.raw, kind)
        return spelt(segment, self._spellings[kind])

    def _two_cases(self) -> set:
        """Case-folded labels KPI Data holds as two segments ("smb" beside "SMB": keys
        matched as typed, as NPS segments are): such a label is shown as it is, never
        respelt into its sibling."""
        if self._cased is None:
            spellings: dict[str, set] = {}
            for _, segment in self._index:
                spellings.setdefault(fold(segment), set()).add(segment)
            self._cased = {key for key, seen in spellings.items() if len(seen) > 1}
        return self._cased

    def value(self, kpi: str, period: str | None, segment: str = "") -> float:
        """The KPI Data value (NaN when absent or undefined)."""
        if period is None:
            return math.nan
        return self._index.get((kpi, segment), {}).get(period, math.nan)

    def trials(self, kpi: str, period: str | None, segment: str = "") -> float:
        """The trial count n behind rate ``kpi`` (NaN when it has none or is undefined)."""
        if period is None:
            return math.nan
        return self._trials.get((kpi, segment), {}).get(period, math.nan)

    def series(self, kpi: str, segment: str = "") -> list[float]:
        """Values per report period, in period order (NaN where missing)."""
        return [self.value(kpi, label, segment) for label in self.labels]

    def info(self, kpi: str) -> Kpi:
        info = self._infos.get(kpi)
        if info is None:
            info = self._infos[kpi] = kpi_info(kpi)
        return info

    def fmt(self, kpi_or_unit: str) -> str:
        fmt = self._fmts.get(kpi_or_unit)
        if fmt is None:
            unit = (
                kpi_or_unit
                if kpi_or_unit in ("rate", "money", "count", "score", "ratio")
                else self.info(kpi_or_unit).unit
            )
            fmt = self._fmts[kpi_or_unit] = styles.number_format(unit, self.currency)
        return fmt

    # ----------------------------------------------------------------- live formulas
    def scope(self, period=None) -> LiveScope | None:
        period = period or self.latest
        if not self.embed or period is None:
            return None
        stop = period.end + pd.Timedelta(days=1)
        if self.as_of is not None:
            stop = min(stop, pd.Timestamp(self.as_of).normalize() + pd.Timedelta(days=1))
        return LiveScope(
            self.refs,
            period.start,
            stop,
            self.result.settings.period,
            self.result.settings,
            spend_spread=bool(getattr(self.result, "spend_spread", False)),
        )

    def live(self, kpi: str, period=None) -> Formula | None:
        """The live formula of ``kpi`` for the latest period (None when not live).

        Its cached value is the KPI Data value, which the formula equals (tests prove it).
        """
        period = period or self.latest
        scope = self.scope(period)
        if scope is None or not self.has(kpi) or not self.copied(kpi):
            return None  # no formula over rows that are not in the workbook
        text = live_formula(kpi, scope)
        return Formula(text, self.value(kpi, period.label)) if text else None

    def fallback(self, kpi: str) -> str | None:
        """The comment of ``kpi``'s latest value where its live formula does not implement
        an option choice in force (the cell then holds the Python value); else None."""
        scope = self.scope()
        return None if scope is None or not self.has(kpi) else live_fallback(kpi, scope)
