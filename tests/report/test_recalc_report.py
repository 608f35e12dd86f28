"""The report's live formulas, recalculated by LibreOffice, equal the Python KPI Data values."""

from __future__ import annotations

import zipfile

import numpy as np
import openpyxl
import pytest

from tests.report.cached import cell_values, formula_cells
from tests.report.conftest import NPS, ORDERS, all_tables, make_raw
from tests.report.live import (
    Written,
    check_live,
    recalculated_batch,
    write_live,
)
from xlkpi.engine.compute import compute_kpis
from xlkpi.report.build import write_workbook

pytestmark = pytest.mark.libreoffice

GRAINS = ["quarter", "week"]
SEEDS = [1, 2, 3]


def _small():
    """Orders (with an '=HYPERLINK' id, a timestamp, every status) and NPS (a blank score)."""
    return make_raw(orders=ORDERS, nps=NPS)


def _plain(raw, folder) -> Written:
    """The report of ``raw`` without live-cell checks."""
    result = compute_kpis(raw)
    return Written(write_workbook(folder / "report.xlsx", raw, result), raw, result)


def _with_targets(folder) -> Written:
    import pandas as pd

    raw = all_tables()
    # latest 2026-03: revenue 30 (↑), bounce rate 2/5 = 0.4 (↓), orders 1 (↑)
    raw.targets = pd.DataFrame(
        {
            "kpi": ["revenue", "bounce_rate", "orders"],
            "target": [32.0, 0.3, 1.0],
            "warn": [None, 0.5, None],
        }
    )
    return _plain(raw, folder)


def _sample(folder) -> Written:
    from xlkpi.data import read_source
    from xlkpi.data.sample import write_sample

    return write_live(read_source(write_sample(folder / "sample.xlsx")), folder / "report.xlsx")


def _cases() -> dict:
    """Every report of this module by case id (the tests' parameters)."""
    cases = {
        "small": lambda f: write_live(_small(), f / "report.xlsx"),
        "earlier": lambda f: write_live(_small(), f / "report.xlsx", as_of="2026-02-04"),
        "formula-text": lambda f: _plain(_small(), f),
        "every-table": lambda f: write_live(all_tables(), f / "report.xlsx"),
        "targets": _with_targets,
        "sample": _sample,
        "not-embedded": lambda f: write_live(all_tables(), f / "report.xlsx", embed_raw=False),
    }
    for period in GRAINS:
        cases[f"grain-{period}"] = lambda f, p=period: write_live(
            all_tables(), f / "report.xlsx", period=p
        )
    for seed in SEEDS:
        cases[f"random-{seed}"] = lambda f, s=seed: write_live(random_raw(s), f / "report.xlsx")
    for as_of in NPS_GAP_COUNTS:
        cases[f"nps-gaps-{as_of}"] = lambda f, a=as_of: _nps_gaps(f, a)
    return cases


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """Case id -> its report, recalculated with the module's others in one LibreOffice call."""
    return recalculated_batch(_cases(), tmp_path_factory.mktemp("recalc-report"))


def test_live_cells_equal_kpi_data(live):
    _, checks, values = check_live(live["small"])
    checked = {c[2] for c in checks}
    assert {"revenue", "orders", "aov", "nps", "nps_responses", "nps_margin"} <= checked
    nps = values["NPS"]  # step 2: the group of every response, by formula (columns L:O)
    groups = [nps.cell(r, 15).value for r in range(6, 17)]
    assert groups == [
        "Promoter",
        "Detractor",
        "Promoter",
        "Passive",
        "Detractor",
        "Promoter",
        "Promoter",
        "Passive",
        None,
        "Detractor",
        "Promoter",
    ]


def test_live_cells_in_an_earlier_as_of_period(live):
    """as_of on 4 February: later rows are ignored by Python and by the formulas."""
    result, _, values = check_live(live["earlier"])
    assert result.periods[-1].label == "2026-02"
    assert values["NPS"]["C9"].value == 3  # 2026-02-02..04: scores 9, 7, 6


def test_formula_text_in_data_stays_text(live):
    report = live["formula-text"]
    plain = openpyxl.load_workbook(report.path)["Orders data"]
    assert plain["C6"].data_type == "s"
    assert report.values["Orders data"]["C6"].value == '=HYPERLINK("http://x")'


def test_every_table_live_cells_equal_kpi_data(live):
    _, checks, _ = check_live(live["every-table"])
    checked = {c[2] for c in checks}
    assert {
        "sessions",
        "bounce_rate",
        "conversion_rate",
        "leads",
        "mqls",
        "won",
        "new_customers",
        "mrr",
        "marketing_pct_of_cac",
    } <= checked


def test_status_against_targets(live):
    """Targets drive green/amber/red: direction from the catalogue, amber 10 % short by default."""
    ws = live["targets"].values["All KPIs"]
    status = {
        ws.cell(r, 1).value: (ws.cell(r, 2).value, ws.cell(r, 6).value, ws.cell(r, 7).value)
        for r in range(7, ws.max_row + 1)
    }
    assert status["Revenue"] == (30, pytest.approx(28.8), "Watch")  # 30 >= 32 - 3.2
    assert status["Bounce rate"] == (pytest.approx(0.4), 0.5, "Watch")
    assert status["Orders"][2] == "On target"
    assert status["Average order value"][2] is None  # no target: no status


@pytest.mark.slow
def test_sample_report_live_cells_equal_kpi_data(live):
    _, checks, values = check_live(live["sample"])
    assert len(checks) >= 25
    status = {values["All KPIs"].cell(r, 7).value for r in range(7, 80)}
    assert status & {"On target", "Watch", "Off target"}  # the sample has Targets


@pytest.mark.parametrize("period", GRAINS)
def test_live_cells_for_other_period_grains(live, period):
    result, checks, _ = check_live(live[f"grain-{period}"])
    assert result.settings.period == period and len(checks) >= 15


def _openpyxl_cells(path, data_only: bool) -> dict:
    """(sheet, cell) -> (data type, value) of every stored cell, as openpyxl's read-only
    mode reads it: the reference tests/support/xlsx_cells.py stands in for."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    cells = {}
    for ws in book.worksheets:
        ws.reset_dimensions()
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "coordinate", None):  # not an EmptyCell
                    cells[(ws.title, cell.coordinate)] = (cell.data_type, cell.value)
    book.close()
    return cells


def test_the_fast_cell_reader_reads_what_openpyxl_reads(live):
    """cell_values and formula_cells (read from the XML) give every stored cell's value, of
    the same type, and the formula cells, as openpyxl's read-only mode does: in a written
    report (inline strings, booleans, errors, dates, NPS and charts) and in LibreOffice's
    copy (shared strings, cached results, formula text)."""
    report = live["grain-week"]
    for path in (report.path, report.recalculated):
        want = _openpyxl_cells(path, data_only=True)
        kinds = {kind for kind, _ in want.values()}
        assert {"s", "n", "d", "e"} <= kinds, f"{path}: not every kind of cell occurs"
        got = {key: (type(v), v) for key, v in cell_values(path).items()}
        assert got == {key: (type(v), v) for key, (_, v) in want.items()}
        formulas = [
            k for k, (kind, _) in _openpyxl_cells(path, data_only=False).items() if kind == "f"
        ]
        assert formula_cells(path) == formulas and formulas
    with zipfile.ZipFile(report.recalculated) as copy:  # its text is in shared strings
        sheets = [n for n in copy.namelist() if n.startswith("xl/worksheets/sheet")]
        assert any(b't="s"' in copy.read(n) for n in sheets)


def test_formulas_over_values_when_raw_is_not_embedded(live):
    """Without raw sheets the NPS steps still add up (formulas over the written counts)."""
    _, checks, _ = check_live(live["not-embedded"])
    assert {c[2] for c in checks} == {
        "promoters_share",
        "passives_share",
        "detractors_share",
        "nps_responses",
        "nps",
        "nps_margin",
    }


def random_raw(seed: int):
    """Random small tables: timestamps, blanks, every status, scores with gaps."""
    import numpy as np

    from tests.report.conftest import make_raw

    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 60))
    start = np.datetime64("2026-01-01T00:00")
    when = start + rng.integers(0, 90 * 24 * 60, n).astype("timedelta64[m]")
    statuses = rng.choice(
        np.array(["paid", None, "refunded", "returned", "cancelled"], dtype=object), n
    )
    orders = {
        "order_id": [str(i) for i in range(n)],
        "order_date": when.astype(str).tolist(),
        "customer_id": rng.choice(["A", "B", "C", "D"], n).tolist(),
        "revenue": rng.uniform(0, 500, n).round(2).tolist(),
        "status": statuses.tolist(),
    }
    m = int(rng.integers(10, 40))
    scores = rng.integers(0, 11, m).astype(float)
    scores[rng.random(m) < 0.15] = np.nan
    nps = {
        "response_date": (start + rng.integers(0, 90, m).astype("timedelta64[D]"))
        .astype(str)
        .tolist(),
        "score": scores.tolist(),
    }
    k = int(rng.integers(10, 50))
    sessions = {
        "session_date": (start + rng.integers(0, 90, k).astype("timedelta64[D]"))
        .astype(str)
        .tolist(),
        "visitor_id": rng.choice(["v1", "v2", "v3"], k).tolist(),
        "pageviews": rng.integers(1, 4, k).tolist(),
        "converted": (rng.random(k) < 0.3).tolist(),
    }
    return make_raw(orders=orders, nps=nps, sessions=sessions)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_data_live_cells_equal_kpi_data(live, seed):
    check_live(live[f"random-{seed}"])


# NPS answers over five months: none before January, none in February, a blank in March
NPS_GAPS = {
    "response_date": ["2026-01-10", "2026-01-11", "2026-01-12", "2026-03-01", "2026-03-02",
                      "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"],
    "score": [10, 3, 7, 9, 8, np.nan, 2, 10, 6],
}  # fmt: skip
# as-of date -> period -> promoters, passives, detractors, responses (counted by hand)
NPS_GAP_COUNTS = {
    None: {"2026-01": [1, 1, 1, 3], "2026-02": [0, 0, 0, 0], "2026-03": [2, 1, 2, 5]},
    "2026-03-03": {"2026-01": [1, 1, 1, 3], "2026-02": [0, 0, 0, 0], "2026-03": [1, 1, 0, 2]},
}


def _nps_gaps(folder, as_of) -> Written:
    """The NPS gaps' report with LIST_LIMIT lowered below their number (while written)."""
    from xlkpi.report.sheets import nps

    earlier = {"order_id": ["0a", "0b"], "order_date": ["2025-11-05", "2025-12-05"],
               "customer_id": ["Z", "Z"], "revenue": [10.0, 20.0]}  # fmt: skip
    orders = {k: earlier.get(k, [None, None]) + v for k, v in ORDERS.items()}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nps, "LIST_LIMIT", len(NPS_GAPS["score"]) - 1)
        return write_live(make_raw(orders=orders, nps=NPS_GAPS), folder / "report.xlsx",
                          as_of=as_of)  # fmt: skip


@pytest.mark.parametrize("as_of", list(NPS_GAP_COUNTS))
def test_nps_counts_beyond_the_list_limit_are_counted_per_period(live, as_of):
    """Beyond LIST_LIMIT responses (lowered here) the responses are not listed: steps 1-2
    are each period's promoters, passives, detractors and responses, equal to the counts by
    hand ("–" before the NPS data's first date); the latest period's are COUNTIFS over the
    NPS data sheet (responses their sum), recalculated by LibreOffice, the earlier ones
    values; the summary's counts are the latest row."""
    report = live[f"nps-gaps-{as_of}"]
    result, checks, values = check_live(report)
    assert {"nps", "promoters_share", "nps_responses"} <= {c[2] for c in checks}
    got, written = values["NPS"], openpyxl.load_workbook(report.path)["NPS"]
    assert "the NPS data sheet has 9 rows, more than 8" in got["A2"].value
    assert got["L4"].value.startswith("Steps 1-2: the responses of each period counted")
    assert [got.cell(5, c).value for c in range(12, 17)] == [
        "Period", "Promoters", "Passives", "Detractors", "Responses"]  # fmt: skip
    labels = [p.label for p in result.periods]
    assert labels == ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
    table = {got.cell(r, 12).value: [got.cell(r, c).value for c in range(13, 17)]
             for r in range(6, 6 + len(labels))}  # fmt: skip
    assert table == {"2025-11": ["–"] * 4, "2025-12": ["–"] * 4, **NPS_GAP_COUNTS[as_of]}
    for r, label in enumerate(labels, start=6):  # the latest period live, the others values
        cells = [written.cell(r, c) for c in range(13, 17)]
        if label == labels[-1]:
            assert all("COUNTIFS('NPS data'!" in c.value for c in cells[:3]), label
            assert f"SUM(M{r}:O{r})" in cells[3].value
        else:
            assert all(c.data_type in "ns" for c in cells), label
    assert [got.cell(r, 3).value for r in range(6, 10)] == NPS_GAP_COUNTS[as_of]["2026-03"]
    for r, column in zip((6, 7, 8), "MNO", strict=True):
        assert f"${column}$10" in written.cell(r, 3).value
