"""Excel equals Python under every definition option: every report KPI x every option
choice x LibreOffice recalculation, in the style of scikit-learn's ``test_common``.

Options are independent settings, so one report can hold several non-default choices. The
reports are a covering (:func:`covering`), derived from ``xlkpi.kpi.options`` (with
:data:`WITH`), ``xlkpi.kpi.presets`` and the live formulas' declarations: the defaults,
each preset whose settings differ from them, and greedily built reports of several
choices, such that every choice is in force in some report and, for every choice and
every KPI live at the defaults, some report with that choice in force shows the KPI as
the choice alone would: live where its declaration implements the choice (no other choice
of that report makes it fall back), else the fallback naming that choice. A test checks
the covering from the declarations, so a new option or declaration keeps it complete.

All reports are recalculated by LibreOffice in one batch. For each report: every formula
cell's cached value is what LibreOffice computes; every live cell equals KPI Data; every
Reconciliation difference is 0; a KPI whose live formula does not implement a choice in
force is its Python value with the fallback comment, and is live otherwise. The data
exercises every choice: each choice alone changes KPI Data (computed in Python) or accepts
data the default rejects.
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

from tests.report.cached import (
    assert_cached_values_match,
    cell_values,
    formula_cells,
    kpi_value,
    sheet_values,
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


def single_choices() -> dict[str, dict]:
    """Choice id (``option=value``) -> the Settings overrides putting it alone in force
    (with the choices :data:`WITH` couples it to)."""
    out: dict[str, dict] = {}
    for opt in OPTIONS:
        for value in other_values(opt):
            also = {k.setting: v for k, v in WITH.get(opt, {}).items()}
            out[f"{opt.name}={value}"] = {**also, opt.setting: value}
    return out


CHOICES = single_choices()
PRESET_SETTINGS = {f"preset={p}": {"preset": p, **preset_values(p)} for p in PRESETS}
DEFAULTS = {o.setting: o.default for o in OPTIONS} | {"preset": Settings().preset}
KPIS = [k.id for k in report_kpis()]


def declaration(kpi: str):
    """The declaration of ``kpi``'s live formula (None: the report has none)."""
    if kpi in formulas.LIVE:
        return formulas.LIVE[kpi].declared
    return nps.DECLARED.get(kpi)


def live_at_defaults() -> list[str]:
    """The report KPIs whose live formula implements the defaults."""
    return [k for k in KPIS if declaration(k) and not declaration(k).unsupported([k], DEFAULTS)]


def in_force(choice: str, settings: dict) -> bool:
    """Whether ``choice`` is in force under ``settings`` as it is alone: its overrides hold
    and no option coupled to it by :data:`WITH` leaves its default (GA4 bounces are also
    shown with the default engaged-seconds timer)."""
    over = CHOICES[choice]
    coupled = [
        o for o, also in WITH.items() if over.items() >= {(k.setting, v) for k, v in also.items()}
    ]
    return all(settings[k] == v for k, v in over.items()) and all(
        settings[o.setting] == o.default for o in coupled if o.setting not in over
    )


def shown(settings: dict) -> set[tuple[str, str | None]]:
    """The (choice, KPI) pairs a report under ``settings`` shows: ``(choice, None)`` for
    each choice in force, ``(choice, kpi)`` where the KPI (live at the defaults) is live
    or falls back exactly as under that choice alone."""
    out: set[tuple[str, str | None]] = set()
    for choice, over in CHOICES.items():
        if in_force(choice, settings):
            alone = {**DEFAULTS, **over}
            out.add((choice, None))
            out |= {
                (choice, k)
                for k in live_at_defaults()
                if declaration(k).unsupported([k], settings)
                == declaration(k).unsupported([k], alone)
            }
    return out


def covering() -> dict[str, dict]:
    """Report id -> Settings overrides: the defaults, each preset whose options differ from
    them and from an earlier preset's, then reports of several choices (greedy: a choice
    joins a report when the pairs the report newly shows grow) until every pair a choice
    alone shows is shown (``shown``). A report of choices is named by the choices in force."""
    out: dict[str, dict] = {"defaults": {}}
    seen = [{o: DEFAULTS[o] for o in DEFAULTS if o != "preset"}]
    for name, over in PRESET_SETTINGS.items():
        values = {k: v for k, v in over.items() if k != "preset"}
        if values not in seen:
            seen.append(values)
            out[name] = over
    wanted = set().union(*(shown({**DEFAULTS, **over}) for over in CHOICES.values()))
    done = set().union(*(shown({**DEFAULTS, **over}) for over in out.values()))
    while wanted - done:
        settings = dict(DEFAULTS)
        for over in CHOICES.values():
            if any(settings[k] not in (DEFAULTS[k], v) for k, v in over.items()):
                continue  # another choice of the option is in force
            trial = {**settings, **over}
            if shown(trial) - done > shown(settings) - done:
                settings = trial
        done |= shown(settings)
        name = ",".join(c for c in CHOICES if in_force(c, settings))
        out[name] = {k: v for k, v in settings.items() if v != DEFAULTS[k]}
    return out


REPORTS = covering()


def matrix_raw(invalid_scores: bool):
    """Every table; a refunded and a returned order in the latest month, the one live
    cells show (their rates by count and by value differ); session durations (ga4 bounces
    at 10 s and 60 s differ); a customer back after two months without MRR (reactivation,
    its window and where it counts); with ``invalid_scores``, NPS scores 11 and 6.5 in the
    latest month."""
    late = {
        "order_id": ["9", "10"],
        "order_date": ["2026-03-06", "2026-03-09"],
        "customer_id": ["B", "A"],
        "revenue": [25.0, 12.5],
        "cost": [10.0, 5.0],
        "status": ["refunded", "returned"],
        "channel": ["email", "paid"],
    }
    orders = {k: v + late[k] for k, v in ORDERS.items()}
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
        orders=orders,
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
        return list(self.sheets[sheet].iter_rows(values_only=True))

    @cached_property
    def sheets(self) -> dict:
        return sheet_values(self.values)

    @cached_property
    def book(self):
        """The written workbook (formulas, comments)."""
        return openpyxl.load_workbook(self.path)

    @property
    def settings(self):
        return self.result.settings


def computed(overrides: dict) -> tuple:
    """(raw, KPI Data, with invalid scores?) under ``overrides``: with the invalid NPS scores
    unless the settings reject them as a data error (nps.invalid = error)."""
    for invalid in (True, False):
        raw = matrix_raw(invalid)
        raw.settings = dataclasses.replace(raw.settings, **overrides)
        try:
            return raw, compute_kpis(raw), invalid
        except DataError:
            continue
    raise AssertionError(f"no data accepted under {overrides}")


def build(overrides: dict, path) -> Report:
    """The report under ``overrides`` (the data as :func:`computed` accepts it)."""
    raw, result, invalid = computed(overrides)
    checks: list = []
    write_workbook(path, raw, result, checks=checks)
    return Report(result, checks, path, invalid_scores=invalid)


def _build(job) -> Report:
    return build(*job)


@pytest.fixture(scope="module")
def reports(soffice, tmp_path_factory) -> dict[str, Report]:
    """Report id -> its report, recalculated: built in two processes and recalculated by
    two LibreOffice processes, one call each."""
    root = tmp_path_factory.mktemp("options-matrix")
    (root / "in").mkdir()
    jobs = [(over, root / "in" / f"report{i:02d}.xlsx") for i, over in enumerate(REPORTS.values())]
    with ProcessPoolExecutor(2) as pool:
        built = list(pool.map(_build, jobs))
    recalculated = libreoffice.recalculate_many([r.path for r in built], root / "out")
    for report, path in zip(built, recalculated, strict=True):
        report.recalculated = path
    return dict(zip(REPORTS, built, strict=True))


def test_the_covering_shows_every_choice_with_every_live_kpi():
    """Checked from the declarations: the defaults and every preset whose options differ are
    reports; every choice is in force in a report (as alone: an option coupled to it by WITH
    at its default); for every choice and every KPI live at the defaults, a report with the
    choice in force has the KPI live where its declaration implements the choice alone,
    else the fallback naming what the choice alone does not implement."""
    settings = {rid: {**DEFAULTS, **over} for rid, over in REPORTS.items()}
    assert len({tuple(sorted(s.items())) for s in settings.values()}) == len(settings)
    assert REPORTS["defaults"] == {}
    options = [{k: v for k, v in s.items() if k != "preset"} for s in settings.values()]
    for name in PRESETS:
        values = preset_values(name)
        assert values == {o.setting: o.default for o in OPTIONS} or values in options, name
    for opt in OPTIONS:
        for value in [*(c.value for c in opt.choices), *other_values(opt)]:
            validate(opt, value)
            choice = f"{opt.name}={value}"
            if value == opt.default:
                continue
            assert CHOICES[choice][opt.setting] == value
            holding = [s for s in settings.values() if in_force(choice, s)]
            assert holding, f"{choice} is in force in no report"
            for kpi in live_at_defaults():
                alone = declaration(kpi).unsupported([kpi], {**DEFAULTS, **CHOICES[choice]})
                assert any(declaration(kpi).unsupported([kpi], s) == alone for s in holding), (
                    f"no report shows {kpi} under {choice} as {alone or 'live'}"
                )
    for rid, s in settings.items():
        if "=" in rid and not rid.startswith("preset="):
            assert rid.split(",") == [c for c in CHOICES if in_force(c, s)]
    for extra in WITH.values():
        assert all(validate(k, v) == v for k, v in extra.items())
    assert len(live_at_defaults()) > 20


def test_the_data_gives_every_report_kpi_a_value(reports):
    """No KPI of the matrix is absent from KPI Data (an absent one would pass vacuously)."""
    table = reports["defaults"].result.table
    assert set(KPIS) == set(table.kpi)
    assert len(reports["defaults"].checks) > 40


@pytest.fixture(scope="module")
def at_defaults() -> tuple:
    return computed({})


@pytest.mark.parametrize("choice", list(CHOICES))
def test_each_choice_is_exercised_by_the_data(at_defaults, choice):
    """A choice that changed no KPI Data value would prove nothing: each choice alone
    against the defaults, in Python."""
    (_, base, base_invalid), (_, this, invalid) = at_defaults, computed(CHOICES[choice])
    if invalid and not base_invalid:
        return  # the choice accepts data the default rejects
    a, b = (r.table.set_index(["kpi", "segment", "period"]).value for r in (base, this))
    joined = a.to_frame("a").join(b.to_frame("b"), how="outer")
    same = np.isclose(joined.a, joined.b, rtol=1e-12, atol=0, equal_nan=True)
    assert not same.all(), f"{choice} changes no value in KPI Data: extend matrix_raw"


@pytest.mark.parametrize("variant", list(REPORTS))
def test_every_formula_cell_recalculates_to_its_cached_value(reports, variant):
    report = reports[variant]
    cells = formula_cells(report.path)
    assert assert_cached_values_match(report.cached, report.values, cells) > len(report.checks)


@pytest.mark.parametrize("variant", list(REPORTS))
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
@pytest.mark.parametrize("variant", list(REPORTS))
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
