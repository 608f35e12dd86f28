"""Fixtures of the Excel-side tests: a fake workbook and xlwings' converters on Linux."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.excel import xl_engine


class FakeBook:
    """An in-memory :class:`xlkpi.excel.book.ExcelBook`: sheets of values, messages recorded."""

    def __init__(
        self,
        name: str,
        path: Path | None,
        sheets: dict[str, list[list[Any]]],
        *,
        dirty: bool = True,
    ) -> None:
        self.name = name
        self.path = path
        self.sheets = {k: [list(r) for r in v] for k, v in sheets.items()}
        self.dirty = dirty
        self.messages: list[tuple[str, str, bool]] = []
        self.opened: list[Path] = []
        self.reads: list[str] = []

    def has_unsaved_changes(self) -> bool:
        return self.dirty

    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def read_sheet(self, name: str) -> list[list[Any]]:
        self.reads.append(name)
        return [list(r) for r in self.sheets[name]]

    def write_sheet(self, name: str, rows: list[list[Any]]) -> None:
        self.sheets[name] = [list(r) for r in rows]

    def message(self, text: str, title: str = "xlkpi", *, error: bool = False) -> None:
        self.messages.append((text, title, error))

    def open_workbook(self, path: Path) -> None:
        self.opened.append(Path(path))


@pytest.fixture
def fake_book():
    return FakeBook


@pytest.fixture
def excel_engine():
    """xlwings' converters running on a COM-like engine registered as ``excel``."""
    engine, previous = xl_engine.install()
    try:
        yield xl_engine
    finally:
        xl_engine.uninstall(engine, previous)
