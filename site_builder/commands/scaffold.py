"""`jobboard new`: write a posting file that passes `jobboard check`, refusing to overwrite."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from site_builder.content import schema
from site_builder.content.advice import OUTLINE
from site_builder.content.frontmatter import reads_as_text
from site_builder.content.model import Reading
from site_builder.content.posting import MAX_SLUG, SLUG, parse_posting
from site_builder.errors import ContentError
from site_builder.site.indexes import slugify


def slug_for(title: str, organization: str) -> str:
    """`community-organizer-techtonic-justice`, cut to the slug length limit at a hyphen."""
    slug = slugify(f"{title} {organization}")[:MAX_SLUG].rstrip("-")
    return slug if SLUG.match(slug) else slugify(title)


def front_matter(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The front matter in the declared key order, leaving out what was not given; one place a plain value."""
    given = {key: value for key, value in answers.items() if value not in (None, "", [])}
    if isinstance(given.get("location"), list) and len(given["location"]) == 1:
        given["location"] = given["location"][0]
    return {key: given[key] for key in schema.keys() if key in given}


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """A string, in quotes where written bare it would not read back as itself."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if reads_as_text(value) else '"')


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting text the board's YAML 1.2 reader would read as something else (PyYAML
    writes `1e3` bare, which YAML 1.2 reads as a number)."""

    # Read-only: PyYAML only looks types up in it (its add_representer would copy it into a class-level dict).
    yaml_representers = MappingProxyType({**yaml.SafeDumper.yaml_representers, str: _text})


def render(answers: Mapping[str, Any], body: str = OUTLINE) -> str:
    """The file's text: YAML front matter (dumped safely, so quoting is right) and the body (an outline unless
    given)."""
    yaml_text = yaml.dump(front_matter(answers), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=100)  # block style: one list item a line, as people edit lists
    return f"---\n{yaml_text}---\n{body}"


def create(folder: Path, slug: str, answers: Mapping[str, Any], reading: Reading,
           ) -> tuple[Path, list[ContentError], bool]:  # fmt: skip
    """Write the new posting unless a file of that name exists; its path, what `check` would say of it, and
    whether it was written. A posting whose facts disagree is written all the same, so no answer is lost."""
    path = folder / f"{slug}.md"
    shown = f"{folder.name}/{slug}.md"
    if path.exists():
        return path, [ContentError(shown, None, "file", "already exists; choose another --slug")], False
    text = render(answers)
    result = parse_posting(shown, slug, text, reading)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(text)
    except FileExistsError:
        return path, [ContentError(shown, None, "file", "already exists; choose another --slug")], False
    return path, result if isinstance(result, list) else [], True
