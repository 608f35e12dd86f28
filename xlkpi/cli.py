"""The ``xlkpi`` command: a thin click layer over the library.

Every library error (``XlkpiError``) becomes one readable line on stderr and exit
code 1; usage errors exit 2 (click's convention). No traceback reaches the user.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from xlkpi.errors import XlkpiError

PERIODS = click.Choice(["month", "quarter", "week"], case_sensitive=False)


def _clean_errors(command):
    """Turn library errors into ``xlkpi: error: ...`` and exit 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except XlkpiError as exc:
            click.echo(f"xlkpi: error: {exc}", err=True)
            sys.exit(1)
        except OSError as exc:  # disk full, permission denied, ...
            click.echo(
                f"xlkpi: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True
            )
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xlkpi")
def main() -> None:
    """B2B e-commerce and marketing KPIs from raw Excel exports."""


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
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
    help="Closing date of the report; later rows are ignored.",
)
@click.option(
    "--overwrite", is_flag=True, help="Replace OUTPUT even if it is not a report xlkpi wrote."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_clean_errors
def build(source: Path, output: Path, period, as_of, overwrite: bool, quiet: bool) -> None:
    """Build the KPI report workbook from SOURCE (.xlsx/.xlsm or a folder of CSVs)."""
    from xlkpi.report.build import build_report

    findings: list = []
    written = build_report(
        source,
        output,
        period=period,
        as_of=as_of,
        overwrite=overwrite,
        progress=not quiet,
        findings=findings,
    )
    click.echo(f"wrote {written}")
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
    from xlkpi.data.targets import is_target_finding

    for problem in filter(is_target_finding, findings):
        click.echo(f"Targets: {problem}")
    if findings:
        click.echo(
            f"{len(findings)} data-quality finding(s): see the 'Data quality' sheet of "
            f"{written.name} (or run xlkpi check)"
        )
    else:
        click.echo("no data-quality findings")


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
@click.argument("source", type=click.Path(path_type=Path))
@_clean_errors
def check(source: Path) -> None:
    """List every data error in SOURCE at once (sheet, row, column, value), then the
    warnings: findings that do not stop a build but are on its Data quality sheet."""
    from xlkpi.data import check_source

    warnings: list = []
    problems = check_source(source, warnings=warnings)
    if problems:
        click.echo(f"Data errors ({len(problems)}):")
        for problem in problems:
            click.echo(str(problem))
    if warnings:
        if problems:
            click.echo("")
        click.echo(f"Warnings ({len(warnings)}; a report still builds and lists them):")
        for warning in warnings:
            click.echo(str(warning))
    verdict = f"{len(problems)} data error(s)" if problems else "no data errors"
    summary = f"{source}: {verdict}, {len(warnings)} warning(s)"
    if not problems:
        click.echo(summary)
        return
    click.echo(summary, err=True)
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
@_clean_errors
def sample(output: Path, seed: int) -> None:
    """Write a realistic sample raw-data workbook (all seven tables, two years)."""
    from xlkpi.data.sample import write_sample

    click.echo(f"wrote {write_sample(output, seed=seed)}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option("--period", type=PERIODS, default=None)
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD")
@_clean_errors
def kpis(source: Path, fmt: str, period, as_of) -> None:
    """Print the KPI Data table (period, kpi, segment, value) of SOURCE."""
    from xlkpi.report.compute import kpi_table

    table = kpi_table(source, period=period, as_of=as_of)
    if fmt == "csv":
        click.echo(table.to_csv(index=False), nl=False)
    else:
        click.echo(table.to_json(orient="records", date_format="iso", indent=1))


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("workbook_template.xlsm"),
    show_default=True,
)
@_clean_errors
def template(output: Path) -> None:
    """Build workbook_template.xlsm (KPI ribbon tab, UDFs, raw sheets) from the repo's sources."""
    from xlkpi.excel.template.build import build_template

    click.echo(f"wrote {build_template(output)}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder.")
@click.option("--wheel-url", required=True, help="https address of the xlkpi wheel you host.")
@click.option("--overwrite", is_flag=True, help="Replace main.py / requirements.txt there.")
@_clean_errors
def lite(output: Path, wheel_url: str, overwrite: bool) -> None:
    """Write main.py and requirements.txt for xlwings Lite (KPI_* functions + scripts)."""
    from xlkpi.excel.kits import write_lite

    for path in write_lite(output, wheel_url, overwrite=overwrite):
        click.echo(f"wrote {path}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Project.")
@click.option("--overwrite", is_flag=True, help="Replace the project's files of the same name.")
@_clean_errors
def server(output: Path, overwrite: bool) -> None:
    """Add the KPI_* functions, scripts and KPI ribbon tab to an xlwings Server project."""
    from xlkpi.excel.kits import write_server

    for path in write_server(output, overwrite=overwrite):
        click.echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
