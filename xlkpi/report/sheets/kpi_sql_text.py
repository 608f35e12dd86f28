"""Each report KPI's SQL (DuckDB dialect) for the KPI SQL sheet: compiled by the engine
(:func:`xlkpi.engine.compile_sql`) at the report's grain under the options in force, cut at
its as-of date, with control characters in string literals as ``CHR(n)`` (:func:`printable`).

Compiling some 40 KPIs through Ibis costs seconds of Python, so :func:`start` begins it in
a background thread as soon as the report's settings are known and the sheet collects it
(:func:`collect`); where threads cannot start (Pyodide) it runs when the sheet is built.
Each KPI's text is kept in a cache (``XLKPI_CACHE_DIR``, else the user's cache folder;
``off``: no cache) with the settings the engine read to build it, in a file keyed by the
engine's source, the Ibis and sqlglot versions and the grain; the as-of date is put in
afterwards (:func:`at_as_of`). A rebuild under the same definitions compiles nothing, on
newer data too, and one under another choice of one option compiles only the KPIs whose
query reads that option.
"""

from __future__ import annotations

import datetime as dt
import functools
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


def compile_all(
    period: str, options: dict, spread: bool = False, as_of=None, kpis=None, reads=None
) -> Texts:
    """Every covered report KPI's SQL (``kpis``: only those of them), compiled by the engine
    (:func:`xlkpi.engine.report_sql.report_sql`). ``as_of``: the report's closing date
    (rows after it are cut, and each table covers its periods up to it); ``spread``:
    weekly grain over Spend booked monthly (the report spreads it over the days of its
    month, as this SQL); ``reads``: filled with kpi id -> the settings its text was built
    from (``report_sql``'s ``read``)."""
    try:
        engine = importlib.import_module("xlkpi.engine.report_sql")
        covered = engine.covered()
    except ImportError as exc:  # Ibis or DuckDB missing (e.g. a platform without wheels)
        return Texts(reason=f"the SQL engine cannot be imported here ({exc})")
    out = Texts()
    for kpi_id in covered if kpis is None else [k for k in covered if k in kpis]:
        try:
            read = {} if reads is None else reads.setdefault(kpi_id, {})
            sql = engine.report_sql(kpi_id, period, options, spread, as_of, read)
            out.sql[kpi_id] = printable(sql)
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


def cache_key(kpi_id: str, period: str, spread: bool, as_of=None) -> str:
    """A digest of what ``kpi_id``'s SQL text depends on besides the settings it reads (the
    engine's source, the Ibis and sqlglot versions, the grain, the Spend rule, the as-of
    date or the stand-in): the name of the file of its texts under various settings."""
    h = hashlib.sha256(_environment().encode())
    h.update(json.dumps([kpi_id, period, spread, as_of], default=str).encode())
    return h.hexdigest()[:24]


@functools.cache
def _environment() -> str:
    """The engine's source (every module's bytes) and the Ibis and sqlglot versions."""
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
    return h.hexdigest()


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
    """:func:`compile_all`, each KPI's text read from and written to the cache when there
    is one: only the KPIs without a text built from the same settings are compiled."""
    folder = cache_dir()
    if folder is None:
        return compile_all(period, options, spread, as_of)
    try:
        engine = importlib.import_module("xlkpi.engine.report_sql")
        kpis, shape = engine.covered(), engine.shape(period, options, as_of)
    except ImportError:
        return compile_all(period, options, spread, as_of)  # says why
    paths = {k: folder / f"sql-{cache_key(k, period, spread, as_of)}.json" for k in kpis}
    out, todo, kept = Texts(), [], {}
    for kpi_id, path in paths.items():
        kept[kpi_id] = _load(path)
        entry = next((e for e in kept[kpi_id] if _fits(e["read"], shape)), None)
        if entry is None:
            todo.append(kpi_id)
        elif "sql" in entry:
            out.sql[kpi_id] = entry["sql"]
        else:
            out.missing[kpi_id] = entry["missing"]
    if not todo:
        return out
    reads: dict = {}
    texts = compile_all(period, options, spread, as_of, todo, reads)
    if texts.reason:
        return texts
    if not texts.failed:  # a failure (a bug) is shown, never kept
        for kpi_id in todo:
            what = {"sql": texts.sql[kpi_id]} if kpi_id in texts.sql else {}
            entry = {"read": reads[kpi_id], **(what or {"missing": texts.missing[kpi_id]})}
            _save(paths[kpi_id], [entry, *kept[kpi_id]][:ENTRIES])
    out.sql.update(texts.sql)
    out.missing.update(texts.missing)
    out.failed = texts.failed
    return out


ENTRIES = 16  # texts kept per KPI, grain, Spend rule and date (the latest first)


def _fits(read: dict, shape: dict) -> bool:
    """A text built from the settings ``read`` is the one for the settings ``shape``: they
    agree on every one it read (the engine builds a query from what it reads only)."""
    return all(shape.get(name) == value for name, value in read.items())


def _load(path: Path) -> list[dict]:
    """The entries kept at ``path`` (each: the settings read, and "sql" or "missing"); none
    where there are none or the file is damaged (compiled again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [e for e in data if _entry(e)]


def _entry(e) -> bool:
    if not isinstance(e, dict) or set(e) not in ({"read", "sql"}, {"read", "missing"}):
        return False
    read, text = e["read"], e.get("sql", e.get("missing"))
    return isinstance(read, dict) and isinstance(text, str) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in read.items())  # fmt: skip


def _save(path: Path, entries: list[dict]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(entries), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: no cache, same texts


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
