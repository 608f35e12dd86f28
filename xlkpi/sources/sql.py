"""``xlkpi sql``: a KPI's definition as the SQL an analyst pastes into the warehouse.

The text is the engine's own expression compiled for the dialect
(:func:`xlkpi.engine.compile_sql`) over tables named as the contract's
(``orders``, ``customers``, ... with the contract's column names), after one comment
line saying what it computes. Spark SQL comes from Ibis' PySpark compiler when pyspark
is installed, else from its Databricks one (Spark SQL too; the comment says which).
"""

from __future__ import annotations

import re

from xlkpi.errors import XlkpiError

#: What ``--dialect`` accepts -> the sqlglot dialect that reads the text back.
DIALECTS = {
    "duckdb": "duckdb",
    "postgres": "postgres",
    "bigquery": "bigquery",
    "snowflake": "snowflake",
    "spark": "databricks",
}


def kpi_sql(kpi_id: str, *, dialect: str = "duckdb", period: str | None = None, options=None,
            preset: str | None = None, settings=None) -> str:  # fmt: skip
    """The SQL text of report KPI ``kpi_id`` (or of a side table of the report, such as
    ``cohorts``) in ``dialect``, with a comment line on top.

    ``options``: definition options by name or Settings key (see ``api.option_names``);
    ``preset``: a bundle of them; ``settings``: any Settings key (``--setting``), chosen
    over the defaults as the other commands choose them over a source's Settings
    (:func:`xlkpi.data.settings.choose`): ``period``, ``as_of`` (rows after it are cut),
    ``clv_years`` and the definition options change the SQL; the others (``date_order``,
    ``time_zone``: how the source's dates are read into the contract tables this SQL
    starts from) are named in a second comment line.
    """
    from xlkpi.engine import compile_sql
    from xlkpi.engine.side import side_names, side_sql, side_title
    from xlkpi.kpi.catalogue import by_id

    if dialect not in DIALECTS:
        raise XlkpiError(f"unknown dialect {dialect!r}; choose one of {', '.join(DIALECTS)}")
    known_kpi(kpi_id)
    sides = side_names()
    options, chosen, elsewhere = sql_choices(options, preset, settings)
    period = (period or chosen.period).lower()
    as_of = chosen.as_of
    if kpi_id in sides:  # a side table of the report (MRR bridge, cohorts, ...)
        text = side_sql(kpi_id, dialect=dialect, period=period, options=options, as_of=as_of)
        title = side_title(kpi_id)
    else:
        text = compile_sql(kpi_id, dialect=dialect, period=period, options=options, as_of=as_of)
        title = by_id(kpi_id).title
    shown = ", ".join(f"{k}={v}" for k, v in sorted((options or {}).items())) or "defaults"
    cut = f", rows after {as_of:%Y-%m-%d} cut" if as_of is not None else ""
    head = f"-- xlkpi {kpi_id}: {title}, per {period}{cut}, options: {shown}; {_flavour(dialect)}"
    if elsewhere:
        head += "\n-- not in this SQL: " + ", ".join(f"{k}={v}" for k, v in elsewhere.items())
        if {"date_order", "time_zone"} & set(elsewhere):
            head += " (the source's dates are read under them into the contract tables it reads)"
    return f"{head}\n{stable(text).strip()};\n"


def known_kpi(kpi_id: str) -> None:
    """``XlkpiError`` unless the engine has the SQL of ``kpi_id`` (a report KPI it computes
    or a side table of the report), naming those it has."""
    from xlkpi.engine import covered
    from xlkpi.engine.side import side_names

    ids, sides = covered(), side_names()
    if kpi_id not in ids and kpi_id not in sides:
        known = {k.id for k in _report_kpis()}
        what = "is not computed by the engine yet" if kpi_id in known else "is no report KPI"
        raise XlkpiError(
            f"{kpi_id!r} {what}; the SQL is available for: {', '.join(ids)}, and the report's "
            f"side tables {', '.join(sides)}"
        )


#: Settings keys that change the engine's SQL (with the definition options).
IN_SQL = ("period", "as_of", "preset", "clv_years")


def sql_choices(options=None, preset=None, settings=None):
    """(engine options: name -> choice, None for the defaults; the chosen ``Settings``;
    the ``settings`` keys that do not change the SQL: key -> value) of ``xlkpi sql``'s
    choices, resolved as the other commands resolve them over a source's Settings.

    >>> sql_choices({"refund_basis": "value"})[0]
    {'refund_rate.basis': 'value'}
    >>> o, s, other = sql_choices(settings={"clv_years": 5, "time_zone": "Europe/Berlin"})
    >>> o, s.clv_years, other
    ({'clv_years': 5.0}, 5.0, {'time_zone': 'Europe/Berlin'})
    """
    from xlkpi.data.model import Settings
    from xlkpi.data.settings import choose, setting_values
    from xlkpi.kpi.options import OPTIONS
    from xlkpi.sources.api import option_names
    from xlkpi.sources.settings import engine_options

    named = set(option_names(options) or {})
    if preset is not None:
        from xlkpi.kpi.presets import preset_values

        named |= set(option_names(preset_values(preset)) or {})
    given = setting_values(settings)
    chosen = choose(Settings(), options, preset, given=given)
    default, wanted = engine_options(Settings()), engine_options(chosen)
    out = {k: v for k, v in wanted.items() if v != default[k] or k in named}
    in_sql = {*IN_SQL, *(o.setting for o in OPTIONS)}
    elsewhere = {k: v for k, v in given.items() if k not in in_sql}
    return out or None, chosen, elsewhere


#: Names Ibis makes up afresh on every compile: BigQuery's UNNEST aliases and Snowflake's
#: array-joining separators. Numbered in order of appearance, the text is the same each
#: time (golden snapshots, diffs between versions).
_RANDOM = re.compile(r"(?P<bq>ibis_bq_arr_range_[a-z0-9]{26})|'(?P<hex>[0-9a-f]{32})'")


def stable(text: str) -> str:
    """``text`` with Ibis' random names replaced by numbered ones (same meaning).

    >>> name = "ibis_bq_arr_range_5shq62cxffdkdmf5r7bakqrusu"
    >>> stable(f"{name} AS {name}, '0bd32b160fd24f12b51790aa4f37d56c'")
    "ibis_bq_arr_range_1 AS ibis_bq_arr_range_1, 'xlkpi_separator_2'"
    """
    names: dict[str, str] = {}

    def rename(match: re.Match) -> str:
        if match[0] not in names:
            n = len(names) + 1
            names[match[0]] = f"ibis_bq_arr_range_{n}" if match["bq"] else f"'xlkpi_separator_{n}'"
        return names[match[0]]

    return _RANDOM.sub(rename, text)


def _report_kpis():
    from xlkpi.kpi.catalogue import report_kpis

    return report_kpis()


def spark_compiler() -> str:
    """``pyspark`` when Ibis' PySpark backend imports (pyspark installed), else
    ``databricks``: the engine's choice for ``dialect="spark"``."""
    try:
        import ibis.pyspark  # noqa: F401
    except ImportError:
        return "databricks"
    return "pyspark"


def _flavour(dialect: str) -> str:
    if dialect != "spark":
        return f"{dialect} SQL"
    if spark_compiler() == "pyspark":
        return "Spark SQL (Ibis' PySpark compiler)"
    return "Spark SQL (Ibis' Databricks compiler: pyspark is not installed)"
