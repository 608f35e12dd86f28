"""The NPS sheet's margin formulas are written from net_promoter's one declaration of the
adjusted Wald constants: evaluated, each formula text is ``margin_of_counts`` (also with
other constants, which both follow). LibreOffice recalculates them in
``test_recalc_options_matrix``."""

from __future__ import annotations

import math
import re
from statistics import NormalDist

import pytest

from xlkpi.kpi import net_promoter
from xlkpi.kpi.options import NPS_INTERVAL
from xlkpi.report.sheets import nps


def evaluate(formula: str, pro: float, det: float, n: float) -> float:
    """The value of a margin formula over C5 (promoters), C7 (detractors), C9 (answers)."""
    text = formula.replace("^", "**").replace("NORMSINV(0.975)", "Z")
    text = re.sub(r"\bC5\b", repr(pro), re.sub(r"\bC7\b", repr(det), text))
    text = re.sub(r"\bC9\b", repr(n), text)
    names = {"Z": NormalDist().inv_cdf(0.975), "SQRT": math.sqrt, "MAX": max}
    return eval(text, {"__builtins__": {}}, names)  # our own formula text


def test_every_method_has_a_formula():
    assert set(nps.MARGINS) == set(NPS_INTERVAL.values)


@pytest.mark.parametrize("method", NPS_INTERVAL.values)
@pytest.mark.parametrize(("each", "answers"), [(None, None), (0.5, 2), (1.0, 4)])
def test_the_formula_is_margin_of_counts(monkeypatch, method, each, answers):
    if each is not None:
        monkeypatch.setattr(net_promoter, "ADJUSTED_EACH", each)
        monkeypatch.setattr(net_promoter, "ADJUSTED_ANSWERS", answers)
    formula = nps.MARGINS[method]("C5", "C7", "C9")
    z = NormalDist().inv_cdf(0.975)
    for pro, det, n in [(2, 2, 6), (10, 1, 12), (0, 0, 4), (5, 0, 5)]:
        expected = float(net_promoter.margin_of_counts(pro, det, n, z, method))
        assert evaluate(formula, pro, det, n) == pytest.approx(expected, rel=1e-12)


def test_no_constant_is_written_in_the_sheet_or_engine_module():
    from pathlib import Path

    from xlkpi.engine import nps as engine_nps

    for module in (nps, engine_nps):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "0.75" not in source and "+3)" not in source and "3.0" not in source
