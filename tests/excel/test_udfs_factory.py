"""The KPI_* functions come from one factory driven by the catalogue, and every xlwings
runtime accepts them: real signatures, descriptions and per-argument docs.

Each runtime is probed in a fresh interpreter (``tests/excel/xlwings_probe.py``), since
xlwings picks its decorators when it is first imported.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from xlkpi.excel import boundary, udfs
from xlkpi.excel.udfs_factory import is_optional, signature_text
from xlkpi.kpi.catalogue import scalar_kpis

ROOT = Path(__file__).resolve().parents[2]


def probe(runtime: str, *flags: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if runtime == "server":
        env.update(XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial")
    script = ROOT / "tests" / "excel" / "xlwings_probe.py"
    out = subprocess.run(
        [sys.executable, str(script), runtime, *flags],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def server() -> dict:
    return probe("server")


@pytest.fixture(scope="module")
def classic() -> dict:
    return probe("classic")


def _arguments(kpi) -> list[tuple[str, str, bool]]:
    return [(a.name, kpi.arg_doc(a), is_optional(kpi, a)) for a in kpi.args]


@pytest.mark.parametrize("kpi", scalar_kpis(), ids=lambda k: k.id)
def test_udf_is_the_catalogue_declaration(kpi):
    udf = getattr(udfs, kpi.udf)
    params = boundary.excel_parameters(udf).values()  # without the hidden caller
    assert [p.name for p in params] == list(inspect.signature(kpi.function).parameters)
    assert [p.default is None for p in params] == [o for _, _, o in _arguments(kpi)]
    assert udf.__doc__ == kpi.description and len(kpi.description) <= 255
    assert kpi.description.isascii()  # classic xlwings writes it into a VBA module
    assert all(len(d) <= 255 and d.isascii() and d for _, d, _ in _arguments(kpi))


def test_server_metadata_has_every_function_with_its_argument_docs(server):
    meta = {f["id"]: f for f in server["meta"]["functions"]}
    assert set(meta) == set(udfs.__all__)
    for kpi in scalar_kpis():
        f = meta[kpi.udf]
        assert f["description"] == kpi.description
        shown = [(p["name"], p["description"], p.get("optional", False)) for p in f["parameters"]]
        assert shown == _arguments(kpi)


def test_server_calls_go_through_the_boundary(server):
    calls = server["calls"]
    assert calls["KPI_NPS"] == [[pytest.approx(100 / 3)]]
    assert calls["KPI_NPS_skip"] == [[pytest.approx(100 / 3)]]  # 11 skipped
    assert calls["KPI_CHURN"] == [[0.025]]
    assert calls["KPI_CHURN_avg"] == [[0.02]]
    assert calls["KPI_CONVERSION_RATE_zero"] == [[{"type": "Error", "errorType": "Div0"}]]


def test_classic_import_functions_writes_every_signature(classic):
    functions = classic["functions"]
    assert set(functions) == set(udfs.__all__)
    for kpi in scalar_kpis():
        assert functions[kpi.udf]["doc"] == kpi.description
        *declared, caller = (tuple(a) for a in functions[kpi.udf]["args"])
        assert declared == _arguments(kpi)
        assert caller[0] == "caller"  # xlwings' reserved argument: the calling Range
        vba_args = ", ".join(
            f"Optional {a}" if optional else a for a, _, optional in _arguments(kpi)
        )
        # ... which Excel never sees: VBA passes Nothing and xlwings fills in the caller
        assert f"Function {kpi.udf}({vba_args})\n" in classic["vba"]
        assert f"{', '.join(a for a, _, _ in _arguments(kpi))}, Nothing)" in classic["vba"]


def test_signature_text_brackets_optional_arguments():
    assert (
        signature_text(udfs.KPI_NPS_MOE) == "KPI_NPS_MOE(scores, [confidence], [invalid], [method])"
    )


def test_the_excel_guide_table_is_the_catalogue():
    """docs/getting-started-excel.md's "All functions" rows: signature and description
    exactly as the factory makes them (regenerate the rows from the catalogue)."""
    from xlkpi.kpi.catalogue import package_entries

    guide = (ROOT / "docs" / "getting-started-excel.md").read_text(encoding="utf-8")
    own = {k.udf for k in package_entries()} | {"KPI_LAST_ERROR"}  # not the suite's test KPI
    for name in (n for n in udfs.__all__ if n in own):
        udf = getattr(udfs, name)
        row = f"| `{signature_text(udf)}` | {inspect.getdoc(udf)} |"
        assert row in guide.splitlines(), row


OPTION_ARGS = [(kpi, arg) for kpi in scalar_kpis() for arg in kpi.args if arg.name in kpi.options]


@pytest.mark.parametrize("kpi_arg", OPTION_ARGS, ids=lambda ka: f"{ka[0].id}-{ka[1].name}")
def test_a_bad_option_is_one_error_on_every_path(kpi_arg):
    """Python raises OptionError; the UDF returns #VALUE! with that same message."""
    from xlkpi.errors import OptionError
    from xlkpi.excel import boundary

    kpi, arg = kpi_arg
    sample = {"range": [[1.0]], "total": [[1.0]], "number": [[0.9]]}
    given = [sample.get(a.kind) for a in kpi.args]
    given[kpi.args.index(arg)] = "sometimes"
    python_args = {
        a.name: 1.0 if a.kind != "range" else [1.0]
        for a in kpi.args
        if a.kind in sample and not kpi.takes_default(a)
    }
    with pytest.raises(OptionError) as raised:
        kpi.function(**python_args, **{arg.name: "sometimes"})
    assert getattr(udfs, kpi.udf)(*given) == boundary.VALUE
    assert boundary.last_error() == f"{kpi.udf}: {raised.value}"
