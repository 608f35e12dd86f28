"""Orders at scale through the engine: ``xlkpi kpis`` against hand-written DuckDB SQL.

    python benchmarks/engine_scale.py --rows 10_000_000 [--runs 3] [--csv]

Generates N Orders rows with DuckDB (Parquet, and with ``--csv`` a CSV file), then times
in separate processes, alternating, median of ``--runs``:

- ``anchor``: one hand-written DuckDB query computing the monthly Orders KPIs the engine
  computes from Orders alone (revenue, profit, orders, AOV, refund and return rates,
  repeat purchase rate) on the same file;
- ``xlkpi kpis FILE.parquet``: the command, through the engine (validation queries
  included);
- with ``--csv``: the engine on the CSV file through the Python API (the command reads
  CSV files with the workbook reader, which knows the platform exports).

Prints wall time, ratio to the anchor and peak RSS (the process tree's, polled).
"""

from __future__ import annotations

import argparse
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
ranked AS (
  SELECT customer_id, m, row_number() OVER (PARTITION BY customer_id ORDER BY m) AS k
  FROM paid
),
fs AS (
  SELECT customer_id, min(m) FILTER (k = 1) AS first_m, min(m) FILTER (k = 2) AS second_m
  FROM ranked GROUP BY 1
),
months AS (SELECT DISTINCT m FROM o),
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
       r.back / nullif(r.customers, 0) AS repeat_purchase_rate
FROM (
  SELECT m, sum(revenue) FILTER (status = 'paid') AS revenue,
         sum(cost) FILTER (status = 'paid') AS cost,
         count(*) FILTER (status = 'paid') AS orders,
         count(*) FILTER (status = 'refunded') AS refunded,
         count(*) FILTER (status = 'returned') AS returned, count(*) AS n
  FROM o GROUP BY 1
) a
JOIN r USING (m)
ORDER BY 1
"""


def generate(folder: Path, rows: int, csv: bool) -> dict[str, Path]:
    import duckdb

    out = {"parquet": folder / "orders.parquet"}
    if csv:
        out["csv"] = folder / "csv" / "orders.csv"
        out["csv"].parent.mkdir()
    with duckdb.connect() as con:
        con.execute(GENERATE.format(rows=rows, customers=max(rows // 8, 1)))
        for kind, path in out.items():  # the same rows in every format
            fmt = "FORMAT parquet" if kind == "parquet" else "FORMAT csv, HEADER"
            con.execute(f"COPY orders TO '{path}' ({fmt})")
    return out


def measure(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB of the process tree) of one run."""
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
    return wall, peak / 2**20


def commands(files: dict[str, Path]) -> dict[str, list[str]]:
    py = sys.executable
    anchor = f"import duckdb; duckdb.sql({ANCHOR.format(path=files['parquet'])!r}).fetchall()"
    out = {
        "anchor (hand DuckDB SQL, Parquet)": [py, "-c", anchor],
        "xlkpi kpis orders.parquet": [py, "-m", "xlkpi", "kpis", str(files["parquet"])],
    }
    if "csv" in files:
        engine = f"from xlkpi.sources import api; api.kpi_data({str(files['csv'])!r})"
        out["engine on orders.csv (Python API)"] = [py, "-c", engine]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=lambda s: int(s.replace("_", "")), default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--csv", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xlkpi-scale-") as tmp:
        started = time.perf_counter()
        files = generate(Path(tmp), args.rows, args.csv)
        print(f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s")
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands(files)}
        for _ in range(args.runs):  # alternating: load changes hit every command alike
            for name, argv in commands(files).items():
                runs[name].append(measure(argv))
        anchor = statistics.median(w for w, _ in runs[next(iter(runs))])
        print(f"| {'run':<38} | median s | ratio | peak RSS MB |")
        print(f"|{'-' * 40}|---|---|---|")
        for name, got in runs.items():
            wall = statistics.median(w for w, _ in got)
            rss = max(r for _, r in got)
            print(f"| {name:<38} | {wall:.1f} | {wall / anchor:.2f}x | {rss:.0f} |")


if __name__ == "__main__":
    main()
