"""Likely mistakes in a valid posting: facts that parse but are probably not what the poster meant.

`jobboard check` prints them as warnings (`--strict` makes them errors); builds publish the posting as written.
Each is one line with its place, like an error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from site_builder.content.model import Posting, Salary
from site_builder.errors import ContentError

# The description `jobboard new` writes for the poster to replace; its lines of advice would not stay in a
# finished one.
OUTLINE = """\
## About the role

Say in a few sentences what the person will do and why the work matters.

## What you'll do

- The main responsibilities, one per line.

## What we're looking for

- Experience and skills, separating what is required from what is a plus.

## Pay and benefits

Salary, benefits, leave, and anything about schedule or travel.

## How to apply

What to send, to whom, by when, and what the hiring process looks like.
"""


PLACEHOLDERS = tuple(line.lstrip("- ") for line in OUTLINE.splitlines() if line and not line.startswith("#"))
_KEY = re.compile(r"^( *)([A-Za-z_][A-Za-z0-9_]*):")


def twins(postings: list[Posting], today: dt.date) -> dict[str, str]:
    """Open roles with the same title at the same organization (case and spacing aside): each later file → the
    first one's, in file order (a role posted twice, or an old posting never closed)."""
    first: dict[tuple[str, str], str] = {}
    found: dict[str, str] = {}
    for posting in postings:
        if not posting.is_open(today):
            continue
        key = (" ".join(posting.organization.casefold().split()), " ".join(posting.title.casefold().split()))
        if key in first:
            found[posting.source] = first[key]
        else:
            first[key] = posting.source
    return found


def advice(posting: Posting, text: str, today: dt.date, currency: str, twin: str | None = None) -> list[ContentError]:
    """The warnings for one posting whose file holds `text`, on the board's day, for a board paying in `currency`;
    `twin`, an open role of the same title at the same organization."""
    found: list[tuple[str, str]] = []
    if twin is not None:
        found.append(("title", f"{twin} is an open role of the same title at the same organization: close one, or "
                      "tell them apart in their titles"))  # fmt: skip
    deadline = posting.deadline.date
    if deadline is not None and deadline < posting.posted:
        found.append(("deadline", f"{deadline.isoformat()} is before `posted` ({posting.posted.isoformat()})"))
    elif deadline is not None and deadline < today:
        found.append(("deadline", f"{deadline.isoformat()} has passed: the role is listed as closed"))
    if posting.posted > today:
        found.append(("posted", f"{posting.posted.isoformat()} is after today ({today.isoformat()})"))
    found += _listing_advice(posting, today)
    found += _pay_advice(posting.salary, currency)
    if posting.workplace == "remote" and not posting.remote_regions:
        found.append(("remote_regions", "not given for a remote role: say where applicants may live (e.g. `[US]`, "
                      "`[EU]`); search engines list a remote job only when they know"))  # fmt: skip
    if any(sentence in text for sentence in PLACEHOLDERS):  # a line of advice left as it was
        found.append(("body", "still holds `jobboard new`'s outline; describe the role in its place"))
    return [warning(problem) for problem in _placed(posting, text, found)]


def lawful(posting: Posting, text: str, today: dt.date) -> list[ContentError]:
    """Where the role falls short of a pay-transparency law over its places (content/laws.py), at `salary`."""
    from site_builder.content.laws import findings  # noqa: PLC0415  (only `check` asks)

    return _placed(posting, text, [("salary", message) for message in findings(posting, today)])


def warning(problem: ContentError) -> ContentError:
    """A problem as a warning: the build publishes the posting as written."""
    return replace(problem, message=f"warning: {problem.message}")


def _placed(posting: Posting, text: str, found: list[tuple[str, str]]) -> list[ContentError]:
    """Each (key, message) at its key's line in the file's text."""
    lines = key_lines(text)
    return [ContentError(posting.source, lines.get(key) or lines.get(key.split(".")[0]), key, message)
            for key, message in found]  # fmt: skip


def _listing_advice(posting: Posting, today: dt.date) -> list[tuple[str, str]]:
    """A role open until filled whose listing has ended, and a `confirmed` date that means nothing."""
    expires, confirmed = posting.deadline.expires, dict(posting.extra).get("confirmed")
    found = []
    if expires is not None and expires < today:
        found.append(("confirmed" if confirmed else "posted", f"open until filled, and its listing ended {expires.isoformat()} (`max_open_days` "
                      f"after its last confirmation): if it is still open, add `confirmed: {today.isoformat()}`"))
    if isinstance(confirmed, dt.date) and confirmed > today:
        found.append(("confirmed", f"{confirmed.isoformat()} is after today ({today.isoformat()})"))
    if confirmed is not None and posting.deadline.date is not None:
        found.append(("confirmed", "only matters for a role open until filled: this one closes on its deadline"))
    return found


def _pay_advice(salary: object, currency: str) -> list[tuple[str, str]]:
    """Pay that is probably given per the wrong period, or that the board's pay filter cannot compare."""
    if not isinstance(salary, Salary):
        return []
    found = []
    if salary.period == "year" and salary.min < 1000:
        found.append(("salary.min", f"{salary.min:g} a year looks like a monthly, weekly or hourly figure: check "
                      "`period`"))  # fmt: skip
    if salary.currency != currency:
        found.append(("salary.currency", f"is {salary.currency} and the board's is {currency}: the role is left out "
                      "of the salary bands and the pay filter, which compare one currency"))  # fmt: skip
    return found


def key_lines(text: str) -> dict[str, int]:
    """The line of each front-matter key (`salary.min` for keys one level in), read without parsing the YAML."""
    lines: dict[str, int] = {}
    parent = ""
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.rstrip() in ("---", "..."):
            break
        match = _KEY.match(line)
        if match:
            key = match[2] if not match[1] else f"{parent}.{match[2]}"
            parent = match[2] if not match[1] else parent
            lines.setdefault(key, number)
    return lines
