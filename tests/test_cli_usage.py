"""Every bad command-line value is a usage error: one ``xlkpi: error:`` line naming the
flag, exit code 2 (click's convention), on every command. Data and file errors stay 1.

The flags are the CLI's own (every value-taking option of every command); each gets a bad
value from its type (a choice, a number) or, for a flag its type does not check, from
:data:`BAD` (a new such flag fails here until it is given one and checked).
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from xlkpi.cli import main

#: flags whose type accepts any text, and a value their callback refuses
BAD = {
    "options": "nonsense",  # no NAME=VALUE
    "settings": "colour=blue",  # no such Settings key
    "preset": "no_such_preset",
    "as_of": "2025-02-30",
    "map_file": "no_such_mapping.csv",
    "wheel_url": "ftp://example.com/xlkpi.zip",
}
#: where a file goes: what is wrong with it is the file system's to say (exit 1)
OUTPUTS = {"output"}


def _flags():
    for name, command in sorted(main.commands.items()):
        for param in command.params:
            usage = param.name not in OUTPUTS and param.name != "help"
            if isinstance(param, click.Option) and not param.is_flag and usage:
                yield pytest.param(name, param, id=f"{name} {param.opts[-1]}")


def _bad(param) -> str:
    if isinstance(param.type, click.Choice):
        return "no_such_choice"
    if isinstance(param.type, click.types.IntParamType):
        return "x"
    assert param.name in BAD, f"give {param.opts[-1]} a bad value in BAD (and a check)"
    return BAD[param.name]


def _base(command: str, tmp_path) -> list[str]:
    """A valid command line of ``command``: its required arguments and options filled."""
    export = tmp_path / "export.csv"
    export.write_text("Name,Email\n#1,a@b.example\n", encoding="utf-8")
    values = {"source": str(export), "kpi": "aov", "output": str(tmp_path / "out.xlsx"),
              "wheel_url": "https://example.com/xlkpi-1.0-py3-none-any.whl"}  # fmt: skip
    argv = [command]
    for param in main.commands[command].params:
        if param.required and isinstance(param, click.Argument):
            argv.append(values[param.name])
        elif param.required:
            argv += [param.opts[-1], values[param.name]]
    return argv


@pytest.mark.parametrize(("command", "param"), _flags())
def test_a_bad_value_of_every_flag_is_one_usage_error_line(command, param, tmp_path):
    flag = param.opts[-1]
    done = CliRunner().invoke(main, [*_base(command, tmp_path), flag, _bad(param)])
    lines = done.output.strip().splitlines()
    assert done.exit_code == 2, done.output
    assert len(lines) == 1 and lines[0].startswith("xlkpi: error: Invalid value for "), lines
    assert flag in lines[0] and lines[0].endswith(f"; see 'xlkpi {command} --help'")
    assert "Traceback" not in done.output


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["kpis", "--no-such-flag"], "No such option '--no-such-flag'"),
        (["build", "raw.xlsx"], "Missing option '-o' / '--output'"),
        (["no-such-command"], "No such command 'no-such-command'"),
        (["sql", "no_such_kpi"], "Invalid value for 'KPI': 'no_such_kpi' is no report KPI"),
    ],
)
def test_unknown_and_missing_flags_are_one_line_too(argv, says):
    done = CliRunner().invoke(main, argv)
    assert done.exit_code == 2
    [line] = done.output.strip().splitlines()
    assert line.startswith("xlkpi: error: ") and says in line


def test_a_file_error_is_still_exit_1(tmp_path):
    done = CliRunner().invoke(main, ["check", str(tmp_path / "missing.xlsx")])
    assert done.exit_code == 1
    missing = tmp_path / "missing.xlsx"
    assert done.output.strip() == f"xlkpi: error: {missing}: no such file or folder"
