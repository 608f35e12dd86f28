"""Orders at scale through the engine: ``xlkpi kpis`` against hand-written DuckDB SQL.

    python benchmarks/engine_scale.py --rows 10_000_000 [--runs 3] [--csv]

Generates N Orders rows with DuckDB (Parquet, and with ``--csv`` a CSV file), then times
in separate processes, alternating, median of ``--runs``:

- ``anchor``: one hand-written DuckDB query computing the monthly Orders KPIs the engine
  computes from Orders alone (revenue, profit, orders, AOV, refund and return rates,
  repeat purchase rate, CLV) on the same file;
- ``xlkpi kpis FILE.parquet``: the command, through the engine (validation queries
  included);
- ``info: anchor within xlkpi's memory limit``: the anchor with xlkpi's DuckDB settings
  (``XLKPI_MEMORY_LIMIT``, 1 GB by default, spilling to a temporary folder): for the
  record, not the target;
- with ``--csv``: ``xlkpi kpis csv/`` on a folder of CSV parts (a folder of contract
  tables: the command reads it with the engine), its ratio to the same hand-written
  query on those CSV parts.

With ``--postgres``: ``xlkpi kpis`` on a throw-away local PostgreSQL server holding the
same rows (the tests' cluster code; loading is not timed).

The data is generated once under ``benchmarks/.cache/engine-N`` (``--fresh``: in a
temporary folder). The engine's DuckDB memory limit is ``XLKPI_MEMORY_LIMIT`` (1GB by
default); the load average is printed with the table, as the machine is shared.

Prints wall time, ratio to the anchor, CPU seconds and their ratio (the steadier figure on
a loaded machine) and peak RSS (the process tree's, polled).
``--stages``: also, once per run, the command in one process with its stages timed
(``engine_stages.py``: import, open, checks, KPI queries and each query, output), medians.
``--sample``: ``kpi_data`` on the bundled sample workbook, first and later calls.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]

GENERATE = """
CREATE TABLE orders AS
  SELECT 'O' || i AS order_id,
         DATE '2023-01-01' + CAST(floor(random() * 1000) AS INTEGER) AS order_date,
         'C' || CAST(floor(random() * {customers}) AS BIGINT) AS customer_id,
         round(10 + random() * 990, 2) AS revenue,
         round(5 + random() * 400, 2) AS cost,
         CASE WHEN random() < 0.9 THEN 'paid' WHEN random() < 0.5 THEN 'refunded'
              ELSE 'returned' END AS status
  FROM range({rows}) t(i)
"""

ANCHOR = """
WITH o AS (
  SELECT customer_id, revenue, coalesce(cost, 0) AS cost, status,
         date_trunc('month', order_date) AS m
  FROM read_parquet('{path}')
),
paid AS (SELECT * FROM o WHERE status = 'paid'),
months AS (SELECT DISTINCT m FROM o),
ranked AS (
  SELECT customer_id, m, row_number() OVER (PARTITION BY customer_id ORDER BY m) AS k
  FROM paid
),
fs AS (
  SELECT customer_id, min(m) FILTER (k = 1) AS first_m, min(m) FILTER (k = 2) AS second_m
  FROM ranked GROUP BY 1
),
-- CLV over the 12 months to each month's end: a customer's month k counts in months k to
-- k + 11; the distinct buyers are +1 where that run starts beyond the previous one, -1 after
cm AS (
  SELECT customer_id, m, count(*) AS n, sum(revenue) AS rev FROM paid GROUP BY 1, 2
),
runs AS (
  SELECT m, lag(m) OVER (PARTITION BY customer_id ORDER BY m) AS prev FROM cm
),
ev AS (
  SELECT CASE WHEN prev IS NULL OR prev + INTERVAL 12 MONTH <= m THEN m
              ELSE prev + INTERVAL 12 MONTH END AS m, 1 AS d FROM runs
  UNION ALL SELECT m + INTERVAL 12 MONTH, -1 FROM runs
),
ev_m AS (SELECT m, sum(d) AS d FROM ev GROUP BY 1),
cm_m AS (SELECT m, sum(n) AS n, sum(rev) AS rev FROM cm GROUP BY 1),
c AS (
  SELECT months.m,
         sum(coalesce(ev_m.d, 0)) OVER (ORDER BY months.m) AS buyers,
         sum(cm_m.n) OVER w AS n12, sum(cm_m.rev) OVER w AS rev12
  FROM months LEFT JOIN ev_m USING (m) LEFT JOIN cm_m USING (m)
  WINDOW w AS (ORDER BY months.m RANGE BETWEEN INTERVAL 11 MONTH PRECEDING AND CURRENT ROW)
),
f AS (SELECT first_m AS m, count(*) AS n FROM fs GROUP BY 1),
s AS (SELECT second_m AS m, count(*) AS n FROM fs WHERE second_m IS NOT NULL GROUP BY 1),
r AS (
  SELECT months.m, sum(coalesce(f.n, 0)) OVER (ORDER BY months.m) AS customers,
         sum(coalesce(s.n, 0)) OVER (ORDER BY months.m) AS back
  FROM months LEFT JOIN f USING (m) LEFT JOIN s USING (m)
)
SELECT a.m, a.revenue, a.revenue - a.cost AS profit, a.orders,
       a.revenue / nullif(a.orders, 0) AS aov,
       a.refunded / nullif(a.n, 0) AS refund_rate,
       a.returned / nullif(a.n, 0) AS return_rate,
       r.back / nullif(r.customers, 0) AS repeat_purchase_rate,
       c.rev12 / nullif(c.n12, 0) * c.n12 / nullif(c.buyers, 0) * 3 AS clv
FROM (
  SELECT m, sum(revenue) FILTER (status = 'paid') AS revenue,
         sum(cost) FILTER (status = 'paid') AS cost,
         count(*) FILTER (status = 'paid') AS orders,
         count(*) FILTER (status = 'refunded') AS refunded,
         count(*) FILTER (status = 'returned') AS returned, count(*) AS n
  FROM o GROUP BY 1
) a
JOIN r USING (m) JOIN c USING (m)
ORDER BY 1
"""


CSV_ANCHOR = ANCHOR.replace("read_parquet(", "read_csv(")


def generate(folder: Path, rows: int, csv: bool) -> dict[str, Path]:
    """The same N Orders rows as ``orders.parquet`` and (``csv``) as a folder ``csv/`` whose
    ``orders/`` folder holds CSV parts; kept when already there (a ``done`` marker)."""
    import duckdb

    out = {"parquet": folder / "orders.parquet"}
    if csv:
        out["csv"] = folder / "csv"
    done = folder / f"done-{'csv' if csv else 'parquet'}"
    if done.exists() or (folder / "done-csv").exists():  # the CSV run wrote Parquet too
        return out
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        con.execute(GENERATE.format(rows=rows, customers=max(rows // 8, 1)))
        con.execute(f"COPY orders TO '{out['parquet']}' (FORMAT parquet)")
        if csv:  # the same rows, as CSV parts
            parts = out["csv"] / "orders"
            parts.mkdir(parents=True, exist_ok=True)
            con.execute(f"COPY orders TO '{parts}' (FORMAT csv, HEADER, PER_THREAD_OUTPUT)")
    done.touch()
    return out


def measure(argv: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MB of the process tree, CPU seconds) of one run; the CPU
    seconds (user + system of the process and the children it waited for) are the steadier
    figure on a loaded machine, where wall time is mostly waiting for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = psutil.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{argv} failed: {proc.stderr.read().decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, peak / 2**20, cpu


@contextlib.contextmanager
def postgres(files: dict[str, Path]):
    """A throw-away PostgreSQL cluster holding the Orders rows (the tests' cluster code);
    yields its URL."""
    import duckdb
    import psycopg

    sys.path.insert(0, str(ROOT))
    from tests.support import postgres as pg

    cluster = pg.start(pg.binaries())
    try:
        url = cluster.url(cluster.create_database("scale"))
        frame = duckdb.sql(f"SELECT * FROM read_parquet('{files['parquet']}')")
        with psycopg.connect(url) as con:
            con.execute(
                "CREATE TABLE orders (order_id text, order_date date, customer_id text, "
                "revenue double precision, cost double precision, status text)"
            )
            with con.cursor().copy("COPY orders FROM STDIN") as copy:
                for batch in frame.to_arrow_reader(100_000):
                    for row in zip(*(c.to_pylist() for c in batch.columns), strict=True):
                        copy.write_row(row)
        yield url
    finally:
        pg.stop(cluster)


#: The anchor within xlkpi's DuckDB settings (xlkpi.sources.memory.bound: the memory limit,
#: a spill folder, no insertion order): an info row, not the target.
BOUNDED = """
import os, shutil, tempfile, duckdb
limit = os.environ.get("XLKPI_MEMORY_LIMIT", "").strip() or "1GB"
spill = tempfile.mkdtemp(prefix="anchor-spill-")
con = duckdb.connect()
con.execute(f"SET memory_limit = '{{limit}}'")
con.execute(f"SET temp_directory = '{{spill}}'")
con.execute("SET preserve_insertion_order = false")
con.sql({sql!r}).fetchall()
con.close()
shutil.rmtree(spill, ignore_errors=True)
"""


def commands(files: dict[str, Path]) -> dict[str, list[str]]:
    py = sys.executable
    sql = ANCHOR.format(path=files["parquet"])
    out = {
        "anchor (hand DuckDB SQL, Parquet)": [
            py,
            "-c",
            f"import duckdb; duckdb.sql({sql!r}).fetchall()",
        ],
        "xlkpi kpis orders.parquet": [py, "-m", "xlkpi", "kpis", str(files["parquet"])],
        "info: anchor within xlkpi's memory limit": [py, "-c", BOUNDED.format(sql=sql)],
    }
    if "csv" in files:  # the command reads a CSV folder of contract tables with the engine
        parts = files["csv"] / "orders" / "*.csv"
        csv = f"import duckdb; duckdb.sql({CSV_ANCHOR.format(path=parts)!r}).fetchall()"
        out["anchor (hand DuckDB SQL, CSV)"] = [py, "-c", csv]
        out["xlkpi kpis csv/ (CSV folder)"] = [py, "-m", "xlkpi", "kpis", str(files["csv"])]
    if "postgres" in files:
        argv = [py, "-m", "xlkpi", "kpis", str(files["postgres"])]
        out["xlkpi kpis postgresql://... (local server)"] = argv
    return out


def stages(path: Path) -> dict:
    """One in-process run of ``xlkpi kpis PATH`` with its stages timed (engine_stages.py)."""
    with tempfile.TemporaryDirectory(prefix="xlkpi-stages-") as tmp:
        out = Path(tmp) / "stages.json"
        script = ROOT / "benchmarks" / "engine_stages.py"
        subprocess.run([sys.executable, str(script), str(path), str(out)], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        return json.loads(out.read_text(encoding="utf-8"))


def print_stages(staged: list[dict], anchor_cpu: float) -> None:
    """The stages of ``xlkpi kpis`` (medians of the runs), each query of the KPI stage
    indented below it; CPU also as a share of the anchor's whole-process CPU."""
    print(f"\n| stage of xlkpi kpis (one process, {len(staged)} run(s)) | wall s | CPU s | "
          "CPU / anchor's CPU |")  # fmt: skip
    print("|---|---:|---:|---:|")
    rows = [(name, "stages") for name in staged[0]["stages"]]
    at = [name for name, _ in rows].index("KPI queries") + 1
    rows[at:at] = [(name, "queries") for name in staged[0]["queries"]]
    for name, kind in rows:
        wall = statistics.median(s[kind].get(name, [0, 0])[0] for s in staged)
        cpu = statistics.median(s[kind].get(name, [0, 0])[1] for s in staged)
        label = f"  query: {name}" if kind == "queries" else name
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {cpu / anchor_cpu:.2f}x |")


SAMPLE = """
import statistics, time
from xlkpi.data import read_source
from xlkpi.engine import kpi_data, tables_from_raw
raw = read_source("examples/sample_raw.xlsx")
def once():
    started, cpu = time.perf_counter(), time.process_time()
    kpi_data(tables_from_raw(raw), as_of=raw.settings.as_of)
    return time.perf_counter() - started, time.process_time() - cpu
cold = once()
warm = [once() for _ in range(5)]
print(*cold, statistics.median(w for w, _ in warm), statistics.median(c for _, c in warm))
"""


def sample_timing() -> None:
    """``kpi_data`` on the bundled sample workbook: the first call in a fresh process
    (Ibis builds and compiles the queries) and the median of 5 later calls (compiled SQL
    kept per process, run on a new DuckDB connection each time)."""
    done = subprocess.run([sys.executable, "-c", SAMPLE], cwd=ROOT, capture_output=True,
                          text=True, check=True)  # fmt: skip
    cold, cold_cpu, warm, warm_cpu = (float(x) for x in done.stdout.split())
    print(f"load average (1 min) {os.getloadavg()[0]:.1f}")
    print(f"sample: first kpi_data {cold:.2f} s (CPU {cold_cpu:.2f} s), "
          f"later calls (median of 5) {warm:.2f} s (CPU {warm_cpu:.2f} s)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=lambda s: int(s.replace("_", "")), default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--csv", action="store_true")
    parser.add_argument("--postgres", action="store_true", help="also PostgreSQL (a local cluster)")
    parser.add_argument("--fresh", action="store_true", help="generate into a temporary folder")
    parser.add_argument("--sample", action="store_true", help="kpi_data on the sample only")
    parser.add_argument("--stages", action="store_true", help="also xlkpi kpis by stage")
    args = parser.parse_args()
    if args.sample:
        return sample_timing()
    with contextlib.ExitStack() as stack:
        if args.fresh:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="xlkpi-")))
        else:
            folder = ROOT / "benchmarks" / ".cache" / f"engine-{args.rows}"
        started = time.perf_counter()
        files = generate(folder, args.rows, args.csv)
        if args.postgres:
            files["postgres"] = stack.enter_context(postgres(files))
        print(f"data: {args.rows:,} rows ready in {time.perf_counter() - started:.1f} s")
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands(files)}
        loads = [os.getloadavg()[0]]
        staged: list[dict] = []
        for _ in range(args.runs):  # alternating: load changes hit every command alike
            for name, argv in commands(files).items():
                runs[name].append(measure(argv))
                loads.append(os.getloadavg()[0])
            if args.stages:
                staged.append(stages(files["parquet"]))
                loads.append(os.getloadavg()[0])
        first = runs[next(iter(runs))]
        anchor = statistics.median(w for w, _, _ in first)
        anchor_cpu = statistics.median(c for _, _, c in first)
        print(f"load average (1 min) {min(loads):.1f}-{max(loads):.1f}")
        print(f"| {'run':<38} | median s | ratio | CPU s | CPU ratio | peak RSS MB |")
        print(f"|{'-' * 40}|---|---|---|---|---|")
        for name, got in runs.items():
            wall = statistics.median(w for w, _, _ in got)
            cpu = statistics.median(c for _, _, c in got)
            rss = max(r for _, r, _ in got)
            print(
                f"| {name:<38} | {wall:.1f} | {wall / anchor:.2f}x | {cpu:.1f} | "
                f"{cpu / anchor_cpu:.2f}x | {rss:.0f} |"
            )
        if staged:
            print_stages(staged, anchor_cpu)


if __name__ == "__main__":
    main()
