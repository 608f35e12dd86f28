"""The command line's mapping parts: ``--map FILE`` on the reading commands and ``xlkpi map``.

Kept apart from :mod:`xlkpi.cli` so the mapping (which loads Ibis) is imported only
when it is used.
"""

from __future__ import annotations

import functools
from pathlib import Path

import click


def with_mapping(command):
    """Add ``--map FILE`` to a command: the mapping its reads of SOURCE use."""

    @click.option(
        "--map",
        "map_file",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Mapping CSV: contract column <- export column (see docs/bring-your-data.md); "
        "default: mapping.csv in the SOURCE folder.",
    )
    @functools.wraps(command)
    def wrapper(*args, map_file: Path | None = None, **kwargs):
        if map_file is None:
            return command(*args, **kwargs)
        from xlkpi.data.csvdir import MAP_FILE
        from xlkpi.errors import SourceError

        if not map_file.is_file():
            raise click.BadParameter(f"{map_file}: no such file", param_hint="--map")
        token = MAP_FILE.set(map_file)
        try:
            return command(*args, **kwargs)
        except SourceError:
            raise
        finally:
            MAP_FILE.reset(token)

    return wrapper


@click.command("map")
@click.argument("source", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the mapping here (default: print it).")  # fmt: skip
def map_command(source: Path, output: Path | None) -> None:
    """Write a starter mapping for the export SOURCE (a CSV file): the contract table its
    headers fit best, each column with the header that likely holds it. Edit it, save it
    as mapping.csv next to the export (or pass it with --map)."""
    from xlkpi.adapters.mapping import starter
    from xlkpi.cli import say
    from xlkpi.data.csvdir import read_headers

    text = starter(read_headers(source))
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists():
        raise click.ClickException(f"{output} exists; not overwritten")
    output.write_text(text, encoding="utf-8")
    say(f"wrote {output}")
