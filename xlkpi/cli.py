"""The ``xlkpi`` command: a thin click layer over the library.

Every library error (``XlkpiError``) becomes one readable line on stderr and exit
code 1; usage errors (an unknown or missing flag, any value the command line itself tells
is wrong: not a choice, number or date, an unknown option, preset, setting or KPI ...)
are one ``xlkpi: error:`` line too, exit 2 (click's convention). No traceback reaches the user: an
unexpected exception is one ``xlkpi: error: internal error ...`` line too (set
``XLKPI_DEBUG=1`` to see the traceback). Every message goes through :func:`say`, which
shows non-printable characters escaped (``\x1b``), so text from the data cannot send
escape sequences to the terminal.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from xlkpi.cli_map import map_command, with_mapping
from xlkpi.cli_settings import as_of_date, checked, sql_kpi, wheel_url
from xlkpi.cli_settings import engine_options as _engine_options
from xlkpi.cli_settings import with_source_choices as _choices
from xlkpi.data.grain import GRAINS
from xlkpi.errors import XlkpiError, internal_error_line
from xlkpi.text import csv_cell, printable

PERIODS = click.Choice(GRAINS, case_sensitive=False)
DIALECTS = ["duckdb", "postgres", "bigquery", "snowflake", "spark"]  # of `xlkpi sql`


# --- sources beyond the workbook (xlkpi.sources): URLs, Parquet/CSV files, DuckDB files ---
def _source(ctx, param, value):
    """SOURCE: a path, or a connection URL as a ``SourceUrl`` (its text redacted)."""
    from xlkpi.sources.secrets import as_source

    return as_source(value)


def _engine_source(source, settings=None):
    """SOURCE opened by the engine where it lies, else None (``xlkpi.cli_run``)."""
    from xlkpi.cli_run import engine_source

    return engine_source(source, settings)


def say(text: object, *, err: bool = False) -> None:
    """Print one message line (or several), non-printable characters shown escaped."""
    click.echo("\n".join(printable(line) for line in str(text).split("\n")), err=err)


@contextmanager
def _parse_early(source: Path):
    """Start parsing SOURCE's sheets before pandas and the report code are imported.

    Those imports take about half a second; fastexcel parses meanwhile, in its own
    threads (:func:`xlkpi.data.xlsx_parse.prefetch`). The reader takes the parse over;
    should the command end before reading (a refused output path), it is dropped.
    """
    from xlkpi.data.xlsx_parse import prefetch, release

    parse = prefetch(source, few_arenas=_own_process()) if isinstance(source, Path) else None
    try:
        yield
    finally:
        release(parse)


def _fail(message: str, code: int = 1) -> None:
    from xlkpi.sources.secrets import redact  # no password or token ever reaches the terminal

    one = " ".join(line.strip() for line in message.split("\n") if line.strip())  # one line
    say("xlkpi: error: " + redact(one), err=True)
    sys.exit(code)


def _terminated(signum, frame):  # pragma: no cover - exercised by a subprocess test
    raise SystemExit(128 + signum)  # unwinds: temporary files are removed on the way out


def _clean_errors(command):
    """Turn library errors into ``xlkpi: error: ...`` and exit 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        if _own_process():
            signal.signal(signal.SIGTERM, _terminated)
        try:
            return command(*args, **kwargs)
        except XlkpiError as exc:
            _fail(" ".join(str(exc).split("\n")))
        except OSError as exc:  # disk full, permission denied, ...
            _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        except MemoryError:
            _fail(
                "out of memory while reading the data (is the workbook far larger than expected?)"
            )
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug: still one line, never a traceback
            if os.environ.get("XLKPI_DEBUG"):
                raise
            _fail(internal_error_line(exc))

    return wrapper


class _Main(click.Group):
    """The ``xlkpi`` group: a usage error is one ``xlkpi: error:`` line, exit 2."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = f"; see '{exc.ctx.command_path} --help'" if exc.ctx is not None else ""
            _fail(exc.format_message().strip().removesuffix(".") + where, code=exc.exit_code)
        except click.ClickException as exc:  # e.g. xlkpi map: the output exists
            _fail(exc.format_message(), code=exc.exit_code)
        except click.Abort:
            say("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group("xlkpi", cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xlkpi")
def main() -> None:
    """B2B e-commerce and marketing KPIs from raw Excel exports."""


@main.command()
@click.argument("source", callback=_source)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Report workbook to write (.xlsx).",
)
@click.option(
    "--period",
    type=PERIODS,
    default=None,
    help="Grain of the trends (default: Settings sheet, else month).",
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="YYYY-MM-DD",
    callback=checked(as_of_date),
    help="Closing date of the report; later rows are ignored.",
)
@click.option(
    "--overwrite", is_flag=True, help="Replace OUTPUT even if it is not a report xlkpi wrote."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@with_mapping
@_choices
@_clean_errors
def build(
    source: Path, output: Path, period, as_of, overwrite: bool, quiet: bool, **chosen
) -> None:
    """Build the KPI report workbook from SOURCE (.xlsx/.xlsm or a folder of CSVs)."""
    findings: list = []
    with _parse_early(source):
        from xlkpi.report.build import build_report

        written = build_report(
            source,
            output,
            period=period,
            as_of=as_of,
            overwrite=overwrite,
            progress=not quiet,
            findings=findings,
            **chosen,
        )
    say(f"wrote {written}")
    _summary(findings, written)
    if _own_process():
        # The report is written: skip the interpreter's teardown. Freeing the million-row
        # frames, the modules and the reader threads' state object by object takes a
        # quarter of a second and has no effect the user can see. Only here, on success.
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # e.g. a closed pipe: leave it to the normal exit, as before
            return
        os._exit(0)


def _summary(findings: list, written: Path) -> None:
    """How many data-quality findings the report lists, and where; targets it cannot use."""
    from xlkpi.data.raw import SOURCE_NOTE
    from xlkpi.data.targets import is_target_finding

    for problem in filter(is_target_finding, findings):
        say(f"Targets: {problem}")
    for problem in findings:
        if problem.column in (SOURCE_NOTE, "(file)"):  # which adapter read which export
            say(f"Source {problem.sheet}: {problem.message}")
    if findings:
        say(
            f"{len(findings)} data-quality finding(s): see the 'Data quality' sheet of "
            f"{written.name} (or run xlkpi check)"
        )
    else:
        say("no data-quality findings")


def _own_process() -> bool:
    """True when this process is the ``xlkpi`` command itself (console script or -m xlkpi).

    Not when the CLI is called in-process (click's CliRunner, tests, another program),
    whose interpreter must live on.
    """
    if sys.stdout is not sys.__stdout__ or sys.stderr is not sys.__stderr__:
        return False
    script = Path(sys.argv[0] if sys.argv else "")
    if script.name == "__main__.py":
        return script.parent.name == "xlkpi"
    return script.stem == "xlkpi"


@main.command()
@click.argument("source", callback=_source)
@with_mapping
@_choices
@_clean_errors
def check(source: Path, **chosen) -> None:
    """List every data error in SOURCE at once (sheet, row, column, value), then the
    warnings: findings that do not stop a build but are on its Data quality sheet."""
    warnings: list = []
    if (where := _engine_source(source, chosen["settings"])) is not None:
        from xlkpi.sources.api import check as check_where_it_lies

        _engine_options(chosen)  # validated: none of them changes a data check
        problems, warnings = check_where_it_lies(where, settings=chosen["settings"])
    else:
        with _parse_early(source):
            from xlkpi.data import check_source

            problems = check_source(source, warnings=warnings, **chosen)
    if problems:
        say(f"Data errors ({len(problems)}):")
        for problem in problems:
            say(str(problem))
    if warnings:
        if problems:
            say("")
        say(f"Warnings ({len(warnings)}; a report still builds and lists them):")
        for warning in warnings:
            say(str(warning))
    verdict = f"{len(problems)} data error(s)" if problems else "no data errors"
    summary = f"{source}: {verdict}, {len(warnings)} warning(s)"
    if not problems:
        say(summary)
        return
    say(summary, err=True)
    sys.exit(1)


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Workbook to write the sample raw data to (.xlsx).",
)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option(
    "--overwrite", is_flag=True, help="Replace OUTPUT even if it is not a sample xlkpi wrote."
)
@_clean_errors
def sample(output: Path, seed: int, overwrite: bool) -> None:
    """Write a realistic sample raw-data workbook (all seven tables, two years)."""
    from xlkpi.data.sample import write_sample

    say(f"wrote {write_sample(output, seed=seed, overwrite=overwrite)}")


@main.command()
@click.argument("source", callback=_source)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option("--period", type=PERIODS, default=None)
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD", callback=checked(as_of_date))
@with_mapping
@_choices
@_clean_errors
def kpis(source: Path, fmt: str, period, as_of, **chosen) -> None:
    """Print the KPI Data table (period, kpi, segment, value) of SOURCE; stderr: warnings."""
    from xlkpi import cli_kpis

    if (where := _engine_source(source, chosen["settings"])) is not None:
        table, findings = cli_kpis.engine_kpis(where, period=period, as_of=as_of, **chosen)
    else:
        with _parse_early(source):
            table, findings = cli_kpis.workbook_kpis(source, period=period, as_of=as_of, **chosen)
    cli_kpis.state(table, findings, say, source)  # raises when no KPI can be computed
    if fmt == "csv":
        text = csv_safe(table).to_csv(index=False)
    else:
        text = table.to_json(orient="records", date_format="iso", indent=1) + "\n"
    if sys.stdout.isatty():  # data text on a terminal: no escape sequences either
        text = "\n".join(printable(line) for line in text.split("\n"))
    click.echo(text, nl=False)


def csv_safe(table):
    """The table with every text cell neutralised for spreadsheets (see ``xlkpi.text``)."""
    table = table.copy()
    for name in table.columns:
        column = table[name]
        if column.dtype == object or column.dtype == "str":
            table[name] = column.map(csv_cell, na_action="ignore")
    return table


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("workbook_template.xlsm"),
    show_default=True,
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Replace OUTPUT even if it is not an unchanged template xlkpi wrote (a filled one).",
)
@_clean_errors
def template(output: Path, overwrite: bool) -> None:
    """Build workbook_template.xlsm (KPI ribbon tab, UDFs, raw sheets) from the repo's sources."""
    from xlkpi.excel.template.build import build_template

    say(f"wrote {build_template(output, overwrite=overwrite)}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder.")
@click.option("--wheel-url", required=True, callback=checked(wheel_url),
              help="https address of the xlkpi wheel you host.")  # fmt: skip
@click.option("--overwrite", is_flag=True, help="Replace main.py / requirements.txt there.")
@_clean_errors
def lite(output: Path, wheel_url: str, overwrite: bool) -> None:
    """Write main.py and requirements.txt for xlwings Lite (KPI_* functions + scripts)."""
    from xlkpi.excel.kits import write_lite

    for path in write_lite(output, wheel_url, overwrite=overwrite):
        say(f"wrote {path}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Project.")
@click.option("--overwrite", is_flag=True, help="Replace the project's files of the same name.")
@_clean_errors
def server(output: Path, overwrite: bool) -> None:
    """Add the KPI_* functions, scripts and KPI ribbon tab to an xlwings Server project."""
    from xlkpi.excel.kits import write_server

    for path in write_server(output, overwrite=overwrite):
        say(f"wrote {path}")


# --- xlkpi sql (xlkpi.sources.sql) ---------------------------------------------------------
@main.command()
@click.argument("kpi", callback=checked(sql_kpi))
@click.option("--dialect", type=click.Choice(DIALECTS), default="duckdb", show_default=True)
@click.option(
    "--period", type=PERIODS, default=None, help="Grain (default: --setting period, else month)."
)
@_choices
@_clean_errors
def sql(kpi: str, dialect: str, period, **chosen) -> None:
    """Print KPI's definition as SQL to paste into the warehouse (tables and columns named
    as the data contract's: orders.order_date, ...), under the options and settings given."""
    from xlkpi.sources.sql import kpi_sql

    click.echo(kpi_sql(kpi, dialect=dialect, period=period, **chosen), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()


main.add_command(map_command)
