"""A CSV folder read by the engine (DuckDB, where it lies) and by the workbook reader:
the same dates under every Settings date_order and time_zone, the same problems with the
same words, the same KPI Data. Differential: the reader is the reference."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlkpi.data import check_source, read_source
from xlkpi.sources import api

#: date text as exports write it: every shape the reader reads, and text that is none (one
#: Unix unit: the reader takes one per column from its median, the engine one per value)
SHAPES = [
    "2025-01-13", "2025-03-30 01:30:00 +0100", "2025-10-26 02:30:00+02:00",
    "2025-01-13T18:03:04Z", "2025-01-13 9:05 UTC", "2025-01-13 23:59:59.5-05:30",
    "20250113", "1736791384", "45000.5", "2025/1/3", "2025/01/13 10:15",
    "13/01/2025", "01/13/2025", "3.4.2025", "12-11-2025 3:04 PM", "05/06/2025 14:00",
    "31/02/2025", "13/13/2025", "1850-01-01", "someday", "2025-01-13 25:00", "",
]  # fmt: skip
ORDERS = ("dmy", "mdy", None)
ZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata")


def _folder(path, dates, order, zone):
    rows = [
        {"order_id": f"O{i}", "order_date": d, "customer_id": f"C{i % 3}", "revenue": "10"}
        for i, d in enumerate(dates)
    ]
    pd.DataFrame(rows).to_csv(path / "orders.csv", index=False)
    keys = [("time_zone", zone)] + ([("date_order", order)] if order else [])
    pd.DataFrame(keys, columns=["key", "value"]).to_csv(path / "settings.csv", index=False)
    return path


def _key(p):
    return (p.sheet, p.row, p.column, p.message, str(p.value))


def _same(engine, reader) -> None:
    """The same problems; the engine names the first EXAMPLES of a kind and counts the
    rest in one more line (it never pulls every bad row out of the data)."""
    from xlkpi.sources.validate import EXAMPLES

    shown = [p for p in engine if " more row(s) like these" not in p.message]
    seen: dict = {}
    capped = []
    for p in sorted(reader, key=lambda p: p.row):
        kind = (p.column, p.message)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= EXAMPLES:
            capped.append(p)
    assert sorted(map(_key, shown)) == sorted(map(_key, capped))
    assert len(engine) - len(shown) == sum(n > EXAMPLES for n in seen.values())


@pytest.mark.parametrize(("order", "zone"), [("dmy", "Europe/Paris"), ("mdy", "America/New_York"),
                                            (None, "Asia/Kolkata"), (None, "UTC")])  # fmt: skip
def test_every_date_shape_as_the_reader_reads_it(order, zone, tmp_path):
    """Every shape at once: the same problems (row, column, words), the same values."""
    from xlkpi.data.dates import DateRules, parse_dates

    folder = _folder(tmp_path, SHAPES, order, zone)
    errors, _ = api.check(folder)
    _same(errors, check_source(folder))
    rules = DateRules(order, zone)
    want = parse_dates(pd.Series(SHAPES, dtype="str").replace("", None), rules=rules,
                       name="order_date").values  # fmt: skip
    got = api.engine_tables(folder, validate=False)["orders"].order_date.execute()
    assert pd.to_datetime(got).astype("datetime64[ns]").tolist() == pd.Series(want).tolist()


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    dates=st.lists(st.sampled_from(SHAPES), min_size=1, max_size=6),
    order=st.sampled_from(ORDERS),
    zone=st.sampled_from(ZONES),
)
def test_dates_and_their_problems_as_the_reader_reads_them(dates, order, zone, tmp_path_factory):
    folder = _folder(tmp_path_factory.mktemp("dates"), dates, order, zone)
    expected = check_source(folder)
    errors, _ = api.check(folder)
    _same(errors, expected)
    if expected:
        return
    want = read_source(folder).tables["orders"].frame.order_date
    got = api.engine_tables(folder)["orders"].order_date.execute()
    got = pd.to_datetime(got).astype("datetime64[ns]")
    assert got.tolist() == want.astype("datetime64[ns]").tolist()


def test_an_ambiguous_column_is_one_problem_with_the_order_it_fits(tmp_path):
    folder = _folder(tmp_path, ["2025-01-02", "01/02/2025", "13/02/2025", "03/02/2025"], None,
                     "UTC")  # fmt: skip
    (problem,) = api.check(folder)[0]
    assert str(problem) == str(check_source(folder)[0])
    assert str(problem).startswith("orders.csv!order_date row 3: 3 date(s) in this column")
    assert "these dates only fit dmy (day first)" in str(problem)


def test_kpi_data_of_a_csv_folder_under_its_settings_equals_the_reader(tmp_path):
    """The sample's Orders and Customers with day-first dates, a Paris time zone and
    the folder's settings.csv options: KPI Data equals the reader's, value for value."""
    from tests.warehouse.conftest import SAMPLE
    from xlkpi.engine import covered
    from xlkpi.engine.compute import compute_kpis

    raw = read_source(SAMPLE)
    for name in ("orders", "customers"):
        frame = raw.tables[name].frame.copy()
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                frame[column] = frame[column].dt.strftime("%d/%m/%Y %H:%M")
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    chosen = [("date_order", "dmy"), ("time_zone", "Europe/Paris"), ("refund_basis", "value"),
              ("as_of", "2026-09-30"), ("period", "quarter")]  # fmt: skip
    frame = pd.DataFrame(chosen, columns=["key", "value"])
    frame.to_csv(tmp_path / "settings.csv", index=False)
    expected = compute_kpis(read_source(tmp_path)).table
    expected = expected[expected.kpi.isin(covered())].reset_index(drop=True)
    got = api.kpi_data(tmp_path)
    key = ["period", "kpi", "segment"]
    assert len(got) and got[key].values.tolist() == expected[key].values.tolist()
    assert got.value.to_numpy() == pytest.approx(expected.value.to_numpy(), rel=1e-9, nan_ok=True)
