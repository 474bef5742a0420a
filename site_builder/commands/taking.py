"""`jobboard from-issue`: read a role submitted through the issue form, check it as `check` would, write the reply
for the issue, and, once a maintainer approves it, the posting file a pull request will add."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.commands.asking import interview
from site_builder.commands.checking import posting_advice
from site_builder.commands.issueform import POSTING_LABEL, answers_of, approves, comment, given_of, labels
from site_builder.commands.scaffold import render, slug_for
from site_builder.config import Config
from site_builder.content.posting import parse_posting
from site_builder.errors import ContentError


@dataclass(frozen=True)
class Taken:
    """What became of one issue: `skipped` (not a form's issue), `problems`, `ready` (awaits approval) or
    `approved` (the file is written); the file's shown path, and the reply for the issue."""

    verdict: str
    path: str | None
    reply: str | None
    file: Path | None = None  # the posting's file, where it would be written


def take_issue(config: Config, event: dict[str, Any], permission: str, today: dt.date) -> Taken:
    """Check the issue's posting; write its file if the event approves it and it has no problems."""
    issue = event["issue"]
    if POSTING_LABEL not in labels(issue):
        return Taken("skipped", None, None)
    currency = config.salary_currency
    given, description = given_of(answers_of(str(issue.get("body") or ""), currency), currency)
    told: list[str] = []
    places = given.pop("location", [])
    answers = interview(given, lambda question, optional: None, told.append, currency)
    # Places are read with the rest of the posting, whose pay and other places settle a code that reads two ways
    # (`Philadelphia, PA` paid in USD): the interview, asking before the pay is known, would refuse it.
    answers["location"] = places
    answers["posted"] = today  # listed from the day it is approved: a role open until filled is listed from then
    slug = slug_for(str(answers["title"]), str(answers["organization"])) if answers.get("title") and answers.get(
        "organization") else f"role-from-issue-{_number(issue.get('number'))}"  # fmt: skip
    shown, target = f"{config.postings_dir.name}/{slug}.md", config.postings_dir / f"{slug}.md"
    text = render(answers, description)
    problems = [ContentError(shown, None, *line.split(": ", 1)) for line in told]
    result = parse_posting(shown, slug, text, config.reading)
    if isinstance(result, list):  # the readers' own words come first; the posting's check adds what they lack
        problems += [error for error in result if error.field not in {p.field for p in problems}]
    if target.exists():
        problems.append(ContentError(shown, None, "title", f"a role is already posted as `{shown}`: if this is "
                                     "another role, tell it apart in its title"))  # fmt: skip
    if problems or isinstance(result, list):
        return Taken("problems", shown, comment(problems, [], None, None, currency), target)
    errors, warnings = posting_advice(result, text, config, today)
    if result.deadline.date is not None and result.deadline.date < today:  # a new role may not arrive closed
        errors.append(ContentError(shown, None, "deadline", f"{result.deadline.date.isoformat()} has passed"))
    if errors:
        return Taken("problems", shown, comment(errors, warnings, None, None, currency), target)
    approved = approves(event, permission)
    if approved:
        with open(target, "x", encoding="utf-8") as handle:  # never overwrite
            handle.write(text)
    return Taken("approved" if approved else "ready", shown, comment([], warnings, shown, text, currency), target)


def _number(value: Any) -> int:
    """An issue's number (0 where the payload has none)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
