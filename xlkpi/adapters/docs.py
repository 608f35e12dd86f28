"""The generated parts of docs/bring-your-data.md: the contract's tables and the adapters.

A test compares the guide's text between its markers with these functions' output, so
the guide lists exactly the columns of :mod:`xlkpi.data.contract` and the adapters of
:data:`xlkpi.adapters.ADAPTERS`.
"""

from __future__ import annotations

from xlkpi.data.contract import TABLES

_KINDS = {
    "id": "text (id)",
    "text": "text",
    "category": "text, one of",
    "date": "date",
    "number": "number",
    "int": "whole number",
    "bool": "TRUE/FALSE",
}


def _kind(column) -> str:
    kind = _KINDS[column.kind]
    if column.allowed:
        kind += " " + ", ".join(f"`{v}`" for v in column.allowed)
    bounds = []
    if column.minimum is not None:
        bounds.append(f"≥ {column.minimum:g}")
    if column.maximum is not None:
        bounds.append(f"≤ {column.maximum:g}")
    if bounds:
        kind += " " + " and ".join(bounds)
    if column.unique:
        kind += ", unique"
    return kind


def contract_markdown() -> str:
    """Every contract table: its sheet / file name and its columns (required in bold)."""
    lines = []
    for spec in TABLES.values():
        lines += [f"### {spec.title} — {spec.meaning}", ""]
        lines += [f"Sheet `{spec.title}` or file `{spec.name}.csv`.", ""]
        lines += ["| column | required | type |", "|---|---|---|"]
        for c in spec.columns:
            required = "**yes**" if c.required else ""
            lines.append(f"| `{c.name}` | {required} | {_kind(c)} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def adapters_markdown() -> str:
    """Every adapter: the export, how to download it, what it becomes, how it is known."""
    from xlkpi.adapters import ADAPTERS

    lines = ["| export | download it | becomes | recognised by the columns |", "|---|---|---|---|"]
    for a in ADAPTERS:
        yields = ", ".join(TABLES[t].title for t in a.yields)
        known = ", ".join(f"`{s}`" for s in a.signature)
        lines.append(f"| {a.title} (`{a.name}`) | {a.steps} | {yields} | {known} |")
    return "\n".join(lines) + "\n"
