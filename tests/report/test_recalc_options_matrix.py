"""Excel equals Python under every definition option: every report KPI x every option
choice x LibreOffice recalculation, in the style of scikit-learn's ``test_common``.

One report per option choice (that option varied from the defaults), one per preset and
one at the defaults, all derived from ``xlkpi.kpi.options`` and ``xlkpi.kpi.presets``, and
recalculated by LibreOffice in one batch. For each report: every formula cell's cached
value is what LibreOffice computes; every live cell equals KPI Data; every Reconciliation
difference is 0; a KPI whose live formula does not implement the choice in force is its
Python value with the fallback comment, and is live otherwise. The data exercises every
choice (a test checks that each one changes KPI Data or accepts data the default rejects).
"""

from __future__ import annotations

import dataclasses
import math
import re
from concurrent.futures import ProcessPoolExecutor
from functools import cached_property
from types import SimpleNamespace

import numpy as np
import openpyxl
import pytest
from openpyxl.utils import coordinate_to_tuple

from tests.report.cached import (
    assert_cached_values_match,
    cell_values,
    formula_cells,
    kpi_value,
)
from tests.report.conftest import (
    CUSTOMERS,
    LEADS,
    NPS,
    ORDERS,
    SESSIONS,
    SPEND,
    SUBSCRIPTIONS,
    make_raw,
)
from tests.report.test_recalc_reconciliation import table_rows
from tests.support import libreoffice
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis
from xlkpi.errors import DataError
from xlkpi.kpi.catalogue import by_id, report_kpis
from xlkpi.kpi.options import (
    BOUNCE_DEFINITION,
    ENGAGED_SECONDS,
    NPS_INVALID,
    OPTIONS,
    REFUND_BASIS,
    validate,
)
from xlkpi.kpi.presets import PRESETS, preset_values
from xlkpi.report import formulas
from xlkpi.report.build import write_workbook
from xlkpi.report.declared import Unsupported, fallback_note
from xlkpi.report.sheets import nps

pytestmark = pytest.mark.libreoffice

# An option that changes nothing unless another option's choice is in force is varied
# together with that choice (GA4's engaged-seconds timer only enters ga4 bounces).
WITH = {ENGAGED_SECONDS: {BOUNCE_DEFINITION: BOUNCE_DEFINITION.GA4}}


def other_values(opt) -> list:
    """The non-default choices of ``opt``; for a number option one other allowed value."""
    if opt.choices:
        return [c.value for c in opt.choices if c.value != opt.default]
    high = opt.bounds[1]
    return [high if math.isfinite(high) else opt.default + (1 if opt.integer else 1.0)]


def variants() -> dict[str, dict]:
    """Variant id -> Settings overrides: defaults, each option choice, each preset."""
    out: dict[str, dict] = {"defaults": {}}
    for opt in OPTIONS:
        for value in other_values(opt):
            also = {k.setting: v for k, v in WITH.get(opt, {}).items()}
            out[f"{opt.name}={value}"] = {**also, opt.setting: value}
    for name in PRESETS:
        out[f"preset={name}"] = {"preset": name, **preset_values(name)}
    return out


VARIANTS = variants()
DEFAULTS = {o.setting: o.default for o in OPTIONS} | {"preset": Settings().preset}
KPIS = [k.id for k in report_kpis()]


def matrix_raw(invalid_scores: bool):
    """Every table; session durations (ga4 bounces at 10 s and 60 s differ); a customer
    back after two months without MRR (reactivation, its window and where it counts);
    with ``invalid_scores``, NPS scores 11 and 6.5 in the latest month."""
    sessions = {**SESSIONS, "duration_seconds": [30, None, 5, 5, 12, 45, 8, 3, 70, 2]}
    back = {"month": ["2025-12-01", "2026-03-01"], "customer_id": ["E", "E"], "mrr": [30.0, 35.0]}
    subs = {k: v + back[k] for k, v in SUBSCRIPTIONS.items()}
    scores = dict(NPS)
    if invalid_scores:
        scores = {
            "response_date": NPS["response_date"] + ["2026-03-06", "2026-03-07"],
            "score": NPS["score"] + [11, 6.5],
            "segment": NPS["segment"] + ["SMB", "Enterprise"],
        }
    return make_raw(
        orders=ORDERS,
        customers=CUSTOMERS,
        sessions=sessions,
        leads=LEADS,
        spend=SPEND,
        nps=scores,
        subscriptions=subs,
    )


@dataclasses.dataclass
class Report:
    result: object
    checks: list
    path: object
    recalculated: object = None
    invalid_scores: bool = False

    @cached_property
    def values(self) -> dict:
        """(sheet, cell) -> value, recalculated by LibreOffice."""
        return cell_values(self.recalculated)

    @cached_property
    def cached(self) -> dict:
        """(sheet, cell) -> the written workbook's value (a formula's cached result)."""
        return cell_values(self.path)

    def rows(self, sheet: str) -> list[tuple]:
        """The recalculated rows of ``sheet``, as ``iter_rows(values_only=True)`` gives."""
        at = {coordinate_to_tuple(ref): v for (s, ref), v in self.values.items() if s == sheet}
        width = max(c for _, c in at)
        return [
            tuple(at.get((r, c)) for c in range(1, width + 1))
            for r in range(1, max(r for r, _ in at) + 1)
        ]

    @cached_property
    def book(self):
        """The written workbook (formulas, comments)."""
        return openpyxl.load_workbook(self.path)

    @property
    def settings(self):
        return self.result.settings


def build(overrides: dict, path) -> Report:
    """The report under ``overrides``: with the invalid NPS scores unless the settings reject
    them as a data error (nps.invalid = error)."""
    for invalid in (True, False):
        raw = matrix_raw(invalid)
        raw.settings = dataclasses.replace(raw.settings, **overrides)
        try:
            result = compute_kpis(raw)
        except DataError:
            continue
        checks: list = []
        write_workbook(path, raw, result, checks=checks)
        return Report(result, checks, path, invalid_scores=invalid)
    raise AssertionError(f"no data accepted under {overrides}")


def _build(job) -> Report:
    return build(*job)


@pytest.fixture(scope="module")
def reports(soffice, tmp_path_factory) -> dict[str, Report]:
    """Variant id -> its report, recalculated. Variants with the same options (a preset
    equal to the defaults or to one choice) share one report; the reports are built in two
    processes and recalculated by two LibreOffice processes, one call each."""
    root = tmp_path_factory.mktemp("options-matrix")
    (root / "in").mkdir()
    distinct: dict[tuple, int] = {}
    for overrides in VARIANTS.values():
        key = tuple(sorted({**DEFAULTS, **overrides}.items()))
        distinct.setdefault(key, len(distinct))
    jobs = [(dict(key), root / "in" / f"report{i:02d}.xlsx") for key, i in distinct.items()]
    with ProcessPoolExecutor(2) as pool:
        built = list(pool.map(_build, jobs))
    recalculated = libreoffice.recalculate_many([r.path for r in built], root / "out")
    for report, path in zip(built, recalculated, strict=True):
        report.recalculated = path
    return {
        vid: built[distinct[tuple(sorted({**DEFAULTS, **overrides}.items()))]]
        for vid, overrides in VARIANTS.items()
    }


def declaration(kpi: str):
    """The declaration of ``kpi``'s live formula (None: the report has none)."""
    if kpi in formulas.LIVE:
        return formulas.LIVE[kpi].declared
    return nps.DECLARED.get(kpi)


def test_the_matrix_holds_every_choice_and_preset():
    for opt in OPTIONS:
        for value in [*(c.value for c in opt.choices), *other_values(opt)]:
            assert value == opt.default or f"{opt.name}={value}" in VARIANTS
            validate(opt, value)
    assert {f"preset={p}" for p in PRESETS} <= set(VARIANTS)
    for extra in WITH.values():
        assert all(validate(k, v) == v for k, v in extra.items())


def test_the_data_gives_every_report_kpi_a_value(reports):
    """No KPI of the matrix is absent from KPI Data (an absent one would pass vacuously)."""
    table = reports["defaults"].result.table
    assert set(KPIS) == set(table.kpi)
    assert len(reports["defaults"].checks) > 40


@pytest.mark.parametrize("variant", [v for v in VARIANTS if "=" in v and "preset" not in v])
def test_each_choice_is_exercised_by_the_data(reports, variant):
    """A choice that changed no KPI Data value would prove nothing."""
    base, this = reports["defaults"], reports[variant]
    if this.invalid_scores and not base.invalid_scores:
        return  # the choice accepts data the default rejects
    a, b = (r.result.table.set_index(["kpi", "segment", "period"]).value for r in (base, this))
    joined = a.to_frame("a").join(b.to_frame("b"), how="outer")
    same = np.isclose(joined.a, joined.b, rtol=1e-12, atol=0, equal_nan=True)
    assert not same.all(), f"{variant} changes no value in KPI Data: extend matrix_raw"


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_formula_cell_recalculates_to_its_cached_value(reports, variant):
    report = reports[variant]
    cells = formula_cells(report.path)
    assert assert_cached_values_match(report.cached, report.values, cells) > len(report.checks)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_reconciliation_difference_is_zero(reports, variant):
    report = reports[variant]
    ws = SimpleNamespace(iter_rows=lambda values_only: report.rows("Reconciliation"))
    live = table_rows(ws, "Sheet")
    assert len(live) == len(report.checks) > 10
    tie = table_rows(ws, "Raw sheet")
    assert tie
    for row in live + tie:
        assert row[6] == 0, (variant, row)


@pytest.mark.parametrize("kpi", KPIS)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_kpi_under_choice(reports, variant, kpi):
    """Every cell standing for ``kpi`` recalculates to KPI Data; it is live exactly when
    its formula declares the choices in force, else its value carries the fallback note."""
    report = reports[variant]
    mine = [c for c in report.checks if c[2] == kpi]
    for sheet, cell, _, segment, period in mine:
        expected = kpi_value(report.result, kpi, segment, period)
        got = report.values[(sheet, cell)]
        if math.isnan(expected):
            assert got in ("#N/A", "–"), f"{sheet}!{cell}: {got!r}"  # "–" where people read
        else:
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-9), f"{sheet}!{cell}"
    declared = declaration(kpi)
    if declared is None:
        assert not mine, f"{kpi} has live cells but no declaration"
        return
    missing = declared.unsupported([kpi], report.settings)
    was_live = any(c[2] == kpi for c in reports["defaults"].checks)
    assert bool(mine) == (was_live and missing is None), (kpi, missing)
    if missing is not None and was_live:
        row = _all_kpis_row(report, kpi)
        comment = report.book["All KPIs"][f"B{row}"].comment
        assert comment is not None and comment.text == fallback_note(missing)
        assert report.book["All KPIs"][f"B{row}"].data_type == "n"


def _all_kpis_row(report: Report, kpi: str) -> int:
    ws = report.book["All KPIs"]
    title = by_id(kpi).title
    rows = [c.row for c in ws["A"] if c.value == title]
    assert rows, f"All KPIs has no row {title!r}"
    return rows[0]


def test_an_option_no_formula_declares_falls_back_without_a_formula_edit(monkeypatch):
    """A new option of a live KPI: its default keeps the formula, any other choice is the
    Python value with the note (formulas.LIVE is not edited)."""
    from xlkpi.kpi import options

    new = dataclasses.replace(REFUND_BASIS, name="revenue.test_only")
    new = dataclasses.replace(new, kpis=("revenue",), setting="refund_basis")
    monkeypatch.setattr(options, "OPTIONS", (*options.OPTIONS, new))
    monkeypatch.setitem(options._BY_NAME, new.name, new)
    declared = formulas.LIVE["revenue"].declared
    assert declared.unsupported(["revenue"], {"refund_basis": REFUND_BASIS.COUNT}) is None
    missing = declared.unsupported(["revenue"], {"refund_basis": REFUND_BASIS.VALUE})
    assert missing is not None and missing.option is new
    assert re.search(r"revenue\.test_only = value; no live formula", fallback_note(missing))


def test_the_docs_quote_the_fallback_comment():
    from pathlib import Path

    opt = OPTIONS[0]
    note = fallback_note(Unsupported(opt, "CHOICE"))
    template = note.replace(opt.name, "<option>").replace("CHOICE", "<choice>")
    docs = Path(__file__).parents[2] / "docs" / "report.md"
    assert f"`{template}`" in " ".join(docs.read_text(encoding="utf-8").split())


@pytest.mark.parametrize("invalid", NPS_INVALID.values)
def test_nps_counts_from_the_score_column_fall_back_under_skip(
    tmp_path, recalc, monkeypatch, invalid
):
    """Beyond LIST_LIMIT the counts of each period (steps 1-2) are COUNTIFS over the raw
    scores, which would count 6.5 as a detractor: under nps.invalid=skip they are values,
    the summary's counts (the latest row) carry the note, and the shares, NPS and margin
    over them still equal KPI Data. March: 9, 8, 2, 10 (blank, 11 and 6.5 left out)."""
    monkeypatch.setattr(nps, "LIST_LIMIT", 0)
    report = build({"nps_invalid": invalid}, tmp_path / "r.xlsx")
    skip = invalid == NPS_INVALID.SKIP
    assert report.invalid_scores == skip
    report.recalculated = recalc(report.path)
    ws = report.book["NPS"]
    counts = [ws[f"C{r}"] for r in range(nps.TOP, nps.TOP + 3)]
    latest = [ws[re.search(r"\$[A-Z]+\$\d+", c.value)[0].replace("$", "")] for c in counts]
    assert [c.column_letter for c in latest] == ["M", "N", "O"]
    assert ws.cell(latest[0].row, nps.LIST_COL).value == "2026-03"
    assert all(c.data_type == "f" for c in counts)
    if skip:
        note = fallback_note(Unsupported(NPS_INVALID, invalid))
        assert all(c.data_type == "n" for c in latest)
        assert all(c.comment.text == note for c in counts)
    else:
        assert all("COUNTIFS(" in c.value for c in latest)
        assert all(c.comment is None for c in counts)
    row = [report.values[("NPS", f"{col}{latest[0].row}")] for col in "MNOP"]
    assert row == [2, 1, 1, 4]
    assert [report.values[("NPS", f"C{r}")] for r in range(nps.TOP, nps.TOP + 4)] == row
    live = {c[2] for c in report.checks if c[0] == "NPS"}
    assert live == set(nps.HEADLINES)
    for sheet, cell, kpi, segment, period in report.checks:
        expected = kpi_value(report.result, kpi, segment, period)
        assert report.values[(sheet, cell)] == pytest.approx(expected), (sheet, cell)


def test_a_kpi_whose_formula_lacks_the_choice_is_its_value_with_the_note(tmp_path, monkeypatch):
    """The fallback end to end: refund rate's formula declared for the count basis only;
    under the value basis every sheet writes the Python value with the comment."""
    count_only = formulas.Live(formulas.LIVE["refund_rate"].build)
    monkeypatch.setitem(formulas.LIVE, "refund_rate", count_only)
    report = build({REFUND_BASIS.setting: REFUND_BASIS.VALUE}, tmp_path / "r.xlsx")
    assert "refund_rate" not in {c[2] for c in report.checks}
    note = fallback_note(Unsupported(REFUND_BASIS, REFUND_BASIS.VALUE))
    cell = report.book["All KPIs"][f"B{_all_kpis_row(report, 'refund_rate')}"]
    assert cell.data_type == "n" and cell.comment.text == note
    latest = report.result.periods[-1].label
    assert cell.value == pytest.approx(kpi_value(report.result, "refund_rate", "", latest))
    others = [c for c in report.checks if c[2] == "return_rate"]
    assert others, "return rate keeps its formula (it declares the value basis)"
