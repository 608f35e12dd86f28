"""Build a source-only ``vbaProject.bin`` from ``.bas`` files with the ``ms-ovba`` package.

``ms-ovba`` 0.0.1 writes a valid project (Excel compiles the source on first open) but:

- its compressor (``ms-ovba-compression`` 1.0.1) computes the copy-token maximum length
  as ``0xFFFF << bit_count + 3`` instead of ``(0xFFFF >> bit_count) + 3`` (MS-OVBA
  2.4.1.3.19.3), so a repeated run longer than the token can hold is silently corrupted.
  :func:`_fixed_compressor` patches that one computation while the project is built;
- it writes scratch files into the working directory and appends to ones that already
  exist, so the build runs in a fresh temporary directory;
- it stamps no time of its own (``default_date`` is zero), but seeds the project stream's
  obfuscation (CMG/DPB/GC) from ``random``: a fixed seed makes every build byte-identical.

Every module is decompressed again (:func:`decompress`) and compared with its source before
the bytes are returned; the tests read the project back once more with ``oletools``.

References: stdole, the Office library (``IRibbonControl``), and the xlwings add-in's VBA
project exactly as xlwings' own ``quickstart.xlsm`` records it (:data:`XLWINGS_REFERENCE`).
*Import Functions* writes wrappers calling ``XLPy.CallUDF``, which live in the add-in's
project: without that reference they do not compile.
"""

from __future__ import annotations

import contextlib
import os
import random
import struct
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

__all__ = ["VbaBuildError", "build_vba_project", "decompress", "module_sources"]

# Fixed ids: the same sources give the same bytes on every build.
_PROJECT_ID = "{6F1D2C3A-4B5E-4A70-9C1D-2E3F4A5B6C7D}"
_WORKBOOK_GUID = uuid.UUID("0002081900000000C000000000000046")  # ThisWorkbook
_SHEET_GUID = uuid.UUID("0002082000000000C000000000000046")  # Worksheet


# The REFERENCEPROJECT record (MS-OVBA 2.3.4.2.2.6) of the add-in in xlwings 0.37's
# quickstart.xlsm: absolute and relative libid, major and minor version. Excel resolves
# the reference to the loaded add-in (xlwings.xlam in XLSTART) by its file name.
XLWINGS_REFERENCE = (
    "xlwings",
    "*\\CC:\\Users\\felix\\dev\\xlwings\\xlwings\\addin\\xlwings.xlam",
    "*\\Caddin\\xlwings.xlam",
    0x68FE4C3D,
    0x000C,
)


class _ProjectReference:
    """A REFERENCEPROJECT record packed as MS-OVBA specifies (ms-ovba's own class writes a
    fixed version and derives the relative libid from the absolute one)."""

    def __init__(self, absolute: str, relative: str, major: int, minor: int) -> None:
        self.parts = absolute, relative, major, minor

    def pack(self, endien: str, cp_name: str) -> bytes:
        absolute, relative, major, minor = self.parts
        a, r = absolute.encode(cp_name), relative.encode(cp_name)
        size = 4 + len(a) + 4 + len(r) + 4 + 2
        return struct.pack(
            f"<HII{len(a)}sI{len(r)}sIH", 0x000E, size, len(a), a, len(r), r, major, minor
        )


class VbaBuildError(RuntimeError):
    """The VBA project could not be built or does not read back identical to its source."""


#: The packages that build the VBA project: (import name, what to install).
_BUILDERS = (
    ("ms_ovba", "ms-ovba"),
    ("ms_ovba_compression", "ms-ovba-compression"),
    ("ms_ovba_crypto", "ms-ovba-crypto"),
)


def require_builders() -> None:
    """Raise a readable ``XlkpiError`` naming what to install when ms-ovba is missing."""
    import importlib

    from xlkpi.errors import XlkpiError

    missing = []
    for module, package in _BUILDERS:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(package)
    if missing:
        raise XlkpiError(
            f"xlkpi template needs {' and '.join(missing)} to build the workbook's VBA "
            f"project, and this Python does not have it; install it with: "
            f"python -m pip install {' '.join(missing)}"
        )


@contextlib.contextmanager
def _fixed_compressor() -> Iterator[None]:
    """Patch ms-ovba-compression's copy-token max length to the MS-OVBA formula."""
    from ms_ovba_compression.ms_ovba import MsOvba

    original = MsOvba.__dict__["copytoken_help"]

    def copytoken_help(difference: int) -> dict:
        bit_count = MsOvba.ceil_log2(difference)
        length_mask = 0xFFFF >> bit_count
        return {
            "lengthMask": length_mask,
            "offsetMask": ~length_mask & 0xFFFF,
            "bitCount": bit_count,
            "maxLength": (0xFFFF >> bit_count) + 3,
        }

    MsOvba.copytoken_help = staticmethod(copytoken_help)
    try:
        yield
    finally:
        MsOvba.copytoken_help = original


@contextlib.contextmanager
def _fixed_random() -> Iterator[None]:
    """Seed the project-stream "encryption" (CMG/DPB/GC) so every build is byte-identical."""
    from ms_ovba_crypto import ms_ovba_crypto

    original = ms_ovba_crypto.random
    ms_ovba_crypto.random = random.Random(2026)
    try:
        yield
    finally:
        ms_ovba_crypto.random = original


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _doc_module(name: str, guid: uuid.UUID, folder: Path):
    import ms_ovba
    from ms_ovba.Models.Entities.doc_module import DocModule

    blank = Path(ms_ovba.__file__).parent / "blank_files"
    template = "ThisWorkbook.cls" if name == "ThisWorkbook" else "Sheet1.cls"
    target = folder / f"{name}.cls"
    text = (blank / template).read_text(encoding="utf-8")
    target.write_text(text.replace("Sheet1", name), encoding="utf-8")
    module = DocModule(name)
    module.add_file(str(target))
    module.add_guid(guid)
    module.normalize_file()
    return module


def _project(bas_files: Sequence[Path], folder: Path):
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject

    project = VbaProject()
    project.project_id = _PROJECT_ID
    project.add_module(_doc_module("ThisWorkbook", _WORKBOOK_GUID, folder))
    project.add_module(_doc_module("Sheet1", _SHEET_GUID, folder))
    for bas in bas_files:
        local = folder / bas.name
        # VBA source is CRLF text in the project's code page (cp1252).
        local.write_bytes(bas.read_bytes())
        module = StdModule(bas.stem)
        module.add_file(str(local))
        module.normalize_file()
        project.add_module(module)
    stdole = LibidReference(
        uuid.UUID("0002043000000000C000000000000046"),
        "2.0",
        "0",
        "C:\\Windows\\System32\\stdole2.tlb",
        "OLE Automation",
    )
    office = LibidReference(  # IRibbonControl lives in the Office library (2.8: Office 2016+)
        uuid.UUID("2DF8D04C5BFA101BBDE500AA0044DE52"),
        "2.8",
        "0",
        "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL",
        "Microsoft Office 16.0 Object Library",
    )
    project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
    project.add_reference(Reference(ReferenceRegistered(office), "Office"))
    name, *record = XLWINGS_REFERENCE
    project.add_reference(Reference(_ProjectReference(*record), name))
    return project


def module_sources(bas_file: Path) -> str:
    """The VBA text a module stream must hold for ``bas_file`` (CRLF line ends)."""
    text = bas_file.read_text(encoding="cp1252")
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return "".join(line + "\r\n" for line in lines)


def decompress(container: bytes) -> bytes:
    """MS-OVBA decompression (2.4.1.3.1) of a compressed container.

    The library's own ``decompress`` skips two bytes after every chunk, so it fails on
    modules longer than one 4 KB chunk; its per-chunk decoder is right and is reused.
    """
    from ms_ovba_compression.ms_ovba import MsOvba

    if not container or container[0] != 0x01:
        raise VbaBuildError("not an MS-OVBA compressed container")
    out, pos = bytearray(), 1
    while pos < len(container):
        header = int.from_bytes(container[pos : pos + 2], "little")
        size = (header & 0x0FFF) + 3  # the whole chunk, header included
        body = container[pos + 2 : pos + size]
        out += MsOvba()._decompress_chunk(body) if header & 0x8000 else body
        pos += size
    return bytes(out)


def _verify(folder: Path, bas_files: Sequence[Path]) -> None:
    for bas in bas_files:
        stream = (folder / bas.name).with_suffix(".bas.bin")
        source = decompress(stream.read_bytes()).decode("cp1252")
        if source != module_sources(bas):
            raise VbaBuildError(f"module {bas.stem} does not decompress to its source")


def build_vba_project(bas_files: Sequence[str | os.PathLike]) -> bytes:
    """The bytes of a ``vbaProject.bin`` holding ``ThisWorkbook``, ``Sheet1`` and the modules.

    Each ``.bas`` file becomes a standard module named after the file (its first line
    must be ``Attribute VB_Name = "<name>"``). Raises :class:`VbaBuildError` when a module
    does not decompress back to its source.
    """
    require_builders()
    from ms_ovba.Views.project_ole_file import ProjectOleFile

    paths = [Path(p).resolve() for p in bas_files]
    for path in paths:
        first = path.read_text(encoding="cp1252").splitlines()[:1]
        if first != [f'Attribute VB_Name = "{path.stem}"']:
            raise VbaBuildError(f'{path.name} must start with: Attribute VB_Name = "{path.stem}"')
    with tempfile.TemporaryDirectory(prefix="xlkpi-vba-") as tmp:
        folder = Path(tmp)
        with _cwd(folder), _fixed_compressor(), _fixed_random():
            project = _project(paths, folder)
            ProjectOleFile.write_file(project)
            _verify(folder, paths)
            data = (folder / "vbaProject.bin").read_bytes()
    return data
