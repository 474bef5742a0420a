"""Validate postings without building, and report errors as text or as GitHub Actions annotations."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from site_builder.build.loading import load_postings
from site_builder.config import Config
from site_builder.content.advice import advice, lawful, twins, warning
from site_builder.content.loader import ignored, load_file, shown_path
from site_builder.content.model import Posting
from site_builder.errors import BuildFailed, ContentError, in_order, one_line


def check_postings(config: Config, files: tuple[Path, ...] = (), today: dt.date | None = None,
                   ) -> tuple[int, list[ContentError], list[ContentError]]:  # fmt: skip
    """Validate the given files (default: every posting); return (files checked, errors, warnings). Warnings
    (content/advice.py, as of `today`) are looked for only once there are no errors."""
    folder = config.postings_dir
    if not files:
        try:
            postings = load_postings(folder, config.reading, folder.parent)
        except BuildFailed as failure:
            return len([name for name in _names(folder) if not ignored(name)]), failure.errors, []
        return len(postings), *_advice(postings, config, today)
    errors: list[ContentError] = []
    postings = []
    for file in files:
        result = _check_one(file, config)
        errors.extend(result if isinstance(result, list) else [])
        postings += [] if isinstance(result, list) else [result]
    return (len(files), errors, []) if errors else (len(files), *_advice(postings, config, today))


def _advice(postings: list[Posting], config: Config, today: dt.date | None,
            ) -> tuple[list[ContentError], list[ContentError]]:  # fmt: skip
    """Every posting's warnings, reading each file again for the lines of its keys; and, where the board makes
    them errors (`pay_transparency: error`), the pay-transparency laws' errors."""
    day, root = today or dt.date.today(), config.postings_dir.parent
    doubles = twins(postings, day)
    found: list[ContentError] = []
    unlawful: list[ContentError] = []
    for posting in postings:
        try:
            text = (root / posting.source).read_text(encoding="utf-8-sig")
        except (OSError, ValueError):
            text = ""
        errors, warnings = posting_advice(posting, text, config, day, doubles.get(posting.source))
        unlawful += errors
        found += warnings
    return in_order(unlawful), in_order(found)


def posting_advice(posting: Posting, text: str, config: Config, day: dt.date, twin: str | None = None,
                   ) -> tuple[list[ContentError], list[ContentError]]:  # fmt: skip
    """One posting's errors the board's settings make of its advice (pay-transparency laws, if `error`), and its
    warnings."""
    warnings = advice(posting, text, day, config.salary_currency, twin)
    if config.pay_transparency == "error":
        return lawful(posting, text, day), warnings
    if config.pay_transparency == "warn":
        warnings += map(warning, lawful(posting, text, day))
    return [], warnings


def _names(folder: Path) -> list[str]:
    """The names in a folder; none if it can't be listed (the error already says why)."""
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _check_one(file: Path, config: Config) -> list[ContentError] | Posting:
    """One named file, which must be in the postings folder."""
    shown = shown_path(file, config.postings_dir.parent)
    if not os.path.lexists(file):  # never raises, even for a name too long for the system
        return [ContentError(shown, None, "file", "not found")]
    if file.resolve().parent != config.postings_dir.resolve():
        return [ContentError(shown, None, "file", f"is not in the postings folder ({config.postings_dir.name}/)")]
    return load_file(file, shown, config.reading, config.postings_dir)


def _escape_data(text: str) -> str:
    """GitHub workflow-command message escaping."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub workflow-command property escaping (also `:` and `,`)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(error: ContentError, level: str = "error") -> str:
    """`::error file=…,line=…,title=…::message` on one line, shown on the pull request's diff.

    Each part is escaped as in the text format (a newline shows as `\\n`, not as a line break in
    the annotation), so both formats say the same. Nothing in the message can start a command of
    its own: the line already is one, so the runner never looks for `##[` in it."""
    props = [f"file={_escape_property(one_line(error.path))}"]
    if error.line:
        props.append(f"line={error.line}")
    props.append(f"title={_escape_property(one_line(error.field))}")
    return f"::{level} {','.join(props)}::{_escape_data(one_line(error.field + ': ' + error.message))}"
