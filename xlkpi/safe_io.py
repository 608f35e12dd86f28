"""Everything xlkpi writes (report, sample workbook, template) is written through here.

Three rules:

1. **Never a half-written file.** The file is written to a temporary file in the target
   folder (``.~<name>-xlkpi<pid>-<random>.xlsx.tmp``) and renamed into place with
   :func:`os.replace` (atomic on one file system) only once complete; on any failure,
   Ctrl+C or SIGTERM included, the temporary file is removed. A process killed outright
   (SIGKILL, power loss) cannot clean up: the next write into that folder removes such
   leftovers when their process is gone (or when they are older than six hours).
2. **Never over the source** of a report.
3. **Never over a user's file.** An existing file is replaced only when it is *provably
   an unchanged file xlkpi wrote* of the same kind, or with ``overwrite=True``
   (``--overwrite``). xlkpi marks what it writes with a custom document property
   ``xlkpi-file`` = ``<kind>;<UTC time written, to the millisecond>;<id>``, and writes the
   same time as the workbook's *last modified* date. Excel, LibreOffice and openpyxl keep custom
   properties on Save/Save As but set *last modified* to the time of that save (Excel
   also sets *last modified by*): a file the user has opened and saved, e.g. a filled-in
   template or an edited sample, is no longer xlkpi's and is never replaced. Titles,
   keywords and authors prove nothing (the template carries author ``xlkpi`` and Excel
   copies it into every workbook saved from it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

from xlkpi.errors import OutputError

MARK_PROPERTY = "xlkpi-file"
KINDS = {"report": "a report", "sample": "a sample workbook", "template": "a template"}
_NS_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_NS_DCTERMS = "http://purl.org/dc/terms/"
_NS_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
STALE_AFTER_S = 6 * 3600  # a temporary file this old is a leftover, whatever its process
_OURS = re.compile(r"^\.~.+-xlkpi(\d+)-[A-Za-z0-9_]+\.[A-Za-z0-9]+\.tmp$")
_LEGACY = re.compile(r"^\.~.+-[A-Za-z0-9_]{8}\.xlsx\.tmp$")  # before the pid was in the name


# ----------------------------------------------------------------------------- marker
def mark_workbook(wb, kind: str, *, when: dt.datetime | None = None, ident: str | None = None):
    """Give openpyxl workbook ``wb`` xlkpi's marker; returns the time written into it.

    Save it with :func:`save_workbook` (openpyxl's ``wb.save`` would reset *modified*).
    """
    from openpyxl.packaging.custom import StringProperty

    wb.properties.__class__ = _marked_properties()
    if when is None:  # to the millisecond (openpyxl writes those): a re-save never matches
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        when = now.replace(microsecond=max(1, now.microsecond // 1000) * 1000)
    wb.properties.modified = when
    wb.properties.lastModifiedBy = None
    value = f"{kind};{when.isoformat(timespec='milliseconds')};{ident or uuid.uuid4().hex}"
    wb.custom_doc_props.append(StringProperty(name=MARK_PROPERTY, value=value))
    return when


def _marked_properties():
    """openpyxl's core properties, writing *modified* to the millisecond (it writes
    seconds): so even a re-save by openpyxl in the same second no longer matches."""
    from openpyxl.packaging.core import DocumentProperties

    global _MARKED
    if _MARKED is None:

        class MarkedProperties(DocumentProperties):
            def to_tree(self, *args, **kwargs):
                tree = super().to_tree(*args, **kwargs)
                modified = tree.find(f"{{{_NS_DCTERMS}}}modified")
                if modified is not None and self.modified is not None and self.modified.microsecond:
                    modified.text = self.modified.isoformat(timespec="milliseconds") + "Z"
                return tree

        for name in ("__attrs__", "__nested__", "__elements__", "__namespaced__", "tagname"):
            if hasattr(DocumentProperties, name):  # openpyxl's metaclass lists fields per class
                setattr(MarkedProperties, name, getattr(DocumentProperties, name))
        _MARKED = MarkedProperties
    return _MARKED


_MARKED = None


def save_workbook(wb, target) -> None:
    """Save ``wb`` to a path or file object, keeping the *modified* time it carries."""
    from openpyxl.writer.excel import ExcelWriter

    if getattr(wb, "write_only", False) and not wb.worksheets:
        wb.create_sheet()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()


def written_by_xlkpi(path: str | os.PathLike, kind: str | None = None) -> bool:
    """True when ``path`` is a workbook xlkpi wrote (of ``kind``) and nobody saved since."""
    try:
        with zipfile.ZipFile(path) as zf:
            custom = ET.fromstring(zf.read("docProps/custom.xml"))
            core = ET.fromstring(zf.read("docProps/core.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError, ValueError, RuntimeError):
        return False
    value = None
    for prop in custom.iter(f"{{{_NS_CUSTOM}}}property"):
        if prop.get("name") == MARK_PROPERTY:
            value = "".join(prop.itertext()).strip()
    parts = (value or "").split(";")
    if len(parts) != 3 or (kind is not None and parts[0] != kind):
        return False
    modified = core.find(f"{{{_NS_DCTERMS}}}modified")
    by = core.find(f"{{{_NS_CP}}}lastModifiedBy")
    if by is not None and (by.text or "").strip():
        return False
    return modified is not None and _same_time(modified.text, parts[1])


def _same_time(a: str | None, b: str) -> bool:
    def parse(text: str) -> dt.datetime:
        stamp = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        return stamp.astimezone(dt.UTC).replace(tzinfo=None) if stamp.tzinfo else stamp

    try:
        return parse(a or "") == parse(b)
    except ValueError:
        return False


def is_xlkpi_report(path: str | os.PathLike) -> bool:
    """True when ``path`` is a report xlkpi wrote, unchanged since."""
    return written_by_xlkpi(path, "report")


# ------------------------------------------------------------------------ the target
def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(
    output: str | os.PathLike,
    *,
    kind: str = "report",
    suffixes: tuple[str, ...] = (".xlsx",),
    source: str | os.PathLike | None = None,
    overwrite: bool = False,
) -> Path:
    """Validate where to write ``kind`` before any work is done; return it as a ``Path``.

    Raises :class:`OutputError` when the name has the wrong extension, the folder does
    not exist, ``output`` is a folder or the source itself, or ``output`` exists and is
    not an unchanged file of this kind that xlkpi wrote (unless ``overwrite``).
    """
    what = KINDS[kind]
    out = Path(output).expanduser()
    if out.suffix.lower() not in suffixes:
        raise OutputError(f"the {kind} must be a {' or '.join(suffixes)} file; got {str(out)!r}")
    if not out.parent.is_dir():
        raise OutputError(f"folder {str(out.parent)!r} does not exist (for {out.name!r})")
    if out.is_dir():
        raise OutputError(f"{str(out)!r} is a folder, not a file")
    if source is not None:
        src = Path(source).expanduser()
        if src.exists() and _same_file(src, out):
            raise OutputError(
                f"the {kind} {str(out)!r} would overwrite the source data {str(src)!r}; "
                "choose another output file"
            )
    if out.exists() and not overwrite and not written_by_xlkpi(out, kind):
        raise OutputError(
            f"{str(out)!r} already exists and is not {what} written by xlkpi and unchanged "
            f"since, so it is left untouched; choose another file name, or pass --overwrite "
            f"(overwrite=True) to replace it"
        )
    return out


# ---------------------------------------------------------------------------- writing
def atomic_write(output: str | os.PathLike, writer: Callable[[Path], None]) -> Path:
    """Call ``writer(tmp_path)`` on a temporary file next to ``output``, then rename it into place.

    On any exception (including KeyboardInterrupt and SystemExit) the temporary file is
    removed and the exception propagates; ``output`` is untouched.
    """
    out = Path(output)
    remove_stale_temporaries(out.parent)
    fd, name = tempfile.mkstemp(
        prefix=f".~{out.stem}-xlkpi{os.getpid()}-",
        suffix=f"{out.suffix.lower()}.tmp",
        dir=out.parent,
    )
    os.close(fd)
    tmp = Path(name)
    try:
        writer(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the file is an ordinary one
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


def write_bytes(output: Path, data: bytes) -> Path:
    """``data`` written atomically to ``output`` (after :func:`check_output`)."""
    return atomic_write(output, lambda tmp: tmp.write_bytes(data))


def save_atomically(wb, output: Path) -> Path:
    """openpyxl workbook ``wb`` saved atomically to ``output`` (after :func:`check_output`)."""
    buffer = io.BytesIO()
    save_workbook(wb, buffer)
    return write_bytes(output, buffer.getvalue())


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill would terminate a Windows process: go by age alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. PermissionError: it exists, under another user
        return True
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove xlkpi's leftover temporary files in ``folder``; return what was removed.

    A leftover is named as :func:`atomic_write` names its files and either its process
    is no longer running or it is older than :data:`STALE_AFTER_S` (unnamed-pid files
    of earlier versions: older than one hour). Nothing else is touched.
    """
    removed = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(".~") or not entry.name.endswith(".tmp"):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        ours = _OURS.match(entry.name)
        if ours:
            stale = age > STALE_AFTER_S or not _alive(int(ours.group(1)))
        else:
            stale = bool(_LEGACY.match(entry.name)) and age > 3600
        if stale:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
