"""Write the report safely: never over the source, never over a file xlkpi did not write,
never a half-written workbook.

The workbook is written to a temporary file in the target folder and renamed into place
with :func:`os.replace` (atomic on one file system) only once it is complete; on any
failure the temporary file is removed and an existing report is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from xlkpi.errors import OutputError

REPORT_KEYWORD = "xlkpi report"  # written into the workbook's properties (keywords)


def is_xlkpi_report(path: str | os.PathLike) -> bool:
    """True when ``path`` is a workbook whose properties mark it as written by xlkpi."""
    try:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return REPORT_KEYWORD in core


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(
    output: str | os.PathLike, *, source: str | os.PathLike | None = None, overwrite: bool = False
) -> Path:
    """Validate the report path before any work is done; return it as a ``Path``.

    Raises :class:`OutputError` when the name does not end in ``.xlsx``, the folder does
    not exist, ``output`` is the source itself, or ``output`` exists and was not written by
    xlkpi (unless ``overwrite``).
    """
    out = Path(output).expanduser()
    if out.suffix.lower() != ".xlsx":
        raise OutputError(f"the report must be an .xlsx file; got {str(out)!r}")
    if not out.parent.exists():
        raise OutputError(f"folder {str(out.parent)!r} does not exist (for report {out.name!r})")
    if out.exists() and out.is_dir():
        raise OutputError(f"{str(out)!r} is a folder, not a report file")
    if source is not None:
        src = Path(source).expanduser()
        if src.exists() and _same_file(src, out):
            raise OutputError(
                f"the report {str(out)!r} would overwrite the source data {str(src)!r}; "
                "choose another output file"
            )
    if out.exists() and not overwrite and not is_xlkpi_report(out):
        raise OutputError(
            f"{str(out)!r} already exists and is not a report written by xlkpi; "
            "choose another name or pass --overwrite (overwrite=True) to replace it"
        )
    return out


def atomic_write(output: str | os.PathLike, writer: Callable[[Path], None]) -> Path:
    """Call ``writer(tmp_path)`` on a temporary file next to ``output``, then rename it into place.

    On any exception (including KeyboardInterrupt) the temporary file is removed and the
    exception propagates; ``output`` is untouched.
    """
    out = Path(output)
    fd, name = tempfile.mkstemp(prefix=f".~{out.stem}-", suffix=".xlsx.tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        writer(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a report is an ordinary file
        try:
            os.replace(tmp, out)
        except PermissionError as exc:
            raise OutputError(
                f"cannot replace {str(out)!r}: permission denied (is it open in Excel?)"
            ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return out
