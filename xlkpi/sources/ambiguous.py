"""Day/month dates without Settings ``date_order``, found by one query per table: ONE
problem per column, at its first such cell, worded as the reader's
(:func:`xlkpi.data.tables._dates`), never a guess and never one problem per cell."""

from __future__ import annotations

from xlkpi.sources.validate import QueryProblem


def message(count: int, suggested: str | None) -> str:
    """The reader's words (:func:`xlkpi.data.dates.ambiguous_message`) for ``count``
    ambiguous dates."""
    from xlkpi.data.dates import ambiguous_message

    return ambiguous_message(count, suggested)


def ambiguous_dates(located) -> list[QueryProblem]:
    """The ambiguous-date problem of each text date column of ``located`` (a stored table)."""
    import ibis

    from xlkpi.data.contract import TABLES
    from xlkpi.sources.cast import found_columns
    from xlkpi.sources.dates import RULES, ambiguous, day_month_parts

    if RULES.get().order is not None:
        return []
    spec, table = TABLES[located.name], located.table
    columns = [
        stored
        for name, stored in found_columns(spec, table).items()
        if spec.column(name).kind == "date" and table[stored].type().is_string()
    ]
    if not columns:
        return []
    metrics = {}
    for i, stored in enumerate(columns):
        mask = ambiguous(table[stored])
        first, second = day_month_parts(table[stored])
        metrics[f"n{i}"] = mask.ifelse(1, 0).sum()
        metrics[f"a{i}"] = (mask & (first > 12)).ifelse(1, 0).sum()
        metrics[f"b{i}"] = (mask & (second > 12)).ifelse(1, 0).sum()
    counts = table.aggregate(**metrics).to_pyarrow().to_pylist()[0]
    out = []
    for i, stored in enumerate(columns):
        n = int(counts[f"n{i}"] or 0)
        if not n:
            continue
        day_first, month_first = int(counts[f"a{i}"] or 0), int(counts[f"b{i}"] or 0)
        suggested = (
            "dmy" if day_first and not month_first else "mdy" if month_first and not day_first
            else None
        )  # fmt: skip
        row, value = _first(located, stored, ibis)
        out.append(QueryProblem(located.label, row, stored, value, message(n, suggested)))
    return out


def _first(located, stored: str, ibis):
    """(line, value) of the column's first ambiguous cell (a warehouse table: no line)."""
    from xlkpi.sources.dates import ambiguous
    from xlkpi.sources.memory import in_file_order

    table = located.table
    if located.line_offset is None:
        rows = table.filter(ambiguous(table[stored])).select(v=table[stored])
        rows = rows.order_by("v").limit(1)  # no line order: the same cell every run
        return None, rows.to_pyarrow().to_pylist()[0]["v"]
    numbered = table.mutate(_xlkpi_row=ibis.row_number() + 1 + located.line_offset)
    first = numbered.filter(ambiguous(numbered[stored])).select(
        v=numbered[stored], row=numbered._xlkpi_row
    )
    with in_file_order(table._find_backend().con):
        got = first.limit(1).to_pyarrow().to_pylist()[0]
    return int(got["row"]), got["v"]
