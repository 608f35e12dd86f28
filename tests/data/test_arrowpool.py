"""Reading switches Arrow to the system allocator only while it reads."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from xlkpi.data import read_source
from xlkpi.data.arrowpool import system_pool
from xlkpi.errors import SourceError


def test_system_pool_is_scoped_and_nests():
    before = pa.default_memory_pool().backend_name
    with system_pool():
        assert pa.default_memory_pool().backend_name == "system"
        with system_pool():
            assert pa.default_memory_pool().backend_name == "system"
        assert pa.default_memory_pool().backend_name == "system"
    assert pa.default_memory_pool().backend_name == before


def test_read_source_restores_the_pool_even_on_errors():
    before = pa.default_memory_pool().backend_name
    read_source({"NPS": pd.DataFrame({"response_date": ["2026-03-31"], "score": [9]})})
    with pytest.raises(SourceError):
        read_source(42)
    assert pa.default_memory_pool().backend_name == before
