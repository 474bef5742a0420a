"""What a build reuses of the last one's results, asked through one seam (`Memory`).

The last build's cache answers (build/cache.Recall); a build without one remembers nothing
(`NO_MEMORY`). Two site-wide results are patched rather than made again:

- the plan: sorting and grouping 10,000 roles takes ~0.15 s, most of a small rebuild. So each plan
  leaves a `Layout` (where each role sat, by position) and the next reuses it when the same files are
  there and every edited role still sorts and groups exactly as before: a typo fixed in a description
  moves nothing. Anything else (a new file, a changed date, tag or pay, another day or other
  settings) lays the roles out from scratch.
- the search index: when the open roles are the same in the same order and only a few were edited,
  their words are swapped in the last index (site/search.patched).
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from site_builder.config import Config
from site_builder.content.model import Posting
from site_builder.site import indexes as ix
from site_builder.site.plan import Plan, make_plan, placement
from site_builder.site.search import SearchIndex, Words, patched, posting_terms, search_index

MAX_MOVED = 64  # edited roles checked one by one against the layout; past that, laying out afresh is as quick
MAX_PATCHED = 16  # edited roles a search patch handles; past that, finding their old words costs more than a rebuild


class Memory(Protocol):
    """What the last build left that this one may reuse; the build asks through this alone and never sees
    how or where any of it is kept."""

    def whole(self, posting: Posting, key: str) -> Posting:
        """The posting with its description (which may be kept apart until a page shows it)."""
        ...

    def words(self, posting: Posting, key: str) -> list[str]:
        """The posting's distinct search words (worked out when it was parsed, where it was)."""
        ...

    def last(self, name: str) -> object | None:
        """The last build's site-wide result of this name (its `layout`, its `search` index), if any."""
        ...

    def earlier(self, key: str) -> Posting | None:
        """The posting a file with this content key was read into last time, if it is remembered."""
        ...


@dataclass(frozen=True)
class Recollection:
    """A Memory of given results and postings (a build without a cache remembers nothing)."""

    results: Mapping[str, object] = field(default_factory=dict)
    postings: Mapping[str, Posting] = field(default_factory=dict)

    def whole(self, posting: Posting, key: str) -> Posting:
        """The posting as it is: nothing is kept apart here."""
        return posting

    def words(self, posting: Posting, key: str) -> list[str]:
        """The posting's words, worked out now."""
        return posting_terms(posting).split()

    def last(self, name: str) -> object | None:
        """A given result."""
        return self.results.get(name)

    def earlier(self, key: str) -> Posting | None:
        """A given posting."""
        return self.postings.get(key)


NO_MEMORY = Recollection()


@dataclass(frozen=True)
class Layout:
    """Where a plan put each role, by its position among the postings: enough to lay out the same roles again."""

    made_for: str  # the date and settings the layout holds for
    slugs: tuple[str, ...]  # the postings, in file order
    keys: tuple[str, ...]  # their content keys
    open_roles: array[int]  # positions, newest first
    closed_roles: array[int]
    indexes: tuple[tuple[str, str, str, tuple[tuple[str, str, array[int]], ...]], ...]  # groups' members: open places


def planned(config: Config, postings: list[Posting], today: dt.date, keys: Mapping[str, str],
            memory: Memory = NO_MEMORY) -> tuple[Plan, Layout]:  # fmt: skip
    """The plan of these roles (`make_plan`'s), laid out as the last build's layout says if it still holds;
    and the layout the next build may reuse.

    `memory` holds the last build's layout, and the posting each content key was read into then, so an
    edited role can be checked to sort and group as before."""
    made_for = f"{today.isoformat()} {config!r}"
    last = memory.last("layout")
    if isinstance(last, Layout):
        plan = _relaid(last, made_for, config, postings, keys, today, memory.earlier)
        if plan is not None:
            return plan, replace(last, keys=tuple(keys[p.slug] for p in postings))
    plan = make_plan(config, postings, today)
    return plan, _layout(made_for, plan, keys)


def _layout(made_for: str, plan: Plan, keys: Mapping[str, str]) -> Layout:
    """Record where each role went, by position."""
    place = {p.slug: number for number, p in enumerate(plan.postings)}
    open_place = {p.slug: number for number, p in enumerate(plan.open_roles)}
    return Layout(
        made_for, tuple(place), tuple(keys[slug] for slug in place),
        array("i", [place[p.slug] for p in plan.open_roles]), array("i", [place[p.slug] for p in plan.closed_roles]),
        tuple((index.slug, index.title, index.noun, tuple(
            (group.slug, group.label, array("i", [open_place[p.slug] for p in group.postings])) for group in index.groups))
            for index in plan.indexes),
    )  # fmt: skip


def _relaid(layout: Layout, made_for: str, config: Config, postings: list[Posting], keys: Mapping[str, str],
            today: dt.date, earlier: Callable[[str], Posting | None]) -> Plan | None:  # fmt: skip
    """The roles planned as `layout` says, if it still holds for them; else None."""
    if layout.made_for != made_for or layout.slugs != tuple(p.slug for p in postings):
        return None
    edited = [n for n, (old, p) in enumerate(zip(layout.keys, postings, strict=True)) if old != keys.get(p.slug)]
    if len(edited) > MAX_MOVED:
        return None
    kinds = ix.kinds(config.salary_bands, config.salary_currency)
    for number in edited:
        old = earlier(layout.keys[number])
        if old is None or placement(old, kinds, today) != placement(postings[number], kinds, today):
            return None
    open_roles = list(map(postings.__getitem__, layout.open_roles))
    closed_roles = list(map(postings.__getitem__, layout.closed_roles))
    indexes = [ix.Index(slug, title, noun, tuple(ix.Group(group, label, tuple(map(open_roles.__getitem__, members)))
                                                for group, label, members in groups))
               for slug, title, noun, groups in layout.indexes]  # fmt: skip
    return Plan(config, today, postings, open_roles, closed_roles, indexes)


@dataclass(frozen=True)
class Searched:
    """A search index with the content keys of the roles it was made from, so the next build can patch it."""

    keys: tuple[str, ...]
    index: SearchIndex


def searched(roles: list[Posting], keys: Mapping[str, str], memory: Memory = NO_MEMORY) -> Searched:
    """The search index of these roles: the last build's, patched, when only a few of the same roles changed."""
    content = tuple(keys.get(p.slug, "") for p in roles)
    words: Words = lambda posting: memory.words(posting, keys.get(posting.slug, ""))  # noqa: E731
    last = memory.last("search")
    if isinstance(last, Searched) and "" not in content and last.index.slugs == tuple(p.slug for p in roles):
        edited = [n for n, (old, new) in enumerate(zip(last.keys, content, strict=True)) if old != new]
        if len(edited) <= MAX_PATCHED:
            return Searched(content, patched(last.index, roles, edited, words))
    return Searched(content, search_index(roles, words))
