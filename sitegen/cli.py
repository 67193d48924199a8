"""The `sitegen` command: thin wrappers over the pipeline stages."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import SitegenError

log = logging.getLogger("sitegen")


class Context:
    debug: bool = False


def _quiet(ctx: click.Context, param: click.Parameter, quiet: bool) -> bool:
    """`-q` after the command (`sitegen build -q`), as before it: only warnings and errors."""
    if quiet:
        logging.getLogger().setLevel(logging.WARNING)
    return quiet


quiet_option = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_quiet,
                            help="Only print warnings and errors.")


def _fail(exc: Exception, debug: bool) -> None:
    if debug:
        raise exc
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


@click.group()
@click.version_option(__version__, prog_name="sitegen", message="%(prog)s %(version)s")
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
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parse as JSON (a list for several files).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@quiet_option
@click.pass_obj
def parse(obj: Context, files: tuple[Path, ...], as_json: bool, debug: bool) -> None:
    """Parse seed FILES (text dumps or issue files .md): outline or JSON; warnings most doubtful first."""
    from .model_json import issue_dict
    from .parse.outline import outline, warning_list
    from .parse.reader import check_seed_file
    from .parse.seeds import parse_seed

    issues = []
    try:
        for file in files:
            check_seed_file(file)
            issues.append(parse_seed(file))
    except SitegenError as exc:
        _fail(exc, debug or obj.debug)
        return
    if as_json:
        dicts = [issue_dict(issue) for issue in issues]
        click.echo(json.dumps(dicts[0] if len(dicts) == 1 else dicts, ensure_ascii=False, indent=1))
    elif len(issues) == 1:
        click.echo(outline(issues[0]))
    else:
        click.echo("\n\n".join(outline(issue, warnings=False) for issue in issues))
        click.echo(warning_list([w for issue in issues for w in issue.warnings]))


@main.command()
@click.option("--base-url", help="Serve the site under this path or URL (overrides base_url in sitegen.toml).")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Config file (default: ./sitegen.toml; missing means defaults).")
@click.option("--no-search", is_flag=True, help="Skip the search index (jieba words and Pagefind): a faster build.")
@click.option("--clean", is_flag=True,
              help="Make every file again, ignoring what the last build left (the parse cache is kept).")
@click.option("-j", "--jobs", type=click.IntRange(1), help="Processes to work in (default: one per core).")
@click.option("-v", "--verbose", is_flag=True,
              help="Print each step's time and what was built also when not on a terminal (in CI, or with "
                   "stderr redirected, only warnings and errors are printed).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@quiet_option
@click.pass_obj
def build(obj: Context, base_url: str | None, config_path: Path | None, no_search: bool, clean: bool,
          jobs: int | None, verbose: bool, debug: bool) -> None:
    """Build the site from seeds/ into site/, doing only what changed since the last build (on any
    error site/ stays as it was). On a terminal each step shows a progress bar."""
    from . import progress
    from .make import build_project

    root = logging.getLogger()
    if root.level == logging.INFO and not verbose and not progress.terminal():
        root.setLevel(logging.WARNING)
    try:
        with progress.shown(root.level <= logging.INFO):
            report = build_project(config_path, base_url=base_url, search=not no_search, clean=clean, jobs=jobs)
    except SitegenError as exc:
        _fail(exc, debug or obj.debug)
        return
    total = sum(report.timings.values())
    if report.unchanged:
        log.info("nothing changed since the last build (%.2fs); `sitegen build --clean` makes everything again",
                 total)
        return
    log.info("built %d issues, %d articles: %d files, %d made, %d written, %d removed in %.2fs "
             "(%d parser warnings; `sitegen check` lists them)", report.issues, report.articles,
             report.files, report.made, report.written, report.removed, total, report.warnings)
    if Path(sys.argv[0]).name == "sitegen":
        _exit_now()


def _exit_now() -> None:
    """End the `sitegen` process at once: everything is written and flushed, and freeing the build's
    million objects one by one on the way out takes longer than the rest of a small rebuild. Only
    for the command itself (`sys.argv[0]`), never when main() is called from Python."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--base-url", help="Serve the site under this path (overrides base_url in sitegen.toml).")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Config file (default: ./sitegen.toml; missing means defaults).")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a web browser.")
@click.option("--no-search", is_flag=True, help="No search words or index: a faster preview.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@quiet_option
@click.pass_obj
def serve(obj: Context, host: str, port: int, base_url: str | None, config_path: Path | None, open_browser: bool,
          no_search: bool, debug: bool) -> None:
    """Build, serve and rebuild on every change, updating open browsers (live preview)."""
    from .serve import serve as run_server

    try:
        run_server(config_path, base_url=base_url, host=host, port=port, open_browser=open_browser,
                   search=not no_search)
    except SitegenError as exc:
        _fail(exc, debug or obj.debug)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an issue file that exists.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.pass_obj
def convert(obj: Context, files: tuple[Path, ...], force: bool, debug: bool) -> None:
    """Write the issue file seeds/x.md of each text dump seeds/x.txt, its doubts as comments."""
    from .parse.issuefile.convert import convert_seed

    try:
        for file in files:
            written = convert_seed(file, force=force)
            click.echo(f"wrote {written.path} ({written.articles} articles, "
                       f"{written.warnings} warnings as <!-- comments -->)")
    except SitegenError as exc:
        _fail(exc, debug or obj.debug)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit with status 1 when there is a warning (notes do not count).")
@click.option("--notes", is_flag=True, help="List the notes too (guesses nearly always right), after the warnings.")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Config file (default: ./sitegen.toml; missing means defaults).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.pass_obj
def check(obj: Context, files: tuple[Path, ...], strict: bool, notes: bool, config_path: Path | None,
          debug: bool) -> None:
    """Print the warnings of every seed (or of FILES), most doubtful first, as `file:line: warning:
    code: message [doubt 0.60]`; then, with --notes, the notes. The parser's, and those of locating
    the articles on their page PDFs (seeds/<stem>/NN.pdf)."""
    from .config import load_config
    from .make.check import page_warnings
    from .parse.check import check_seeds
    from .parse.outline import ranked, warning_line

    try:
        found = check_seeds(config_path, list(files))
        found_warnings = [*found.warnings, *page_warnings(load_config(config_path), found.parsed)]
    except SitegenError as exc:
        _fail(exc, debug or obj.debug)
        return
    warnings, quiet = ranked(found_warnings)
    for warning in warnings + (quiet if notes else []):
        click.echo(warning_line(warning))
    for error in found.errors:
        click.echo(f"error: {error}", err=True)
    listed = "" if notes or not quiet else " (`--notes` lists them)"
    click.echo(f"{len(warnings)} warnings, {len(quiet)} notes{listed}, {len(found.errors)} errors "
               f"in {found.seeds} seeds", err=True)
    if found.errors or (strict and warnings):
        sys.exit(1)


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Config file (default: ./sitegen.toml; missing means defaults).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.pass_obj
def train(obj: Context, config_path: Path | None, debug: bool) -> None:
    """Learn this paper's layout from its corrected issues (each seeds/x.txt with its seeds/x.md) and
    write the parser model to .sitegen/, used by every later parse of the project."""
    from .train.edition import train_project

    try:
        trained = train_project(config_path)
    except SitegenError as exc:
        _fail(exc, debug or obj.debug)
        return
    held = (f"on the corrections it did not learn from, {trained.after:.1%} of lines labelled as corrected "
            f"(the shipped model alone: {trained.before:.1%})")
    if trained.model is None:
        click.echo(f"learned from {trained.issues} corrected issues ({trained.lines} lines): {held}: no better, "
                   "no model written; the shipped model parses this paper")
    else:
        click.echo(f"learned from {trained.issues} corrected issues ({trained.lines} lines) in {trained.seconds:.1f}s: "
                   f"wrote {trained.model}; {held}")

