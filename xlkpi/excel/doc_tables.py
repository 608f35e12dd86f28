"""The docs' generated tables: written between markers by ``scripts/kpi_docs.py`` and
checked current by ``tests/test_docs_kpis.py``, so no table is pasted by hand.

- ``options`` (docs/kpis.md): every definition option, from ``xlkpi.kpi.options``;
- ``sample-sizes`` (docs/kpis.md): each rate's trial count, from ``Kpi.trials`` /
  ``trials_when`` and the count KPIs' definitions or ``xlkpi.engine.frames.trials.COUNTS``;
- ``functions`` (docs/getting-started-excel.md): every ``KPI_*`` function's signature
  and description, as the UDF factory makes them.

A table sits between ``<!-- generated: NAME (scripts/kpi_docs.py) -->`` and
``<!-- end generated: NAME -->``.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from xlkpi.kpi.catalogue import package_entries
from xlkpi.kpi.options import markdown_table

#: doc file (relative to the repository) -> the tables it holds
TABLES = {
    "docs/kpis.md": ("sample-sizes", "options"),
    "docs/getting-started-excel.md": ("functions",),
}


def _begin(name: str) -> str:
    return f"<!-- generated: {name} (scripts/kpi_docs.py) -->"


def _end(name: str) -> str:
    return f"<!-- end generated: {name} -->"


def render(name: str, kpis=None) -> str:
    """The markdown table ``name`` for ``kpis`` (default: the package's own KPIs)."""
    kpis = package_entries() if kpis is None else kpis
    if name == "options":
        return markdown_table()
    if name == "sample-sizes":
        return sample_sizes_table(kpis)
    if name == "functions":
        return functions_table(kpis)
    raise KeyError(name)


def sample_sizes_table(kpis) -> str:
    """| rate | n (trial count) | no interval when |, rates with the same counts together."""
    from xlkpi.kpi.options import by_setting

    counts = {k.id: k for k in kpis if k.unit == "count"}
    rows: dict[tuple, list[str]] = {}
    for k in kpis:
        if k.in_report and k.unit == "rate":
            rows.setdefault((k.trials or "", k.trials_when), []).append(k.id)
    lines = ["| rate | n (trial count) | no interval when |", "|---|---|---|"]
    for (trials, when), ids in rows.items():
        never = [f"`{key}` `{value}`" for key, value, n in when if not n]
        other = [f"with `{key}` `{value}`: {_count_text(n, counts)}" for key, value, n in when if n]
        n_text = "; ".join([_count_text(trials, counts), *other]) if trials else "none"
        if not trials:
            never = ["always"]
        assert all(by_setting(key) for key, _, _ in when), ids  # keys are option settings
        kpi_ids = ", ".join(f"`{i}`" for i in ids)
        lines.append(f"| {kpi_ids} | {n_text} | {', '.join(never)} |")
    return "\n".join(lines)


def _count_text(name: str, counts) -> str:
    if name in counts:
        return f"{counts[name].definition} (`{name}`)"
    from xlkpi.engine.frames.trials import COUNTS

    doc = inspect.getdoc(COUNTS[name]) or name
    first = " ".join(doc.split("\n\n", 1)[0].split()).replace("``", "`")
    return f"{first.split(': ', 1)[0].rstrip('.')} (`{name}`)"


def functions_table(kpis) -> str:
    """| function | returns |: every ``KPI_*`` function of ``kpis`` and KPI_LAST_ERROR."""
    from xlkpi.excel import udfs
    from xlkpi.excel.udfs_factory import make_udfs, signature_text

    made = make_udfs(kpis, module="xlkpi.excel.udfs")
    made["KPI_LAST_ERROR"] = udfs.KPI_LAST_ERROR
    lines = ["| function | returns |", "|---|---|"]
    for name in sorted(made):
        udf = made[name]
        lines.append(f"| `{signature_text(udf)}` | {inspect.getdoc(udf)} |")
    return "\n".join(lines)


def replaced(text: str, name: str, table: str) -> str:
    """``text`` with the table between ``name``'s markers replaced by ``table``."""
    pattern = re.compile(re.escape(_begin(name)) + r"\n.*?" + re.escape(_end(name)), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"no {_begin(name)} ... {_end(name)} markers")
    return pattern.sub(lambda _: f"{_begin(name)}\n{table}\n{_end(name)}", text, count=1)


def current(root: Path) -> dict[Path, tuple[str, str]]:
    """doc path -> (its text, its text with every generated table rendered now)."""
    out = {}
    for rel, names in TABLES.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        new = text
        for name in names:
            new = replaced(new, name, render(name))
        out[path] = (text, new)
    return out
