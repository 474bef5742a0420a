"""`jobboard new`: write a posting file that passes `jobboard check`, refusing to overwrite."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from site_builder.content import schema
from site_builder.content.advice import OUTLINE
from site_builder.content.posting import MAX_SLUG, SLUG, parse_posting
from site_builder.errors import ContentError
from site_builder.site.indexes import slugify


def slug_for(title: str, organization: str) -> str:
    """`community-organizer-techtonic-justice`, cut to the slug length limit at a hyphen."""
    slug = slugify(f"{title} {organization}")[:MAX_SLUG].rstrip("-")
    return slug if SLUG.match(slug) else slugify(title)


def front_matter(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The front matter in the declared key order, leaving out what was not given; an apply answer that is
    an address (`new` asks one question for both) becomes `apply_email`, one place a plain value."""
    given = {key: value for key, value in answers.items() if value not in (None, "", [])}
    apply = given.pop("apply_url", None)
    if isinstance(apply, str):
        given["apply_email" if "@" in apply and not apply.lower().startswith("http") else "apply_url"] = apply
    if isinstance(given.get("location"), list) and len(given["location"]) == 1:
        given["location"] = given["location"][0]
    return {key: given[key] for key in schema.keys() if key in given}


def render(answers: Mapping[str, Any]) -> str:
    """The file's text: YAML front matter (dumped safely, so quoting is right) and a body outline."""
    yaml_text = yaml.safe_dump(front_matter(answers), sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)
    return f"---\n{yaml_text}---\n{OUTLINE}"


def create(folder: Path, slug: str, answers: Mapping[str, Any], default_hours: float) -> tuple[Path, list[ContentError]]:
    """Validate the new posting and write it; returns its path and any errors (nothing written then)."""
    path = folder / f"{slug}.md"
    text = render(answers)
    result = parse_posting(f"{folder.name}/{slug}.md", slug, text, default_hours)
    if isinstance(result, list):
        return path, result
    if path.exists():
        return path, [ContentError(f"{folder.name}/{slug}.md", None, "file", "already exists; choose another --slug")]
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return path, []
