"""``xlkpi kpis`` and ``xlkpi check`` begin storing a CSV source's large tables before
they import the engine (:mod:`xlkpi.sources.early`): the same KPI Data, the same errors
and warnings as when the tables are stored once the source is opened, for typed tables,
tables with a cell that is not typed and files DuckDB cannot read. The tests count every
table as large (``ON_DISK`` lowered), so each is stored early."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from xlkpi.cli import main
from xlkpi.sources import csvread, early

from .test_csv_commands import folder  # noqa: F401 (the fixture)


@pytest.fixture
def everything_large(monkeypatch):
    """Every CSV table counts as large; what was stored early, per table, is recorded."""
    monkeypatch.setattr(csvread, "ON_DISK", 1)
    monkeypatch.setattr(early, "_EARLY", [])
    outcomes: list[dict] = []
    run = early.Early._run

    def recorded(self):
        run(self)
        outcomes.append(dict(self.outcome))

    monkeypatch.setattr(early.Early, "_run", recorded)
    return outcomes


def _with_cells(original, to, cells: dict):
    """A copy of folder ``original`` at ``to`` whose Orders.csv has ``cells`` ((line index, column):
    text) written over."""
    import shutil

    shutil.copytree(original, to)
    lines = (to / "Orders.csv").read_text().splitlines()
    head = lines[0].split(",")
    for (line, column), text in cells.items():
        row = lines[line].split(",")
        row[head.index(column)] = text
        lines[line] = ",".join(row)
    (to / "Orders.csv").write_text("\n".join(lines) + "\n")
    return to


def _run(*argv, started: bool):
    """The command's exit code and output, with the early store ``started`` or not."""
    if not started:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(early, "start", lambda source: None)
            return _invoke(argv)
    return _invoke(argv)


def _invoke(argv):
    result = CliRunner().invoke(main, [str(a) for a in argv])
    return result.exit_code, _values(result.stdout), result.stderr


def _values(text: str):
    """The KPI Data of ``xlkpi kpis``' output with its numbers rounded to 12 significant
    digits (sums in parallel may differ in the last bits); other output as it is."""
    lines = text.splitlines()
    if not lines or lines[0] != "period,kpi,segment,value":
        return text
    out = []
    for line in lines[1:]:
        *key, value = line.split(",")
        out.append((*key, float(f"{float(value):.12g}") if value else value))
    return out


@pytest.mark.parametrize("command", [["kpis"], ["kpis", "--period", "week"], ["check"]])
def test_the_tables_stored_early_give_what_the_source_gives(folder, everything_large, command):  # noqa: F811
    late = _run(*command, folder, started=False)
    assert not everything_large  # nothing stored early
    now = _run(*command, folder, started=True)
    assert now == late
    assert late[0] in (0, 1) and late[1]
    (outcome,) = everything_large
    assert set(outcome) >= {"orders", "customers", "subscriptions"}
    assert all(value is True for value in outcome.values())


def test_a_cell_not_typed_is_read_again_as_text_as_ever(folder, tmp_path, everything_large):  # noqa: F811
    """A revenue of ``n/a`` and a date of ``13/01/2025``: the early store stops at the
    first; the table is read with text companions and the errors name the same cells."""
    bad = _with_cells(folder, tmp_path / "bad", {(4, "revenue"): "n/a",
                                                  (7, "order_date"): "13/01/2025"})  # fmt: skip
    for command in (["check"], ["kpis"]):
        late = _run(*command, bad, started=False)
        now = _run(*command, bad, started=True)
        assert now == late
        said = str(late[1]) + late[2]
        assert late[0] == 1 and "n/a" in said and "13/01/2025" in said
    outcome = everything_large[-1]
    assert csvread.untyped(outcome["orders"]) and outcome["customers"] is True


def test_a_file_duckdb_cannot_read_gives_the_error_it_always_gave(
    folder,  # noqa: F811
    tmp_path,
    everything_large,
):
    """A row with more cells than the header: the early store fails; opening the source
    reads the table afresh and says what it always said."""
    import shutil

    bad = tmp_path / "ragged"
    shutil.copytree(folder, bad)
    with (bad / "Orders.csv").open("a") as f:
        f.write("O9999,2025-01-01,C1,1,2,paid,extra,cells,here,and,more,and,more\n")
    for command in (["check"], ["kpis"]):
        late = _run(*command, bad, started=False)
        now = _run(*command, bad, started=True)
        assert now == late
        assert late[0] != 0
    outcome = everything_large[-1]
    assert outcome["orders"] is not True and not csvread.untyped(outcome["orders"])


@pytest.mark.parametrize("broken", [False, True])
def test_the_process_ends_quickly_having_said_all_and_cleaned_up(folder, tmp_path, broken):  # noqa: F811
    """``python -m xlkpi kpis`` on an engine source ends without the interpreter's
    teardown (``xlkpi.cli_run.run``): its output is the command's, whole, its exit code the
    same (1 on a data error), and its exit handlers ran (the spill folder is gone)."""
    import os
    import subprocess
    import sys

    source = (
        _with_cells(folder, tmp_path / "broken", {(2, "revenue"): "lots"}) if broken else folder
    )
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    done = subprocess.run([sys.executable, "-m", "xlkpi", "kpis", str(source)], env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    code, out, err = _invoke(["kpis", source])
    assert done.returncode == code == (1 if broken else 0)
    assert _values(done.stdout) == out and done.stderr == err
    assert not list(temp.iterdir())  # the spill folder was removed at exit
