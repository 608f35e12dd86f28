"""docs/getting-started-script.md against the real command line and API.

Every option of ``xlkpi build`` is in the guide's options table (and nothing else is);
the ``build_report`` signature the guide gives is the function's; the error lines it shows
are what the commands print.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from xlkpi.cli import main

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "getting-started-script.md"


@pytest.fixture(scope="module")
def text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    return text[start : text.index("\n#", start + len(heading))]


DOCS = GUIDE.parent
#: (guide, command): each command's options table, compared with the real command
TABLES = [("getting-started-script.md", "build"), ("getting-started-warehouse.md", "sql")]


@pytest.mark.parametrize(("guide", "command"), TABLES)
def test_the_options_tables_are_the_commands_options(guide, command):
    table = _section((DOCS / guide).read_text(encoding="utf-8"), f"### `xlkpi {command}` options")
    shown = re.findall(r"^\| `([^`]+)`", table, flags=re.MULTILINE)
    flags = [{w.rstrip(",") for w in s.split() if w.startswith("-")} for s in shown]
    params = main.commands[command].params
    real = [set(p.opts) for p in params if p.param_type_name == "option" and p.name != "help"]
    assert sorted(map(sorted, flags)) == sorted(map(sorted, real))


def test_the_build_report_signature_is_the_functions(text):
    from xlkpi.report.build import build_report

    shown = re.search(r"`build_report\((.*?)\)` returns", text, flags=re.DOTALL).group(1)
    parts = []
    for p in inspect.signature(build_report).parameters.values():
        if p.kind is p.KEYWORD_ONLY and "*" not in parts:
            parts.append("*")
        default = "" if p.default is p.empty else "=" + repr(p.default).replace("'", '"')
        parts.append(p.name + default)
    assert " ".join(shown.split()) == ", ".join(parts)


def test_the_error_lines_shown_are_what_build_prints(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    frame = {"response_date": ["2026-01-02", "2026-01-03", "not a date"], "score": [9, 12, 7]}
    pd.DataFrame(frame).to_excel("bad.xlsx", sheet_name="NPS", index=False)
    block = _section(text, "### Errors").split("```text\n", 1)[1].split("```")[0]
    lines = block.splitlines()
    commands = [(i, line[2:]) for i, line in enumerate(lines) if line.startswith("$ ")]
    assert len(commands) == 3
    for i, command in commands:
        if "raw.xlsx" in command:
            Path("raw.xlsx").write_bytes(b"")
        done = CliRunner().invoke(main, command.split()[1:])
        assert done.exit_code == 1
        assert done.output.strip() == lines[i + 1], command


def test_the_usage_error_shown_is_what_build_prints(text):
    block = _section(text, "### Errors").split("```text\n")[2].split("```")[0]
    command, shown = block.strip().splitlines()
    done = CliRunner().invoke(main, command.removeprefix("$ xlkpi ").split())
    assert done.exit_code == 2
    assert done.output.strip() == shown
