"""Allow `python -m site_builder`."""

from site_builder.commands.cli import run

run()
