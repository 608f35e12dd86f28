"""A big shared-strings table parsed once, for every piece of a big sheet.

A piece of a sheet (:mod:`xlkpi.data.xlsx_pieces`) is a small workbook of its own that
fastexcel parses. With the workbook's shared strings in it, each piece parses the whole
table again: cheap for a small table, but the 7-sheet benchmark's 5.8 MB table (240,000
strings) costs about 0.1 s a piece, more than cutting saves. Above
:data:`xlkpi.data.xlsx_pieces.MAX_STRINGS`, then:

- the sheet's first piece is parsed with the real table (its types and header are
  exactly the whole sheet's), together with an index sheet holding one shared-string cell
  per table entry: the table as fastexcel reads each string (rich text, phonetic runs,
  ``_x000D_`` escapes, empty strings...), in one Arrow array (:class:`Strings`);
- every other piece goes without the table: its shared-string cells ``t="s"><v>N`` become
  text cells holding :data:`MARK` + ``N`` (:func:`mark`), the header row's become inline
  strings of their text (:func:`inline_header`), and after the parse each marked value
  is replaced by entry ``N`` of the table (:func:`resolve`).

Nothing here guesses: a marked value in a column that is not text is a cell error (the
piece is refused), a shared-string cell the fast rewrite missed (another attribute
order) finds no table and fastexcel fails (refused), an index past the table fails, and
:func:`resolve` checks that it found exactly as many marked values as were written: a
rewrite the parse did not see as a cell (markup inside a comment or CDATA) or a text
starting with the marker (not well-formed XML) refuses the piece. A refused piece makes
the caller parse the sheet whole.
"""

from __future__ import annotations

import re
import threading
from typing import Any

# What a rewritten shared-string cell starts with: U+FFFF, a character XML 1.0 excludes
# from documents (raw or as &#xFFFF;), so no text of a well-formed workbook starts with it.
MARK = "\uffff"
_FAST = (b' t="s"><v>', b' t="str"><v>' + MARK.encode())
_GROWTH = len(_FAST[1]) - len(_FAST[0])
_SI = re.compile(rb"<si[\s>/]")
_HEAD_CELL = re.compile(rb'<c\b([^>]*?)\st="s"([^>]*)><v>([0-9]{1,10})</v></c>')
COLUMNS = 256  # the index sheet's width: fastexcel reads few wide rows faster than many


class Refused(Exception):
    """This piece cannot be read without the table: parse the sheet whole."""


class Strings:
    """The workbook's shared strings as one Arrow array, made once by the first big sheet's
    first piece (:meth:`claim`), waited for by the others (:meth:`wait`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._claimed = False
        self._done = threading.Event()
        self.table: Any = None  # pyarrow.StringArray, or None when it could not be made

    def claim(self) -> bool:
        """True once: the caller makes the table and must :meth:`put` it (or None)."""
        with self._lock:
            claimed, self._claimed = self._claimed, True
        return not claimed

    def put(self, table: Any) -> None:
        self.table = table
        self._done.set()

    def wait(self) -> Any:
        self._done.wait()
        if self.table is None:
            raise Refused
        return self.table


def index_sheet(strings: bytes | None) -> tuple[bytes, int]:
    """A sheet whose cells are the indices of the table's ``n`` strings, ``i`` at row
    ``i % R``, column ``i // R`` (so the columns, one after another, are the table in
    order); and ``n``."""
    n = len(_SI.findall(strings)) if strings else 0
    rows = max(1, -(-n // COLUMNS))
    body = b"".join(
        b"<row>" + b"".join(b'<c t="s"><v>%d</v></c>' % i for i in range(r, n, rows)) + b"</row>"
        for r in range(rows)
    )
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return b'<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (main, body), n


def table_of(reader, n: int) -> Any:
    """The index sheet of ``n`` strings (sheet 2 of ``reader``'s workbook) as one array."""
    import pyarrow as pa

    if not n:
        return pa.array([], pa.string())
    batch = reader.load_sheet(1, header_row=None, dtypes="string").to_arrow()
    chunks = [batch.column(j) for j in range(batch.num_columns)]
    if any(not pa.types.is_string(c.type) for c in chunks):
        raise Refused
    table = pa.concat_arrays(chunks)
    rows = batch.num_rows
    if rows * len(chunks) < n or rows != max(1, -(-n // COLUMNS)):
        raise Refused  # fastexcel trimmed something: do not guess where
    return table[:n]


def mark(parts: list) -> tuple[Any, int]:
    """The piece's rows (``parts`` joined) with its shared-string cells rewritten as
    marked text, and how many were rewritten. The rewrite runs in Arrow (no GIL)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    data = b"".join(parts)
    raw = pa.Array.from_buffers(
        pa.large_binary(), 1, [None, pa.array([0, len(data)], pa.int64()).buffers()[1],
                               pa.py_buffer(data)]
    )  # fmt: skip
    out = pc.replace_substring(raw, _FAST[0], _FAST[1])
    size = pc.binary_length(out)[0].as_py()
    return memoryview(out.buffers()[2])[:size], (size - len(data)) // _GROWTH


def inline_header(header: bytes, table: Any) -> bytes:
    """The header row with its shared-string cells as inline strings of the same text.

    (Checked by the caller: the piece's column labels must equal the first piece's.)"""

    def inline(m: re.Match) -> bytes:
        i = int(m.group(3))
        if i >= len(table):
            raise Refused
        text = table[i].as_py()
        if text is None or "_x" in text or "\r" in text:
            raise Refused  # escapes an inline string might read differently: whole parse
        body = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return b'<c%s t="inlineStr"%s><is><t xml:space="preserve">%s</t></is></c>' % (
            m.group(1),
            m.group(2),
            body.encode(),
        )

    return _HEAD_CELL.sub(inline, header)


def resolve(batch, table: Any, written: int):
    """``batch`` with every marked text value replaced by its shared string; Refused
    unless exactly ``written`` values were marked."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns, found = [], 0
    for column in batch.columns:
        if written and pa.types.is_string(column.type):
            marked = pc.starts_with(column, MARK)
            hits = pc.sum(marked).as_py() or 0
            if hits:
                found += hits
                every = hits == len(column) - column.null_count  # the usual text column
                only = column if every else pc.if_else(marked, column, pa.scalar(None, column.type))
                try:
                    at = pc.cast(_digits(only), pa.int64())
                    taken = pc.take(table, at)
                    column = taken if every else pc.if_else(marked, taken, column)
                except (pa.ArrowException, IndexError) as exc:
                    raise Refused from exc
        columns.append(column)
    if found != written:
        raise Refused
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema) if found else batch


_MARK_BYTES = len(MARK.encode())


def _digits(only):
    """What follows the marker of each (marked or null) value: its bytes sliced as binary
    and seen as text again, without the code-point walk or the UTF-8 check of slicing text
    (the marker is three bytes, so the rest is whole characters)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    raw = only.view(pa.large_binary() if pa.types.is_large_string(only.type) else pa.binary())
    longest = pc.max(pc.binary_length(raw)).as_py() or _MARK_BYTES
    return pc.binary_slice(raw, _MARK_BYTES, longest).view(only.type)
