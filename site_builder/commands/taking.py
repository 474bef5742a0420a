"""`jobboard from-issue`: read a role submitted through the issue form, check it as `check` would, write the reply
for the issue, and, once a maintainer approves it, the posting file a pull request will add."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from site_builder.commands.asking import interview
from site_builder.commands.checking import posting_advice
from site_builder.commands.issueform import POSTING_LABEL, answers_of, approves, comment, given_of
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


def take_issue(config: Config, event: dict[str, Any], permission: str, today: dt.date) -> Taken:
    """Check the issue's posting; write its file if the event approves it and it has no problems."""
    issue = event["issue"]
    if POSTING_LABEL not in {label.get("name") for label in issue.get("labels") or [] if isinstance(label, dict)}:
        return Taken("skipped", None, None)
    currency = config.salary_currency
    given, description = given_of(answers_of(str(issue.get("body") or ""), currency), currency)
    told: list[str] = []
    places = given.pop("location", [])
    answers = interview(given, lambda question, optional: None, told.append, currency)
    # Places are read with the rest of the posting, whose pay and other places settle a code that reads two ways
    # (`Philadelphia, PA` paid in USD): the interview, asking before the pay is known, would refuse it.
    answers["location"] = places
    answers["posted"] = _day_of(issue.get("created_at"), today)
    slug = slug_for(answers["title"], answers["organization"]) if answers.get("title") and answers.get(
        "organization") else f"role-from-issue-{int(issue.get('number') or 0)}"  # fmt: skip
    shown = f"{config.postings_dir.name}/{slug}.md"
    text = render(answers, description)
    problems = [ContentError(shown, None, *line.split(": ", 1)) for line in told]
    result = parse_posting(shown, slug, text, config.reading)
    if isinstance(result, list):  # the readers' own words come first; the posting's check adds what they lack
        problems += [error for error in result if error.field not in {p.field for p in problems}]
    if (config.postings_dir / f"{slug}.md").exists():
        problems.append(ContentError(shown, None, "title", f"a role is already posted as `{shown}`: if this is "
                                     "another role, tell it apart in its title"))  # fmt: skip
    if problems or isinstance(result, list):
        return Taken("problems", shown, comment(problems, [], None, None, currency))
    errors, warnings = posting_advice(result, text, config, today)
    if errors:
        return Taken("problems", shown, comment(errors, warnings, None, None, currency))
    approved = approves(event, permission)
    if approved:
        with open(config.postings_dir / f"{slug}.md", "x", encoding="utf-8") as handle:  # never overwrite
            handle.write(text)
    return Taken("approved" if approved else "ready", shown, comment([], warnings, shown, text, currency))


def _day_of(stamp: Any, today: dt.date) -> dt.date:
    """The day of a GitHub timestamp (`2026-12-01T10:00:00Z`): when the issue was opened; else today."""
    try:
        return dt.date.fromisoformat(str(stamp)[:10])
    except ValueError:
        return today
