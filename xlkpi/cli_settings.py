"""The command line's choices beside SOURCE: ``--option``, ``--preset`` and ``--setting``.

``--setting KEY=VALUE`` (repeatable) takes any key of the Settings sheet
(:data:`xlkpi.data.contract.SETTINGS_KEYS`: ``date_order``, ``time_zone``, ``as_of``,
``currency``, a definition option ...), each value read by the sheet's own parser
(:func:`xlkpi.data.settings.setting_values`); it beats the source's Settings (a workbook's
sheet, a folder's ``settings.csv``, a warehouse's ``settings`` table), as ``--option``
does. A bad key or value is a usage error naming the flag and what is expected.
"""

from __future__ import annotations

import click


def checked(check):
    """A click callback running ``check(value)`` on a given value: an ``XlkpiError`` it
    raises is a usage error naming the flag (one ``xlkpi: error:`` line, exit 2, as every
    bad command-line value); the value is passed on unchanged."""

    def callback(ctx, param, value):
        from xlkpi.errors import XlkpiError

        if value is None or value == ():
            return value
        try:
            check(value)
        except XlkpiError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
        return value

    return callback


def _options(value) -> None:
    from xlkpi.kpi.presets import option_values

    option_values(value)


def _preset(value) -> None:
    from xlkpi.kpi.presets import by_preset

    by_preset(value)


def as_of_date(value) -> None:
    """``--as-of``: a date (YYYY-MM-DD parsed without pandas; other forms by the library's
    own parser, :func:`xlkpi.data.grain.parse_as_of`)."""
    import datetime

    try:
        datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        from xlkpi.data.grain import parse_as_of

        parse_as_of(value)


def wheel_url(value) -> None:
    """``xlkpi lite --wheel-url``: the http(s) address of a .whl."""
    from xlkpi.excel.kits import checked_wheel_url

    checked_wheel_url(value)


def sql_kpi(value) -> None:
    """``xlkpi sql KPI``: a KPI or side table the engine has the SQL of."""
    from xlkpi.sources.sql import known_kpi

    known_kpi(value)


def with_choices(command):
    """``--option NAME=VALUE`` (repeatable) and ``--preset NAME``: the definition options of
    ``xlkpi.kpi.options``; checked as they are parsed, so a bad one is a usage error (one
    ``xlkpi: error:`` line listing the valid names or choices). They beat the Settings
    sheet."""
    command = click.option(
        "--preset",
        default=None,
        metavar="NAME",
        callback=checked(_preset),
        help="Definition preset (xlkpi, stripe, ...); Settings keys still beat it.",
    )(command)
    return click.option(
        "--option",
        "options",
        multiple=True,
        metavar="NAME=VALUE",
        callback=checked(_options),
        help="A definition option, e.g. churn_denominator=average (repeatable; beats Settings).",
    )(command)


def engine_options(chosen) -> dict | None:
    """``--preset`` and ``--option`` as Settings key -> value (None: neither), for the
    engine that reads a source where it lies (it has no Settings sheet)."""
    from xlkpi.kpi.presets import option_values, preset_values

    base = preset_values(chosen["preset"]) if chosen["preset"] is not None else {}
    merged = {**base, **option_values(chosen["options"])}
    return merged or None


def _given(ctx, param, value):
    """``--setting`` texts as Settings key -> value (None: none given); a bad one is a
    usage error naming the flag (raised here, where click parses, so no traceback)."""
    if not value:
        return None
    from xlkpi.data.settings import setting_values
    from xlkpi.errors import OptionError

    try:
        return setting_values(value)
    except OptionError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


def with_settings(command):
    """Add ``--setting KEY=VALUE`` (repeatable): passed on as ``settings`` (key -> value)."""
    return click.option(
        "--setting",
        "settings",
        multiple=True,
        metavar="KEY=VALUE",
        callback=_given,
        help="A Settings key, e.g. date_order=dmy or time_zone=Europe/Paris (repeatable; "
        "beats the source's Settings sheet, settings.csv or settings table).",
    )(command)


def with_source_choices(command):
    """``--option``, ``--preset`` and ``--setting``: the choices of every command whose
    result depends on Settings (``build``, ``check``, ``kpis``, ``sql``), declared once."""
    return with_settings(with_choices(command))
