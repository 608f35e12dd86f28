"""Every stored cell of a workbook read straight from its XML: what openpyxl's read-only mode
gives, without a Python object per cell (openpyxl costs ~15 µs a cell; a sample report with
its raw sheets holds ~180,000 cells).

:func:`read` gives, in one pass over each sheet, (sheet title, coordinate) -> the value
``openpyxl.load_workbook(path, read_only=True, data_only=True)`` gives that cell (every
``<c>`` element, an empty one as None) and the cells holding a formula (those whose
``data_type`` is ``"f"`` when read with ``data_only=False``). Its rules are openpyxl's
(``openpyxl.worksheet._reader.WorkSheetParser.parse_cell``, ``openpyxl.reader.strings``,
``Stylesheet._normalise_numbers``), and its date conversion is openpyxl's own functions;
``tests/report/test_recalc_report.py::test_the_fast_cell_reader_reads_what_openpyxl_reads``
holds it equal to openpyxl on a report and on its LibreOffice copy.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import fromstring
from xml.parsers.expat import ParserCreate

from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
# element names as the expat parser gives them (namespace_separator "}")
_ROW, _V, _F, _IS, _SI = (f"{MAIN[1:]}{t}" for t in ("row", "v", "f", "is", "si"))


@dataclass
class _Book:
    epoch: object
    dates: set  # style ids of a date format
    durations: set  # ... of a duration format
    strings: list  # the shared strings


def read(path) -> tuple[dict[tuple[str, str], object], list[tuple[str, str]]]:
    """(values of every stored cell, formula cells), both keyed by (sheet title, coordinate)."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        book, sheets = _sheets(archive, names)
        epoch = WINDOWS_EPOCH
        pr = book.find(f"{MAIN}workbookPr")
        if pr is not None and pr.get("date1904", "").lower() not in ("", "false", "f", "0"):
            epoch = CALENDAR_MAC_1904
        known = _Book(epoch, *_date_styles(archive, names), _shared_strings(archive))
        values, formulas = {}, []
        for title, part in sheets:
            with archive.open(part) as src:
                _Sheet(title, known, values, formulas).parse(src)
    return values, formulas


def _sheets(archive, names):
    """The workbook element and (title, part) of each worksheet, in the workbook's order."""
    root = fromstring(archive.read("_rels/.rels"))
    part = next(
        r.get("Target").lstrip("/")
        for r in root.iter(f"{_PKG_REL}Relationship")
        if r.get("Type", "").endswith("/officeDocument")
    )
    book = fromstring(archive.read(part))
    folder = posixpath.dirname(part)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(part) + ".rels")
    targets = {}
    for r in fromstring(archive.read(rels_part)).iter(f"{_PKG_REL}Relationship"):
        target = r.get("Target")
        if r.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            target = target[1:]
        else:  # openpyxl's get_dependents: relative to the workbook's folder
            target = posixpath.normpath(posixpath.join(folder, target))
        targets[r.get("Id")] = (target, r.get("Type", ""))
    sheets = []
    for sheet in book.iter(f"{MAIN}sheet"):
        rid = sheet.get(f"{_REL}id")
        if not rid:
            continue
        target, kind = targets[rid]
        if target in names and "chartsheet" not in kind:
            sheets.append((sheet.get("name"), target))
    return book, sheets


def _date_styles(archive, names) -> tuple[set[int], set[int]]:
    """Style ids (cellXfs indexes) whose number format is a date, and those of a duration."""
    if "xl/styles.xml" not in names:
        return set(), set()
    root = fromstring(archive.read("xl/styles.xml"))
    custom = {
        int(n.get("numFmtId")): n.get("formatCode")
        for n in root.iterfind(f"{MAIN}numFmts/{MAIN}numFmt")
    }
    dates, durations = set(), set()
    for i, xf in enumerate(root.iterfind(f"{MAIN}cellXfs/{MAIN}xf")):
        number = int(xf.get("numFmtId", 0))
        fmt = custom[number] if number in custom else builtin_format_code(number)
        if is_date_format(fmt):
            dates.add(i)
        if is_timedelta_format(fmt):
            durations.add(i)
    return dates, durations


class _Text:
    """openpyxl's ``Text.from_tree(node).content`` of an <si> or <is> being parsed: its last
    plain <t>, then the last <t> of each run (<r>); phonetic runs (<rPh>) are left out."""

    def __init__(self):
        self.plain, self.runs, self.top, self.run, self.into = None, [], None, None, None

    def start(self, local: str, level: int):
        """An element ``level`` deep below the <si>/<is> starts."""
        if level == 1:
            self.top = local
            if local == "t":
                self.plain = self.into = []
            elif local == "r":
                self.run = None
        elif level == 2 and local == "t" and self.top == "r":
            self.run = self.into = []

    def end(self, level: int):
        self.into = None
        if level == 1 and self.top == "r" and self.run is not None:
            self.runs.append("".join(self.run))

    def content(self) -> str:
        plain = "" if self.plain is None else "".join(self.plain)
        return plain + "".join(self.runs)


def _parser(start, end, chars):
    parser = ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = chars
    return parser


def _shared_strings(archive) -> list[str]:
    types = fromstring(archive.read("[Content_Types].xml"))
    part = next(
        (
            o.get("PartName")
            for o in types.iter(f"{_TYPES}Override")
            if o.get("ContentType") == _STRINGS
        ),
        None,
    )
    strings = []
    if part is None:
        return strings
    depth, si_depth, text = 0, 0, None

    def start(name, attrs):
        nonlocal depth, si_depth, text
        depth += 1
        if text is not None:
            text.start(name.rpartition("}")[2], depth - si_depth)
        elif name == _SI:
            text, si_depth = _Text(), depth

    def end(name):
        nonlocal depth, text
        if text is not None:
            if depth == si_depth:
                strings.append(text.content().replace("x005F_", ""))
                text = None
            else:
                text.end(depth - si_depth)
        depth -= 1

    def chars(data):
        if text is not None and text.into is not None:
            text.into.append(data)

    with archive.open(part[1:]) as src:
        _parser(start, end, chars).ParseFile(src)
    return strings


def _number(text: str):
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


class _Sheet:
    """The cells of one sheet, added to ``values`` and ``formulas`` as the parser meets them.

    Rows as read-only openpyxl yields them: a row whose number is not above the last one
    read is dropped; a cell without a reference is the one after the previous cell.
    """

    def __init__(self, title, book, values, formulas):
        self.title, self.book, self.values, self.formulas = title, book, values, formulas
        self.depth = self.row_depth = self.cell_depth = 0
        self.next_row, self.row = 1, 0
        self.in_row = False
        self.cell = None  # [reference, type, style] of the cell being read
        self.v = self.text = self.into = None
        self.formula = False

    def parse(self, src):
        _parser(self.start, self.end, self.chars).ParseFile(src)

    def start(self, name, attrs):
        self.depth += 1
        if self.cell is not None:
            level = self.depth - self.cell_depth
            if self.text is not None:
                self.text.start(name.rpartition("}")[2], level - 1)
            elif level != 1:
                pass
            elif name == _V and self.v is None:
                self.v = self.into = []
            elif name == _F:
                self.formula = True
            elif name == _IS and self.text is None:
                self.text = _Text()
        elif name == _ROW:
            r = attrs.get("r")
            self.row = int(float(r)) if r is not None else self.row + 1
            self.in_row = self.row >= self.next_row
            self.row_depth, self.ref = self.depth, None
            if self.in_row:
                self.next_row = self.row + 1
        elif self.in_row and self.depth == self.row_depth + 1:
            ref = attrs.get("r")
            if ref is None:  # openpyxl counts on from the previous cell
                ref = f"{get_column_letter(_column(self.ref) + 1)}{self.row}"
            self.ref = ref
            self.cell = (ref, attrs.get("t", "n"), attrs.get("s"))
            self.cell_depth, self.formula, self.v, self.text = self.depth, False, None, None

    def end(self, name):
        if self.cell is not None:
            level = self.depth - self.cell_depth
            if level == 0:
                self._store()
                self.cell = None
            elif self.text is not None:
                if level == 1:
                    self.into = None  # the <is> ends
                else:
                    self.text.end(level - 1)
            else:
                self.into = None
        elif self.depth == self.row_depth:
            self.in_row = False
        self.depth -= 1

    def chars(self, data):
        into = self.into if self.text is None else self.text.into
        if into is not None:
            into.append(data)

    def _store(self):
        ref, kind, style = self.cell
        key = (self.title, ref)
        if self.formula:
            self.formulas.append(key)
        value = None
        if kind == "inlineStr":
            if self.text is not None:
                value = self.text.content()
        elif self.v is not None:
            value = "".join(self.v) or None
        if value is None or kind == "inlineStr":
            pass
        elif kind == "n":
            value = _number(value)
            style = int(style) if style else 0
            if style in self.book.dates:
                try:
                    value = from_excel(
                        value, self.book.epoch, timedelta=style in self.book.durations
                    )
                except (OverflowError, ValueError):
                    value = "#VALUE!"
        elif kind == "s":
            value = self.book.strings[int(value)]
        elif kind == "b":
            value = bool(int(value))
        elif kind == "d":
            value = from_ISO8601(value)
        self.values[key] = value


def _column(ref: str | None) -> int:
    n = 0
    for ch in ref or "":
        if ch.isdigit():
            break
        n = n * 26 + ord(ch.upper()) - 64
    return n
