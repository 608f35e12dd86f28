"""Project-level rules: the layering of architecture.md and the README's promises."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "xlkpi"


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, at_top_level) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, id(node) in top))
    return found


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("kpi", ("xlkpi.data", "xlkpi.report", "xlkpi.excel", "xlkpi.cli", "openpyxl", "xlwings")),
        ("data", ("xlkpi.report", "xlkpi.excel", "xlkpi.cli", "xlwings")),
        ("report", ("xlkpi.excel", "xlkpi.cli", "xlwings")),
        ("engine", ("xlkpi.report", "xlkpi.excel", "xlkpi.cli", "xlwings")),
    ],
)
def test_layers_import_only_downwards(layer, forbidden):
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules(layer)
        for module, _ in _imports(path)
        if module.startswith(forbidden)
    ]
    assert offenders == []


def test_xlwings_is_imported_only_by_the_excel_layer():
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "excel" not in path.relative_to(PACKAGE).parts
        for module, _ in _imports(path)
        if module.split(".")[0] == "xlwings"
    ]
    assert offenders == []


def _fenced_commands(markdown: str) -> list[str]:
    blocks = re.findall(r"```(?:bash|sh|console)?\n(.*?)```", markdown, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_readme_has_exactly_two_setup_commands():
    setup = (ROOT / "README.md").read_text(encoding="utf-8").split("## Set up", 1)[1]
    setup = setup.split("\n## ", 1)[0]
    commands = _fenced_commands(setup)
    assert len(commands) == 2, commands
    run_sample, run_tests = commands
    assert run_sample.startswith("pip install")
    assert "xlkpi build examples/sample_raw.xlsx" in run_sample
    assert (ROOT / "examples" / "sample_raw.xlsx").exists()
    assert run_tests == "bash scripts/test.sh"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^bash scripts/test\.sh\b", ci, flags=re.M)
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "libreoffice-calc" in script and "pytest" in script and "ruff check" in script


def test_readme_links_resolve():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)\)", readme)
    missing = [link for link in links if not (ROOT / link).exists()]
    assert missing == []


def test_runtime_dependencies_have_lower_bounds():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["test"]
    unpinned = [dep for dep in deps if ">=" not in dep]
    assert unpinned == []


LINE_LIMIT = 400  # lines per module: a file that outgrows it is split into cohesive parts


def test_no_module_exceeds_the_line_limit():
    lengths = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    too_long = {p: n for p, n in lengths.items() if n > LINE_LIMIT}
    assert too_long == {}
    assert len(lengths) > 50  # the walk found the package
