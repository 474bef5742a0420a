"""Machine-readable exports: roles.json (the public data the filters use) and the JSON feed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from site_builder.config import Config
from site_builder.content import schema
from site_builder.content.model import Posting
from site_builder.site.indexes import Slugs, slugify

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
    slug = Slugs().__getitem__  # one memo for the whole export: most roles share places, topics and organization
    return with_list(head, "roles", memo(postings, "role.json", lambda p: inert_json(role_record(config, p, slug))))


def role_record(config: Config, p: Posting, slug: Callable[[str], str] = slugify) -> dict[str, Any]:
    """One role as exported: facts only, in the units the posting gave, plus yearly pay (see schema.FIELDS)."""
    return schema.record(p, config.absolute(p.page), slug)


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
    url = config.absolute(p.page)
    return {
        "id": url,
        "url": url,
        "title": f"{p.title} at {p.organization}",
        "content_text": p.summary or p.title,
        "summary": p.summary,
        "date_published": f"{p.posted.isoformat()}T00:00:00Z",
        "tags": list(p.tags),
    }
