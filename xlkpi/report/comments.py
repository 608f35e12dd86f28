"""Cell comments on the report's write-only sheets."""

from __future__ import annotations

from openpyxl.comments.comment_sheet import CommentRecord


def add_comments(ws, comments: dict[str, str | None]) -> None:
    """Cell comments on write-only ``ws`` (None: no comment), whose cells are spliced in:
    the records go to its writer, created now (widths and panes, written at its top, are
    set by then)."""
    comments = {ref: text for ref, text in comments.items() if text}
    if not comments:
        return
    ws._get_writer()
    for ref, text in comments.items():
        record = CommentRecord(ref=ref, author="xlkpi", width="240px", height="90px")
        record.text.t = text
        ws._comments.append(record)
