"""Headless LibreOffice as the test suite's recalculation and rendering engine.

- :func:`recalculate` re-saves a workbook through LibreOffice Calc with "always recalculate
  on load", so every formula is computed by a real spreadsheet engine; read the copy with
  ``openpyxl.load_workbook(copy, data_only=True)``.
- :func:`convert` converts a workbook to another format (``"pdf"``, ``"xlsx"``, ``"ods"``),
  e.g. to prove that LibreOffice can open a file at all.

Each call uses a private LibreOffice profile (``-env:UserInstallation``) whose
``registrymodifications.xcu`` forces recalculation; a shared profile would hand the
conversion to a running instance and keep the cached values. ``soffice`` exits 0 even
when it cannot load the input, so the output file's existence is checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

__all__ = [
    "LibreOfficeError",
    "convert",
    "convert_many",
    "find_soffice",
    "recalculate",
    "recalculate_many",
    "required",
    "soffice_or_skip",
]

_RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" \
oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""

# Calc filters for --convert-to; "xlsx" alone picks the right one but be explicit.
_FILTERS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf:calc_pdf_Export", "ods": "ods"}


class LibreOfficeError(RuntimeError):
    """LibreOffice could not load or convert a file."""


def find_soffice() -> str | None:
    """Path of the ``soffice`` executable, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def required() -> bool:
    """True when the environment demands LibreOffice tests run (CI: XLKPI_REQUIRE_LIBREOFFICE=1)."""
    return os.environ.get("XLKPI_REQUIRE_LIBREOFFICE", "") not in ("", "0")


def soffice_or_skip() -> str:
    """The soffice path for a test; skip when absent, fail if XLKPI_REQUIRE_LIBREOFFICE=1."""
    import pytest

    exe = find_soffice()
    if exe is None:
        if required():
            pytest.fail("XLKPI_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is missing")
        pytest.skip("LibreOffice (soffice) is not installed")
    return exe


def _profile(root: Path) -> Path:
    user = root / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_RECALC_PROFILE, encoding="utf-8")
    return root


def convert(
    path: str | os.PathLike, fmt: str, out_dir: str | os.PathLike, *, timeout: float = 180
) -> Path:
    """Convert ``path`` with headless LibreOffice to ``fmt`` in ``out_dir``; return the new file.

    Formulas are recalculated on load. Raises :class:`LibreOfficeError` when soffice is
    missing, times out, or produces no output (it exits 0 when it cannot load a file).
    """
    return convert_many([path], fmt, out_dir, timeout=timeout)[0]


def convert_many(
    paths, fmt: str, out_dir: str | os.PathLike, *, timeout: float = 180, workers: int = 1
) -> list[Path]:
    """:func:`convert` for several files (distinct names) in one soffice call per worker
    (``workers`` calls in parallel, each with its own profile); the new files in order."""
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeError("LibreOffice (soffice) is not installed")
    sources = [Path(p).resolve() for p in paths]
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if any(out == src.parent for src in sources):
        raise LibreOfficeError("out_dir must differ from the input's folder")
    targets = [out / f"{src.stem}.{fmt}" for src in sources]
    if len(set(targets)) != len(targets):
        raise LibreOfficeError("the files to convert must have distinct names")
    for target in targets:
        if target.exists():
            target.unlink()
    groups = [sources[i::workers] for i in range(max(1, workers)) if sources[i::workers]]
    with ThreadPoolExecutor(len(groups)) as pool:
        procs = list(pool.map(lambda g: _soffice(soffice, g, fmt, out, timeout), groups))
    # LibreOffice 7.4 now and then aborts while starting under load (signal 6, "terminate
    # called after throwing ... WrappedTargetRuntimeException", seen on a fresh machine with
    # two soffice processes starting together); the same files convert on a second call. A
    # crashed call's unconverted files get that one second call; a file that still has no
    # output is an error, as is any file of a call that exited normally without it.
    for i, (group, proc) in enumerate(zip(groups, procs, strict=True)):
        missing = [
            s for s, t in zip(sources, targets, strict=True) if s in group and not t.exists()
        ]
        if missing and (proc.returncode < 0 or proc.returncode >= 128):
            procs[i] = _soffice(soffice, missing, fmt, out, timeout)
    for src, target in zip(sources, targets, strict=True):
        if not target.exists():
            proc = procs[next(i for i, g in enumerate(groups) if src in g)]
            raise LibreOfficeError(
                f"LibreOffice did not convert {src.name} to {fmt} (exit {proc.returncode}): "
                f"{(proc.stderr or proc.stdout).strip()[:500]}"
            )
    return targets


def _soffice(soffice: str, sources: list[Path], fmt: str, out: Path, timeout: float):
    """One soffice call converting ``sources`` into ``out`` with a fresh private profile."""
    with tempfile.TemporaryDirectory(prefix="xlkpi-lo-") as tmp:
        profile = _profile(Path(tmp) / "profile")
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            _FILTERS.get(fmt, fmt),
            "--outdir",
            str(out),
            *map(str, sources),
        ]
        env = {**os.environ, "HOME": tmp}
        try:
            return subprocess.run(
                cmd, capture_output=True, text=True, timeout=timeout * len(sources), env=env
            )
        except subprocess.TimeoutExpired as exc:
            names = ", ".join(s.name for s in sources)
            raise LibreOfficeError(f"LibreOffice timed out converting {names}") from exc


def recalculate(
    path: str | os.PathLike, out_dir: str | os.PathLike, *, timeout: float = 180
) -> Path:
    """Recalculate every formula of ``path`` in LibreOffice; return the recalculated .xlsx copy."""
    return convert(path, "xlsx", out_dir, timeout=timeout)


def recalculate_many(paths, out_dir: str | os.PathLike, *, workers: int = 2) -> list[Path]:
    """:func:`recalculate` for several workbooks: one soffice call per worker."""
    return convert_many(paths, "xlsx", out_dir, workers=workers)


def pdf_pages(pdf: Path, *, layout: bool = True, most: int | None = None) -> list[str]:
    """The text of each page of ``pdf`` (the first ``most`` ones; poppler's pdftotext)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = next(
        int(line.split()[1]) for line in info.stdout.splitlines() if line.startswith("Pages:")
    )
    return [
        subprocess.run(
            ["pdftotext", *(["-layout"] if layout else []), "-f", str(p), "-l", str(p),
             str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for p in range(1, min(count, most or count) + 1)
    ]  # fmt: skip
