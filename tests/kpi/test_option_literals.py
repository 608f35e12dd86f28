"""Option choices are referenced through their declaration, never as string literals.

``xlkpi.kpi.options`` declares each option once (``CHURN_DENOMINATOR = _declare(Option(...))``)
and code names a choice as ``CHURN_DENOMINATOR.START_PLUS_NEW`` (or, for a module constant,
``choice("churn_rate.denominator", "start_plus_new")``, checked at import). This test reads
the package's syntax trees and fails on a choice written as a literal where an option is
compared, defaulted, passed or paired with its key, and on an accessor naming no choice.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from xlkpi.kpi import options
from xlkpi.kpi.options import OPTIONS

PACKAGE = Path(options.__file__).resolve().parents[1]
DECLARED_IN = {"kpi/options.py"}

CHOICES = {c.value for o in OPTIONS for c in o.choices}
KEYS = {o.setting for o in OPTIONS} | {o.name for o in OPTIONS}
# the names an option's value travels under: its Settings key, its keyword, local aliases
CARRIERS = {o.setting for o in OPTIONS} | {o.argument for o in OPTIONS if o.argument}
CARRIERS |= {"mode", "option", "choice", "target", "window"}
CONSTANTS = {name for name, value in vars(options).items() if isinstance(value, options.Option)}


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _literals(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [v for e in node.elts for v in _literals(e) if isinstance(e, ast.Constant)]
    return []


def offences(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) of every choice literal standing for an option's value in ``tree``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_name(s) in CARRIERS for s in sides):
                hits = [v for s in sides for v in _literals(s) if v in CHOICES]
                found += [(node.lineno, f"compared with {v!r}") for v in hits]
        elif isinstance(node, ast.arguments):
            args = [*node.posonlyargs, *node.args]
            pairs = list(zip(args[len(args) - len(node.defaults) :], node.defaults, strict=True))
            pairs += [(a, d) for a, d in zip(node.kwonlyargs, node.kw_defaults, strict=True) if d]
            for arg, default in pairs:
                literal = isinstance(default, ast.Constant) and default.value is not None
                if arg.arg in CARRIERS and literal:
                    found.append((default.lineno, f"default {arg.arg}={default.value!r}"))
        elif isinstance(node, ast.keyword) and node.arg in CARRIERS - {"option"}:  # its name
            hits = [v for v in _literals(node.value) if v in CHOICES]
            found += [(node.value.lineno, f"{node.arg}={v!r}") for v in hits]
        elif isinstance(node, ast.Assign) and any(_name(t) in CARRIERS for t in node.targets):
            hits = [v for v in _literals(node.value) if v in CHOICES]
            found += [(node.lineno, f"assigned {v!r}") for v in hits]
        elif isinstance(node, ast.Tuple):
            values = _literals(node)
            if set(values) & KEYS and set(values) & CHOICES:
                found.append((node.lineno, f"key and choice as literals {tuple(values)!r}"))
        elif isinstance(node, ast.Attribute) and _name(node.value) in CONSTANTS:
            option = getattr(options, node.value.id)
            if node.attr.isupper() and node.attr.lower() not in option.values:
                found.append((node.lineno, f"{node.value.id}.{node.attr} is no choice"))
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel not in DECLARED_IN:
            yield rel, path


def test_no_choice_literal_outside_the_declaration():
    bad = [
        f"xlkpi/{rel}:{line}: {what}"
        for rel, path in _modules()
        for line, what in offences(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not bad, "use the option's accessor (CHURN_DENOMINATOR.START_PLUS_NEW):\n" + "\n".join(
        bad
    )


@pytest.mark.parametrize(
    "source",
    [
        'if settings.churn_window == "rolling_30d": pass',
        'def f(*, basis: str = "count"): pass',
        'f(x, definition="ga4")',
        'mode = "skip"',
        'x = (("churn_denominator", "average", ""),)',
        'ok = nps_invalid in ("error", "skip")',
        "x = CHURN_DENOMINATOR.STARTPLUSNEW",
    ],
)
def test_the_check_finds_each_kind_of_literal(source):
    assert offences(ast.parse(source)), source


@pytest.mark.parametrize(
    "source",
    [
        "if settings.churn_window == CHURN_WINDOW.ROLLING_30D: pass",
        'if unit in ("money", "count"): pass',  # a unit, not an option's value
        "def f(*, basis: str = REFUND_BASIS.default): pass",
        'x = (("churn_denominator", CHURN_DENOMINATOR.AVERAGE, ""),)',
    ],
)
def test_the_check_passes_the_accessor(source):
    assert not offences(ast.parse(source)), source


def test_accessor_names_each_choice_and_rejects_others():
    for opt in OPTIONS:
        for value in opt.values:
            assert getattr(opt, value.upper()) == value
        with pytest.raises(AttributeError, match=opt.name):
            _ = opt.NO_SUCH_CHOICE
    assert options.choice("churn_rate.denominator", "start_plus_new") == "start_plus_new"
    with pytest.raises(options.OptionError, match="start_plus_new"):
        options.choice("churn_rate.denominator", "start_plus_old")


def test_every_option_is_a_module_constant_named_after_its_setting():
    assert {getattr(options, o.setting.upper()) for o in OPTIONS} == set(OPTIONS)
