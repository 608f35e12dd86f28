"""The Settings and Targets files of a folder the engine reads (``settings.csv``,
``targets.csv``), read by the workbook reader's own code: they hold a few rows, and so
the date rules, definition options, as-of date and grain, and their problems, are
exactly the reader's (:func:`xlkpi.data.settings.read_settings`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xlkpi.data.contract import SETTINGS_SHEET, TARGETS_SHEET
from xlkpi.data.model import Settings

SHEETS = (SETTINGS_SHEET, TARGETS_SHEET)


@dataclass
class FolderSettings:
    """A folder's Settings (the defaults without a settings file), its problems, its
    usable targets."""

    settings: Settings = field(default_factory=Settings)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    targets: object = None  # DataFrame kpi/target/warn, or None


def read_files(files: dict[str, Path]) -> FolderSettings:
    """``files``: the folder's ``settings`` / ``targets`` CSV files by sheet key."""
    out = FolderSettings()
    if not files:
        return out
    from xlkpi.data.csvdir import read_csv
    from xlkpi.data.raw import cut_at_empty_row
    from xlkpi.data.settings import read_settings, read_targets
    from xlkpi.data.targets import check_targets

    if SETTINGS_SHEET in files:
        raw = read_csv(files[SETTINGS_SHEET], SETTINGS_SHEET)
        if raw is not None:
            out.settings, bad, notes = read_settings(raw)
            out.errors += bad
            out.warnings += notes
    if TARGETS_SHEET in files:
        raw = read_csv(files[TARGETS_SHEET], TARGETS_SHEET)
        if raw is not None:
            targets, bad, notes = read_targets(cut_at_empty_row(raw))
            out.errors += bad
            out.warnings += notes
            if targets is not None:
                out.targets, notes = check_targets(targets, raw.sheet)
                out.warnings += notes
    return out


def engine_options(settings: Settings) -> dict:
    """The definition options (and CLV years) of ``settings`` as the engine takes them:
    option name -> choice."""
    from xlkpi.kpi.options import OPTIONS

    out = {o.name: getattr(settings, o.setting) for o in OPTIONS}
    out["clv_years"] = settings.clv_years
    return out
