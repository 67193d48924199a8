"""The `sitegen` command: thin wrappers over the pipeline stages."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from .errors import SitegenError

log = logging.getLogger("sitegen")


class Context:
    debug: bool = False


def _fail(exc: Exception, debug: bool) -> None:
    if debug:
        raise exc
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


@click.group()
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.option("-q", "--quiet", is_flag=True, help="Only print warnings and errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool, quiet: bool) -> None:
    """sitegen: build a digital edition (数字报) from raw newspaper text."""
    level = logging.DEBUG if debug else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    ctx.obj = Context()
    ctx.obj.debug = debug


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parse as JSON.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.pass_obj
def parse(obj: Context, file: Path, as_json: bool, debug: bool) -> None:
    """Parse one seed FILE and print its outline (or JSON)."""
    from .outline import outline
    from .parse import parse_file
    from .serialize import issue_dict

    try:
        if not file.is_file():
            raise SitegenError(f"{file}: no such file")
        issue = parse_file(file)
    except SitegenError as exc:
        _fail(exc, debug or obj.debug)
        return
    if as_json:
        click.echo(json.dumps(issue_dict(issue), ensure_ascii=False, indent=1))
    else:
        click.echo(outline(issue))


def run() -> None:
    """Entry point that never shows a traceback for a sitegen error."""
    main()
