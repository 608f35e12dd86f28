"""Which definition-option choices a live formula implements, declared next to it.

A formula the report writes for a KPI value computes one definition. Each such formula
carries a :class:`Declared`: for each option (:mod:`xlkpi.kpi.options`) the choices it
implements. Under any other choice the report writes the Python value instead, with a
cell comment saying so (:func:`fallback_note`): Excel never shows a live number computed
by another definition than KPI Data's.

An option the declaration does not name is implemented at its default only: adding an
option never needs a formula edit (its non-default choices fall back to the Python value
until a formula declares them), and the recalculation matrix
(``tests/report/test_recalc_options_matrix.py``) proves every declaration in LibreOffice.

>>> from xlkpi.kpi.options import NPS_INTERVAL
>>> margin = Declared({NPS_INTERVAL: (NPS_INTERVAL.WALD,)})
>>> margin.unsupported(["nps_margin"], {"nps_interval": "adjusted_wald"}).option.name
'nps_margin.method'
>>> margin.unsupported(["nps_margin"], {"nps_interval": "wald"}) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from xlkpi.kpi.options import Option, by_name, options_of


class _Any:
    """Every value of an option (a formula that does not depend on it)."""

    def __contains__(self, value: object) -> bool:
        return True

    def __repr__(self) -> str:
        return "ANY"


ANY = _Any()


class Unsupported(NamedTuple):
    """An option whose value in force the formula does not implement."""

    option: Option
    value: Any


def setting(settings: Any, option: Option) -> Any:
    """The value of ``option`` in force (``settings``: a Settings object or a mapping)."""
    if isinstance(settings, Mapping):
        value = settings.get(option.setting, option.default)
    else:
        value = getattr(settings, option.setting, option.default)
    return option.default if value is None else value


@dataclass(frozen=True)
class Declared:
    """Option -> the choices a formula implements (:data:`ANY`: all of them); an option is
    given as its declaration (``REFUND_BASIS``) or its name."""

    choices: Mapping[Option | str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_option: dict[str, Any] = {}
        for key, values in self.choices.items():
            opt = key if isinstance(key, Option) else by_name(key)  # unknown: fails at import
            if values is not ANY:
                bad = [v for v in values if opt.choices and v not in opt.values]
                if bad or not values:
                    raise ValueError(f"{opt.name}: {bad or values!r} not {opt.allowed()}")
            by_option[opt.name] = values
        object.__setattr__(self, "choices", by_option)

    def implemented(self, option: Option) -> Any:
        """The choices of ``option`` implemented: declared, else its default only."""
        return self.choices.get(option.name, (option.default,))

    def unsupported(self, kpis: Iterable[str], settings: Any) -> Unsupported | None:
        """The first option of ``kpis`` (or named here) whose value in force is not
        implemented; None when the formula computes the KPI under the settings."""
        names = dict.fromkeys(o.name for k in kpis for o in options_of(k))
        names.update(dict.fromkeys(self.choices))
        for name in names:
            opt = by_name(name)
            value = setting(settings, opt)
            if value not in self.implemented(opt):
                return Unsupported(opt, value)
        return None


def fallback_note(missing: Unsupported) -> str:
    """The comment on a cell written as the Python value because of ``missing``.

    >>> from xlkpi.kpi.options import REFUND_BASIS
    >>> fallback_note(Unsupported(REFUND_BASIS, REFUND_BASIS.VALUE))
    'value computed by xlkpi under refund_rate.basis = value; no live formula for this choice'
    """
    value = missing.value
    shown = f"{value:g}" if isinstance(value, int | float) else str(value)
    return (
        f"value computed by xlkpi under {missing.option.name} = {shown}; "
        "no live formula for this choice"
    )
