"""Machine-readable exports: roles.json (the public data the filters use) and the JSON feed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from site_builder.config import Config
from site_builder.indexes import slugify
from site_builder.model import Posting, Salary

EXPORT_VERSION = 1


def inert_json(data: Any) -> str:
    """Compact JSON with `<`, `>` and `&` escaped, so it stays inert if inlined into HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# How each role's piece of an export is made: (postings, kind, make) → UTF-8 pieces. A build passes
# its Fragments.texts so each piece is made once and can be cached; `direct` just makes them.
Memo = Callable[[list[Posting], str, Callable[[Posting], str]], list[bytes]]


def direct(postings: list[Posting], kind: str, make: Callable[[Posting], str]) -> list[bytes]:
    """Make the pieces, keeping nothing."""
    return [make(posting).encode("utf-8") for posting in postings]


def compact_json(data: Any) -> bytes:
    """Small, stable, inert JSON as UTF-8 bytes."""
    return inert_json(data).encode("utf-8")


def with_list(head: dict[str, Any], key: str, items: list[bytes]) -> bytes:
    """compact_json of `head` plus a last key holding items that are already JSON (UTF-8)."""
    return b"".join([(inert_json(head)[:-1] + f',"{key}":[').encode("utf-8"), b",".join(items), b"]}"])


def roles_json(config: Config, postings: list[Posting], today: dt.date, memo: Memo = direct) -> bytes:
    """roles.json: every open role's facts, in the order of the home page (newest first)."""
    head = {
        "version": EXPORT_VERSION,
        "title": config.title,
        "home_page_url": config.absolute(""),
        "generated": today.isoformat(),
        "salary_currency": config.salary_currency,
    }
    return with_list(head, "roles", memo(postings, "role.json", lambda p: inert_json(role_record(config, p))))


def role_record(config: Config, p: Posting) -> dict[str, Any]:
    """One role as exported: facts only, in the units the posting gave, plus yearly pay."""
    return {
        "id": p.slug,
        "url": config.absolute(f"roles/{p.slug}/"),
        "title": p.title,
        "organization": {"name": p.organization, "url": p.organization_url, "slug": slugify(p.organization)},
        "locations": [{"label": loc.label, "country": loc.country, "slug": slugify(loc.label)} for loc in p.places],
        "workplace": p.workplace,
        "remote_regions": list(p.remote_regions),
        "employment_type": p.employment_type,
        "hours_per_week": {"min": p.hours.low, "max": p.hours.high} if p.hours else None,
        "salary": _salary(p.salary),
        "posted": p.posted.isoformat(),
        "deadline": p.deadline.date.isoformat() if p.deadline.date else None,
        "tags": [{"label": tag, "slug": slugify(tag)} for tag in p.tags],
        "summary": p.summary,
        "apply_url": p.apply_url,
        "apply_email": p.apply_email,
    }


def _salary(salary: Salary | None) -> dict[str, Any] | None:
    """Pay as stated, with its yearly equivalent and whether the hours behind it were assumed."""
    if salary is None:
        return None
    return {"min": salary.min, "max": salary.max, "currency": salary.currency, "period": salary.period,
            "annual_min": salary.annual_min, "annual_max": salary.annual_max,
            "hours_assumed": salary.hours_assumed}  # fmt: skip


def json_feed(config: Config, postings: list[Posting], today: dt.date, memo: Memo = direct) -> bytes:
    """JSON Feed 1.1 of open roles, newest first."""
    head = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "home_page_url": config.absolute(""),
        "feed_url": config.absolute("feed.json"),
        "description": config.description,
        "language": config.language,
    }
    return with_list(head, "items", memo(postings, "feed.json", lambda p: inert_json(_feed_item(config, p))))


def _feed_item(config: Config, p: Posting) -> dict[str, Any]:
    """One JSON Feed item: the role page as id and url; its summary as text (the page has the rest)."""
    url = config.absolute(f"roles/{p.slug}/")
    return {
        "id": url,
        "url": url,
        "title": f"{p.title} at {p.organization}",
        "content_text": p.summary or p.title,
        "summary": p.summary,
        "date_published": f"{p.posted.isoformat()}T00:00:00Z",
        "tags": list(p.tags),
    }
