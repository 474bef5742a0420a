"""`jobboard new`: write a posting file that passes `jobboard check`, refusing to overwrite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_builder.errors import ContentError
from site_builder.indexes import slugify
from site_builder.posting import MAX_SLUG, SLUG, parse_posting

BODY = """\
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


@dataclass(frozen=True)
class NewPosting:
    """What `jobboard new` was told about the role."""

    title: str
    organization: str
    location: list[str]
    workplace: str
    employment_type: str
    apply: str
    posted: dt.date
    organization_url: str | None = None
    remote_regions: list[str] | None = None
    hours_per_week: str | None = None
    salary: dict[str, Any] | None = None
    deadline: str | None = None
    tags: list[str] | None = None


def slug_for(title: str, organization: str) -> str:
    """`community-organizer-techtonic-justice`, cut to the slug length limit at a hyphen."""
    slug = slugify(f"{title} {organization}")[:MAX_SLUG].rstrip("-")
    return slug if SLUG.match(slug) else slugify(title)


def front_matter(new: NewPosting) -> dict[str, Any]:
    """The front matter in the documented key order, leaving out what was not given."""
    apply_key = "apply_email" if "@" in new.apply and not new.apply.lower().startswith("http") else "apply_url"
    data: dict[str, Any] = {
        "title": new.title, "organization": new.organization, "organization_url": new.organization_url,
        "location": new.location[0] if len(new.location) == 1 else new.location, "workplace": new.workplace,
        "remote_regions": new.remote_regions or None, "employment_type": new.employment_type,
        "hours_per_week": new.hours_per_week, "salary": new.salary, "posted": new.posted.isoformat(),
        "deadline": new.deadline, apply_key: new.apply, "tags": new.tags or None,
    }  # fmt: skip
    return {key: value for key, value in data.items() if value is not None}


def render(new: NewPosting) -> str:
    """The file's text: YAML front matter (dumped safely, so quoting is right) and a body outline."""
    yaml_text = yaml.safe_dump(front_matter(new), sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)
    return f"---\n{yaml_text}---\n{BODY}"


def create(folder: Path, slug: str, new: NewPosting, default_hours: float) -> tuple[Path, list[ContentError]]:
    """Validate the new posting and write it; returns its path and any errors (nothing written then)."""
    path = folder / f"{slug}.md"
    text = render(new)
    result = parse_posting(f"{folder.name}/{slug}.md", slug, text, default_hours)
    if isinstance(result, list):
        return path, result
    if path.exists():
        return path, [ContentError(f"{folder.name}/{slug}.md", None, "file", "already exists; choose another --slug")]
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return path, []
