// The engine in real Pyodide (the Python of xlwings Lite), under Node.js: loads numpy,
// pandas, pyarrow and duckdb from a Pyodide distribution, micropip-installs Ibis, sqlglot
// and the xlkpi wheel, then runs scripts/pyodide_check.py (the engine's KPI Data against
// the NumPy path's, value for value, on examples/sample_raw.xlsx).
//
//   node scripts/pyodide_check.mjs --dist DIR --wheel dist/xlkpi-0.1.0-py3-none-any.whl [--out F]
//
// DIR holds pyodide.mjs and pyodide-lock.json (the npm package `pyodide`) and the lock's
// wheels (Pyodide's "full" distribution). A pure-Python wheel of the lock that DIR lacks
// comes from PyPI through micropip instead; a compiled one it lacks is reported missing.
// Prints one JSON object last (and writes it to F). Exit 0: the engine equals the NumPy
// path at every grain; 1: it differs; 2: the engine could not run (the JSON says why).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const repo = resolve(dirname(new URL(import.meta.url).pathname), "..");
const dist = resolve(args.dist ?? process.env.XLKPI_PYODIDE_DIST ?? "");
const wheel = resolve(args.wheel ?? "");
if (!existsSync(join(dist, "pyodide.mjs")) || !existsSync(wheel)) {
  console.error("usage: node scripts/pyodide_check.mjs --dist PYODIDE_DIR --wheel XLKPI_WHEEL");
  process.exit(2);
}
const ENGINE = ["micropip", "numpy", "pandas", "pyarrow", "duckdb"];
const PURE = ["ibis-framework==12.0.0", "sqlglot>=27,<30.18", "pyarrow-hotfix", "rich"];

// The lock without the pure-Python wheels DIR lacks: micropip takes those from PyPI.
const lock = JSON.parse(readFileSync(join(dist, "pyodide-lock.json"), "utf8"));
const absent = (p) => !existsSync(join(dist, p.file_name));
const keep = new Set([...ENGINE, "packaging", "python-calamine"]);  // loaded from DIR, or missing
const fromPypi = Object.entries(lock.packages).filter(
  ([name, p]) => !keep.has(name) && absent(p) && p.file_name.endsWith("-none-any.whl"),
);
const original = structuredClone(lock.packages);
for (const [name] of fromPypi) delete lock.packages[name];
for (const p of Object.values(lock.packages)) p.depends = p.depends.filter((d) => d in lock.packages);
const closure = (names, seen = new Set()) => {
  for (const n of names) if (original[n] && !seen.has(n)) closure(original[n].depends, seen.add(n));
  return seen;
};
const lockFile = join(mkdtempSync(join(tmpdir(), "xlkpi-pyodide-")), "pyodide-lock.json");
writeFileSync(lockFile, JSON.stringify(lock));

const seconds = {};
let t = performance.now();
const lap = (name) => { seconds[name] = Math.round(performance.now() - t) / 1000; t = performance.now(); };
const { loadPyodide } = await import(pathToFileURL(join(dist, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: dist + "/", lockFileURL: lockFile, packageBaseUrl: dist + "/" });
lap("boot");
const errors = [];
const wanted = [...ENGINE, "packaging", ...("python-calamine" in lock.packages ? ["python-calamine"] : [])];
await py.loadPackage(wanted, { messageCallback: () => {}, errorCallback: (m) => errors.push(m) });
lap("load packages");
const missing = wanted.filter((n) => !py.loadedPackages[n]);
// what the loaded packages need of the wheels taken out of the lock: from PyPI
const needs = [...closure(wanted)].filter((n) => !(n in lock.packages));
const finish = (notInstalled, report) => {
  const out = { pyodide: py.version, lock: lock.info, missing, errors, notInstalled, node_seconds: seconds, ...report };
  const text = JSON.stringify(out, null, 1);
  if (args.out) writeFileSync(args.out, text + "\n");  // stdout also carries Pyodide's messages
  console.log(text);
  process.exit(out.equal ? 0 : out.engine === "imported" ? 1 : 2);
};
if (missing.some((n) => ["numpy", "pandas"].includes(n)) && !missing.includes("micropip")) {
  // xlkpi cannot install; Ibis and sqlglot alone still can: install them, compile one query
  const ibis = await py.runPythonAsync(`
import micropip, sys
await micropip.install(${JSON.stringify([...needs, ...PURE.slice(0, 2)])})
import ibis, sqlglot
t = ibis.table({"order_date": "date", "revenue": "float64"}, name="orders")
e = t.group_by(month=t.order_date.truncate("M")).agg(revenue=t.revenue.sum())
f"ibis {ibis.__version__}, sqlglot {sqlglot.__version__}: " + " ".join(ibis.to_sql(e).split())
`).catch((e) => String(e.message ?? e).split("\n").slice(-2).join(" "));
  finish([], { error: "xlkpi cannot be installed without numpy and pandas", ibis, equal: false });
} else if (missing.includes("micropip")) {
  finish([], { error: "no micropip in this distribution", equal: false });
}
for (const [at, host] of [["/repo", repo], ["/wheels", dirname(wheel)]]) {
  py.FS.mkdirTree(at);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: host }, at);
}
py.globals.set("pure", py.toPy([...needs, ...PURE]));
py.globals.set("wheel", `emfs:/wheels/${basename(wheel)}`);
// xlkpi with its dependencies; where one cannot install (no build for this Pyodide), xlkpi
// without them and each dependency on its own, so that the JSON names the ones missing.
const notInstalled = (await py.runPythonAsync(`
import micropip
from importlib.metadata import requires
from packaging.requirements import Requirement
failed = []
async def install(what, **kw):
    try:
        await micropip.install(what, **kw)
        return True
    except Exception as exc:
        lines = [x for x in str(exc).splitlines() if x.strip() and "keep_going" not in x]
        failed.append(" ".join(lines)[-400:])
await install(pure)  # together: sqlglot's bound holds while Ibis is resolved
if not await install(wheel):
    await install(wheel, deps=False)
    for r in map(Requirement, requires("xlkpi") or []):
        if r.marker is None or r.marker.evaluate({"extra": ""}):
            await install(f"{r.name}{r.specifier}")
failed
`)).toJs();
lap("micropip install");
let report = {};
try {
  report = JSON.parse(await py.runPythonAsync(`
import json, sys
sys.path.insert(0, "/repo/scripts")
import pyodide_check
from pathlib import Path
pyodide_check.as_lite()
result = pyodide_check.main("/repo/examples/sample_raw.xlsx")
try:
    result["lite"] = await pyodide_check.lite(Path("/repo"))
except Exception as exc:
    result["lite"] = f"{type(exc).__name__}: {exc}"
json.dumps(result)
`));
} catch (e) {
  report = { error: String(e.message ?? e).split("\n").filter((x) => x.trim()).slice(-14) };
}
lap("check");
finish(notInstalled, report);
