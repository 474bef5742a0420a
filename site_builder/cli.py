"""The `jobboard` command line."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from site_builder import __version__
from site_builder.config import load_config, with_overrides
from site_builder.errors import BuildFailed, SiteError
from site_builder.site import build as build_site


def resolve_today(given: dt.datetime | None) -> dt.date:
    """The date that decides which roles are closed: --today, else SOURCE_DATE_EPOCH, else today."""
    if given is not None:
        return given.date()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


@click.group()
@click.version_option(__version__, prog_name="jobboard")
def main() -> None:
    """Build the job board from postings/ into a static site."""


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=Path("config.yaml"),
              show_default=True, help="Settings file; its folder is the project folder.")  # fmt: skip
@click.option("--output", type=click.Path(path_type=Path, file_okay=False), help="Build into this folder instead.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Decide closed roles as of this date.")
@click.option("--base-url", help="Serve under this sub-path, e.g. /jobboard/ (overrides config.yaml).")
def build(config_path: Path, output: Path | None, today: dt.datetime | None, base_url: str | None) -> None:
    """Validate every posting and build the site; on any error, report all and change nothing."""
    try:
        config = with_overrides(load_config(config_path), output, base_url)
        day = resolve_today(today)
        postings = build_site(config, day)
    except BuildFailed as failure:
        for error in failure.errors:
            click.echo(str(error), err=True)
        click.echo(f"Build failed: {len(failure.errors)} problem(s); the previous site was left as it was.", err=True)
        sys.exit(1)
    except SiteError as problem:
        click.echo(f"Build failed: {problem}", err=True)
        sys.exit(1)
    open_count = sum(p.is_open(day) for p in postings)
    click.echo(f"Built {len(postings)} roles ({open_count} open on {day}) into {config.output_dir}")
