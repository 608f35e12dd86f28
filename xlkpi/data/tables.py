"""Type and validate one raw sheet against its contract table (vectorised, column by column)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xlkpi.data.contract import Column, TableSpec, match_columns
from xlkpi.data.convert import blank_mask, convert, isin
from xlkpi.data.dates import DEFAULT_RULES, DateRules, ambiguous_message, parse_dates
from xlkpi.data.model import Table
from xlkpi.data.problems import cell_problems
from xlkpi.data.raw import RawSheet
from xlkpi.data.threads import parallel_map
from xlkpi.errors import EXCEL_ERROR_LITERALS, CellProblem
from xlkpi.kpi.options import NPS_INVALID
from xlkpi.text import fold

PARALLEL_FROM = 200_000  # rows from which a sheet's columns are typed in two threads

NOT_A = {
    "date": "not a date (use a real date, an Excel date serial or YYYY-MM-DD)",
    "number": "not a number",
    "int": "not a whole number",
    "bool": "not TRUE/FALSE (1/0, yes/no and y/n are accepted too)",
}


@dataclass
class Typed:
    """The outcome of typing one sheet: the table (None if unusable) and what was found."""

    table: Table | None
    fatal: list[CellProblem] = field(default_factory=list)
    findings: list[CellProblem] = field(default_factory=list)
    # the dates read depend on Settings date_order / time_zone (offsets, Unix time, d/m/y)
    sensitive: bool = False


def missing_columns(spec: TableSpec, raw: RawSheet) -> list[CellProblem]:
    """One problem per required column the sheet lacks: the first lists the sheet's
    columns (once, not once per missing column); each suggests the likeliest header."""
    from xlkpi.data.suggest import suggest

    found = match_columns(spec, raw.headers)
    shown = ", ".join(h for h in raw.headers) or "(none)"
    out, taken = [], set()
    for name in spec.required:
        if name in found or name in raw.unmeasured:
            continue
        message = f"missing required column {name!r}"
        guess = suggest(name, raw.headers, taken)
        if guess is not None:
            taken.add(guess)
            message += f" ({guess} -> {name}? rename it, or map it in mapping.csv)"
        if not out:
            message += f"; found columns: {shown}"
        out.append(CellProblem(raw.sheet, raw.first_row - 1, name, None, message))
    return out


def type_table(
    spec: TableSpec,
    raw: RawSheet,
    *,
    date1904: bool = False,
    nps_invalid: str = NPS_INVALID.default,
    rules: DateRules = DEFAULT_RULES,
) -> Typed:
    """Convert the sheet's columns to the contract's types and check every cell rule."""
    out = Typed(None, findings=list(raw.findings))
    out.fatal = missing_columns(spec, raw)
    if out.fatal:
        return out
    found = match_columns(spec, raw.headers)
    rows = raw.rows()
    columns = [c for c in spec.columns if c.name in found]
    headers = {c.name: raw.labels.get(c.name) or raw.headers[found[c.name]] for c in columns}

    def check(column: Column) -> tuple[pd.Series, Typed]:
        sink = Typed(None)  # each column's problems apart, merged in column order below
        j = found[column.name]
        at = raw.cell_rows.get(column.name, rows)
        ctx = _Ctx(raw.sheet, at, headers[column.name], raw.columns[j], sink, spec.name,
                   nps_invalid, rules)  # fmt: skip
        return _check_column(column, ctx, date1904), sink

    if len(rows) >= PARALLEL_FROM and len(columns) > 1:
        # Arrow's and NumPy's kernels release the GIL: on a big sheet (typed last, when
        # the other reader thread is idle) two threads type it in about 60 % of the time
        # (serially where there are no threads: Pyodide, see xlkpi.data.threads).
        checked = parallel_map(check, columns, workers=2, name="xlkpi-type")
    else:
        checked = [check(c) for c in columns]
    data: dict[str, pd.Series] = {}
    for column, (values, sink) in zip(columns, checked, strict=True):
        data[column.name] = values
        out.fatal += sink.fatal
        out.findings += sink.findings
        out.sensitive = out.sensitive or sink.sensitive
    used = set(found.values())
    for j, header in enumerate(raw.headers):
        if j not in used and header not in data:
            data[header] = raw.columns[j]
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
    out.table = Table(spec.name, raw.sheet, frame, rows, headers)
    out.fatal += raw.errors
    return out


@dataclass
class _Ctx:
    sheet: str
    rows: np.ndarray
    header: str
    cells: pd.Series
    out: Typed
    table: str
    nps_invalid: str
    rules: DateRules = DEFAULT_RULES

    def flag(self, mask: np.ndarray, message: str | list[str], *, fatal: bool = True) -> None:
        found = cell_problems(self.sheet, self.rows, self.header, self.cells, mask, message)
        (self.out.fatal if fatal else self.out.findings).extend(found)


EXCEL_ERRORS = tuple(sorted(EXCEL_ERROR_LITERALS))


def _check_column(column: Column, ctx: _Ctx, date1904: bool) -> pd.Series:
    cells = ctx.cells
    errors = np.zeros(len(cells), dtype=bool)
    if cells.dtype == object or cells.dtype == "str":
        errors = isin(cells, EXCEL_ERRORS)
        if errors.any():
            ctx.flag(errors, "the cell holds an Excel error: fix its formula or clear it")
            cells = cells.mask(errors)
    reported = column.kind == "date"  # the date reader reports its own bad cells
    if reported:
        values, bad = _dates(cells, ctx, date1904)
    else:
        values, bad = convert(column.kind, cells, date1904=date1904)
    is_score = ctx.table == "nps" and column.name == "score"
    skip = is_score and ctx.nps_invalid == NPS_INVALID.SKIP
    if bad.any() and not reported:
        message = NOT_A[column.kind]
        if skip:
            message += "; response skipped (Settings nps_invalid = skip)"
        ctx.flag(bad, message, fatal=not skip)
    if column.kind == "category":
        values = _check_category(column, values, ctx)
    if column.required and column.kind != "bool" and not is_score:
        blank = values.isna().to_numpy() & ~bad & ~errors
        if blank.any():
            ctx.flag(blank, "required value is blank")
    if column.minimum is not None or column.maximum is not None:
        values = _check_bounds(column, values, ctx, skip)
    if column.unique:
        numeric = pd.api.types.is_float_dtype(ctx.cells) or pd.api.types.is_integer_dtype(ctx.cells)
        _check_unique(column, ctx.cells if numeric else values, ctx)  # numbers hash faster
    return values


def _dates(cells: pd.Series, ctx: _Ctx, date1904: bool) -> tuple[pd.Series, np.ndarray]:
    """A date column; its day/month dates without Settings date_order are ONE problem."""
    parsed = parse_dates(cells, date1904=date1904, rules=ctx.rules, name=ctx.header)
    ctx.out.sensitive = ctx.out.sensitive or parsed.sensitive
    bad = ~blank_mask(cells.reset_index(drop=True)) & np.isnat(parsed.values)
    ambiguous = parsed.ambiguous
    if ambiguous.any():
        first = np.zeros(len(ambiguous), dtype=bool)
        first[int(np.argmax(ambiguous))] = True
        ctx.flag(first, ambiguous_message(int(ambiguous.sum()), parsed.suggested))
        bad &= ~ambiguous
    if bad.any():
        ctx.flag(bad, NOT_A["date"])
    return pd.Series(parsed.values, dtype="datetime64[ns]"), bad | ambiguous


def _check_category(column: Column, values: pd.Series, ctx: _Ctx) -> pd.Series:
    # the contract: blank status means paid
    values = _folded(values, blank="paid" if column.name == "status" else None)
    unknown = (values.notna() & ~values.isin(column.allowed)).to_numpy(dtype=bool)
    if unknown.any():
        consequence = {
            "status": "not counted as a completed order",
            "category": "counted as neither marketing nor sales",
        }.get(column.name, "kept as is")
        ctx.flag(
            unknown,
            f"unknown {column.name} (expected {', '.join(column.allowed)}); {consequence}",
            fatal=False,
        )
    return values


def _folded(values: pd.Series, blank: str | None = None) -> pd.Series:
    """``values`` case-folded by the key rule of every KPI (:func:`xlkpi.text.fold`), once
    per distinct value; blanks stay blank, or become ``blank``. (Through codes:
    ``Series.map`` of a dict took 0.2 s per million arrow-backed strings, this 0.03 s.)"""
    codes, uniques = pd.factorize(values)
    folded = [fold(v) for v in uniques]
    if blank is not None:
        codes = np.where(codes < 0, len(folded), codes)
        folded.append(blank)
    folded = pd.array(folded, dtype=values.dtype)
    out = pd.Series(folded.take(codes, allow_fill=True), index=values.index)
    return out.astype(values.dtype)


def _check_bounds(column: Column, values: pd.Series, ctx: _Ctx, skip: bool) -> pd.Series:
    arr = values.to_numpy(dtype="float64", na_value=np.nan)
    low, high = column.minimum, column.maximum
    out = np.zeros(len(arr), dtype=bool)
    if low is not None:
        out |= arr < low
    if high is not None:
        out |= arr > high
    if not out.any():
        return values
    what = "a whole number" if column.kind == "int" else "a number"
    if low is not None and high is not None:
        message = f"must be {what} from {low:g} to {high:g}"
    elif low is not None:
        message = f"must be {low:g} or more"
    else:
        message = f"must be {high:g} or less"
    if skip:
        message += "; response skipped (Settings nps_invalid = skip)"
    ctx.flag(out, message, fatal=not skip)
    arr = arr.copy()
    arr[out] = np.nan
    return pd.Series(arr, dtype="float64")


def _check_unique(column: Column, values: pd.Series, ctx: _Ctx) -> None:
    dup = (values.duplicated(keep="first") & values.notna()).to_numpy(dtype=bool)
    if not dup.any():
        return
    present = values.notna().to_numpy(dtype=bool)
    firsts = pd.Series(ctx.rows[present & ~dup], index=values[present & ~dup])
    first_rows = firsts.reindex(values[dup]).to_numpy()
    ctx.flag(dup, [f"duplicate {column.name} (first on row {r})" for r in first_rows[:2000]])
