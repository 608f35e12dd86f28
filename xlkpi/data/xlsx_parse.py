"""Check a workbook's contract sheets and parse them with fastexcel into Arrow, in threads.

The pandas-free half of :mod:`xlkpi.data.xlsx`: it imports neither pandas nor the KPI
code, so the command line starts it before those load (:func:`prefetch`), and the
Orders sheet is being parsed while pandas is still importing (about half a second on
the 1M-row benchmark). :class:`SheetParse` does the work for both paths:

- the zip layout: which sheet holds which contract table, the 1904 flag, each sheet's
  header row (streamed up to the first row holding a value);
- the zip-bomb guard (:func:`xlkpi.data.source.check_member`) on every part fastexcel
  will read, each sheet in the reader thread that then parses it;
- fastexcel's parse of each sheet into Arrow (the Rust parser releases the GIL), biggest
  first, the Settings sheet before all (NPS typing depends on it);
- then, in the same thread, the continuation :meth:`SheetParse.results` was given (the
  pandas conversion and typing), so the small sheets are typed while the big one parses.
"""

from __future__ import annotations

import os
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlkpi.data import threads, xlsx_pieces
from xlkpi.data.contract import SETTINGS_SHEET
from xlkpi.data.source import (
    WORKBOOK_SUFFIXES,
    check_member,
    check_package_parts,
    check_workbook_file,
)
from xlkpi.data.xlsx_layout import _first_value_row, _layout, _SheetRef
from xlkpi.errors import CellProblem, SourceError


@dataclass
class Loaded:
    """One sheet as fastexcel parsed it: Arrow columns, their headers, the cells it could
    not type, and those columns again as text (None when every cell fitted)."""

    headers: list[str]
    batch: Any  # pyarrow.RecordBatch
    errors: list  # fastexcel cell errors
    retyped: Any = None  # pyarrow.RecordBatch of the bad columns as text
    bad_cols: tuple[int, ...] = ()


class SheetParse:
    """The contract sheets of one workbook, checked and parsed to Arrow in reader threads.

    The threads start at once. Each parsed sheet then waits for the continuation given to
    :meth:`results` and runs it in its own thread. Failures are kept and raised by
    :meth:`results`, the first in a fixed order (Settings, then biggest first), so the
    error a user sees does not depend on the threads' timing.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stamp = _stamp(path)
        self.error: BaseException | None = None
        self.findings: list[CellProblem] = []
        self.names: list[str] = []
        self.chosen: dict[str, _SheetRef] = {}
        self.headers: dict[str, int | None] = {}
        self.date1904 = False
        self.todo: list[_SheetRef] = []
        self._then: Callable[[_SheetRef, Loaded], Any] | None = None
        self._ready = threading.Event()
        self._outcomes: dict[str, tuple[bool, Any]] = {}
        self._lock = threading.Lock()
        self._next = 0
        self._threads: list[threading.Thread] = []
        self._unchecked = 0  # workers whose first sheet's zip check is still running
        self._checked = threading.Event()
        self._parts: dict | None = None  # styles and shared strings, for xlsx_pieces
        try:
            self._plan()
        except Exception as exc:  # raised by results(), where the caller expects it
            self.error = exc
            self.todo = []
        workers = max(1, min(len(self.todo), os.cpu_count() or 1, 4)) if self.todo else 0
        if not threads.available():  # Pyodide: results() does the work in the caller
            workers = 0
        self._unchecked = workers
        if not workers:
            self._checked.set()
        for _ in range(workers):
            thread = threading.Thread(target=self._work, name="xlkpi-reader", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _plan(self) -> None:
        with zipfile.ZipFile(self.path) as zf:
            refs, self.date1904, self.names = _layout(zf)
            for ref in refs:
                if ref.key in self.chosen:
                    self.findings.append(
                        CellProblem(
                            ref.name,
                            1,
                            "(sheet)",
                            ref.name,
                            f"ignored: sheet {self.chosen[ref.key].name!r} "
                            f"already holds the {ref.key} table",
                        )
                    )
                else:
                    self.chosen[ref.key] = ref
            self.headers = {r.key: _first_value_row(zf, r.part) for r in self.chosen.values()}
            self._infos = {i.filename: i for i in zf.infolist()}
        self.todo = sorted(
            (r for r in self.chosen.values() if self.headers[r.key]),
            key=lambda r: (r.key != SETTINGS_SHEET, -r.size),
        )
        if self.todo:  # the sheets are checked in the reader threads, before parsing
            check_package_parts(self.path, list(self._infos.values()))

    def _work(self) -> None:
        first = True
        kept: list = []  # this thread's fastexcel reader of the workbook (load_arrow)
        while True:
            with self._lock:
                if self._next >= len(self.todo):
                    return
                ref = self.todo[self._next]
                self._next += 1
            try:
                loaded = self._load(ref, first, kept)
                first = False
                self._ready.wait()
                outcome = (True, self._then(ref, loaded))
            except BaseException as exc:
                outcome = (False, exc)
            with self._lock:
                self._outcomes[ref.key] = outcome

    def _load(self, ref: _SheetRef, first: bool, kept: list) -> Loaded:
        """Check and parse one sheet (in the thread: ISA-L and fastexcel release the GIL)."""
        info = self._infos[ref.part]
        book = self._book_parts() if xlsx_pieces.worth(info.file_size) else None
        if book is not None:  # a big sheet: in pieces, on both cores
            if first:
                self._first_checked()  # the check runs alongside the parse
            loaded = xlsx_pieces.load_in_pieces(self.path, info, self.headers[ref.key], book)
            if loaded is not None:
                return loaded
        else:
            try:
                check_member(self.path, info, sheet=True)
            finally:
                if first:
                    self._first_checked()
        return load_arrow(self.path, ref, self.headers[ref.key], kept)

    def _book_parts(self) -> dict:
        with self._lock:
            if self._parts is None:
                with zipfile.ZipFile(self.path) as zf:
                    self._parts = xlsx_pieces.book_parts(zf, self.date1904)
            return self._parts

    def _first_checked(self) -> None:
        with self._lock:
            self._unchecked -= 1
            if self._unchecked == 0:
                self._checked.set()

    def wait_checked(self, timeout: float) -> None:
        """Wait (at most ``timeout`` s) until each thread has checked its first sheet.

        The check is a Python loop over inflate calls; a thread importing modules
        meanwhile holds the GIL for milliseconds at a time and made the Orders check
        four times slower (0.2 -> 0.8 s on 1M rows). The parse after it runs in Rust and
        overlaps the imports freely.
        """
        self._checked.wait(timeout)

    def results(self, then: Callable[[_SheetRef, Loaded], Any]) -> list[Any]:
        """``then(ref, loaded)`` of every sheet in :attr:`todo` order, each computed in the
        thread that parsed the sheet; raises the first failure in that order."""
        if self.error is not None:
            raise self.error
        self._then = then
        self._ready.set()
        if not self._threads:  # no threads (Pyodide): every sheet here, one after another
            self._work()
        for thread in self._threads:
            thread.join()
        out = []
        for ref in self.todo:
            ok, value = self._outcomes[ref.key]
            if not ok:
                raise value
            out.append(value)
        return out

    def discard(self) -> None:
        """Nobody will take the results: let the threads finish and drop what they parse."""
        self._then = lambda ref, loaded: None
        self._ready.set()


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


_early: SheetParse | None = None
_early_lock = threading.Lock()


def prefetch(source: object, *, few_arenas: bool = False) -> SheetParse | None:
    """Start parsing ``source`` now when it is an .xlsx/.xlsm file (the command line calls
    this before importing pandas); :func:`claim` hands the parse to the reader.

    ``few_arenas``: the command's own process, reading a workbook, first limits malloc to
    a few arenas (:mod:`xlkpi.data.arenas`), before any thread starts (the probe of
    :func:`xlkpi.data.threads.available` included).
    Never raises: whatever is wrong with the file is reported when it is read for real.
    """
    global _early
    if not isinstance(source, str | os.PathLike):
        return None
    path = Path(source).expanduser()
    try:
        if path.suffix.lower() not in WORKBOOK_SUFFIXES or not path.is_file():
            return None
        check_workbook_file(path)
        import fastexcel  # noqa: F401 - without it (Pyodide) there is nothing to start
    except Exception:
        return None
    if few_arenas:  # a workbook: its reader threads are the first threads of the process
        from xlkpi.data.arenas import few_arenas as limit

        limit()
    if not threads.available():  # nothing can run early without a thread
        return None
    parse = SheetParse(path)
    parse.wait_checked(timeout=2.0)
    with _early_lock:
        if _early is not None:
            _early.discard()
        _early = parse
    return parse


def claim(path: Path) -> SheetParse | None:
    """The parse :func:`prefetch` started for ``path``, if the file has not changed since."""
    global _early
    with _early_lock:
        parse, _early = _early, None
    if parse is None:
        return None
    if parse.path.resolve() == path.resolve() and parse.stamp == _stamp(path):
        return parse
    parse.discard()
    return None


def release(parse: SheetParse | None) -> None:
    """Discard ``parse`` if it was never claimed (the command ended before reading)."""
    global _early
    with _early_lock:
        if parse is not None and _early is parse:
            _early = None
            parse.discard()


def _column_label(info) -> str:
    name = info.name
    if name.startswith("__UNNAMED__"):
        return f"(column {_letters(info.absolute_index)})"
    return name


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


# fastexcel raises FastExcelError subclasses (CalamineError, CalamineCellError, ArrowError,
# ...), but bad bytes also surface as OverflowError/ValueError from its argument
# conversion, pyarrow's ArrowException (a ValueError etc.), OSError and RuntimeError.
_NATIVE_ERRORS = (ArithmeticError, ValueError, OSError, RuntimeError)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def load_arrow(path: Path, ref: _SheetRef, header_row: int, kept: list | None = None) -> Loaded:
    """Parse one sheet with fastexcel; re-read as text any column with unconvertible cells.

    ``kept``: the reader of ``path`` this thread opened before (``[reader]``), reused;
    ``[]``: open one and keep it there. Opening parses the workbook's shared strings
    (0.1 s for the 7-sheet benchmark's 5.8 MB): once per thread, not once per sheet."""
    import fastexcel  # imported here: without it (Pyodide) read.py uses xlsx_calamine

    as_text = ref.key == SETTINGS_SHEET
    try:
        reader = kept[0] if kept else fastexcel.read_excel(path)
        if kept is not None and not kept:
            kept.append(reader)
        sheet = reader.load_sheet(
            ref.name, header_row=header_row - 1, dtypes="string" if as_text else None
        )
        batch, errors = sheet.to_arrow_with_errors()
        loaded = Loaded([_column_label(c) for c in sheet.selected_columns], batch, [])
        bad_cols = sorted({e.position[1] for e in errors.errors}) if errors else []
        if bad_cols:
            loaded.retyped = reader.load_sheet(
                ref.name, header_row=header_row - 1, use_columns=bad_cols, dtypes="string"
            ).to_arrow()
            loaded.errors, loaded.bad_cols = list(errors.errors), tuple(bad_cols)
    except (fastexcel.FastExcelError, *_NATIVE_ERRORS) as exc:
        if kept:
            kept.clear()  # a reader that failed once is not trusted with the next sheet
        raise SourceError(f"cannot read sheet {ref.name!r}: {_first_line(exc)}") from exc
    except BaseException as exc:
        if kept:
            kept.clear()
        if type(exc).__name__ != "PanicException":  # pyo3's, a BaseException: a Rust panic
            raise
        raise SourceError(f"cannot read sheet {ref.name!r}: {_first_line(exc)}") from exc
    return loaded
