"""Write xlkpi's files for xlwings Lite and for an xlwings Server project.

The files live in the package (:mod:`xlkpi.excel.lite`, :mod:`xlkpi.excel.server`), so a
wheel carries them; ``xlkpi lite`` and ``xlkpi server`` copy them where the user wants
them. An existing file is replaced only with ``overwrite=True``.
"""

from __future__ import annotations

from pathlib import Path

from xlkpi.errors import OutputError
from xlkpi.safe_io import atomic_write

__all__ = [
    "LITE_DIR",
    "SERVER_DIR",
    "SERVER_FILES",
    "SERVER_NAMESPACE",
    "write_lite",
    "write_server",
]

HERE = Path(__file__).resolve().parent
LITE_DIR = HERE / "lite"
SERVER_DIR = HERE / "server"
#: The namespace of the functions under xlwings Server, in every environment: users type
#: ``=XLKPI.KPI_NPS(...)`` (the manifest, ``server/templates/manifest.xml``, says so; a
#: test reads it as served). xlwings Lite and classic xlwings have no namespace.
SERVER_NAMESPACE = "XLKPI"
SERVER_FILES = (
    "custom_functions/__init__.py",
    "custom_scripts/__init__.py",
    "templates/manifest.xml",
    "static/js/ribbon.js",
)


def _write(target: Path, text: str, overwrite: bool) -> Path:
    if target.exists() and not overwrite:
        raise OutputError(f"{str(target)!r} exists; pass --overwrite to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _folder(folder: Path) -> Path:
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{str(folder)!r} is not a folder")
    return folder


def checked_wheel_url(wheel_url: str) -> str:
    """``wheel_url`` trimmed; ``OutputError`` unless it is the http(s) address of a .whl."""
    url = (wheel_url or "").strip()
    if not (url.startswith(("https://", "http://")) and url.endswith(".whl")) or " " in url:
        raise OutputError(
            f"--wheel-url must be the http(s) address of an xlkpi .whl file, not {url!r}"
        )
    return url


def write_lite(folder: Path, wheel_url: str, *, overwrite: bool = False) -> list[Path]:
    """``main.py`` and ``requirements.txt`` for xlwings Lite, installing xlkpi from
    ``wheel_url`` (the https address of an xlkpi wheel you host: xlkpi is not on PyPI)."""
    url = checked_wheel_url(wheel_url)
    folder = _folder(folder)
    requirements = (LITE_DIR / "requirements.txt").read_text(encoding="utf-8")
    return [
        _write(folder / "main.py", (LITE_DIR / "main.py").read_text("utf-8"), overwrite),
        _write(folder / "requirements.txt", requirements.format(wheel_url=url), overwrite),
    ]


def write_server(project: Path, *, overwrite: bool = False) -> list[Path]:
    """xlkpi's custom functions, custom scripts and KPI ribbon tab into an xlwings Server
    project folder (the one ``xlwings-server init`` made)."""
    project = _folder(project)
    return [
        _write(project / name, (SERVER_DIR / name).read_text("utf-8"), overwrite)
        for name in SERVER_FILES
    ]
