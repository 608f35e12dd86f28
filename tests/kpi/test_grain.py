"""The grain and the as-of date are parsed in one module (xlkpi.data.grain): the same bad
value is the same error type with the same message wherever it is given."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

import xlkpi
from xlkpi.data import check_source, read_source
from xlkpi.data.grain import GRAINS, parse_as_of, parse_grain
from xlkpi.data.sample import sample_tables
from xlkpi.engine.compute import compute_kpis
from xlkpi.errors import OptionError

PACKAGE = Path(xlkpi.__file__).parent


def _messages(key, value, tmp_path):
    """The message for ``value`` through every door: the parser, read_source, compute_kpis,
    build_report and a Settings cell."""
    parser = {"as_of": parse_as_of, "period": parse_grain}[key]
    with pytest.raises(OptionError) as direct:
        parser(value)
    raised = [direct.value]
    tables = sample_tables()
    if key == "as_of":
        with pytest.raises(OptionError) as read:
            read_source(tables, as_of=value)
        raised.append(read.value)
    with pytest.raises(OptionError) as computed:
        compute_kpis(read_source(tables), **{key: value})
    raised.append(computed.value)
    with pytest.raises(OptionError) as built:
        xlkpi.build_report(tables, tmp_path / "r.xlsx", **{key: value})
    raised.append(built.value)
    cell = pd.DataFrame({"key": [key], "value": [value]})
    (problem,) = check_source({"Settings": cell})
    return [str(e) for e in raised], problem.message


@pytest.mark.parametrize(("key", "value"), [("as_of", "31/02/2026"), ("period", "year")])
def test_one_error_one_message(tmp_path, key, value):
    messages, cell = _messages(key, value, tmp_path)
    assert len(set(messages)) == 1, messages
    assert messages[0].startswith(f"{key}: {value!r} is not ")
    reason = messages[0].split(" is not ", 1)[1]
    assert reason in cell or reason.replace("one of ", "") in cell, (messages[0], cell)


def test_grains_are_written_once():
    """No other module of the package spells the grain list."""
    spelled = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "grain.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List | ast.Set):
                values = {e.value for e in node.elts if isinstance(e, ast.Constant)}
                if set(GRAINS) <= values:
                    spelled.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not spelled, spelled
