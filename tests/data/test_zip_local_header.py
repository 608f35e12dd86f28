"""A member whose zip directory points where no local header stands: the workbook is named
damaged, with the part, in one SourceError (never a zipfile traceback)."""

from __future__ import annotations

import zipfile

import pytest

from xlkpi.data import read_source
from xlkpi.data.sample import write_sample
from xlkpi.errors import SourceError


def test_a_member_without_its_local_header_is_named_damaged(tmp_path):
    path = write_sample(tmp_path / "raw.xlsx")
    with zipfile.ZipFile(path) as z:
        info = next(i for i in z.infolist() if i.filename.startswith("xl/worksheets/"))
    data = bytearray(path.read_bytes())
    assert data[info.header_offset : info.header_offset + 4] == b"PK\x03\x04"
    data[info.header_offset : info.header_offset + 4] = b"XX\x03\x04"
    path.write_bytes(bytes(data))
    with pytest.raises(SourceError, match=r"damaged.*xl/worksheets/"):
        read_source(path)
