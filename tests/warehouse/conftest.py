"""Fixtures of the warehouse tests: the sample as files, a real PostgreSQL holding it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import postgres
from xlkpi.data import read_source
from xlkpi.data.contract import TABLES
from xlkpi.data.sample import sample_tables

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_raw.xlsx"


def contract_frames(raw) -> dict:
    """``{table: DataFrame}`` of a read workbook: the typed contract columns only."""
    return {
        name: table.frame[[c for c in TABLES[name].names if c in table.frame.columns]]
        for name, table in raw.tables.items()
    }


@pytest.fixture(scope="session")
def sample_raw():
    return read_source(SAMPLE)


@pytest.fixture(scope="session")
def generated_raw():
    """A second, generated data set (another seed of the sample generator)."""
    return read_source(sample_tables(seed=7))


@pytest.fixture(scope="session")
def parquet_folder(sample_raw, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("parquet")
    for name, frame in contract_frames(sample_raw).items():
        frame.to_parquet(folder / f"{TABLES[name].title}.parquet")
    return folder


@pytest.fixture(scope="session")
def pg_sample(pg, sample_raw) -> str:
    """URL (with the password) of a PostgreSQL database holding the sample."""
    return postgres.load(pg, "sample", contract_frames(sample_raw))


@pytest.fixture(scope="session")
def pg_generated(pg, generated_raw) -> str:
    return postgres.load(pg, "generated", contract_frames(generated_raw))
