"""Shared helpers of the engine tests: the NumPy and engine KPI Data of one raw data set,
and a hypothesis strategy for raw data of every contract table."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from xlkpi.data.contract import TABLES
from xlkpi.data.model import RawData, Table
from xlkpi.engine import covered, kpi_data, tables_from_raw
from xlkpi.engine.compute import compute_kpis
from xlkpi.kpi.options import OPTIONS, by_name


def affected(options: dict | None) -> list[str] | None:
    """The engine KPIs the options change (None: every one)."""
    if not options:
        return None
    return [k for k in covered() if any(k in by_name(o).kpis for o in options)]


def numpy_table(raw: RawData, kind: str, options: dict | None = None) -> pd.DataFrame:
    """KPI Data of the NumPy path under ``options``, restricted to the engine's KPIs (those
    the options change, when given)."""
    values = {by_name(k).setting: v for k, v in (options or {}).items()}
    raw = dataclasses.replace(raw, settings=dataclasses.replace(raw.settings, **values))
    table = compute_kpis(raw, period=kind, engine=False).table
    return table[table.kpi.isin(affected(options) or covered())].reset_index(drop=True)


def settings_options(settings) -> dict:
    """The option choices (and CLV years) a Settings holds, as engine ``options``."""
    out = {o.name: getattr(settings, o.setting) for o in OPTIONS}
    out["clv_years"] = settings.clv_years
    return out


def engine_table(raw: RawData, kind: str, options: dict | None = None) -> pd.DataFrame:
    from xlkpi.engine.run import kpi_data as run

    merged = {**settings_options(raw.settings), **(options or {})}
    tables = tables_from_raw(raw)
    if not options:
        return kpi_data(tables, period=kind, as_of=raw.settings.as_of, options=merged)
    return run(tables, period=kind, as_of=raw.settings.as_of, options=merged,
               kpis=affected(options))  # fmt: skip


def assert_same(want: pd.DataFrame, got: pd.DataFrame) -> None:
    """Same rows in the same order, values equal to 1e-9 relative, NaN where NaN."""
    keys = ["period", "kpi", "segment"]
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want), set(map(tuple, want[keys].to_numpy())) ^ set(
        map(tuple, got[keys].to_numpy())
    )
    for column in keys:
        assert got[column].tolist() == want[column].tolist(), column
        assert got[column].dtype == want[column].dtype or not len(want), column
    a, b = want.value.to_numpy(dtype=float), got.value.to_numpy(dtype=float)
    same = np.isclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True)
    bad = want[~same].assign(engine=b[~same])
    assert same.all(), f"engine differs from NumPy:\n{bad.head(20).to_string()}"


# --- hypothesis raw data ------------------------------------------------------------------
# Every key column draws spellings of one key that differ in case or padding ("Email",
# "email", " Ads "), Unicode padding (NBSP, U+3000, U+2003, tabs) and case folds SQL's
# LOWER does not make ("Straße" = "STRASSE", "ﬁsh" = "FISH", "İ"): the engine must match
# and label them as the NumPy path does (xlkpi.text.fold, xlkpi.engine.keys).

START = pd.Timestamp("2025-11-20")
DAYS = 200


def _dates(draw, n, blank=False):
    days = draw(st.lists(st.integers(0, DAYS), min_size=n, max_size=n))
    hours = draw(st.lists(st.sampled_from([0, 0, 0, 13]), min_size=n, max_size=n))
    out = [START + pd.Timedelta(days=d, hours=h) for d, h in zip(days, hours, strict=True)]
    if blank:
        gone = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        out = [None if g else d for d, g in zip(out, gone, strict=True)]
    return pd.to_datetime(pd.Series(out, dtype="datetime64[ns]"))


def _text(draw, n, values, blank=True):
    pool = [*values, None] if blank else list(values)
    return pd.array(draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n)), dtype="str")


def _numbers(draw, n, low, high, blank=False, whole=False):
    base = (
        st.integers(low, high)
        if whole
        else st.integers(low * 100, high * 100).map(lambda v: v / 100)
    )
    item = st.one_of(st.none(), base) if blank else base
    values = draw(st.lists(item, min_size=n, max_size=n))
    return pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")


def _bools(draw, n):
    return np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)


IDS = ["c1", "c2", "c3", "c4", "c5", "c6"]


def _orders(draw):
    n = draw(st.integers(1, 25))
    return pd.DataFrame({
        "order_id": pd.array([f"o{i}" for i in range(n)], dtype="str"),
        "order_date": _dates(draw, n),
        "customer_id": _text(draw, n, IDS),
        "revenue": _numbers(draw, n, 0, 500),
        "cost": _numbers(draw, n, 0, 300, blank=True),
        "status": _text(draw, n, ["paid", "refunded", "Returned ", "cancelled", " Paid ",
                                   "\u00a0PAID\u3000", "Refunded\t"]),
        "channel": _text(draw, n, ["ads", "seo", "email", " Ads", "Straße", "STRASSE\u2003",
                                   "ﬁsh"]),
        "device": _text(draw, n, ["desktop", "mobile", "Mobile ", "\u00a0TABLET"]),
    })  # fmt: skip


def _customers(draw):
    n = draw(st.integers(1, 12))
    acquired = _dates(draw, n)
    churn = _dates(draw, n, blank=True)
    churn = churn.where(churn.isna() | (churn >= acquired), acquired)
    return pd.DataFrame({
        "customer_id": pd.array([f"c{i}" for i in range(n)], dtype="str"),
        "acquired_date": acquired,
        "acquisition_channel": _text(draw, n, ["ads", "seo", "Email", "EMAIL ", " Seo",
                                               "strasse", "FISH\u00a0"]),
        "marketing_originated": _bools(draw, n),
        "churned_date": churn,
    })  # fmt: skip


def _sessions(draw):
    n = draw(st.integers(1, 25))
    return pd.DataFrame({
        "session_date": _dates(draw, n),
        "visitor_id": _text(draw, n, ["v1", "v2", "v3", "v4"]),
        "pageviews": _numbers(draw, n, 1, 5, whole=True),
        "device": _text(draw, n, ["desktop", "mobile", "Tablet "]),
        "source": _text(draw, n, ["google", "Google", "newsletter", "İstanbul\u3000",
                                   "i\u0307stanbul", "ISTANBUL"]),
        "converted": _bools(draw, n),
        "micro_converted": _bools(draw, n),
        "email_optin": _bools(draw, n),
        "duration_seconds": _numbers(draw, n, 0, 40, blank=True, whole=True),
    })  # fmt: skip


def _leads(draw):
    n = draw(st.integers(1, 12))
    created = _dates(draw, n)
    later = {}
    for c in ("mql_date", "sql_date", "won_date"):
        d = _dates(draw, n, blank=True)
        later[c] = d.where(d.isna() | (d >= created), created)
    return pd.DataFrame({
        "lead_id": pd.array([f"l{i}" for i in range(n)], dtype="str"),
        "created_date": created,
        "source": _text(draw, n, ["ads", "seo", "Ads "]),
        **later,
        "customer_id": _text(draw, n, IDS),
    })  # fmt: skip


def _spend(draw):
    n = draw(st.integers(1, 10))
    dates = _dates(draw, n)
    if draw(st.booleans()):  # monthly costs: every row on the 1st of its month
        dates = dates.dt.to_period("M").dt.start_time
    return pd.DataFrame({
        "date": dates,
        "channel": _text(draw, n, ["ads", "seo", "Email", "email", " Ads ", "Straße",
                                    "ﬁsh", "FISH"], blank=False),
        "category": _text(draw, n, ["marketing", "sales", " Marketing", "\u00a0SALES\u2003"],
                          blank=False),
        "amount": _numbers(draw, n, 0, 900),
        "impressions": _numbers(draw, n, 0, 5000, blank=True, whole=True),
        "clicks": _numbers(draw, n, 0, 200, blank=True, whole=True),
    })  # fmt: skip


def _nps(draw):
    n = draw(st.integers(1, 15))
    return pd.DataFrame({
        "response_date": _dates(draw, n),
        "score": _numbers(draw, n, 0, 10, whole=True),
        "customer_id": _text(draw, n, IDS),
        "segment": _text(draw, n, ["smb", "enterprise", "SMB", " smb ", "\u00a0smb\u3000"]),
    })  # fmt: skip


def _subscriptions(draw):
    n = draw(st.integers(1, 15))
    return pd.DataFrame({
        "month": _dates(draw, n),
        "customer_id": _text(draw, n, IDS[:4], blank=False),
        "mrr": _numbers(draw, n, 0, 300),
    })  # fmt: skip


MAKERS = {
    "orders": _orders,
    "customers": _customers,
    "sessions": _sessions,
    "leads": _leads,
    "spend": _spend,
    "nps": _nps,
    "subscriptions": _subscriptions,
}


@st.composite
def raw_data(draw, tables=tuple(MAKERS)) -> RawData:
    """Raw data of a random subset of ``tables`` (at least one), typed as the reader types
    it; optional columns dropped at random; an as-of date inside the range or none."""
    chosen = draw(st.lists(st.sampled_from(tables), min_size=1, max_size=len(tables),
                           unique=True))  # fmt: skip
    out = {}
    for name in chosen:
        frame = MAKERS[name](draw)
        optional = [c.name for c in TABLES[name].columns if not c.required]
        drop = []
        if optional:
            drop = draw(st.lists(st.sampled_from(optional), unique=True, max_size=2))
        frame = frame.drop(columns=drop)
        frame = frame.reset_index(drop=True)
        out[name] = Table(name, TABLES[name].title, frame, np.arange(len(frame)) + 2)
    raw = RawData(out)
    as_of = draw(st.one_of(st.none(), st.integers(30, DAYS)))
    if as_of is not None:
        stop = START + pd.Timedelta(days=as_of)
        raw = dataclasses.replace(raw, settings=dataclasses.replace(raw.settings, as_of=stop))
    return raw
