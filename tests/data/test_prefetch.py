"""The early parse: the command line starts fastexcel on the workbook before pandas loads.

What must hold: the light modules really are light (else nothing overlaps), the reader
takes over only a parse of the very same unchanged file, the result is the same as a
plain read, errors surface where and as they did, and an unclaimed parse ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import xlkpi
import xlkpi.kpi
from tests.support import hostile
from xlkpi.data import read_source
from xlkpi.data import xlsx_parse as P
from xlkpi.errors import SourceError

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample_raw.xlsx"


@pytest.fixture
def book(tmp_path) -> Path:
    return Path(shutil.copy(SAMPLE, tmp_path / "raw.xlsx"))


@pytest.fixture
def parses(monkeypatch) -> list[P.SheetParse]:
    """Every SheetParse made from now on."""
    made: list[P.SheetParse] = []
    init = P.SheetParse.__init__

    def spy(self, path):
        made.append(self)
        init(self, path)

    monkeypatch.setattr(P.SheetParse, "__init__", spy)
    yield made
    P.release(P._early)


def test_the_command_line_and_the_parser_import_without_pandas():
    # nor the engine (ibis, duckdb: a second and more): whatever the build imports is
    # imported while the early parse runs, never before it starts
    code = (
        "import sys, xlkpi.cli, xlkpi.data.xlsx_parse, xlkpi.data.xlsx_pieces\n"
        "heavy = ('pandas', 'numpy', 'openpyxl', 'pyarrow', 'xlkpi.kpi.api', 'ibis', "
        "'duckdb', 'xlkpi.engine')\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_lazy_packages_export_what_they_list():
    assert set(xlkpi.kpi.__all__) <= set(xlkpi.__all__)
    for name in xlkpi.__all__:
        assert getattr(xlkpi, name) is not None
        assert name in dir(xlkpi)
    assert xlkpi.nps is xlkpi.kpi.nps
    namespace: dict = {}
    exec("from xlkpi import *", namespace)
    assert {"nps", "build_report", "DataError"} <= namespace.keys()
    with pytest.raises(AttributeError):
        xlkpi.no_such_kpi  # noqa: B018


def test_the_reader_takes_over_the_early_parse(book, parses):
    plain = read_source(book)
    early = P.prefetch(book)
    assert early is not None and parses[-1] is early
    count = len(parses)
    taken = read_source(book)
    assert len(parses) == count, "the reader parsed the workbook again"
    assert P._early is None
    for key, table in plain.tables.items():
        assert table.frame.equals(taken.tables[key].frame), key
    assert [str(p) for p in plain.problems] == [str(p) for p in taken.problems]


def test_a_file_changed_after_the_early_parse_is_read_again(book, parses, tmp_path):
    P.prefetch(book)
    members = [hostile.Member(n, d) for n, d in hostile.workbook_bytes(hostile.ORDERS).items()]
    other = hostile.write_zip(tmp_path / "other.xlsx", members)
    os.replace(other, book)  # same path, other file: another inode and size
    count = len(parses)
    raw = read_source(book)
    assert len(parses) == count + 1
    assert sorted(raw.tables) == ["orders"]


def test_a_parse_of_another_file_is_not_taken(book, parses, tmp_path):
    P.prefetch(book)
    other = Path(shutil.copy(book, tmp_path / "copy.xlsx"))
    count = len(parses)
    read_source(other)
    assert len(parses) == count + 1


@pytest.mark.parametrize("how", ["crc", "deflate", "truncated"])
def test_a_damaged_workbook_fails_the_same_way_with_the_early_parse(tmp_path, how, parses):
    path = hostile.damaged(tmp_path / f"{how}.xlsx", how)
    with pytest.raises(SourceError) as plain:
        read_source(path)
    assert P.prefetch(path) is not None
    with pytest.raises(SourceError) as early:
        read_source(path)
    assert str(early.value) == str(plain.value)


@pytest.mark.parametrize(
    "source", ["missing.xlsx", "folder", "data.csv", "not-a-zip.xlsx", 42, None]
)
def test_prefetch_starts_nothing_for_what_is_not_a_workbook(tmp_path, source):
    (tmp_path / "folder").mkdir()
    (tmp_path / "data.csv").write_text("order_id\n1\n")
    (tmp_path / "not-a-zip.xlsx").write_text("order_id,revenue\n1,2\n")
    arg = tmp_path / source if isinstance(source, str) else source
    assert P.prefetch(arg) is None


def test_an_unclaimed_parse_ends(book):
    parse = P.prefetch(book)
    P.release(parse)
    deadline = time.monotonic() + 60
    for thread in parse._threads:
        thread.join(max(0.0, deadline - time.monotonic()))
        assert not thread.is_alive()
    assert P._early is None
