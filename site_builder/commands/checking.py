"""Validate postings without building, and report errors as text or as GitHub Actions annotations."""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.build.loading import load_postings
from site_builder.config import Config
from site_builder.content.loader import ignored, load_file, shown_path
from site_builder.errors import BuildFailed, ContentError, one_line


def check_postings(config: Config, files: tuple[Path, ...] = ()) -> tuple[int, list[ContentError]]:
    """Validate the given files (default: every posting); return (files checked, errors)."""
    folder = config.postings_dir
    if not files:
        try:
            return len(load_postings(folder, config.default_hours_per_week, folder.parent)), []
        except BuildFailed as failure:
            return len([name for name in _names(folder) if not ignored(name)]), failure.errors
    errors: list[ContentError] = []
    for file in files:
        errors.extend(_check_one(file, config))
    return len(files), errors


def _names(folder: Path) -> list[str]:
    """The names in a folder; none if it can't be listed (the error already says why)."""
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _check_one(file: Path, config: Config) -> list[ContentError]:
    """One named file, which must be in the postings folder."""
    shown = shown_path(file, config.postings_dir.parent)
    if not os.path.lexists(file):  # never raises, even for a name too long for the system
        return [ContentError(shown, None, "file", "not found")]
    if file.resolve().parent != config.postings_dir.resolve():
        return [ContentError(shown, None, "file", f"is not in the postings folder ({config.postings_dir.name}/)")]
    result = load_file(file, shown, config.default_hours_per_week, config.postings_dir)
    return result if isinstance(result, list) else []


def _escape_data(text: str) -> str:
    """GitHub workflow-command message escaping."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub workflow-command property escaping (also `:` and `,`)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(error: ContentError) -> str:
    """`::error file=…,line=…,title=…::message` on one line, shown on the pull request's diff.

    Each part is escaped as in the text format (a newline shows as `\\n`, not as a line break in
    the annotation), so both formats say the same. Nothing in the message can start a command of
    its own: the line already is one, so the runner never looks for `##[` in it."""
    props = [f"file={_escape_property(one_line(error.path))}"]
    if error.line:
        props.append(f"line={error.line}")
    props.append(f"title={_escape_property(one_line(error.field))}")
    return f"::error {','.join(props)}::{_escape_data(one_line(error.field + ': ' + error.message))}"
