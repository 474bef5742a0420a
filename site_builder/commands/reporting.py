"""`jobboard report`: the open roles whose deadline or listing ends soon, as a Markdown table for people to act on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from site_builder.content.model import Posting
from site_builder.site.display import long_date


def ending_soon(postings: Sequence[Posting], today: dt.date, days: int) -> list[Posting]:
    """Open roles whose last listed day (deadline, or the end of an open-until-filled listing) is within `days`
    days of `today`, soonest first."""
    within = [p for p in postings if p.is_open(today) and p.deadline.last_day is not None
              and (p.deadline.last_day - today).days <= days]  # fmt: skip
    return sorted(within, key=lambda p: (p.deadline.last_day, p.slug))


def report_lines(postings: Sequence[Posting], today: dt.date, days: int) -> list[str]:
    """The report: a sentence, then a table of each role ending soon with what ends, whom to ask and its file."""
    soon = ending_soon(postings, today, days)
    if not soon:
        return [f"No open role closes or ends its listing in the {days} days from {long_date(today)}."]
    lines = [f"{len(soon)} open role(s) close or end their listing in the {days} days from {long_date(today)}:", "",
             "| last day | what ends | role | organization | ask | file |", "|---|---|---|---|---|---|"]  # fmt: skip
    for p in soon:
        cells = [long_date(p.deadline.last_day), _what_ends(p), p.title, p.organization,  # type: ignore[arg-type]
                 p.apply_email or p.organization_url or p.apply_url or "", p.source]  # fmt: skip
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return lines


def _what_ends(posting: Posting) -> str:
    """`deadline`, or for a role open until filled what keeps it listed."""
    if posting.deadline.date is not None:
        return "deadline"
    return "listing (open until filled): add `confirmed: <today's date>` if it is still open"
