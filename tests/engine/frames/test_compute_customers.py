"""Customers family per period, by hand (see compute_fixtures.customers).

A acq Dec 15; B acq Jan 10 churned Feb 20; C acq Jan 20; D acq Feb 5 churned Feb 25;
E acq Dec 1 churned Jan 15. Periods Dec 2025 - Feb 2026.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.engine.frames.compute_fixtures import customers, make_raw, orders, series
from xlkpi.data.model import Settings
from xlkpi.engine.compute import compute_kpis

NAN = math.nan


@pytest.fixture
def result():
    return compute_kpis(make_raw(customers=customers()))


@pytest.mark.parametrize(
    ("kpi", "expected"),
    [
        ("new_customers", [2.0, 2.0, 1.0]),  # A, E; B, C; D
        ("marketing_originated_pct", [1.0, 0.5, 0.0]),
        # active at start: Dec 0; Jan A, E; Feb A, B, C. Lost among them: Jan E; Feb B
        # (D, acquired and lost in Feb, counts in neither with the "start" denominator)
        ("churn_rate", [NAN, 0.5, 1 / 3]),
        ("retention_rate", [NAN, 0.5, 2 / 3]),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_customers_family_by_hand(result, kpi, expected):
    assert series(result, kpi) == pytest.approx(expected, nan_ok=True)


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        # Dec (0 + A, E) / 2 = 1; Jan (2 + 3) / 2; Feb (3 + A, C) / 2
        ("average", [0.0, 1 / 2.5, 2 / 2.5]),
        ("start_plus_new", [0.0, 1 / 4, 2 / 4]),  # Dec 0 + A, E; Jan 2 + B, C; Feb 3 + D
    ],
)
def test_churn_denominator_options(option, expected):
    r = compute_kpis(make_raw(Settings(churn_denominator=option), customers=customers()))
    assert series(r, "churn_rate") == pytest.approx(expected, nan_ok=True)
    assert r.options["churn_rate.denominator"] == option


def test_cohort_triangle_by_churn(result):
    c = result.cohorts
    assert c.index.tolist() == ["2025-12", "2026-01", "2026-02"]
    # Dec: A, E; E gone in Jan. Jan: B, C; B gone in Feb. Feb: D gone in Feb.
    expected = np.array([[1.0, 0.5, 0.5], [1.0, 0.5, NAN], [0.0, NAN, NAN]])
    np.testing.assert_allclose(c.to_numpy(), expected)
    assert c.columns.tolist() == [0, 1, 2]
    assert c.attrs["sizes"] == [2, 2, 1]  # Dec: A, E; Jan: B, C; Feb: D


def test_cohort_triangle_from_orders_without_customers():
    # completed orders: A Jan, B Jan, A Feb, C Mar -> cohorts Jan (A, B) and Mar (C)
    c = compute_kpis(make_raw(orders=orders())).cohorts
    assert c.index.tolist() == ["2026-01", "2026-03"]
    np.testing.assert_allclose(c.to_numpy(), [[1.0, 0.5, 0.0], [1.0, NAN, NAN]])
    assert c.attrs["sizes"] == [2, 1]


def test_churn_needs_the_churned_date_column():
    r = compute_kpis(make_raw(customers=customers().drop(columns="churned_date")))
    assert "churned_date" in r.unavailable["churn_rate"]
    assert series(r, "new_customers") == [2.0, 2.0, 1.0]
