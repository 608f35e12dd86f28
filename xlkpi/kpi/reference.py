"""The reference lines of ``docs/kpis.md``, rendered from the catalogue.

Each ``### <id>`` entry of the KPI reference starts with lines derived from the
catalogue (title and definition, unit and direction, Python and Excel signatures, what
the report reads); the prose after them (inputs and edge cases, the reading chosen,
examples) is written by hand. :func:`problems` lists where the document and the
catalogue disagree (``tests/test_docs_kpis.py`` fails on any), :func:`update` rewrites
the derived lines and adds a skeleton entry for a KPI without one
(``python scripts/kpi_docs.py``).
"""

from __future__ import annotations

import inspect
import re

from xlkpi.kpi import catalogue
from xlkpi.kpi.kpi_spec import Kpi

__all__ = ["entries", "problems", "reference_lines", "update"]

UNIT_TEXT = {
    "count": "count",
    "money": "money — in the report currency",
    "rate": "rate — a fraction (0.25 means 25 %)",
    "ratio": "ratio — a plain multiple (4.0 means 4 to 1)",
    "score": "score — NPS points, −100…+100",
    "table": "table — several values (the UDF spills them)",
}
DIRECTION_TEXT = {
    1: "↑ higher is better",
    -1: "↓ lower is better",
    0: "neutral (no better direction)",
}
TABLE_TITLES = {
    "orders": "Orders", "customers": "Customers", "sessions": "Sessions", "leads": "Leads",
    "spend": "Spend", "nps": "NPS", "subscriptions": "Subscriptions",
}  # fmt: skip
_HEADING = re.compile(r"^### (\S+)\s*$", re.MULTILINE)
# The derived lines of an entry, by how each starts.
PREFIXES = ("**", "- Unit:", "- Python", "- Excel:", "- Report:")


def _python(kpi: Kpi) -> str:
    params, star = [], False
    for p in inspect.signature(kpi.function).parameters.values():
        if p.kind is inspect.Parameter.KEYWORD_ONLY and not star:
            params.append("*")
            star = True
        default = p.default
        if default is inspect.Parameter.empty:
            params.append(p.name)
        else:
            shown = f'"{default}"' if isinstance(default, str) else repr(default)
            params.append(f"{p.name}={shown}")
    return f"`xlkpi.{kpi.function.__name__}({', '.join(params)})`"


def _excel(kpi: Kpi) -> str:
    shown = [f"[{a.name}]" if kpi.takes_default(a) else a.name for a in kpi.args]
    return f"`={kpi.udf}({', '.join(shown)})`"


def _tables(needs) -> str:
    return "; ".join(f"{TABLE_TITLES.get(t, t)} ({', '.join(cols)})" for t, cols in needs)


def _report(kpi: Kpi) -> str:
    if not kpi.in_report:
        return "- Report: not a per-period report KPI."
    per = f"per period, one value per `{kpi.segment}`" if kpi.segment else "per period"
    text = f"- Report: {per}; needs {_tables(kpi.needs)}"
    if kpi.optional:
        text += f"; also reads {_tables(kpi.optional)} when present"
    for key, value, more in kpi.needs_when:
        text += f"; with Settings `{key}` = `{value}` also {_tables(more)}"
    return text + "."


def reference_lines(kpi: Kpi) -> list[str]:
    """The derived lines of ``kpi``'s entry, in order."""
    lines = [
        f"**{kpi.title}** — {kpi.definition}.",
        f"- Unit: {UNIT_TEXT[kpi.unit]}. Direction: {DIRECTION_TEXT[kpi.direction]}.",
    ]
    if kpi.function is None:
        lines.append("- Python / Excel: computed by the report only (no UDF).")
    else:
        lines += [f"- Python: {_python(kpi)}", f"- Excel: {_excel(kpi)}"]
    return [*lines, _report(kpi)]


def entries(text: str) -> dict[str, str]:
    """``### id`` heading -> the entry's text up to the next heading."""
    parts = _HEADING.split(text)
    return {parts[i]: re.split(r"^#{2,3} ", parts[i + 1], flags=re.M)[0]
            for i in range(1, len(parts) - 1, 2)}  # fmt: skip


def _derived(entry: str) -> list[str]:
    return [line for line in entry.splitlines() if line.startswith(PREFIXES)]


def problems(text: str, kpis=None) -> list[str]:
    """Where ``text`` (docs/kpis.md) and the catalogue (or ``kpis``, e.g. the package's own
    entries) disagree; ``[]`` when they agree."""
    kpis = catalogue.entries() if kpis is None else kpis
    found = entries(text)
    known = {k.id for k in kpis}
    out = [f"{kid}: documented but not in the catalogue" for kid in found if kid not in known]
    for kpi in kpis:
        if kpi.id not in found:
            out.append(f"{kpi.id}: no '### {kpi.id}' entry")
        elif _derived(found[kpi.id]) != reference_lines(kpi):
            out.append(f"{kpi.id}: reference lines differ from the catalogue")
    return out


def _skeleton(kpi: Kpi) -> str:
    lines = reference_lines(kpi)
    if kpi.options:
        named = ", ".join(f"`{o}`" for o in kpi.options)
        lines.insert(-1, f"- Options: {named} (see *Definition options*).")
    return (
        f"### {kpi.id}\n\n"
        + "\n".join(lines).replace("\n- Unit", "\n\n- Unit", 1)
        + "\n\n"
        + _example(kpi)
    )


def _example(kpi: Kpi) -> str:
    """A worked example from the entry's declared sample (its result as Python prints it;
    the docs test runs it)."""
    if kpi.function is None or kpi.sample is None:
        return ""
    args, kwargs, _ = kpi.sample
    shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    call = f"xlkpi.{kpi.function.__name__}({', '.join(shown)})"
    result = kpi.function(*args, **kwargs)
    return f"```python\n>>> {call}\n{result!r}\n```\n\n"


def update(text: str) -> str:
    """``text`` with every entry's derived lines rendered from the catalogue, and a
    skeleton entry (to complete by hand) after the last entry of the same group for a
    catalogue KPI without one."""
    for kpi in catalogue.entries():
        found = entries(text)
        if kpi.id not in found:
            same = [k.id for k in catalogue.entries() if k.group == kpi.group and k.id in found]
            anchor = f"### {same[-1]}\n" if same else None
            at = text.index(anchor) + len(anchor) + len(found[same[-1]]) if anchor else len(text)
            text = text[:at] + _skeleton(kpi) + text[at:]
            continue
        old = found[kpi.id]
        lines, new = iter(reference_lines(kpi)), []
        for line in old.splitlines(keepends=True):
            if line.startswith(PREFIXES):
                rendered = next(lines, None)
                if rendered is not None:
                    new.append(rendered + "\n")
            else:
                new.append(line)
        rest = list(lines)
        if rest:  # e.g. a report-only KPI that gained a function: Python and Excel lines
            new = _insert_after_unit(new, rest)
        head = f"### {kpi.id}\n"
        at = text.index(head) + len(head)
        text = text[:at] + "".join(new) + text[at + len(old) :]
    return text


def _insert_after_unit(lines: list[str], extra: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if line.startswith("- Unit:"):
            return [*lines[: i + 1], *(e + "\n" for e in extra), *lines[i + 1 :]]
    return [*lines, *(e + "\n" for e in extra)]
