"""The one way the command line prints: each message as one line that no CI runner reads as a command."""

from __future__ import annotations

import logging

import click

from site_builder.errors import inert, one_line


def say(text: str, err: bool = False) -> None:
    """Print a message as one line (see `inert`): paths, settings and postings can all end up in one."""
    click.echo(inert(text), err=err)


def annotate(command: str) -> None:
    """Print one GitHub workflow command of our own, whose parts `github_annotation` already escaped."""
    click.echo(one_line(command))


class OneLineLogs(logging.Filter):
    """Makes each log record (livereload's and tornado's, which name changed files and requested URLs) one inert
    line, a traceback included: it is shown as its last line, the exception itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops one."""
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message += f" ({type(error).__name__}: {error})"
        record.msg, record.args = inert(message), None
        record.exc_info = record.exc_text = record.stack_info = None  # already in the message, as one line
        return True
