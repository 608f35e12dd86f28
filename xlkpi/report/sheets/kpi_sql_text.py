"""Each report KPI's SQL (DuckDB dialect) for the KPI SQL sheet: compiled by the engine
(:func:`xlkpi.engine.compile_sql`) at the report's grain under the options in force, cut at
its as-of date, with control characters in string literals as ``CHR(n)`` (:func:`printable`).

Compiling some 40 KPIs through Ibis costs seconds of Python, so :func:`start` begins it in
a background thread as soon as the report's settings are known and the sheet collects it
(:func:`collect`); where threads cannot start (Pyodide) it runs when the sheet is built.
The texts are kept in a cache keyed by the engine's source, the Ibis and sqlglot versions,
the grain and the options (``XLKPI_CACHE_DIR``, else the user's cache folder; ``off``: no
cache), and the as-of date is put in afterwards (:func:`at_as_of`), so a rebuild under the
same definitions compiles nothing, on newer data too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from xlkpi.errors import XlkpiError
from xlkpi.kpi.catalogue import by_id
from xlkpi.sources.settings import engine_options


@dataclass
class Texts:
    """What the sheet shows: kpi id -> SQL, kpi id -> why there is none, or one reason."""

    sql: dict[str, str] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    reason: str = ""  # the engine could not run at all (e.g. Ibis is not installed)
    failed: bool = False  # a KPI's compilation failed unexpectedly (not cached)


def compile_all(period: str, options: dict, spread: bool = False, as_of=None) -> Texts:
    """Every covered report KPI's SQL, compiled by the engine
    (:func:`xlkpi.engine.report_sql.report_sql`). ``as_of``: the report's closing date
    (rows after it are cut, and each table covers its periods up to it); ``spread``:
    weekly grain over Spend booked monthly (the report spreads it over the days of its
    month, as this SQL)."""
    try:
        engine = importlib.import_module("xlkpi.engine.report_sql")
        kpis = engine.covered()
    except ImportError as exc:  # Ibis or DuckDB missing (e.g. a platform without wheels)
        return Texts(reason=f"the SQL engine cannot be imported here ({exc})")
    out = Texts()
    for kpi_id in kpis:
        try:
            out.sql[kpi_id] = printable(engine.report_sql(kpi_id, period, options, spread, as_of))
        except XlkpiError as exc:  # e.g. a monthly flow at weekly grain: the report's too
            out.missing[kpi_id] = str(exc).replace(kpi_id, by_id(kpi_id).title)
        except Exception as exc:  # a bug: shown on the sheet, never fatal, never cached
            out.missing[kpi_id] = f"{type(exc).__name__}: {exc}"
            out.failed = True
    return out


_TOKEN = re.compile(r"\"(?:[^\"]|\"\")*\"|'(?:[^']|'')*'")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def printable(sql: str) -> str:
    """``sql`` with each string literal holding a control character (a tab, a newline, a
    vertical tab ...: e.g. the whitespace TRIM strips) written as a concatenation with
    ``CHR(n)``: the same query, every line of it printable in a cell. Quoted identifiers
    are left alone."""

    def literal(m: re.Match) -> str:
        token = m.group(0)
        if token[0] != "'" or not _CONTROL.search(token):
            return token
        parts = re.split(r"([\x00-\x1f\x7f])", token[1:-1])
        out = [f"CHR({ord(p)})" if len(p) == 1 and _CONTROL.match(p) else f"'{p}'" for p in parts]
        return "(" + " || ".join(p for p in out if p != "''") + ")"

    return _TOKEN.sub(literal, sql)


# --- background compilation and cache ------------------------------------------------------


def cache_key(period: str, options: dict, spread: bool, as_of=None) -> str:
    """A digest of everything the SQL text depends on."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    engine = Path(__file__).resolve().parents[2] / "engine"
    for path in sorted(engine.glob("*.py")):
        h.update(path.name.encode() + path.read_bytes())
    for dist in ("ibis-framework", "sqlglot"):
        try:
            h.update(version(dist).encode())
        except PackageNotFoundError:
            h.update(b"-")
    h.update(json.dumps([period, options, spread, as_of], sort_keys=True, default=str).encode())
    return h.hexdigest()[:24]


def cache_dir() -> Path | None:
    chosen = os.environ.get("XLKPI_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "xlkpi"


# The as-of date enters the SQL only as two literals (the day, and the next day the cut
# stops before): the texts are compiled and cached at this stand-in date and given the
# report's by replacing them, so a rebuild on newer data compiles nothing.
STAND_IN = dt.date(2222, 1, 30)  # a date object (no plausibility check); pandas holds it


def _stamp(day: dt.date) -> str:
    return f"MAKE_TIMESTAMP({day.year}, {day.month}, {day.day}, 0, 0, 0.0)"


def at_as_of(texts: Texts, as_of: str) -> Texts | None:
    """``texts`` compiled at :data:`STAND_IN` with ``as_of`` in its place; None when the
    stand-in shows in another form (then compile at ``as_of`` itself)."""
    if texts.failed or texts.reason:
        return None
    day, one = dt.date.fromisoformat(as_of), dt.timedelta(days=1)
    marks = {_stamp(STAND_IN + one): _stamp(day + one), _stamp(STAND_IN): _stamp(day)}
    sql = {}
    for kpi_id, text in texts.sql.items():
        for mark, real in marks.items():
            text = text.replace(mark, real)
        if str(STAND_IN.year) in text:
            return None
        sql[kpi_id] = text
    return Texts(sql, dict(texts.missing), texts.reason, texts.failed)


def cached(period: str, options: dict, spread: bool = False, as_of=None) -> Texts:
    """:func:`compile_all` through the cache (compiled at :data:`STAND_IN` for any as-of
    date)."""
    if as_of is None:
        return _stored(period, options, spread, None)
    texts = at_as_of(_stored(period, options, spread, STAND_IN), as_of)
    return texts if texts is not None else compile_all(period, options, spread, as_of)


def _stored(period: str, options: dict, spread: bool, as_of) -> Texts:
    """:func:`compile_all`, read from and written to the cache when there is one."""
    folder = cache_dir()
    path = folder / f"sql-{cache_key(period, options, spread, as_of)}.json" if folder else None
    if path is not None and path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Texts(**data)
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged entry: compile again
    texts = compile_all(period, options, spread, as_of)
    if path is not None and not texts.reason and not texts.failed:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(texts.__dict__), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home: no cache, same texts
    return texts


class Pending:
    """A compilation running in a background thread (or not started: run on collect)."""

    def __init__(self, period: str, options: dict, spread: bool, as_of=None) -> None:
        self.args = (period, options, spread, as_of)
        self.result: Texts | None = None
        self.thread: threading.Thread | None = None

    def _run(self) -> None:
        self.result = cached(*self.args)

    def start(self) -> Pending:
        from xlkpi.data import threads

        if threads.available():
            self.thread = threading.Thread(target=self._run, name="xlkpi-sql", daemon=True)
            self.thread.start()
        return self

    def collect(self) -> Texts:
        if self.thread is not None:
            self.thread.join()
        if self.result is None:  # no thread (Pyodide), or it failed
            self._run()
        return self.result


def start(ctx) -> Pending:
    """Begin compiling the SQL of ``ctx``'s report (its grain, options, as-of date and
    Spend rule)."""
    settings = ctx.result.settings
    spread = bool(getattr(ctx.result, "spend_spread", False))
    as_of = None if settings.as_of is None else f"{settings.as_of:%Y-%m-%d}"
    pending = Pending(settings.period, engine_options(settings), spread, as_of).start()
    ctx.sql = pending
    return pending


def collect(ctx) -> Texts:
    pending = getattr(ctx, "sql", None) or start(ctx)
    return pending.collect()
